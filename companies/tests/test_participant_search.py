"""The participant search endpoint: scoped per role, at most 20 matches, POST only, numbers
only for the roles that may see them."""

import pytest
from django.test import Client
from django.urls import reverse

from companies.models import ParticipantStatus
from companies.selectors import SEARCH_LIMIT

from .factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("companies:participant_search")


def search(client, q, **extra):
    response = client.post(URL, {"q": q, **extra})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(answer) -> set[int]:
    return {row["id"] for row in answer["results"]}


def test_each_role_finds_only_participants_in_its_scope(cast):
    both = {cast.participant_a.pk, cast.participant_b.pk}
    expected = {
        cast.staff: both,
        cast.manager: both,
        cast.assessor_a: {cast.participant_a.pk},
        cast.assessor_b: {cast.participant_b.pk},
        cast.coach_a: {cast.participant_a.pk},
        cast.coach_b: {cast.participant_b.pk},
    }
    for user, wanted in expected.items():
        client = cast.client(user)
        # "a" is in both names (Anna Alfa, Bo Beta): a search that would find both.
        assert ids(search(client, "a")) == set(), "one letter is too short to search"
        assert ids(search(client, "Al")) | ids(search(client, "Be")) == wanted, user


def test_outside_scope_is_empty_not_an_error(cast):
    assert search(cast.client(cast.assessor_a), "Beta")["results"] == []


def test_answer_names_the_participant_company_and_centre(cast):
    (row,) = search(cast.client(cast.assessor_a), "Anna")["results"]
    assert row == {
        "id": cast.participant_a.pk,
        "label": "Anna Alfa (Alfa AB)",
        "centre": cast.centre_a.pk,
    }


def test_at_most_the_limit_is_answered_in_name_order(cast):
    for n in range(SEARCH_LIMIT + 5):
        ParticipantFactory(company=cast.company_a, first_name="Nils", last_name=f"Nord{n:02d}")
    answer = search(cast.client(cast.staff), "Nord")
    assert answer["limit"] == SEARCH_LIMIT
    labels = [row["label"] for row in answer["results"]]
    assert len(labels) == SEARCH_LIMIT
    assert labels == sorted(labels)


def test_personnummer_search_only_for_roles_that_may_see_numbers(cast):
    number = cast.participant_a.personnummer
    assert ids(search(cast.client(cast.staff), number)) == {cast.participant_a.pk}
    assert ids(search(cast.client(cast.staff), f"{number[2:8]}-{number[8:]}")) == {
        cast.participant_a.pk
    }
    for user in (cast.manager, cast.assessor_a, cast.coach_a):
        assert search(cast.client(user), number)["results"] == [], user


def test_bookable_leaves_out_those_who_left(cast):
    ParticipantFactory(
        company=cast.company_a,
        first_name="Anna",
        last_name="Slutad",
        status=ParticipantStatus.ENDED,
    )
    client = cast.client(cast.staff)
    assert len(search(client, "Anna")["results"]) == 2
    assert ids(search(client, "Anna", bookable="1")) == {cast.participant_a.pk}


def test_search_is_post_only_and_needs_a_login_and_a_role(cast):
    assert cast.client(cast.staff).get(URL, {"q": "Anna"}).status_code == 405
    anonymous = Client().post(URL, {"q": "Anna"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    no_role = Client()
    no_role.force_login(UserFactory())
    assert no_role.post(URL, {"q": "Anna"}).status_code == 403


def test_search_needs_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.staff)
    assert client.post(URL, {"q": "Anna"}).status_code == 403


def test_search_costs_the_same_queries_for_2_and_40_participants(
    cast, django_assert_max_num_queries
):
    client = cast.client(cast.staff)
    with django_assert_max_num_queries(4):
        search(client, "Svensson")
    for _ in range(40):
        ParticipantFactory(company=cast.company_a)
    with django_assert_max_num_queries(4):
        assert len(search(client, "Svensson")["results"]) == SEARCH_LIMIT
