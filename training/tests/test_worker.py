"""A company's batch of hours sheets with a real `celery worker` process and broker (Redis in
CI): the sheets are rendered after commit, then one ZIP of them. Skipped without a broker."""

import io
import zipfile

import pytest

from certificates.tests.test_worker import wait_until_done
from companies.tests.factories import ParticipantFactory
from documents.models import Document, DocumentStatus
from training import printing, services

from .conftest import DAY, add_session, enrol


@pytest.mark.worker
def test_worker_renders_a_company_batch_and_its_zip(celery_worker_process, cast, course):
    session = add_session(cast, course)
    participants = [cast.participant_a, ParticipantFactory(company=cast.company_a, start_date=DAY)]
    services.attendance_record(
        actor=cast.staff,
        session=session,
        entries=[
            services.AttendanceEntry(enrolment_id=enrol(cast, course, p).pk, present=True)
            for p in participants
        ],
    )
    batch = printing.hours_batch_start(actor=cast.staff, company=cast.company_a, month=DAY)
    for pk in batch.documents:
        document = wait_until_done(Document.objects.get(pk=pk))
        assert document.status == DocumentStatus.READY, document.error
    archive = wait_until_done(printing.hours_batch_zip(actor=cast.staff, batch=batch))
    assert archive.status == DocumentStatus.READY, archive.error
    assert len(zipfile.ZipFile(io.BytesIO(archive.file.read())).namelist()) == 2
