"""Who may open which register page: 200 in scope, 404 outside it, 403 without the capability.

Each row names a page, the object it is about (a, b or none) and the expected status for staff,
manager, assessor A (centre A) and coach A. Company A has coach A and centre A; company B has
coach B and centre B, so for assessor A and coach A every "b" URL is someone else's scope.
"""

import pytest
from django.urls import reverse

from companies.models import Company, CompanyStatus
from companies.tests.factories import CompanyFactory, ParticipantFactory, user_with_role

ROLES = ("staff", "manager", "assessor_a", "coach_a")

ALL_200 = dict.fromkeys(ROLES, 200)
STAFF_ONLY = {"staff": 200, "manager": 403, "assessor_a": 403, "coach_a": 403}
# Another scope: the id of company/participant B in the URL.
OTHERS_404 = {"staff": 200, "manager": 200, "assessor_a": 404, "coach_a": 404}
EDIT_OTHERS_404 = {"staff": 200, "manager": 403, "assessor_a": 404, "coach_a": 404}

# (url name, the object in the URL or None, expected status per role)
GET_PAGES = [
    ("companies:company_list", None, ALL_200),
    ("companies:company_create", None, STAFF_ONLY),
    ("companies:company_detail", "company_a", ALL_200),
    ("companies:company_detail", "company_b", OTHERS_404),
    ("companies:company_edit", "company_a", STAFF_ONLY),
    ("companies:company_edit", "company_b", EDIT_OTHERS_404),
    ("companies:participant_list", None, ALL_200),
    ("companies:participant_create", None, STAFF_ONLY),
    ("companies:participant_detail", "participant_a", ALL_200),
    ("companies:participant_detail", "participant_b", OTHERS_404),
    ("companies:participant_edit", "participant_a", STAFF_ONLY),
    ("companies:participant_edit", "participant_b", EDIT_OTHERS_404),
]

CASES = [
    pytest.param(name, obj, role, expected[role], id=f"{name.split(':')[1]}-{obj or 'none'}-{role}")
    for name, obj, expected in GET_PAGES
    for role in ROLES
]


def _url(cast, name: str, obj: str | None) -> str:
    return reverse(name, args=[getattr(cast, obj).pk] if obj else [])


@pytest.mark.parametrize(("name", "obj", "role", "expected"), CASES)
def test_register_page_status_by_role_and_scope(cast, name, obj, role, expected):
    response = cast.client(getattr(cast, role)).get(_url(cast, name, obj))
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "obj"), [(name, obj) for name, obj, _ in GET_PAGES])
def test_anonymous_visitor_is_sent_to_login(cast, client, name, obj):
    url = _url(cast, name, obj)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_user_without_role_sees_no_register(cast):
    nobody = cast.client(user_with_role(None, username="nobody"))
    assert nobody.get(reverse("companies:company_list")).status_code == 403
    assert nobody.get(reverse("companies:participant_list")).status_code == 403
    detail = reverse("companies:company_detail", args=[cast.company_a.pk])
    assert nobody.get(detail).status_code == 404


@pytest.mark.parametrize(
    ("role", "company", "expected"),
    [
        ("manager", "company_a", 403),
        ("assessor_a", "company_a", 403),
        ("coach_a", "company_a", 403),
        ("assessor_a", "company_b", 404),
        ("coach_a", "company_b", 404),
    ],
)
def test_only_staff_may_change_company_status(cast, role, company, expected):
    target = getattr(cast, company)
    response = cast.client(getattr(cast, role)).post(
        reverse("companies:company_status", args=[target.pk]),
        {"status": CompanyStatus.RECRUITED, "on": "2021-03-01"},
    )
    assert response.status_code == expected
    target.refresh_from_db()
    assert target.status == CompanyStatus.PROSPECT and target.recruited_on is None


@pytest.mark.parametrize(
    ("role", "obj", "expected"),
    [
        ("manager", "company_a", 403),
        ("coach_a", "company_a", 403),
        ("assessor_a", "company_a", 403),
        ("coach_a", "company_b", 404),
    ],
)
def test_posting_a_company_edit_without_the_right_changes_nothing(cast, role, obj, expected):
    company = getattr(cast, obj)
    response = cast.client(getattr(cast, role)).post(
        reverse("companies:company_edit", args=[company.pk]), {"name": "Hijacked AB"}
    )
    assert response.status_code == expected
    assert Company.objects.filter(name="Hijacked AB").count() == 0


@pytest.mark.parametrize(
    ("role", "obj", "expected"),
    [
        ("manager", "participant_a", 403),
        ("coach_a", "participant_a", 403),
        ("assessor_a", "participant_b", 404),
    ],
)
def test_posting_a_participant_edit_without_the_right_changes_nothing(cast, role, obj, expected):
    participant = getattr(cast, obj)
    response = cast.client(getattr(cast, role)).post(
        reverse("companies:participant_edit", args=[participant.pk]), {"first_name": "Hijacked"}
    )
    assert response.status_code == expected
    participant.refresh_from_db()
    assert participant.first_name != "Hijacked"


