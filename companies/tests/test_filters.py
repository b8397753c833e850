"""Search, filters and pagination on the register lists."""

import html

import pytest
from django.urls import reverse

from companies.models import CompanyStatus, Municipality, ParticipantStatus, StartStatus
from companies.tests.factories import CompanyFactory, ParticipantFactory


@pytest.fixture
def register(cast):
    """Besides the cast's Alfa AB (Jönköping, coach A, centre A, prospect) and Beta AB
    (coach B, centre B): Kappa AB in Kronoberg county, active, coach B, no centre."""
    kappa = CompanyFactory(
        name="Kappa AB",
        municipality=Municipality.objects.get(name="Växjö"),
        status=CompanyStatus.ACTIVE,
        coach=cast.coach_b,
    )
    ParticipantFactory(
        company=kappa,
        first_name="Karl",
        last_name="Kappa",
        start_status=StartStatus.FURLOUGHED,
        status=ParticipantStatus.MAPPED,
    )
    return kappa


def company_names(client, **params) -> set[str]:
    response = client.get(reverse("companies:company_list"), params)
    assert response.status_code == 200
    return {company.name for company in response.context["page"]}


def participant_names(client, **params) -> set[str]:
    response = client.get(reverse("companies:participant_list"), params)
    assert response.status_code == 200
    return {participant.full_name for participant in response.context["page"]}


def test_company_filters(cast, register):
    staff = cast.client(cast.staff)
    assert company_names(staff) == {"Alfa AB", "Beta AB", "Kappa AB"}
    assert company_names(staff, county="07") == {"Kappa AB"}
    assert company_names(staff, county="06") == {"Alfa AB", "Beta AB"}
    assert company_names(staff, status=CompanyStatus.ACTIVE) == {"Kappa AB"}
    assert company_names(staff, status=CompanyStatus.PROSPECT) == {"Alfa AB", "Beta AB"}
    assert company_names(staff, coach=cast.coach_b.pk) == {"Beta AB", "Kappa AB"}
    assert company_names(staff, test_centre=cast.centre_a.pk) == {"Alfa AB"}
    assert company_names(staff, coach=cast.coach_b.pk, county="06") == {"Beta AB"}


@pytest.mark.parametrize("query", ["kappa", "KAPP", "appa ab"])
def test_company_search_by_name(cast, register, query):
    assert company_names(cast.client(cast.staff), q=query) == {"Kappa AB"}


def test_company_search_by_organisation_number_in_any_written_form(cast, register):
    staff = cast.client(cast.staff)
    number = register.organisationsnummer
    for written in (number, number.replace("-", ""), f"16{number}"):
        assert company_names(staff, q=written) == {"Kappa AB"}, written


def test_company_search_stays_within_scope(cast, register):
    assert company_names(cast.client(cast.coach_a), q="Kappa") == set()
    assert company_names(cast.client(cast.coach_a), q="Alfa") == {"Alfa AB"}


def test_participant_filters(cast, register):
    staff = cast.client(cast.staff)
    everyone = {"Anna Alfa", "Bo Beta", "Karl Kappa"}
    assert participant_names(staff) == everyone
    assert participant_names(staff, county="07") == {"Karl Kappa"}
    assert participant_names(staff, start_status=StartStatus.FURLOUGHED) == {"Karl Kappa"}
    assert participant_names(staff, start_status=StartStatus.EMPLOYED) == {"Anna Alfa", "Bo Beta"}
    assert participant_names(staff, status=ParticipantStatus.MAPPED) == {"Karl Kappa"}
    assert participant_names(staff, coach=cast.coach_b.pk) == {"Bo Beta", "Karl Kappa"}
    assert participant_names(staff, test_centre=cast.centre_a.pk) == {"Anna Alfa"}
    assert participant_names(staff, company=register.pk) == {"Karl Kappa"}


@pytest.mark.parametrize("query", ["Karl", "kappa", "karl kappa", "Kar Kap"])
def test_participant_search_by_name(cast, register, query):
    assert participant_names(cast.client(cast.staff), q=query) == {"Karl Kappa"}


def test_participant_search_stays_within_scope(cast, register):
    assert participant_names(cast.client(cast.coach_a), q="Kappa") == set()


def test_an_invalid_filter_value_does_not_break_the_page(cast, register):
    response = cast.client(cast.staff).get(
        reverse("companies:company_list"), {"county": "99", "coach": "x"}
    )
    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"county", "coach"}


def _page_links(response) -> list[str]:
    text = html.unescape(response.text)
    return [part.split('"')[0] for part in text.split('class="page-link" href="')[1:]]


def test_pagination_keeps_the_filters_in_its_links(cast):
    for _ in range(30):
        CompanyFactory(status=CompanyStatus.ACTIVE, coach=cast.coach_a)
    CompanyFactory.create_batch(5, status=CompanyStatus.RECRUITED)
    client = cast.client(cast.staff)

    first = client.get(reverse("companies:company_list"), {"status": "active", "q": "Företag"})
    assert first.context["page"].paginator.count == 30
    assert _page_links(first) == ["?status=active&q=F%C3%B6retag&page=2"]

    second = client.get(f"{reverse('companies:company_list')}{_page_links(first)[0]}")
    assert second.context["page"].number == 2
    assert len(second.context["page"]) == 5
    assert {c.status for c in second.context["page"]} == {CompanyStatus.ACTIVE}
    assert _page_links(second) == ["?status=active&q=F%C3%B6retag&page=1"]


def test_pagination_of_participants_keeps_the_filters(cast):
    ParticipantFactory.create_batch(
        26, company=cast.company_a, start_status=StartStatus.UNDER_NOTICE
    )
    response = cast.client(cast.staff).get(
        reverse("companies:participant_list"), {"start_status": "under_notice"}
    )
    assert response.context["page"].paginator.count == 26
    assert _page_links(response) == ["?start_status=under_notice&page=2"]


def test_a_page_number_past_the_end_gives_the_last_page(cast):
    CompanyFactory.create_batch(30)
    response = cast.client(cast.staff).get(reverse("companies:company_list"), {"page": "99"})
    assert response.status_code == 200
    assert response.context["page"].number == 2


@pytest.mark.parametrize("url", ["companies:company_list", "companies:participant_list"])
def test_coach_filter_offers_full_names_as_the_table_shows(cast, url):
    cast.coach_a.first_name, cast.coach_a.last_name = "Cecilia", "Coachsson"
    cast.coach_a.save()
    response = cast.client(cast.staff).get(reverse(url))
    choices = [label for _, label in response.context["filter"].form.fields["coach"].choices]
    assert "Cecilia Coachsson" in choices
    assert "coach_a" not in choices
