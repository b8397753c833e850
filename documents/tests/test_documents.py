"""The generic document mechanism, with a test kind: request, render once, fail, retry, download."""

import datetime
import os
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.roles import Role
from companies.tests.factories import user_with_role
from documents import registry, services
from documents.models import Document, DocumentStatus
from documents.registry import DocumentError, DocumentKind, Rendered
from documents.tasks import MAX_RETRIES, render_documents

KIND = "test.echo"


class Echo:
    """A renderer the tests can steer through the document's params."""

    def __init__(self):
        self.calls = 0
        self.transient_failures_left = 0

    def __call__(self, document) -> Rendered:
        self.calls += 1
        if document.params.get("domain_error"):
            raise DocumentError("Nothing to print for this selection.")
        if document.params.get("bug"):
            raise ZeroDivisionError
        if self.transient_failures_left and not document.params.get("steady"):
            self.transient_failures_left -= 1
            raise OSError("disk briefly away")
        text = document.params.get("text", "hello")
        return Rendered(f"{text} #{self.calls}".encode(), "echo.txt", "text/plain")


@pytest.fixture
def echo():
    renderer = Echo()
    registry._KINDS[KIND] = DocumentKind(key=KIND, render=renderer, template_version="echo-7")
    yield renderer
    registry._KINDS.pop(KIND, None)


@pytest.fixture
def owner(db):
    return user_with_role(Role.STAFF)


@pytest.fixture
def request_document(django_capture_on_commit_callbacks, owner, echo):
    def _request(execute=True, **params) -> Document:
        with django_capture_on_commit_callbacks(execute=execute):
            document = services.document_request(
                actor=owner, kind=KIND, title="Echo", params=params
            )
        document.refresh_from_db()
        return document

    return _request


def test_request_renders_after_commit_and_stores_the_file(request_document, echo):
    document = request_document(text="hej")
    assert document.status == DocumentStatus.READY
    assert document.file.read() == b"hej #1"
    assert document.filename == "echo.txt"
    assert document.content_type == "text/plain"
    assert document.size == 6
    assert document.template_version == "echo-7"
    assert document.attempts == 1
    assert document.finished_at is not None


def test_nothing_is_enqueued_until_commit(request_document, echo):
    document = request_document(execute=False)
    assert document.status == DocumentStatus.PENDING
    assert echo.calls == 0


def test_unknown_kind_is_refused_at_request(owner):
    with pytest.raises(LookupError):
        services.document_request(actor=owner, kind="no.such.kind", title="x")


def test_running_the_task_twice_renders_once(request_document, echo):
    document = request_document()
    render_documents.delay(document_ids=[str(document.pk)])
    services.document_render(document_id=document.pk)
    document.refresh_from_db()
    assert echo.calls == 1
    assert document.attempts == 1
    assert document.file.read() == b"hello #1"


def test_a_claimed_document_is_not_rendered_by_a_second_run(request_document, echo):
    document = request_document(execute=False)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.RUNNING)
    assert services.document_render(document_id=document.pk) is None
    assert echo.calls == 0


def test_missing_document_is_ignored(db, echo):
    assert render_documents.delay(document_ids=[str(uuid.uuid4())]).get() == [None]


def test_domain_error_is_recorded_for_the_user(request_document, echo):
    document = request_document(domain_error=True)
    assert document.status == DocumentStatus.FAILED
    assert document.error == "Nothing to print for this selection."
    assert not document.file
    assert echo.calls == 1  # a domain error is not retried


def test_a_bug_fails_the_document_with_a_generic_message(request_document, echo):
    document = request_document(bug=True)
    assert document.status == DocumentStatus.FAILED
    assert document.error == gettext("An unexpected error stopped the document. Try again later.")
    assert echo.calls == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Ett oväntat fel stoppade dokumentet. Försök igen senare."),
        ("en", "An unexpected error stopped the document. Try again later."),
    ],
)
def test_the_error_is_written_in_the_language_of_who_asked(
    request_document, echo, language, message
):
    with translation.override(language):
        document = request_document(execute=False, bug=True)
    assert document.language == language
    with translation.override("sv" if language == "en" else "en"):  # the worker's own
        services.document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.error == message


def test_transient_error_is_retried_until_it_works(request_document, echo):
    echo.transient_failures_left = 2
    document = request_document()
    assert document.status == DocumentStatus.READY
    assert echo.calls == 3
    assert document.attempts == 3
    assert document.file.read() == b"hello #3"


def test_transient_error_gives_up_after_the_last_retry(request_document, echo):
    echo.transient_failures_left = 99
    document = request_document()
    assert echo.calls == MAX_RETRIES + 1
    assert document.status == DocumentStatus.FAILED
    assert document.error == gettext(
        "A temporary problem stopped the document several times. Try again."
    )