@pytest.fixture
def gamma(cast):
    """A third company that splits coach and centre: coach B, but centre A."""
    company = CompanyFactory(name="Gamma AB", coach=cast.coach_b, test_centre=cast.centre_a)
    ParticipantFactory(company=company, first_name="Greta", last_name="Gamma")
    return company


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("staff", {"Alfa AB", "Beta AB", "Gamma AB"}, set()),
        ("manager", {"Alfa AB", "Beta AB", "Gamma AB"}, set()),
        # An assessor sees the companies assigned to their centre, whoever coaches them.
        ("assessor_a", {"Alfa AB", "Gamma AB"}, {"Beta AB"}),
        ("assessor_b", {"Beta AB"}, {"Alfa AB", "Gamma AB"}),
        # A coach sees their own companies, whichever centre they have.
        ("coach_a", {"Alfa AB"}, {"Beta AB", "Gamma AB"}),
        ("coach_b", {"Beta AB", "Gamma AB"}, {"Alfa AB"}),
    ],
)
def test_company_list_shows_exactly_the_roles_scope(cast, gamma, role, visible, hidden):
    response = cast.client(getattr(cast, role)).get(reverse("companies:company_list"))
    assert response.status_code == 200
    assert {company.name for company in response.context["page"]} == visible
    for name in hidden:
        assert name not in response.text


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("staff", {"Anna Alfa", "Bo Beta", "Greta Gamma"}),
        ("manager", {"Anna Alfa", "Bo Beta", "Greta Gamma"}),
        ("assessor_a", {"Anna Alfa", "Greta Gamma"}),
        ("coach_a", {"Anna Alfa"}),
        ("coach_b", {"Bo Beta", "Greta Gamma"}),
    ],
)
def test_participant_list_shows_exactly_the_roles_scope(cast, gamma, role, visible):
    response = cast.client(getattr(cast, role)).get(reverse("companies:participant_list"))
    assert response.status_code == 200
    assert {p.full_name for p in response.context["page"]} == visible
    for name in {"Anna Alfa", "Bo Beta", "Greta Gamma"} - visible:
        first, last = name.split()
        assert f"{last}, {first}" not in response.text


@pytest.mark.parametrize(
    ("role", "expected"),
    [("assessor_a", 200), ("coach_b", 200), ("coach_a", 404), ("assessor_b", 404)],
)
def test_detail_pages_of_a_split_company_follow_the_same_scope(cast, gamma, role, expected):
    """Gamma has coach B but centre A: its pages open for exactly the roles that list it."""
    client = cast.client(getattr(cast, role))
    participant = gamma.participants.get()
    assert client.get(reverse("companies:company_detail", args=[gamma.pk])).status_code == expected
    detail = reverse("companies:participant_detail", args=[participant.pk])
    assert client.get(detail).status_code == expected


def test_participant_form_offers_only_companies_in_scope(cast):
    """The company drop-down is built from the user's scope, never the whole register."""
    staff_form = cast.client(cast.staff).get(reverse("companies:participant_create"))
    companies = staff_form.context["form"].fields["company"].queryset
    assert set(companies) == {cast.company_a, cast.company_b}


def test_participant_list_company_filter_cannot_reach_outside_scope(cast):
    response = cast.client(cast.coach_a).get(
        reverse("companies:participant_list"), {"company": cast.company_b.pk}
    )
    assert response.status_code == 200
    # Another scope's company is not a valid choice: the filter is refused, not applied.
    assert "company" in response.context["filter"].errors
    assert {p.full_name for p in response.context["page"]} == {"Anna Alfa"}
    assert "Beta" not in response.text


def test_company_detail_shows_its_participants_coach_and_centre(cast):
    response = cast.client(cast.coach_a).get(
        reverse("companies:company_detail", args=[cast.company_a.pk])
    )
    assert "Anna Alfa" in response.text
    assert cast.coach_a.get_full_name() in response.text
    assert "Centre A" in response.text
    assert "Bo Beta" not in response.text


def test_edit_buttons_shown_only_to_roles_that_may_edit(cast):
    url = reverse("companies:company_detail", args=[cast.company_a.pk])
    edit = reverse("companies:company_edit", args=[cast.company_a.pk])
    assert edit in cast.client(cast.staff).get(url).text
    assert edit not in cast.client(cast.manager).get(url).text


def test_superuser_without_profile_acts_as_staff(cast):
    admin = user_with_role(None, username="root", is_superuser=True)
    response = cast.client(admin).get(reverse("companies:company_create"))
    assert response.status_code == 200
