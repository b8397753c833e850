"""The full personnummer is shown only to staff, every showing is logged, and nobody else can
find it out, neither on a page nor by searching for it."""

import pytest
from django.urls import reverse

from accounts.models import PersonalDataAccess
from companies.tests.factories import ParticipantFactory
from companies.tests.helpers import in_english

NOT_STAFF = ["manager", "assessor_a", "coach_a"]


def _written_forms(canonical: str) -> list[str]:
    """The ways the number could appear on a page: 12 digits, with a dash, 10 digits."""
    return [canonical, f"{canonical[:8]}-{canonical[8:]}", f"{canonical[2:8]}-{canonical[8:]}"]


def test_staff_sees_full_personnummer_and_the_showing_is_logged(cast):
    participant = cast.participant_a
    response = cast.client(cast.staff).get(
        reverse("companies:participant_detail", args=[participant.pk])
    )
    assert response.status_code == 200
    number = participant.personnummer
    assert f"{number[:8]}-{number[8:]}" in response.text
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.participant, access.purpose) == (
        cast.staff,
        participant,
        "participant_detail",
    )


def test_staff_opening_the_edit_form_is_logged(cast):
    participant = cast.participant_a
    response = cast.client(cast.staff).get(
        reverse("companies:participant_edit", args=[participant.pk])
    )
    number = participant.personnummer
    assert f"{number[:8]}-{number[8:]}" in response.text
    assert PersonalDataAccess.objects.filter(
        user=cast.staff, participant=participant, purpose="participant_edit"
    ).exists()


def test_the_edit_form_shown_again_after_bad_input_is_logged_too(cast):
    participant = cast.participant_a
    url = reverse("companies:participant_edit", args=[participant.pk])
    number = participant.personnummer
    data = {"personnummer": f"{number[:8]}-{number[8:]}", "first_name": ""}  # name missing
    response = cast.client(cast.staff).post(url, data)
    assert response.status_code == 200
    assert f"{number[:8]}-{number[8:]}" in response.text
    assert PersonalDataAccess.objects.filter(
        user=cast.staff, participant=participant, purpose="participant_edit"
    ).exists()
    # Kept out of Django's error reports (debug page, mail to ADMINS).
    assert response.wsgi_request.sensitive_post_parameters == ("personnummer",)


def test_a_new_participants_number_is_kept_out_of_error_reports(cast):
    response = cast.client(cast.staff).post(reverse("companies:participant_create"), {})
    assert response.wsgi_request.sensitive_post_parameters == ("personnummer",)


@pytest.mark.parametrize("role", NOT_STAFF)
def test_other_roles_see_only_the_masked_number_on_the_detail_page(cast, role):
    participant = cast.participant_a
    response = cast.client(getattr(cast, role)).get(
        reverse("companies:participant_detail", args=[participant.pk])
    )
    assert response.status_code == 200
    number = participant.personnummer
    assert f"{number[:8]}-****" in response.text
    for written in _written_forms(number):
        assert written not in response.text
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("role", ["staff", *NOT_STAFF])
def test_participant_list_masks_the_number_for_everyone(cast, role):
    """The list never needs the whole number, so not even staff get it there."""
    response = cast.client(getattr(cast, role)).get(reverse("companies:participant_list"))
    number = cast.participant_a.personnummer
    assert f"{number[:8]}-****" in response.text
    for written in _written_forms(number):
        assert written not in response.text


@pytest.mark.parametrize("role", NOT_STAFF)
def test_company_page_does_not_show_participants_numbers(cast, role):
    response = cast.client(getattr(cast, role)).get(
        reverse("companies:company_detail", args=[cast.company_a.pk])
    )
    for written in _written_forms(cast.participant_a.personnummer):
        assert written not in response.text


@pytest.mark.parametrize("role", NOT_STAFF)
@pytest.mark.parametrize("how", ["twelve", "dashed", "ten", "serial_and_check"])
def test_other_roles_cannot_find_a_participant_by_number(cast, role, how):
    """Searching by number would let a user confirm a guessed number: it finds nothing."""
    number = cast.participant_a.personnummer
    query = {
        "twelve": number,
        "dashed": f"{number[:8]}-{number[8:]}",
        "ten": f"{number[2:8]}-{number[8:]}",
        "serial_and_check": number[6:],  # day + last four: enough digits to be a number search
    }[how]
    response = cast.client(getattr(cast, role)).get(
        reverse("companies:participant_list"), {"q": query}
    )
    assert response.status_code == 200
    assert list(response.context["page"]) == []


def _written(number, how):
    return {
        "twelve": number,
        "dashed": f"{number[:8]}-{number[8:]}",
        "ten": f"{number[2:8]}-{number[8:]}",
    }[how]


@pytest.mark.parametrize("how", ["twelve", "dashed", "ten"])
def test_a_number_in_the_get_search_finds_nobody_even_for_staff(cast, how):
    """A number in a GET search lands in URLs, access logs and browser history."""
    query = _written(cast.participant_a.personnummer, how)
    response = cast.client(cast.staff).get(reverse("companies:participant_list"), {"q": query})
    assert list(response.context["page"]) == []


@pytest.mark.parametrize("how", ["twelve", "dashed", "ten"])
def test_staff_find_a_participant_by_number_with_a_post(cast, how):
    number = cast.participant_a.personnummer
    client = cast.client(cast.staff)
    assert "participant-lookup" in client.get(reverse("companies:participant_list")).text
    response = client.post(
        reverse("companies:participant_lookup"), {"personnummer": _written(number, how)}
    )
    detail = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    assert response.status_code == 302 and response["Location"] == detail
    assert number not in response["Location"]
    assert response.wsgi_request.sensitive_post_parameters == ("personnummer",)


def test_a_lookup_of_an_unknown_or_bad_number_says_so(cast):
    client = in_english(cast.client(cast.staff))
    url = reverse("companies:participant_lookup")
    response = client.post(url, {"personnummer": "19700505-9972"})
    assert "No participant has this number." in response.context["form"].errors["personnummer"]
    response = client.post(url, {"personnummer": "１９８００１０１-１２３４"})
    assert response.status_code == 200 and response.context["form"].errors["personnummer"]


@pytest.mark.parametrize("role", NOT_STAFF)
def test_other_roles_cannot_look_a_number_up(cast, role):
    client = cast.client(getattr(cast, role))
    assert "participant-lookup" not in client.get(reverse("companies:participant_list")).text
    response = client.post(
        reverse("companies:participant_lookup"), {"personnummer": cast.participant_a.personnummer}
    )
    assert response.status_code == 403


def test_protected_identity_shows_no_number_and_logs_nothing(cast):
    hidden = ParticipantFactory(
        company=cast.company_a, personnummer=None, protected_identity=True, first_name="Dold"
    )
    response = cast.client(cast.staff).get(
        reverse("companies:participant_detail", args=[hidden.pk])
    )
    assert response.status_code == 200
    assert "****" not in response.text
    assert not PersonalDataAccess.objects.exists()
