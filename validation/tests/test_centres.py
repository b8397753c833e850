"""Test centre pages: who sees which centre, who may edit, and what the form refuses."""

import pytest
from django.urls import reverse

from companies.identifiers import make_organisationsnummer
from companies.models import Municipality
from companies.tests.factories import CompanyFactory, user_with_role
from companies.tests.factories import TestCentreFactory as CentreFactory
from companies.tests.helpers import assert_error_next_to_field, in_english
from validation.models import Accreditation, ValidationModel
from validation.models import TestCentre as Centre  # not "Test*": pytest would collect it

ROLES = ("staff", "manager", "assessor_a", "coach_a")
ALL_200 = dict.fromkeys(ROLES, 200)
STAFF_ONLY = {"staff": 200, "manager": 403, "assessor_a": 403, "coach_a": 403}

PAGES = [
    ("validation:centre_list", None, ALL_200),
    ("validation:centre_create", None, STAFF_ONLY),
    ("validation:centre_detail", "centre_a", ALL_200),
    ("validation:centre_detail", "centre_b", {**ALL_200, "assessor_a": 404}),
    ("validation:centre_edit", "centre_a", STAFF_ONLY),
    ("validation:centre_edit", "centre_b", {**STAFF_ONLY, "assessor_a": 404}),
]


def _url(cast, name, obj):
    return reverse(name, args=[getattr(cast, obj).pk] if obj else [])


@pytest.mark.parametrize(
    ("name", "obj", "role", "expected"),
    [
        pytest.param(name, obj, role, expected[role], id=f"{name}-{obj}-{role}")
        for name, obj, expected in PAGES
        for role in ROLES
    ],
)
def test_centre_page_status_by_role_and_scope(cast, name, obj, role, expected):
    assert cast.client(getattr(cast, role)).get(_url(cast, name, obj)).status_code == expected


@pytest.mark.parametrize(("name", "obj"), [(name, obj) for name, obj, _ in PAGES])
def test_anonymous_visitor_is_sent_to_login_from_centre_pages(cast, client, name, obj):
    url = _url(cast, name, obj)
    assert client.get(url)["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("staff", {"Centre A", "Centre B"}),
        ("manager", {"Centre A", "Centre B"}),
        ("coach_a", {"Centre A", "Centre B"}),
        ("assessor_a", {"Centre A"}),
        ("assessor_b", {"Centre B"}),
    ],
)
def test_centre_list_shows_exactly_the_roles_scope(cast, role, visible):
    response = cast.client(getattr(cast, role)).get(reverse("validation:centre_list"))
    assert {centre.name for centre in response.context["page"]} == visible


def test_assessor_cannot_edit_their_own_centre_by_posting(cast):
    response = cast.client(cast.assessor_a).post(
        reverse("validation:centre_edit", args=[cast.centre_a.pk]), {"name": "Renamed"}
    )
    assert response.status_code == 403
    cast.centre_a.refresh_from_db()
    assert cast.centre_a.name == "Centre A"


def test_centre_detail_shows_its_assessors_and_companies(cast):
    response = cast.client(cast.staff).get(
        reverse("validation:centre_detail", args=[cast.centre_a.pk])
    )
    assert cast.assessor_a.get_full_name() in response.text
    assert cast.assessor_b.get_full_name() not in response.text
    assert [c.name for c in response.context["companies"]] == ["Alfa AB"]


def test_centre_detail_lists_only_the_companies_the_viewer_may_see(cast):
    """Coach A may see centre B, but not centre B's company, which coach B has."""
    response = cast.client(cast.coach_a).get(
        reverse("validation:centre_detail", args=[cast.centre_b.pk])
    )
    assert response.status_code == 200
    assert list(response.context["companies"]) == []
    assert "Beta AB" not in response.text


ORGNR = make_organisationsnummer(1)