# Many documents started together -------------------------------------------------------------


@pytest.fixture
def request_many(django_capture_on_commit_callbacks, owner, echo, monkeypatch):
    """Request documents as a bulk service does (start=False, then documents_start); returns
    them refreshed and the document ids of each task sent."""
    sent = []
    send = render_documents.delay

    def recording_delay(*, document_ids):
        sent.append(document_ids)
        return send(document_ids=document_ids)

    monkeypatch.setattr(render_documents, "delay", recording_delay)

    def _request(params_list) -> tuple[list[Document], list[list[str]]]:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                documents = [
                    services.document_request(
                        actor=owner, kind=KIND, title="Echo", params=params, start=False
                    )
                    for params in params_list
                ]
                assert echo.calls == 0
                services.documents_start([document.pk for document in documents])
        for document in documents:
            document.refresh_from_db()
        return documents, sent

    return _request


def test_documents_started_together_are_rendered_in_chunks(request_many, echo):
    count = 2 * services.RENDER_CHUNK + 3
    documents, sent = request_many([{"text": f"n{i}"} for i in range(count)])
    assert [len(chunk) for chunk in sent] == [services.RENDER_CHUNK, services.RENDER_CHUNK, 3]
    assert [document_id for chunk in sent for document_id in chunk] == [
        str(document.pk) for document in documents
    ]
    assert all(document.status == DocumentStatus.READY for document in documents)
    assert documents[4].file.read() == b"n4 #5"
    assert echo.calls == count


def test_a_transient_error_in_a_chunk_retries_only_what_is_not_done(request_many, echo):
    echo.transient_failures_left = 1
    params = [{"steady": True, "text": "a"}, {"text": "b"}, {"steady": True, "text": "c"}]
    documents, sent = request_many(params)
    assert len(sent) == 1
    assert [document.status for document in documents] == [DocumentStatus.READY] * 3
    assert [document.attempts for document in documents] == [1, 2, 1]
    # a rendered once (#1); b failed (#2) and was made on the retry (#3) before c (#4).
    assert [document.file.read() for document in documents] == [b"a #1", b"b #3", b"c #4"]


def test_giving_up_on_a_chunk_fails_only_the_documents_not_made(request_many, echo):
    echo.transient_failures_left = 99
    documents, _ = request_many([{"steady": True}, {}, {"steady": True}])
    assert [document.status for document in documents] == [
        DocumentStatus.READY,
        DocumentStatus.FAILED,
        DocumentStatus.FAILED,
    ]
    assert documents[0].file.read() == b"hello #1"


