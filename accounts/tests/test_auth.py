"""Log in, log out, change and reset a password; the Django admin is for superusers only."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from companies.tests.factories import user_with_role

PASSWORD = "secret"  # UserFactory's password
NEW_PASSWORD = "Lingon-och-Blabar-42"


def test_login_page_renders_for_a_visitor(db, client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text and 'name="password"' in response.text
    assert reverse("password_reset") in response.text


def test_login_with_the_right_password_opens_the_start_page(cast, client):
    response = client.post(
        reverse("login"), {"username": "coach_a", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.context["user"] == cast.coach_a


def test_login_returns_to_the_page_asked_for(cast, client):
    url = reverse("companies:company_list")
    response = client.post(
        f"{reverse('login')}?next={url}",
        {"username": "coach_a", "password": PASSWORD, "next": url},
    )
    assert response["Location"] == url


def test_login_with_a_wrong_password_is_refused(cast, client):
    response = client.post(reverse("login"), {"username": "coach_a", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get(reverse("home")).status_code == 302


def test_logout_ends_the_session(cast):
    client = cast.client(cast.coach_a)
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_password_change(cast, client):
    client.force_login(cast.coach_a)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200
    cast.coach_a.refresh_from_db()
    assert cast.coach_a.check_password(NEW_PASSWORD)


def test_password_change_needs_the_old_password(cast, client):
    client.force_login(cast.coach_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    cast.coach_a.refresh_from_db()
    assert cast.coach_a.check_password(PASSWORD)


def test_password_change_needs_login(db, client):
    assert client.get(reverse("password_change"))["Location"].startswith(reverse("login"))


def test_password_reset_by_email(cast, client):
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": cast.coach_a.email})
    assert response["Location"] == reverse("password_reset_done")
    assert client.get(reverse("password_reset_done")).status_code == 200

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.coach_a.email]
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert client.get(reverse("password_reset_complete")).status_code == 200
    assert client.login(username="coach_a", password=NEW_PASSWORD)

    # The link works once.
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(db, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.se"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 0


# --- Django admin --------------------------------------------------------------------------


def test_superuser_may_use_the_admin(db):
    from django.test import Client

    client = Client()
    client.force_login(user_with_role(None, username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_personaldataaccess_changelist")).status_code == 200


@pytest.mark.parametrize(
    ("role", "is_staff"),
    [
        (Role.STAFF, True),  # project staff with Django's is_staff flag but not superuser
        (Role.STAFF, False),
        (Role.MANAGER, False),
        (Role.ASSESSOR, False),
        (Role.COACH, False),
    ],
)
def test_the_admin_is_closed_to_everyone_but_superusers(cast, role, is_staff):
    from django.test import Client

    centre = cast.centre_a if role == Role.ASSESSOR else None
    user = user_with_role(role, centre, is_staff=is_staff)
    client = Client()
    client.force_login(user)
    for url in (reverse("admin:index"), reverse("admin:accounts_profile_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_admin_login_refuses_a_non_superuser(cast, client):
    user = user_with_role(Role.STAFF, username="almost", is_staff=True)
    client.post(
        reverse("admin:login"),
        {"username": user.username, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert client.get(reverse("admin:index")).status_code == 302
