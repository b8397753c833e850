"""The participant list keeps its exact count under the query and the register's fingerprint
(`selectors.register_stamp`): a second look counts nothing, and every change that moves the
count (a participant added or deleted, a company given to another coach) is counted again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Participant
from companies.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

URL = reverse("companies:participant_list")


def shown(client, **params) -> tuple[int, bool]:
    """The list's count and whether the request counted (ran a COUNT query)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    counted = any("COUNT(*)" in query["sql"] for query in captured)
    return response.context["page"].paginator.count, counted


def test_a_second_look_counts_nothing_and_a_new_participant_is_counted(cast):
    client = cast.client(cast.staff)
    assert shown(client) == (2, True)
    assert shown(client) == (2, False)
    ParticipantFactory(company=cast.company_a)
    assert shown(client) == (3, True)
    assert shown(client) == (3, False)


@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_a_deleted_participant_is_counted_again(cast, how):
    client = cast.client(cast.staff)
    ParticipantFactory(company=cast.company_a, last_name="Åberg")
    ParticipantFactory(company=cast.company_b)  # the newest id and change stay after the delete
    assert shown(client) == (4, True)
    gone = Participant.objects.filter(last_name="Åberg")
    if how == "instance":
        gone.get().delete()
    else:
        gone.delete()
    assert shown(client) == (3, True)


def test_a_company_given_to_another_coach_moves_its_count(cast):
    coach_a, coach_b = cast.client(cast.coach_a), cast.client(cast.coach_b)
    assert shown(coach_a)[0] == shown(coach_b)[0] == 1
    cast.company_b.coach = cast.coach_a
    cast.company_b.save()
    assert shown(coach_a) == (2, True)
    assert shown(coach_b) == (0, True)


def test_each_filter_and_scope_has_its_own_count_and_a_search_is_not_kept(cast):
    staff = cast.client(cast.staff)
    assert shown(staff) == (2, True)
    assert shown(staff, coach=cast.coach_b.pk) == (1, True)
    assert shown(staff, coach=cast.coach_b.pk) == (1, False)
    assert shown(cast.client(cast.coach_a)) == (1, True)
    assert shown(staff, q="Alfa") == (1, True)
    assert shown(staff, q="Alfa") == (1, True)


def test_the_counts_by_company_and_status_follow_every_change(cast):
    """`selectors.participant_counts` (start pages, the coach's day) is kept under the same
    fingerprint: a participant added, moved on, moved to another company or deleted is counted
    at once."""
    from companies import selectors, services
    from companies.models import ParticipantStatus

    def counts() -> dict:
        return {
            company: dict(by_status)
            for company, by_status in selectors.participant_counts().items()
        }

    a, b = cast.company_a.pk, cast.company_b.pk
    registered = ParticipantStatus.REGISTERED
    assert counts() == {a: {registered: 1}, b: {registered: 1}}
    newcomer = ParticipantFactory(company=cast.company_a)
    assert counts() == {a: {registered: 2}, b: {registered: 1}}
    services.participant_advance(participant=newcomer, to=ParticipantStatus.MAPPED)
    assert counts() == {a: {registered: 1, ParticipantStatus.MAPPED: 1}, b: {registered: 1}}
    cast.participant_a.company = cast.company_b
    cast.participant_a.save()
    assert counts() == {a: {ParticipantStatus.MAPPED: 1}, b: {registered: 2}}
    cast.participant_b.delete()  # neither the newest change nor the newest id
    assert counts() == {a: {ParticipantStatus.MAPPED: 1}, b: {registered: 1}}
