"""The signed-in user of each request comes with their profile in the same query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_a_page_loads_the_user_and_their_profile_in_one_query(cast):
    client = cast.client(cast.coach_a)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("companies:company_list")).status_code == 200
    sql = [q["sql"] for q in queries]
    user_queries = [s for s in sql if 'FROM "auth_user"' in s and '"auth_user"."id" =' in s]
    assert user_queries and all('"accounts_profile"' in s for s in user_queries)
    assert not [s for s in sql if s.startswith('SELECT "accounts_profile"')]


def test_a_user_made_inactive_is_signed_out(cast):
    client = cast.client(cast.coach_a)
    cast.coach_a.is_active = False
    cast.coach_a.save(update_fields=["is_active"])
    response = client.get(reverse("companies:company_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
