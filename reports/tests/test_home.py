"""Each role's start page shows what that role works on, within its scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.tests.factories import CompanyFactory, user_with_role

START_PAGES = {
    "staff": "reports/home_staff.html",
    "manager": "reports/home_manager.html",
    "assessor_a": "reports/home_assessor.html",
    "coach_a": "reports/home_coach.html",
}


@pytest.mark.parametrize(("role", "template"), START_PAGES.items())
def test_each_role_gets_its_start_page(cast, role, template):
    response = cast.client(getattr(cast, role)).get(reverse("home"))
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]


def test_anonymous_visitor_is_sent_to_login_from_home(db, client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_without_role_is_told_to_ask_for_one(db):
    from django.test import Client

    client = Client()
    client.force_login(user_with_role(None))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "reports/home_no_role.html" in [t.name for t in response.templates]


def test_coach_start_page_is_their_working_day_with_only_their_companies(cast):
    response = cast.client(cast.coach_a).get(reverse("home"))
    assert [item.company.name for item in response.context["day"]["progress"]] == ["Alfa AB"]
    assert "Beta AB" not in response.text
    assert "progress" not in response.context.keys()  # no bars against the whole project's targets


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_overview_says_how_many_companies_have_held_each_conversation(cast, role):
    response = cast.client(getattr(cast, role)).get(reverse("home"))
    assert [row["number"] for row in response.context["progress_counts"]] == [1, 2, 3, 4]
    assert "Samtal 1: 0 av 2 företag" in response.text


def test_assessor_start_page_shows_their_centre_and_its_companies(cast):
    CompanyFactory(name="Gamma AB", coach=cast.coach_b, test_centre=cast.centre_a)
    response = cast.client(cast.assessor_a).get(reverse("home"))
    assert response.context["centre"] == cast.centre_a
    assert [c.name for c in response.context["companies"]] == ["Alfa AB", "Gamma AB"]
    assert "Beta AB" not in response.text


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_overview_counts_the_whole_register(cast, role):
    response = cast.client(getattr(cast, role)).get(reverse("home"))
    progress = response.context["progress"]
    assert progress["companies"]["total"] == 2
    assert progress["participants"]["total"] == 2
    assert sum(count for _, count in response.context["companies_by_status"]) == 2


def test_coach_figures_count_only_their_scope(cast):
    response = cast.client(cast.coach_a).get(reverse("home"))
    figures = response.context["day"]["figures"]
    assert (figures["companies"], figures["participants"]) == (1, 1)


@pytest.mark.parametrize("role", ["manager", "assessor_a", "coach_a"])
def test_start_page_offers_no_creating_to_roles_that_cannot(cast, role):
    response = cast.client(getattr(cast, role)).get(reverse("home"))
    assert reverse("companies:company_create") not in response.text
    assert reverse("accounts:user_list") not in response.text


def test_start_page_counts_come_from_the_cache_until_the_register_changes(cast):
    """The participants' counts are kept under a fingerprint of the register: a second view
    does not count again, and every kind of change (added, edited, deleted, a company given to
    another centre) shows at once."""
    from companies.tests.factories import ParticipantFactory
    from reports.selectors import start_page_progress

    def total(user):
        return start_page_progress(user)["participants"]["total"]

    assert total(cast.staff) == 2 and total(cast.assessor_a) == 1
    with CaptureQueriesContext(connection) as queries:
        assert total(cast.staff) == 2
    assert not [q for q in queries if 'COUNT("companies_participant"."company_id")' in q["sql"]]

    added = ParticipantFactory(company=cast.company_a)
    assert total(cast.staff) == 3 and total(cast.assessor_a) == 2
    added.end_date, added.end_reason = added.start_date, "Slutat"
    added.save()
    assert start_page_progress(cast.staff)["participants"]["active"] == 2
    cast.company_b.test_centre = cast.centre_a
    cast.company_b.save()
    assert total(cast.assessor_a) == 3
    added.delete()
    assert total(cast.staff) == 2 and total(cast.assessor_a) == 2


@pytest.mark.parametrize("role", ["staff", "assessor_a"])
def test_a_start_page_reads_the_registers_fingerprint_once(cast, role):
    """The participants' counts and the companies' counts are both kept under it."""
    client = cast.client(getattr(cast, role))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    newest = [q for q in captured if 'MAX("companies_participant"."updated_at")' in q["sql"]]
    assert len(newest) == 1