def centre_data(**overrides) -> dict:
    data = {
        "name": "Nya Testcentret",
        "organisationsnummer": ORGNR,
        "street_address": "Verkstadsgatan 1",
        "postal_code": "352 30",
        "municipality": Municipality.objects.get(name="Växjö").pk,
        "contact_name": "Kim Kontakt",
        "contact_email": "kim@example.se",
        "contact_phone": "0470-12345",
        "accreditations-TOTAL_FORMS": "1",
        "accreditations-INITIAL_FORMS": "0",
        "accreditations-MIN_NUM_FORMS": "0",
        "accreditations-MAX_NUM_FORMS": "1000",
        "accreditations-0-model": "",
        "accreditations-0-valid_from": "",
        "accreditations-0-valid_to": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff(cast):
    return in_english(cast.client(cast.staff))


@pytest.fixture
def model(db):
    return ValidationModel.objects.create(name="Testmodell BAS")


def test_staff_creates_a_centre_with_an_accreditation(cast, staff, model):
    response = staff.post(
        reverse("validation:centre_create"),
        centre_data(
            organisationsnummer=ORGNR.replace("-", ""),
            **{
                "accreditations-0-model": model.pk,
                "accreditations-0-valid_from": "2021-01-01",
            },
        ),
    )
    centre = Centre.objects.get(name="Nya Testcentret")
    assert response["Location"] == reverse("validation:centre_detail", args=[centre.pk])
    assert centre.organisationsnummer == ORGNR
    assert list(centre.accreditations.values_list("model__name", flat=True)) == ["Testmodell BAS"]


def test_centre_accepts_a_16_prefixed_organisation_number(cast, staff):
    staff.post(reverse("validation:centre_create"), centre_data(organisationsnummer=f"16{ORGNR}"))
    assert Centre.objects.get(name="Nya Testcentret").organisationsnummer == ORGNR


def test_centre_with_invalid_organisation_number_is_refused(cast, staff):
    response = staff.post(
        reverse("validation:centre_create"), centre_data(organisationsnummer="556000-0002")
    )
    assert_error_next_to_field(response, "organisationsnummer", "check digit is wrong")
    assert not Centre.objects.filter(name="Nya Testcentret").exists()


def test_centre_with_a_registered_organisation_number_is_refused(cast, staff):
    written = cast.centre_a.organisationsnummer.replace("-", "")
    response = staff.post(
        reverse("validation:centre_create"), centre_data(organisationsnummer=written)
    )
    assert_error_next_to_field(response, "organisationsnummer", "already registered")
    assert not Centre.objects.filter(name="Nya Testcentret").exists()


def test_centre_without_municipality_is_refused(cast, staff):
    response = staff.post(reverse("validation:centre_create"), centre_data(municipality=""))
    assert response.context["form"].errors["municipality"]
    assert not Centre.objects.filter(name="Nya Testcentret").exists()


def test_accreditation_ending_before_it_starts_saves_nothing(cast, staff, model):
    response = staff.post(
        reverse("validation:centre_create"),
        centre_data(
            **{
                "accreditations-0-model": model.pk,
                "accreditations-0-valid_from": "2021-06-01",
                "accreditations-0-valid_to": "2021-05-31",
            }
        ),
    )
    assert response.status_code == 200
    assert response.context["accreditations"].errors[0]["valid_to"]
    assert not Centre.objects.filter(name="Nya Testcentret").exists()
    assert not Accreditation.objects.exists()


def test_staff_edits_a_centre(cast, staff):
    centre = cast.centre_b
    response = staff.post(
        reverse("validation:centre_edit", args=[centre.pk]),
        centre_data(name="Centre B (nytt namn)", organisationsnummer=centre.organisationsnummer),
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.name == "Centre B (nytt namn)"


@pytest.mark.parametrize("role", ["staff", "coach_a"])
@pytest.mark.parametrize("rows", [2, 20])
def test_centre_list_query_count_does_not_grow_with_rows(
    cast, django_assert_max_num_queries, role, rows
):
    """Budget, counted: session, user, profile (role); then count and page (municipality
    joined, companies counted in the same query)."""
    for _ in range(rows - 2):
        centre = CentreFactory()
        CompanyFactory(test_centre=centre)
        user_with_role("assessor", centre)
    client = cast.client(getattr(cast, role))
    with django_assert_max_num_queries(5):
        response = client.get(reverse("validation:centre_list"))
    assert len(response.context["page"]) == rows
