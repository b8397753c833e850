"""Bad input to the register's forms: a clear message beside the field, and nothing saved.
Good input: numbers stored in their one canonical form."""

import datetime

import pytest
from django.urls import reverse

from companies.identifiers import make_organisationsnummer, make_personnummer
from companies.models import Company, ContactPerson, Municipality, Participant, Sex
from companies.tests.helpers import assert_error_next_to_field, field_errors, in_english

ORGNR = make_organisationsnummer(0)  # 556000-0001
ORGNR_DIGITS = ORGNR.replace("-", "")


@pytest.fixture
def staff(cast):
    return in_english(cast.client(cast.staff))


def company_data(**overrides) -> dict:
    data = {
        "organisationsnummer": ORGNR,
        "name": "Nya Verkstaden AB",
        "sni_code": "25.620",
        "municipality": Municipality.objects.get(name="Värnamo").pk,
        "employees": "42",
        "coach": "",
        "test_centre": "",
        "test_centre_reason": "",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "",
        "contacts-0-title": "",
        "contacts-0-email": "",
        "contacts-0-phone": "",
    }
    data.update(overrides)
    return data


def with_contacts(data: dict, *contacts: dict) -> dict:
    data["contacts-TOTAL_FORMS"] = str(len(contacts))
    for index, contact in enumerate(contacts):
        for key in ("name", "title", "email", "phone"):
            data[f"contacts-{index}-{key}"] = contact.get(key, "")
    return data


def create_company(client, data):
    return client.post(reverse("companies:company_create"), data)


# --- companies ---------------------------------------------------------------------------


@pytest.mark.parametrize("written", [ORGNR, ORGNR_DIGITS, f"16{ORGNR}", f"16{ORGNR_DIGITS}"])
def test_company_is_stored_with_canonical_organisation_number(cast, staff, written):
    response = create_company(staff, company_data(organisationsnummer=written))
    company = Company.objects.get(name="Nya Verkstaden AB")
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:company_detail", args=[company.pk])
    assert company.organisationsnummer == "556000-0001"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("556000-0002", "check digit is wrong"),
        ("556000-000", "must have 10 digits"),
        ("551000-0001", "third and fourth digits"),
        ("ABC", "must have 10 digits"),
    ],
)
def test_invalid_organisation_number_is_refused_beside_the_field(cast, staff, written, message):
    response = create_company(staff, company_data(organisationsnummer=written))
    assert response.status_code == 200
    assert_error_next_to_field(response, "organisationsnummer", message)
    assert not Company.objects.filter(name="Nya Verkstaden AB").exists()


@pytest.mark.parametrize("written", [ORGNR_DIGITS, f"16{ORGNR}", f"16{ORGNR_DIGITS}"])
def test_same_organisation_number_written_differently_is_a_duplicate(cast, staff, written):
    create_company(staff, company_data(name="Första AB"))
    response = create_company(staff, company_data(organisationsnummer=written, name="Andra AB"))
    assert response.status_code == 200
    assert_error_next_to_field(response, "organisationsnummer", "already registered")
    assert list(
        Company.objects.filter(organisationsnummer=ORGNR).values_list("name", flat=True)
    ) == ["Första AB"]


def test_company_without_municipality_is_refused(cast, staff):
    response = create_company(staff, company_data(municipality=""))
    assert_error_next_to_field(response, "municipality", "Choose the municipality")
    assert not Company.objects.filter(name="Nya Verkstaden AB").exists()


def test_company_with_test_centre_but_no_reason_is_refused(cast, staff):
    response = create_company(staff, company_data(test_centre=cast.centre_a.pk))
    assert_error_next_to_field(response, "test_centre_reason", "Say why")
    assert not Company.objects.filter(name="Nya Verkstaden AB").exists()


def test_company_with_reason_but_no_test_centre_is_refused(cast, staff):
    response = create_company(staff, company_data(test_centre_reason="industry"))
    assert_error_next_to_field(response, "test_centre", "Choose the test centre")
    assert not Company.objects.filter(name="Nya Verkstaden AB").exists()


def test_company_coach_must_be_a_coach(cast, staff):
    response = create_company(staff, company_data(coach=cast.assessor_a.pk))
    assert field_errors(response, "coach")
    assert not Company.objects.filter(name="Nya Verkstaden AB").exists()


