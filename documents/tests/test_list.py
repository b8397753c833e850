"""'My documents': each user sees the documents they asked for, and only those."""

import pytest
from django.urls import reverse

from certificates.kinds import KIND_BATCH_ZIP, KIND_CERTIFICATE
from documents.models import Document, DocumentStatus

URL = reverse("documents:document_list")
# Session, user, profile (every logged-in page); the list's count and its page of rows.
LIST_BUDGET = 3 + 2


def _documents(owner, count: int, status=DocumentStatus.PENDING, kind=KIND_CERTIFICATE):
    ready, failed = status == DocumentStatus.READY, status == DocumentStatus.FAILED
    return Document.objects.bulk_create(
        [
            Document(
                kind=kind,
                title=f"{owner.username} {n}",
                owner=owner,
                status=status,
                file=f"documents/test/{n}.pdf" if ready else "",
                error="Ingen fil" if failed else "",
            )
            for n in range(count)
        ]
    )


def _titles(response) -> list[str]:
    return [document.title for document in response.context["page"]]


@pytest.mark.parametrize("role", ["staff", "manager", "assessor_a", "coach_a"])
def test_every_role_sees_its_own_documents_and_no_one_elses(cast, role):
    user = getattr(cast, role)
    _documents(user, 2)
    _documents(cast.coach_b, 1)  # someone else's
    response = cast.client(user).get(URL)
    assert response.status_code == 200
    assert sorted(_titles(response)) == [f"{user.username} 0", f"{user.username} 1"]
    assert "coach_b" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_filter_by_status_and_kind_and_what_a_row_shows(cast):
    _documents(cast.staff, 2)
    _documents(cast.staff, 1, status=DocumentStatus.FAILED, kind=KIND_BATCH_ZIP)
    client = cast.client(cast.staff)
    failed = client.get(URL, {"status": DocumentStatus.FAILED})
    assert _titles(failed) == ["staff 0"]
    page = failed.content.decode()
    assert "ZIP med kompetensbevis" in page  # the kind's label, in Swedish by default
    assert "Ingen fil" in page  # the error, shown in the list
    assert len(client.get(URL, {"kind": KIND_CERTIFICATE}).context["page"]) == 2
    assert client.get(URL, {"status": "no-such"}).context["filter"].errors


def test_newest_first(cast):
    older, newer = _documents(cast.staff, 2)
    Document.objects.filter(pk=older.pk).update(created_at=newer.created_at.replace(year=2020))
    assert _titles(cast.client(cast.staff).get(URL)) == [newer.title, older.title]


@pytest.mark.parametrize("rows", [2, 20])
def test_query_count_does_not_grow_with_rows(cast, django_assert_max_num_queries, rows):
    _documents(cast.staff, rows, status=DocumentStatus.READY)
    client = cast.client(cast.staff)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(URL)
    assert len(response.context["page"]) == rows


def test_the_user_menu_links_to_the_list(cast):
    page = cast.client(cast.coach_a).get(reverse("home")).content.decode()
    assert URL in page
