"""Sessions end after a period without activity; a password change ends the other sessions."""

import datetime

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import TOUCHED

PASSWORD = "secret"  # UserFactory's password
NEW_PASSWORD = "Lingon-och-Blabar-42"


def logged_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_session_lasts_a_working_day_without_activity(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_an_expired_session_asks_for_a_login_again(cast):
    client = logged_in("coach_a")
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_moves_the_expiry_along(cast, settings):
    client = logged_in("coach_a")
    session = Session.objects.get()
    # As if the last activity was long ago and the session is about to run out.
    data = session.get_decoded()
    data[TOUCHED] = 0
    almost = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(
        session_data=Session.objects.encode(data), expire_date=almost
    )
    assert client.get(reverse("home")).status_code == 200
    expiry = Session.objects.get(pk=session.pk).expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_a_page_view_soon_after_does_not_write_the_session(cast):
    client = logged_in("coach_a")
    client.get(reverse("home"))
    before = Session.objects.get().expire_date
    client.get(reverse("home"))
    assert Session.objects.get().expire_date == before


def test_a_password_change_ends_the_users_other_sessions(cast):
    laptop, phone = logged_in("coach_a"), logged_in("coach_a")
    other_user = logged_in("coach_b")
    response = laptop.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert laptop.get(reverse("home")).status_code == 200  # the session that changed it
    assert phone.get(reverse("home")).status_code == 302  # logged out
    assert other_user.get(reverse("home")).status_code == 200
