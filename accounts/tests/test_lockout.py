"""Guessing passwords: 5 wrong ones lock the username, many from one address lock the address,
for a cool-off period; staff unlock. Password-reset e-mails are limited too."""

import datetime

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from companies.tests.factories import UserFactory
from companies.tests.helpers import in_english

PASSWORD = "secret"  # UserFactory's password


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_five_wrong_passwords_lock_the_user_even_with_the_right_one(cast):
    client = in_english(Client())
    for _ in range(4):
        assert login(client, "coach_a", "wrong").status_code == 200
    response = login(client, "coach_a", "wrong")  # the fifth
    assert response.status_code == 429
    response = login(client, "coach_a", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text
    assert "15 minutes" in response.text
    assert "_auth_user_id" not in client.session


def test_twenty_wrong_passwords_then_the_right_one_do_not_log_in(cast):
    client = Client()
    for _ in range(20):
        login(client, "coach_a", "wrong")
    assert login(client, "coach_a", PASSWORD).status_code == 429
    assert client.get(reverse("home")).status_code == 302


def test_the_lock_is_per_user(cast):
    client = Client()
    for _ in range(5):
        login(client, "coach_a", "wrong")
    assert login(Client(), "coach_b", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(cast, settings):
    client = Client()
    for _ in range(5):
        login(client, "coach_a", "wrong")
    assert login(client, "coach_a", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(seconds=1)
    )
    assert login(client, "coach_a", PASSWORD).status_code == 302


def test_many_failures_from_one_address_lock_it_for_every_user(cast, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    client = Client()
    users = [UserFactory(username=f"guess{n}") for n in range(4)]
    for user in users:  # two per user: no user reaches their own limit
        login(client, user.username, "wrong")
        login(client, user.username, "wrong")
    assert login(client, "coach_a", PASSWORD).status_code == 429
    # Another address is not locked.
    assert login(Client(REMOTE_ADDR="10.0.0.9"), "coach_a", PASSWORD).status_code == 302


def test_a_right_password_before_the_limit_clears_the_count(cast):
    client = Client()
    for _ in range(4):
        login(client, "coach_a", "wrong")
    assert login(client, "coach_a", PASSWORD).status_code == 302
    client = Client()
    for _ in range(4):
        login(client, "coach_a", "wrong")
    assert login(client, "coach_a", PASSWORD).status_code == 302


def test_staff_unlock_a_user_in_the_admin(cast, admin_client):
    client = Client()
    for _ in range(5):
        login(client, "coach_a", "wrong")
    assert login(client, "coach_a", PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get(username="coach_a")
    page = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin_client.post(page, {"post": "yes"}).status_code == 302
    assert login(client, "coach_a", PASSWORD).status_code == 302


def test_unlock_by_command_function(cast):
    client = Client()
    for _ in range(5):
        login(client, "coach_a", "wrong")
    reset(username="coach_a")
    assert login(client, "coach_a", PASSWORD).status_code == 302


def test_password_reset_mails_are_limited_per_address_typed(cast, settings):
    cast.coach_a.email = "coach@example.se"
    cast.coach_a.save()
    client = in_english(Client())
    statuses = [
        client.post(reverse("password_reset"), {"email": "coach@example.se"}).status_code
        for _ in range(20)
    ]
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    assert statuses.count(302) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    response = client.post(reverse("password_reset"), {"email": "coach@example.se"})
    assert response.status_code == 429
    assert "no new e-mail was sent" in response.text


def test_password_reset_requests_are_limited_per_client_address(cast, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    client = Client()
    statuses = [
        client.post(reverse("password_reset"), {"email": f"x{n}@example.se"}).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 4 + [429] * 2
