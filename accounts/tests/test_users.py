"""Staff create and edit users; nobody signs up themselves; a new user sets their own password."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import Profile
from accounts.roles import Role
from certificates.tests.factories import recorded_validation
from companies.tests.factories import UserFactory, user_with_role
from companies.tests.helpers import assert_error_next_to_field, in_english
from validation.models import Validation, ValidationStatus

User = get_user_model()

USER_PAGES = ["accounts:user_list", "accounts:user_create", "accounts:user_edit"]


def _url(cast, name):
    return reverse(name, args=[cast.coach_a.pk] if name.endswith("edit") else [])


@pytest.mark.parametrize("name", USER_PAGES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [("staff", 200), ("manager", 403), ("assessor_a", 403), ("coach_a", 403)],
)
def test_only_staff_manage_users(cast, name, role, expected):
    assert cast.client(getattr(cast, role)).get(_url(cast, name)).status_code == expected


@pytest.mark.parametrize("name", USER_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_user_pages(cast, client, name):
    response = client.get(_url(cast, name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_editing_an_unknown_user_is_404(cast):
    response = cast.client(cast.staff).get(reverse("accounts:user_edit", args=[999_999]))
    assert response.status_code == 404


def test_non_staff_cannot_create_a_user_by_posting(cast):
    response = cast.client(cast.manager).post(
        reverse("accounts:user_create"), user_data(username="sneaky", role=Role.STAFF)
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="sneaky").exists()


def user_data(**overrides) -> dict:
    data = {
        "username": "nyanvandare",
        "first_name": "Nina",
        "last_name": "Ny",
        "email": "nina@example.se",
        "is_active": "on",
        "role": Role.ASSESSOR,
        "test_centre": "",
    }
    data.update(overrides)
    return data


def test_assessor_must_belong_to_a_test_centre(cast):
    client = in_english(cast.client(cast.staff))
    response = client.post(reverse("accounts:user_create"), user_data())
    assert response.status_code == 200
    assert_error_next_to_field(response, "test_centre", "must belong to a test centre")
    assert not User.objects.filter(username="nyanvandare").exists()
    assert len(mail.outbox) == 0


def test_staff_creates_an_assessor_who_gets_a_link_to_choose_a_password(
    cast, client, django_capture_on_commit_callbacks
):
    staff = cast.client(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("accounts:user_create"), user_data(test_centre=cast.centre_a.pk)
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_list")
    user = User.objects.get(username="nyanvandare")
    assert (user.profile.role, user.profile.test_centre) == (Role.ASSESSOR, cast.centre_a)
    assert not user.is_superuser and not user.is_staff

    assert len(mail.outbox) == 1
    welcome = mail.outbox[0]
    assert welcome.to == ["nina@example.se"]
    assert "nyanvandare" in welcome.body
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", welcome.body).group(1)

    # The link leads to a form where the new user chooses a password, and it then works.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_password = form_page.redirect_chain[-1][0]
    new_password = "Kaffe-och-Kanelbulle-7"
    done = client.post(set_password, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert client.login(username="nyanvandare", password=new_password)


def test_no_welcome_mail_when_the_transaction_does_not_commit(cast):
    """The e-mail waits for the commit: a user who was never saved gets no mail."""
    cast.client(cast.staff).post(
        reverse("accounts:user_create"), user_data(test_centre=cast.centre_a.pk)
    )
    assert len(mail.outbox) == 0  # on-commit callbacks were not run in this test


def test_a_coach_is_never_tied_to_a_test_centre(cast):
    cast.client(cast.staff).post(
        reverse("accounts:user_create"),
        user_data(username="nycoach", role=Role.COACH, test_centre=cast.centre_a.pk),
    )
    profile = Profile.objects.get(user__username="nycoach")
    assert (profile.role, profile.test_centre) == (Role.COACH, None)


def test_changing_an_assessor_to_coach_releases_the_centre(cast):
    assessor = cast.assessor_b
    response = cast.client(cast.staff).post(
        reverse("accounts:user_edit", args=[assessor.pk]),
        user_data(
            username=assessor.username,
            first_name="Bertil",
            last_name="Bedömare",
            email=assessor.email,
            role=Role.COACH,
        ),
    )
    assert response.status_code == 302
    assessor.refresh_from_db()
    assert (assessor.first_name, assessor.profile.role) == ("Bertil", Role.COACH)
    assert assessor.profile.test_centre is None
    assert len(mail.outbox) == 0  # only new users get the welcome mail


def _edit(cast, user, **changes):
    data = user_data(
        username=user.username,
        first_name=user.first_name or "Namn",
        last_name=user.last_name or "Efternamn",
        email=user.email or "x@example.se",
        role=user.profile.role,
        test_centre=user.profile.test_centre_id or "",
    )
    data.update(changes)
    return in_english(cast.client(cast.staff)).post(
        reverse("accounts:user_edit", args=[user.pk]), data
    )


def test_a_coach_with_companies_keeps_the_role_until_they_have_another_coach(cast):
    response = _edit(cast, cast.coach_a, role=Role.MANAGER)
    assert_error_next_to_field(
        response, "role", "coaches Alfa AB. Give the companies another coach first."
    )
    cast.coach_a.profile.refresh_from_db()
    assert cast.coach_a.profile.role == Role.COACH
    cast.company_a.coach = cast.coach_b
    cast.company_a.save()
    assert _edit(cast, cast.coach_a, role=Role.MANAGER).status_code == 302
    cast.coach_a.profile.refresh_from_db()
    assert cast.coach_a.profile.role == Role.MANAGER


def test_a_coach_with_companies_or_an_assessor_with_bookings_stays_active(cast):
    response = _edit(cast, cast.coach_a, is_active="")
    assert_error_next_to_field(response, "is_active", "Give the companies another coach first.")
    validation = recorded_validation(cast.participant_a, assessor=cast.assessor_a)
    Validation.objects.filter(pk=validation.pk).update(status=ValidationStatus.BOOKED)
    response = _edit(cast, cast.assessor_a, is_active="")
    assert_error_next_to_field(response, "is_active", "Record, cancel or move it first.")
    cast.coach_a.refresh_from_db()
    cast.assessor_a.refresh_from_db()
    assert cast.coach_a.is_active and cast.assessor_a.is_active


def test_an_assessor_with_booked_validations_keeps_role_and_centre(cast):
    validation = recorded_validation(cast.participant_a, assessor=cast.assessor_a)
    Validation.objects.filter(pk=validation.pk).update(status=ValidationStatus.BOOKED)
    message = "1 booked validation has this assessor at their test centre."
    response = _edit(cast, cast.assessor_a, test_centre=cast.centre_b.pk)
    assert_error_next_to_field(response, "test_centre", message)
    response = _edit(cast, cast.assessor_a, role=Role.COACH)
    assert_error_next_to_field(response, "role", message)
    cast.assessor_a.profile.refresh_from_db()
    assert (cast.assessor_a.profile.role, cast.assessor_a.profile.test_centre) == (
        Role.ASSESSOR,
        cast.centre_a,
    )
    # Editing anything else is fine, and once recorded the assessor may move.
    assert _edit(cast, cast.assessor_a, first_name="Ada").status_code == 302
    Validation.objects.filter(pk=validation.pk).update(status=ValidationStatus.RECORDED)
    assert _edit(cast, cast.assessor_a, test_centre=cast.centre_b.pk).status_code == 302


def test_edit_form_shows_the_current_role_and_centre(cast):
    response = cast.client(cast.staff).get(reverse("accounts:user_edit", args=[cast.assessor_a.pk]))
    form = response.context["form"]
    assert form["role"].value() == Role.ASSESSOR
    assert form["test_centre"].value() == cast.centre_a.pk


def test_duplicate_username_is_refused(cast):
    response = in_english(cast.client(cast.staff)).post(
        reverse("accounts:user_create"),
        user_data(username=cast.coach_a.username, role=Role.COACH),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


def test_deactivating_a_user_stops_them_logging_in(cast, client):
    coach = cast.coach_b
    cast.company_b.coach = cast.coach_a  # handed over first: see the test below
    cast.company_b.save()
    cast.client(cast.staff).post(
        reverse("accounts:user_edit", args=[coach.pk]),
        user_data(
            username=coach.username,
            first_name="Carl",
            last_name="Coach",
            email=coach.email,
            role=Role.COACH,
            is_active="",
        ),
    )
    coach.refresh_from_db()
    assert not coach.is_active
    assert not client.login(username=coach.username, password="secret")


def test_staff_who_is_not_superuser_cannot_edit_a_superuser(cast):
    """Changing a superuser's e-mail and resetting the password would hand over the admin."""
    root = user_with_role(Role.STAFF, username="root", is_superuser=True, is_staff=True)
    staff = cast.client(cast.staff)
    url = reverse("accounts:user_edit", args=[root.pk])
    assert staff.get(url).status_code == 403
    response = staff.post(
        url, user_data(username="root", email="attacker@example.se", role=Role.STAFF)
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email == "root@example.se"
    assert cast.client(root).get(url).status_code == 200


def test_user_list_shows_roles_and_centres(cast):
    response = cast.client(cast.staff).get(reverse("accounts:user_list"))
    assert {user.username for user in response.context["page"]} >= {
        "staff",
        "manager",
        "assessor_a",
        "coach_a",
    }
    assert "Centre A" in response.text


@pytest.mark.parametrize("extra_users", [0, 18])
def test_user_list_runs_a_constant_number_of_queries(
    cast, django_assert_max_num_queries, extra_users
):
    """2 and 20 rows alike. Budget, counted: session, user and profile of the viewer (role),
    then the count and the page (users with profile and centre joined)."""
    for index in range(extra_users):
        role = [Role.ASSESSOR, Role.COACH, Role.MANAGER][index % 3]
        centre = cast.centre_a if role == Role.ASSESSOR else None
        user_with_role(role, centre)
    UserFactory.create_batch(2)  # users without a role are listed too
    client = cast.client(cast.staff)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("accounts:user_list"))
    assert len(response.context["page"]) == min(25, 8 + extra_users)


def test_a_refused_role_change_names_the_user_as_stored_not_as_typed(cast):
    response = _edit(cast, cast.coach_a, role=Role.MANAGER, first_name="Nytt", last_name="Namn")
    stored = cast.coach_a.get_full_name()
    assert_error_next_to_field(response, "role", f"{stored} coaches Alfa AB.")
    assert "Nytt Namn coaches" not in response.text
