"""The progress report end to end with a real `celery worker` and broker: queued after commit,
made by the worker, ready with its file (skipped without a broker and PostgreSQL)."""

import io

import pytest
from openpyxl import load_workbook

from certificates.tests.test_worker import wait_until_done
from documents.models import DocumentStatus
from reports.selectors import Filters
from reports.services import progress_report_request


@pytest.mark.worker
def test_worker_makes_the_progress_report_pdf_and_workbook(celery_worker_process, world):
    pdf = progress_report_request(actor=world.cast.manager, filters=Filters(), format="pdf")
    xlsx = progress_report_request(actor=world.cast.manager, filters=Filters(), format="xlsx")
    for document in (pdf, xlsx):
        document = wait_until_done(document)
        assert document.status == DocumentStatus.READY, document.error
    pdf.refresh_from_db()
    assert pdf.file.read().startswith(b"%PDF")
    xlsx.refresh_from_db()
    book = load_workbook(io.BytesIO(xlsx.file.read()))
    assert book.worksheets[-1].max_row == 1 + 5  # the header and the five participants