def test_company_is_saved_with_its_contact_persons(cast, staff):
    data = with_contacts(
        company_data(
            coach=cast.coach_a.pk, test_centre=cast.centre_a.pk, test_centre_reason="industry"
        ),
        {"name": "Lena Ek", "title": "VD", "email": "lena@example.se", "phone": "0370-12345"},
        {"name": "Olof Berg", "title": "HR"},
        {},  # the empty extra row is ignored
    )
    assert create_company(staff, data).status_code == 302
    company = Company.objects.get(name="Nya Verkstaden AB")
    assert (company.coach, company.test_centre, company.test_centre_reason) == (
        cast.coach_a,
        cast.centre_a,
        "industry",
    )
    assert sorted(company.contacts.values_list("name", "email")) == [
        ("Lena Ek", "lena@example.se"),
        ("Olof Berg", ""),
    ]


def test_a_bad_contact_row_saves_neither_company_nor_contacts(cast, staff):
    data = with_contacts(
        company_data(),
        {"name": "Lena Ek", "email": "lena@example.se"},
        {"name": "Olof Berg", "email": "not-an-address"},
    )
    response = create_company(staff, data)
    assert response.status_code == 200
    assert response.context["contacts"].errors[1]["email"]
    assert 'id="error_1_id_contacts-1-email"' in response.text
    assert not Company.objects.filter(name="Nya Verkstaden AB").exists()
    assert not ContactPerson.objects.exists()


def test_editing_a_company_keeps_its_number_and_removes_a_deleted_contact(cast, staff):
    company = cast.company_a
    contact = company.contacts.create(name="Gammal Kontakt")
    data = company_data(
        organisationsnummer=company.organisationsnummer.replace("-", ""),
        name="Alfa AB (nytt namn)",
        coach=cast.coach_a.pk,
        test_centre=cast.centre_a.pk,
        test_centre_reason="relationship",
        **{
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": contact.pk,
            "contacts-0-company": company.pk,
            "contacts-0-name": contact.name,
            "contacts-0-DELETE": "on",
        },
    )
    response = staff.post(reverse("companies:company_edit", args=[company.pk]), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Alfa AB (nytt namn)"
    assert company.test_centre_reason == "relationship"
    assert not company.contacts.exists()


def test_an_inactive_coach_stays_on_the_company_when_something_else_is_edited(cast, staff):
    company = cast.company_a
    cast.coach_a.is_active = False
    cast.coach_a.save()
    url = reverse("companies:company_edit", args=[company.pk])
    form = staff.get(url).context["form"]
    assert form["coach"].value() == cast.coach_a.pk
    assert "(inactive)" in dict(form.fields["coach"].choices)[cast.coach_a.pk]
    # A new company is offered only active coaches.
    new_form = staff.get(reverse("companies:company_create")).context["form"]
    assert cast.coach_a not in new_form.fields["coach"].queryset
    data = company_data(
        organisationsnummer=company.organisationsnummer,
        name="Alfa AB (nytt namn)",
        municipality=company.municipality_id,
        coach=cast.coach_a.pk,
    )
    assert staff.post(url, data).status_code == 302
    company.refresh_from_db()
    assert (company.name, company.coach) == ("Alfa AB (nytt namn)", cast.coach_a)


# --- participants ------------------------------------------------------------------------

MAN = make_personnummer(datetime.date(1980, 1, 1), 123)  # odd serial: a man
WOMAN = make_personnummer(datetime.date(1975, 6, 30), 246)


def participant_data(cast, **overrides) -> dict:
    data = {
        "personnummer": f"{MAN[:8]}-{MAN[8:]}",
        "first_name": "Erik",
        "last_name": "Nyström",
        "sex": "",
        "company": cast.company_a.pk,
        "start_status": "employed",
        "start_date": "2021-03-01",
        "end_date": "",
        "end_reason": "",
        "consent_given_on": "2021-03-01",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def create_participant(client, data):
    return client.post(reverse("companies:participant_create"), data)


def _no_new_participant(cast):
    return set(Participant.objects.all()) == {cast.participant_a, cast.participant_b}


@pytest.mark.parametrize(
    "written",
    [MAN, f"{MAN[:8]}-{MAN[8:]}", f"{MAN[2:8]}-{MAN[8:]}", MAN[2:], f" {MAN[2:8]}-{MAN[8:]} "],
)
def test_participant_is_stored_with_canonical_number_and_sex_from_it(cast, staff, written):
    # The form says woman; the number (odd serial) says man, and the number wins.
    response = create_participant(staff, participant_data(cast, personnummer=written, sex="female"))
    participant = Participant.objects.get(last_name="Nyström")
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:participant_detail", args=[participant.pk])
    assert participant.personnummer == MAN
    assert participant.sex == Sex.MALE
    assert not participant.protected_identity


def test_a_womans_number_gives_sex_woman(cast, staff):
    create_participant(staff, participant_data(cast, personnummer=WOMAN))
    assert Participant.objects.get(last_name="Nyström").sex == Sex.FEMALE


def test_samordningsnummer_is_accepted(cast, staff):
    number = make_personnummer(datetime.date(1990, 5, 17), 111, coordination=True)
    assert number[6:8] == "77"
    create_participant(staff, participant_data(cast, personnummer=number))
    assert Participant.objects.get(last_name="Nyström").personnummer == number


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (MAN[:-1] + str((int(MAN[-1]) + 1) % 10), "check digit is wrong"),
        ("19800231-1234", "does not exist"),
        ("1980-01-01", "YYYYMMDD-NNNN"),
    ],
)
def test_invalid_personnummer_is_refused_beside_the_field(cast, staff, written, message):
    response = create_participant(staff, participant_data(cast, personnummer=written))
    assert response.status_code == 200
    assert_error_next_to_field(response, "personnummer", message)
    assert _no_new_participant(cast)


