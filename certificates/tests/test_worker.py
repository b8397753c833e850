"""End to end with a real `celery worker` process and broker (Redis in CI): issuing a certificate
enqueues its render after commit, the worker renders and stores the PDF.

Skipped, with the reason, when no broker is configured (`make test` on a laptop)."""

import os
import signal
import time

import pytest

from certificates.services import certificate_issue, certificates_issue_bulk
from companies.tests.factories import ParticipantFactory
from documents.models import Document, DocumentStatus

from .factories import recorded_validation
from .test_pdf import pdf_text


def wait_until_done(document: Document, seconds: float = 60) -> Document:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in (DocumentStatus.READY, DocumentStatus.FAILED):
            return document
        time.sleep(0.1)
    pytest.fail(f"the worker did not finish the document in {seconds} s: {document.status}")


@pytest.mark.worker
def test_worker_renders_an_issued_certificate(celery_worker_process, cast, validation_a):
    certificate = certificate_issue(actor=cast.staff, validation=validation_a)

    document = wait_until_done(certificate.document)

    assert document.status == DocumentStatus.READY, document.error
    text, pages = pdf_text(document.file.read())
    assert pages == 1
    assert "Anna Alfa" in " ".join(text.split())
    assert certificate.code in text
    assert document.attempts == 1


@pytest.mark.worker
def test_worker_renders_a_bulk_issue_sent_several_to_a_task(
    celery_worker_process, cast, validation_a, vmodel
):
    for name in ("Britt", "Carl"):
        person = ParticipantFactory(company=cast.company_a, first_name=name, last_name="Berg")
        recorded_validation(person, assessor=cast.assessor_a, model=vmodel)

    batch = certificates_issue_bulk(actor=cast.staff, company=cast.company_a)

    certificates = list(batch.certificates.select_related("document").order_by("pk"))
    assert len(certificates) == 3
    for certificate in certificates:
        document = wait_until_done(certificate.document)
        assert document.status == DocumentStatus.READY, document.error
        text, _ = pdf_text(document.file.read())
        assert certificate.participant_name in " ".join(text.split())


def _pool_processes(worker) -> list[int]:
    """The pids of the worker's pool processes (its children), from /proc."""
    path = f"/proc/{worker.pid}/task/{worker.pid}/children"
    with open(path) as children:
        return [int(pid) for pid in children.read().split()]


@pytest.mark.worker
@pytest.mark.parametrize("celery_worker_process", ["prefork:1"], indirect=True)
def test_a_worker_killed_in_the_middle_of_a_batch_loses_no_document(
    celery_worker_process, cast, vmodel
):
    """`kill -9` of the process rendering a chunk: the broker gives the task back (acks_late
    with reject_on_worker_lost), the task claims the row it left running, and every document
    ends ready, made once (one file each)."""
    for number in range(25):
        person = ParticipantFactory(company=cast.company_a, first_name=f"P{number}")
        recorded_validation(person, assessor=cast.assessor_a, model=vmodel)
    batch = certificates_issue_bulk(actor=cast.staff, company=cast.company_a)
    documents = Document.objects.filter(
        pk__in=batch.certificates.values_list("document_id", flat=True)
    )
    assert documents.count() == 25

    deadline = time.monotonic() + 60
    while not documents.filter(status=DocumentStatus.RUNNING).exists():
        assert time.monotonic() < deadline, "no document started"
        time.sleep(0.002)
    [victim] = _pool_processes(celery_worker_process)
    os.kill(victim, signal.SIGKILL)
    unfinished_when_killed = documents.exclude(status=DocumentStatus.READY).count()

    for document in documents:
        document = wait_until_done(document, seconds=120)
        assert document.status == DocumentStatus.READY, document.error
        assert os.listdir(os.path.dirname(document.file.path)) == [document.filename]
    assert unfinished_when_killed > 0
    # The document being rendered when the process died was made again, by the same task.
    assert sorted(documents.values_list("attempts", flat=True))[-1] == 2
    assert _pool_processes(celery_worker_process) != [victim]