def test_retry_renders_a_failed_document_again_and_overwrites_the_file(
    request_document, echo, owner, django_capture_on_commit_callbacks
):
    document = request_document()
    first_name = document.file.name
    # Pretend the stored file was lost and the render failed afterwards.
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED, error="lost")
    document.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_retry(actor=owner, document=document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.error == ""
    assert document.file.name == first_name
    assert document.file.read() == b"hello #2"
    assert os.listdir(os.path.dirname(document.file.path)) == ["echo.txt"]


def test_retry_of_a_ready_document_is_refused(request_document, owner):
    document = request_document()
    with pytest.raises(ValidationError):
        services.document_retry(actor=owner, document=document)


def test_retry_by_someone_the_kind_does_not_allow_is_refused(request_document, db):
    document = request_document(domain_error=True)
    stranger = user_with_role(Role.STAFF)
    with pytest.raises(PermissionDenied):
        services.document_retry(actor=stranger, document=document)


def test_a_document_pending_for_long_counts_as_stuck_and_may_be_retried(
    request_document, owner, echo, django_capture_on_commit_callbacks
):
    document = request_document(execute=False)  # the task was never sent
    assert not services.document_is_stuck(document)
    later = timezone.now() + services.STALE_AFTER + datetime.timedelta(minutes=1)
    assert services.document_is_stuck(document, now=later)
    Document.objects.filter(pk=document.pk).update(
        queued_at=timezone.now() - 2 * services.STALE_AFTER
    )
    document.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_retry(actor=owner, document=document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


# Views ---------------------------------------------------------------------------------------


def test_owner_downloads_the_file_through_the_view(request_document, owner, client):
    document = request_document(text="secret")
    client.force_login(owner)
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"secret #1"
    assert response["Content-Type"] == "text/plain"
    assert 'attachment; filename="echo.txt"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_someone_else_gets_404_for_download_detail_and_retry(request_document, client, db):
    document = request_document(domain_error=True)
    client.force_login(user_with_role(Role.STAFF))
    for name in ("document_detail", "document_download", "document_retry"):
        url = reverse(f"documents:{name}", args=[document.pk])
        response = client.post(url) if name == "document_retry" else client.get(url)
        assert response.status_code == 404, name


def test_unknown_uuid_is_404(owner, client, echo):
    client.force_login(owner)
    response = client.get(reverse("documents:document_download", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(request_document, client):
    document = request_document()
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_download_of_an_unfinished_document_goes_to_its_progress_page(
    request_document, owner, client
):
    document = request_document(execute=False)
    client.force_login(owner)
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:document_detail", args=[document.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page["Refresh"] == "2"  # polls while it is being made


def test_progress_page_of_a_failed_document_shows_the_error_and_a_retry_button(
    request_document, owner, client
):
    document = request_document(domain_error=True)
    client.force_login(owner)
    page = client.get(reverse("documents:document_detail", args=[document.pk]))
    assert "Refresh" not in page
    assert "Nothing to print for this selection." in page.content.decode()
    assert reverse("documents:document_retry", args=[document.pk]) in page.content.decode()


def test_retry_view_starts_a_failed_document_again(
    request_document, owner, client, echo, django_capture_on_commit_callbacks
):
    document = request_document(domain_error=True)
    Document.objects.filter(pk=document.pk).update(params={"text": "fixed"})
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:document_retry", args=[document.pk]), {"next": "/somewhere/"}
        )
    assert response.status_code == 302
    assert response["Location"] == "/somewhere/"
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_retry_view_ignores_an_offsite_next(request_document, owner, client):
    document = request_document(domain_error=True)
    client.force_login(owner)
    response = client.post(
        reverse("documents:document_retry", args=[document.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("documents:document_detail", args=[document.pk])


# Lost tasks: a killed worker, a broker that is down, the sweep -------------------------------


def test_a_task_delivered_again_claims_the_row_it_left_running(request_document, echo):
    """The broker gives a task back when its worker died (reject_on_worker_lost): the same
    task id may then take over the row it had claimed; another task may not."""
    document = request_document(execute=False)
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RUNNING, claimed_by="task-1", started_at=timezone.now()
    )
    assert services.document_render(document_id=document.pk, task_id="task-2") is None
    assert services.document_render(document_id=document.pk) is None
    assert services.document_render(document_id=document.pk, task_id="task-1") == "ready"
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.file.read() == b"hello #1"


def _broker_down(monkeypatch):
    from kombu.exceptions import OperationalError

    def refuse(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(render_documents, "delay", refuse)


# Committed for real, as in production: the task is sent while the request runs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_the_user_is_told_and_the_sweep_starts_it_later(
    request_document, owner, client, echo, monkeypatch
):
    document = request_document(domain_error=True)
    Document.objects.filter(pk=document.pk).update(params={"text": "later"})
    client.force_login(owner)
    _broker_down(monkeypatch)
    response = client.post(reverse("documents:document_retry", args=[document.pk]))
    page = client.get(response["Location"])
    assert "kön svarar inte" in page.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING
    # Marked: it may be started again at once, and the sweep sends it.
    assert services.document_is_stuck(document)
    assert services.documents_sweep_stale() == 0  # still down: sent nothing, stays marked
    document.refresh_from_db()
    assert services.document_is_stuck(document)
    monkeypatch.undo()
    assert services.documents_sweep_stale() == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.file.read() == b"later #2"


def test_the_sweep_sends_only_documents_that_lost_their_task(request_document, echo):
    old = timezone.now() - services.STALE_AFTER - datetime.timedelta(seconds=5)
    killed = request_document(execute=False)
    Document.objects.filter(pk=killed.pk).update(
        status=DocumentStatus.RUNNING, claimed_by="dead", started_at=old, queued_at=old
    )
    never_sent = request_document(execute=False)
    Document.objects.filter(pk=never_sent.pk).update(queued_at=old)
    waiting = request_document(execute=False)  # recent: its task may still be in the queue
    busy = request_document(execute=False)
    Document.objects.filter(pk=busy.pk).update(
        status=DocumentStatus.RUNNING, claimed_by="alive", started_at=timezone.now()
    )
    assert services.documents_sweep_stale() == 2
    statuses = dict(Document.objects.values_list("pk", "status"))
    assert statuses[killed.pk] == statuses[never_sent.pk] == DocumentStatus.READY
    assert statuses[waiting.pk] == DocumentStatus.PENDING
    assert statuses[busy.pk] == DocumentStatus.RUNNING
    assert services.documents_sweep_stale() == 0


def test_the_sweep_is_scheduled_for_celery_beat(settings):
    from framtidssakrad.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["documents-sweep-stale"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] < services.STALE_AFTER.total_seconds()
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
