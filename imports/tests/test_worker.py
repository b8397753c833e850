"""End to end with a real `celery worker` process and broker (Redis in CI): a worker process
killed in the middle of an import loses nothing and imports nothing twice.

Skipped, with the reason, when no broker is configured (`make test` on a laptop)."""

import os
import signal
import time

import pytest

from certificates.tests.test_worker import _pool_processes
from companies.models import Participant
from imports import services
from imports.bench import participant_workbook
from imports.models import ImportJob, ImportStatus

ROWS = 5000


def wait_for(job: ImportJob, statuses, seconds: float = 120) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.005)
    pytest.fail(f"the job did not reach {statuses} in {seconds} s: {job.status}")


@pytest.mark.worker
@pytest.mark.parametrize("celery_worker_process", ["prefork:1"], indirect=True)
def test_a_worker_killed_in_the_middle_of_an_import_loses_nothing_and_imports_once(
    celery_worker_process, cast
):
    """`kill -9` of the process importing: its transaction is rolled back, the broker gives the
    task back (acks_late with reject_on_worker_lost), the task takes its job back by its id, and
    the import ends done with every row written once."""
    content = participant_workbook(ROWS)
    job = services.import_upload(
        actor=cast.staff, kind="participants", content=content, filename="p.xlsx"
    )
    job = wait_for(job, [ImportStatus.CHECKED, ImportStatus.FAILED])
    assert (job.status, job.created) == (ImportStatus.CHECKED, ROWS), job.error

    assert services.import_confirm(actor=cast.staff, job=job)
    wait_for(job, [ImportStatus.IMPORTING])
    time.sleep(0.5)  # into the check again or the writing
    [victim] = _pool_processes(celery_worker_process)
    os.kill(victim, signal.SIGKILL)
    killed_before_done = ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING

    job = wait_for(job, [ImportStatus.DONE, ImportStatus.FAILED])
    assert (job.status, job.created) == (ImportStatus.DONE, ROWS), job.error
    assert killed_before_done
    assert job.attempts == 2  # the same task, delivered again, took its job back
    assert Participant.objects.filter(last_name="Testsson").count() == ROWS
