"""End to end with a real `celery worker` process and broker (Redis in CI): issuing a certificate
enqueues its render after commit, the worker renders and stores the PDF.

Skipped, with the reason, when no broker is configured (`make test` on a laptop)."""

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
