"""The register lists run the same number of queries for 2 rows as for 20.

Budgets are counted, not copied: every logged-in page costs 3 (session, user, the user's
profile for the role); a list adds its count and its page of rows (related rows joined, the
participant count annotated); the filter form adds one query per model drop-down (coach, test
centre). A new query per row would show up as 18 extra queries in the 20-row case.
"""

import pytest
from django.urls import reverse

from companies.tests.factories import CompanyFactory, ParticipantFactory

PER_REQUEST = 3  # session, user, profile
LIST = 2  # count, page
FILTER_DROPDOWNS = 2  # coaches, test centres
LIST_BUDGET = PER_REQUEST + LIST + FILTER_DROPDOWNS
REGISTER_STAMP = 2  # the newest participant, the companies (selectors.register_stamp)


def _companies_for(cast, role: str, count: int):
    """`count` companies in `role`'s scope (with coach, centre and participants)."""
    for index in range(count):
        company = CompanyFactory(coach=cast.coach_a, test_centre=cast.centre_a)
        ParticipantFactory.create_batch(1 + index % 3, company=company)


@pytest.mark.parametrize("role", ["staff", "coach_a", "assessor_a"])
@pytest.mark.parametrize("rows", [2, 20])
def test_company_list_query_count_does_not_grow_with_rows(
    cast, django_assert_max_num_queries, role, rows
):
    # The cast already has company A in every one of these roles' scope.
    _companies_for(cast, role, rows - 1)
    client = cast.client(getattr(cast, role))
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(reverse("companies:company_list"))
    assert len(response.context["page"]) == rows + (1 if role == "staff" else 0)


@pytest.mark.parametrize("role", ["staff", "coach_a", "assessor_a"])
@pytest.mark.parametrize("rows", [2, 20])
def test_participant_list_query_count_does_not_grow_with_rows(
    cast, django_assert_max_num_queries, role, rows
):
    company = CompanyFactory(coach=cast.coach_a, test_centre=cast.centre_a)
    ParticipantFactory.create_batch(rows - 1, company=company)
    client = cast.client(getattr(cast, role))
    # The register's fingerprint (two reads) keys the count; a second look does not count.
    with django_assert_max_num_queries(LIST_BUDGET + REGISTER_STAMP):
        response = client.get(reverse("companies:participant_list"))
    assert len(response.context["page"]) == rows + (1 if role == "staff" else 0)
    with django_assert_max_num_queries(LIST_BUDGET + REGISTER_STAMP - 1):
        client.get(reverse("companies:participant_list"))


@pytest.mark.parametrize("rows", [2, 20])
def test_filtered_company_list_query_count_does_not_grow_with_rows(
    cast, django_assert_max_num_queries, rows
):
    _companies_for(cast, "staff", rows - 1)
    client = cast.client(cast.staff)
    # Each chosen coach or centre is looked up once to validate the choice.
    with django_assert_max_num_queries(LIST_BUDGET + 2):
        response = client.get(
            reverse("companies:company_list"),
            {"coach": cast.coach_a.pk, "test_centre": cast.centre_a.pk, "county": "06"},
        )
    assert len(response.context["page"]) == rows
