"""Two-factor login: required for staff, managers and superusers when TWO_FACTOR_REQUIRED is on
(production), for everyone with TWO_FACTOR_FOR_EVERYONE, optional otherwise."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from companies.tests.helpers import in_english

PASSWORD = "secret"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_FOR_EVERYONE = False


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def password_login(username) -> Client:
    client = in_english(Client())
    assert (
        client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code
        == 302
    )
    return client


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_staff_without_a_device_must_set_one_up_first(cast):
    client = password_login("staff")
    response = client.get(reverse("companies:participant_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    page = client.get(response["Location"])
    assert 'src="data:image/svg+xml' in page.text
    device = TOTPDevice.objects.get(user=cast.staff, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", response.text)
    assert len(codes) == 10
    assert client.get(reverse("companies:participant_list")).status_code == 200


@pytest.mark.parametrize("username", ["staff", "manager"])
def test_a_password_alone_does_not_open_pages_for_staff_and_managers(cast, username):
    device = enrolled(getattr(cast, username))
    client = password_login(username)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    verify = reverse("accounts:two_factor_verify")
    wrong = client.post(verify, {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert client.get(reverse("home")).status_code == 302
    # Right after a wrong code even the right one is refused (django-otp's throttle).
    assert client.post(verify, {"token": code(device)}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(verify, {"token": code(device), "next": "/"}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_backup_code_works_once(cast):
    enrolled(cast.staff)
    from accounts.twofactor import backup_codes_create

    backup = backup_codes_create(cast.staff)[0]
    first, second = password_login("staff"), password_login("staff")
    verify = reverse("accounts:two_factor_verify")
    assert first.post(verify, {"token": backup}).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    assert second.post(verify, {"token": backup}).status_code == 200  # used up


def test_a_password_alone_cannot_enrol_another_phone(cast):
    enrolled(cast.staff)
    client = password_login("staff")
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_coaches_and_assessors_may_skip_it(cast):
    assert password_login("coach_a").get(reverse("home")).status_code == 200
    assert password_login("assessor_a").get(reverse("home")).status_code == 200


def test_it_can_be_required_of_everyone(cast, settings):
    settings.TWO_FACTOR_FOR_EVERYONE = True
    response = password_login("coach_a").get(reverse("home"))
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_a_coach_may_turn_it_on(cast):
    client = password_login("coach_a")
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=cast.coach_a)
    client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    device.refresh_from_db()
    assert device.confirmed


def test_logging_out_stays_possible(cast):
    enrolled(cast.staff)
    client = password_login("staff")
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_off_in_development_unless_set(cast, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert password_login("staff").get(reverse("home")).status_code == 200