def test_missing_personnummer_is_refused(cast, staff):
    response = create_participant(staff, participant_data(cast, personnummer=""))
    assert_error_next_to_field(response, "personnummer", "Enter the personal identity number")
    assert _no_new_participant(cast)


@pytest.mark.parametrize("form", ["twelve", "dashed", "ten", "ten_plain"])
def test_the_same_person_cannot_be_registered_twice(cast, staff, form):
    existing = cast.participant_a.personnummer
    written = {
        "twelve": existing,
        "dashed": f"{existing[:8]}-{existing[8:]}",
        "ten": f"{existing[2:8]}-{existing[8:]}",
        "ten_plain": existing[2:],
    }[form]
    response = create_participant(staff, participant_data(cast, personnummer=written))
    assert response.status_code == 200
    assert_error_next_to_field(response, "personnummer", "already registered")
    assert _no_new_participant(cast)


def test_end_date_before_start_date_is_refused(cast, staff):
    response = create_participant(
        staff, participant_data(cast, end_date="2021-02-28", end_reason="new_job")
    )
    assert_error_next_to_field(response, "end_date", "cannot be before the start date")
    assert _no_new_participant(cast)


def test_end_date_needs_a_reason(cast, staff):
    response = create_participant(staff, participant_data(cast, end_date="2021-06-30"))
    assert_error_next_to_field(response, "end_reason", "Give the reason")
    assert _no_new_participant(cast)


def test_protected_identity_with_a_number_is_refused(cast, staff):
    response = create_participant(
        staff, participant_data(cast, protected_identity="on", sex="female")
    )
    assert_error_next_to_field(response, "personnummer", "Leave the number empty")
    assert _no_new_participant(cast)


def test_protected_identity_without_sex_is_refused(cast, staff):
    response = create_participant(
        staff, participant_data(cast, protected_identity="on", personnummer="", sex="")
    )
    assert_error_next_to_field(response, "sex", "Choose the sex")
    assert _no_new_participant(cast)


def test_protected_identity_is_stored_without_a_number(cast, staff):
    response = create_participant(
        staff, participant_data(cast, protected_identity="on", personnummer="", sex="female")
    )
    assert response.status_code == 302
    participant = Participant.objects.get(last_name="Nyström")
    assert participant.protected_identity and participant.personnummer is None
    assert participant.sex == Sex.FEMALE


def test_two_people_with_protected_identity_may_both_be_registered(cast, staff):
    for first in ("Ett", "Två"):
        create_participant(
            staff,
            participant_data(
                cast, protected_identity="on", personnummer="", sex="male", first_name=first
            ),
        )
    assert Participant.objects.filter(protected_identity=True).count() == 2


def test_editing_a_participant_keeps_their_own_number(cast, staff):
    participant = cast.participant_a
    number = participant.personnummer
    response = staff.post(
        reverse("companies:participant_edit", args=[participant.pk]),
        participant_data(cast, personnummer=f"{number[2:8]}-{number[8:]}", first_name="Annika"),
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.first_name, participant.personnummer) == ("Annika", number)


def test_participant_cannot_be_moved_to_an_unknown_company(cast, staff):
    response = create_participant(staff, participant_data(cast, company=999_999))
    assert field_errors(response, "company")
    assert _no_new_participant(cast)
