"""The coach's day, the company page's timeline and the map: the same queries for 2 and 20
rows (companies, conversations, actions, participants)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaching import selectors, services
from companies.tests.factories import CompanyFactory, ParticipantFactory

from .conftest import hold, plan


def _companies(cast, count):
    companies = [cast.company_a] + [
        CompanyFactory(coach=cast.coach_a, test_centre=cast.centre_a) for _ in range(count - 1)
    ]
    for index, company in enumerate(companies):
        held = hold(cast.coach_a, company, 1)
        services.action_add(
            actor=cast.coach_a,
            conversation=held,
            what=f"Åtgärd {index}",
            due_on=timezone.localdate(),
            owner_is_coach=True,
        )
        plan(cast.coach_a, company, 2, days_ago=1 if index % 2 else -3)
        ParticipantFactory(company=company)
    return companies


def _count(callable_) -> int:
    cache.clear()  # the register's counts are counted each time (their cache would hide it)
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


def test_coach_day_and_its_page_run_the_same_queries_for_2_and_20_companies(cast):
    _companies(cast, 2)
    client = cast.client(cast.coach_a)
    url = reverse("coaching:coach_day")
    small_selector = _count(lambda: selectors.coach_day(cast.coach_a))
    small_page = _count(lambda: client.get(url))
    _companies_more = [
        CompanyFactory(coach=cast.coach_a, test_centre=cast.centre_a) for _ in range(18)
    ]
    for company in _companies_more:
        hold(cast.coach_a, company, 1)
        plan(cast.coach_a, company, 2)
    assert _count(lambda: selectors.coach_day(cast.coach_a)) == small_selector
    assert _count(lambda: client.get(url)) == small_page
    # Companies, templates, conversations, actions; the register's fingerprint (two) and its
    # counts by company and status (one, kept in the cache after that).
    assert small_selector <= 7


@pytest.mark.parametrize("size", [2, 20])
def test_company_page_with_the_timeline_runs_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries, size
):
    held = hold(cast.coach_a, cast.company_a, 1)
    for n in range(size):
        services.action_add(
            actor=cast.coach_a,
            conversation=held,
            what=f"Åtgärd {n}",
            due_on=timezone.localdate(),
            owner_is_coach=True,
        )
        ParticipantFactory(company=cast.company_a)
    client = cast.client(cast.coach_a)
    url = reverse("companies:company_detail", args=[cast.company_a.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert f"Åtgärd {size - 1}" in response.content.decode()


def test_conversation_progress_counts_companies_per_conversation_in_one_query(
    cast, django_assert_num_queries
):
    hold(cast.coach_a, cast.company_a, 1)
    hold(cast.coach_a, cast.company_a, 2)
    hold(cast.coach_b, cast.company_b, 1)
    with django_assert_num_queries(1):
        rows = selectors.conversation_progress(cast.manager)
    assert [(r["number"], r["held"], r["companies"]) for r in rows] == [
        (1, 2, 2),
        (2, 1, 2),
        (3, 0, 2),
        (4, 0, 2),
    ]
    assert selectors.conversation_progress(cast.assessor_a) == []
    assert [r["companies"] for r in selectors.conversation_progress(cast.coach_a)] == [1] * 4


def test_coach_day_names_the_coach_who_owns_an_action_not_the_role(cast):
    cast.coach_a.first_name, cast.coach_a.last_name = "Cecilia", "Coachsson"
    cast.coach_a.save()
    _companies(cast, 2)
    client = cast.client(cast.coach_a)
    page = client.get(reverse("coaching:coach_day")).content.decode()
    assert "Åtgärd 0</a> – Cecilia Coachsson" in page
    day = selectors.coach_day(cast.coach_a)
    names = {a.owner_name for a in day["week_actions"] + day["overdue_actions"]}
    assert names == {"Cecilia Coachsson"}
    # A company without a coach (staff's view) falls back on the role.
    action = day["week_actions"][0]
    action.conversation.company.coach = None
    assert action.owner_name == "Coach"
