"""Paging shows every row exactly once, even where the visible sort keys are all equal.

An order that is not unique lets the database return tied rows in any order, and a different
one for each page's query (PostgreSQL did: pages 1 and 2 of the participant list shared rows).
So every list orders by its visible keys and then by id, and these tests page through lists
made of ties: each row must appear once, and the query must end its order on the primary key.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.tests.factories import CertificateFactory, model_with_areas, recorded_validation
from companies.models import Participant
from companies.tests.factories import CompanyFactory, ParticipantFactory
from framtidssakrad.pagination import PAGE_SIZE

pytestmark = pytest.mark.django_db

ROWS = PAGE_SIZE + 7  # two pages


def every_page(client, url: str) -> list[int]:
    """The primary keys of the rows on every page, in page order, and checks the order."""
    seen, number = [], 1
    while True:
        response = client.get(url, {"page": number})
        assert response.status_code == 200
        page = response.context["page"]
        assert page.number == number
        assert page.paginator.object_list.query.order_by[-1] in ("pk", "-pk", "id", "-id")
        seen += [row.pk for row in page.object_list]
        if not page.has_next():
            return seen
        number += 1


def assert_each_once(seen: list[int], expected) -> None:
    assert len(seen) == len(set(seen)), "a row was shown on two pages"
    assert set(seen) == set(expected), "a row was shown on no page"


def test_participants_with_equal_names_are_each_on_one_page(cast):
    twins = [
        ParticipantFactory(company=cast.company_a, first_name="Anna", last_name="Andersson")
        for _ in range(ROWS)
    ]
    seen = every_page(cast.client(cast.staff), reverse("companies:participant_list"))
    assert_each_once(seen, [p.pk for p in twins] + [cast.participant_a.pk, cast.participant_b.pk])


def test_companies_with_equal_names_are_each_on_one_page(cast):
    twins = [CompanyFactory(name="Samma AB") for _ in range(ROWS)]
    seen = every_page(cast.client(cast.staff), reverse("companies:company_list"))
    assert_each_once(seen, [c.pk for c in twins] + [cast.company_a.pk, cast.company_b.pk])


def test_validations_at_the_same_time_are_each_on_one_page(cast):
    model = model_with_areas()
    same_time = [
        recorded_validation(cast.participant_a, assessor=cast.assessor_a, model=model)
        for _ in range(ROWS)
    ]
    seen = every_page(cast.client(cast.staff), reverse("validation:validation_list"))
    assert_each_once(seen, [v.pk for v in same_time])


def test_certificates_issued_on_the_same_day_are_each_on_one_page(cast):
    model = model_with_areas()
    same_day = [
        CertificateFactory(
            participant=cast.participant_a,
            issued_by=cast.staff,
            validation=recorded_validation(
                cast.participant_a, assessor=cast.assessor_a, model=model
            ),
        )
        for _ in range(ROWS)
    ]
    seen = every_page(cast.client(cast.staff), reverse("certificates:certificate_list"))
    assert_each_once(seen, [c.pk for c in same_day])


def test_a_deep_page_costs_one_query_more_than_page_1_whatever_the_rows(cast):
    client = cast.client(cast.staff)
    url = reverse("companies:participant_list")

    def queries(page: int) -> int:
        cache.clear()  # each page counts (the participant list keeps its count)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"page": page}).status_code == 200
        return len(captured)

    for _ in range(ROWS):
        ParticipantFactory(company=cast.company_a)
    first, second = queries(1), queries(2)
    for _ in range(3 * PAGE_SIZE):
        ParticipantFactory(company=cast.company_a)
    assert queries(1) == first
    assert queries(2) == queries(4) == first + 1 == second


def test_a_search_counts_its_matches_up_to_the_cap_and_says_so(cast, monkeypatch):
    """A search that matches more than SEARCH_COUNT_CAP rows says so instead of counting them
    all; below the cap, and without a search, the count is exact."""
    monkeypatch.setattr("framtidssakrad.pagination.SEARCH_COUNT_CAP", 30)
    ParticipantFactory.create_batch(40, company=cast.company_a, last_name="Lindqvist")
    client = cast.client(cast.staff)
    url = reverse("companies:participant_list")

    response = client.get(url, {"q": "lindq"})
    paginator = response.context["page"].paginator
    assert paginator.capped and paginator.count == 30 and paginator.num_pages == 2
    assert "Fler än 30 rader: förfina sökningen för att se alla." in response.text
    last = client.get(url, {"q": "lindq", "page": 2}).context["page"]
    assert len(last.object_list) == 30 - PAGE_SIZE  # the pages stop at the cap

    response = client.get(url, {"q": "Alfa"})  # one match: exact
    assert not response.context["page"].paginator.capped
    assert response.context["page"].paginator.count == 1

    response = client.get(url)  # no search: exact, all 42
    assert not response.context["page"].paginator.capped
    assert response.context["page"].paginator.count == 42


def test_pages_in_the_second_half_read_from_the_end_and_show_the_same_sequence(cast):
    """A page past the middle reads its keys in the reversed order from the list's end; page
    after page, the rows are the list's order exactly, ties included."""
    for _ in range(4 * PAGE_SIZE + 3):  # five pages of namesakes
        ParticipantFactory(company=cast.company_a, first_name="Anna", last_name="Andersson")
    client = cast.client(cast.staff)
    url = reverse("companies:participant_list")
    everyone = Participant.objects.order_by("last_name", "first_name", "pk")  # staff sees all
    assert every_page(client, url) == list(everyone.values_list("pk", flat=True))

    def keys_query(page: int) -> str:
        with CaptureQueriesContext(connection) as captured:
            client.get(url, {"page": page})
        keys_only = 'SELECT "companies_participant"."id" AS "pk" FROM'
        return next(q["sql"] for q in captured if q["sql"].startswith(keys_only))

    assert "DESC" not in keys_query(2)  # first half: from the start
    assert '"last_name" DESC' in keys_query(5)  # the last page: from the end
