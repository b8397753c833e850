"""Import jobs as work in the task queue: progress row by row while a task runs, jobs that
lost their task (broker down, worker killed) sent again by the sweep exactly once, and the
uploaded files removed when their retention ends."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from companies.models import Participant
from companies.tests.factories import next_personnummer
from imports import plan, progress, services, tasks
from imports.models import ImportJob, ImportStatus

from .files import csv_bytes
from .test_imports import HEADER, confirm, upload

ROWS = 5


def _file(company, rows=ROWS, first="Namn"):
    return csv_bytes(
        [
            HEADER,
            *[
                [next_personnummer(), f"{first}{i}", "Ek", company.organisationsnummer]
                + ["Anställd", "2021-03-31"]
                for i in range(rows)
            ],
        ]
    )


def _from_another_thread(job_id):
    """What another process would read: not through this test's database transaction."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(progress.read, job_id).result()


@pytest.fixture
def checked(cast, django_capture_on_commit_callbacks):
    """A file of ROWS new participants of company A, checked, waiting for confirmation."""
    client = cast.client(cast.staff)
    upload(client, _file(cast.company_a), "p.csv", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKED
    return client, job


# Progress ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_check_and_the_import_show_their_progress_row_by_row_while_they_run(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(progress, "EVERY", 2)
    monkeypatch.setattr(services, "WRITE_CHUNK", 2)
    client = cast.client(cast.staff)
    seen = []

    def page(job_id):
        html = client.get(reverse("imports:import_detail", args=[job_id])).content.decode()
        return html[html.index('aria-live="polite"') :]

    # The check: each row's identity number is masked once, after the row was counted.
    mask = plan.mask_personnummer

    def masking(number):
        job_id = ImportJob.objects.get().pk
        seen.append(("check", _from_another_thread(job_id), page(job_id)))
        return mask(number)

    monkeypatch.setattr(plan, "mask_personnummer", masking)
    upload(client, _file(cast.company_a), "p.csv", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    monkeypatch.setattr(plan, "mask_personnummer", mask)
    assert [entry[1]["done"] for entry in seen] == [0, 2, 2, 4, 4]  # every EVERY rows
    assert {(entry[1]["phase"], entry[1]["total"]) for entry in seen} == {("checking", ROWS)}
    assert "Kontrollerat 2 av 5 rader." in seen[2][2]
    assert '<progress class="w-100" max="5" value="2"' in seen[2][2]

    # The import: the register's service writes WRITE_CHUNK rows at a time.
    seen.clear()
    write = services.participants_import

    def writing(**kwargs):
        seen.append(("write", _from_another_thread(job.pk), page(job.pk)))
        return write(**kwargs)

    monkeypatch.setattr(services, "participants_import", writing)
    confirm(client, job, django_capture_on_commit_callbacks)
    assert [(e[1]["phase"], e[1]["done"], e[1]["total"]) for e in seen] == [
        ("writing", 0, 5),
        ("writing", 2, 5),
        ("writing", 4, 5),
    ]
    assert "Importerat 4 av 5 rader." in seen[2][2]
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportStatus.DONE, ROWS)
    # Done: the page shows the counts, no progress, and the cache holds nothing.
    assert progress.read(job.pk) is None
    assert "av 5 rader" not in page(job.pk)


# Jobs that lost their task ----------------------------------------------------------------


def _stale():
    return timezone.now() - services.STALE_AFTER - datetime.timedelta(seconds=5)


@pytest.mark.django_db
def test_an_import_left_by_a_killed_worker_is_run_again_by_the_sweep_and_done_once(checked):
    client, job = checked
    # The worker took the job and died: its transaction was rolled back, nothing written.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.IMPORTING,
        claimed_by="dead-task",
        confirmed_at=_stale(),
        queued_at=_stale(),
        started_at=_stale(),
        attempts=1,
    )
    assert services.imports_sweep_stale() == 1
    job.refresh_from_db()
    assert (job.status, job.created, job.attempts) == (ImportStatus.DONE, ROWS, 2)
    assert Participant.objects.filter(first_name__startswith="Namn").count() == ROWS
    assert services.imports_sweep_stale() == 0
    # The dead task's message delivered again later finds the job done: nothing happens.
    services.import_run(job_id=job.pk, task_id="dead-task")
    assert Participant.objects.filter(first_name__startswith="Namn").count() == ROWS


@pytest.mark.django_db
def test_a_check_left_by_a_killed_worker_and_a_check_never_sent_are_run_again(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker never got them
        killed, never_sent = (
            services.import_upload(
                actor=cast.staff, kind="participants", content=_file(cast.company_a), filename=n
            )
            for n in ("a.csv", "b.csv")
        )
    ImportJob.objects.filter(pk=killed.pk).update(
        status=ImportStatus.CHECKING, claimed_by="dead", started_at=_stale(), attempts=1
    )
    ImportJob.objects.filter(pk=never_sent.pk).update(queued_at=_stale())
    assert services.imports_sweep_stale() == 2
    statuses = set(ImportJob.objects.values_list("status", "created"))
    assert statuses == {(ImportStatus.CHECKED, ROWS)}


@pytest.mark.django_db
def test_the_sweep_leaves_running_and_recently_sent_jobs_alone(checked, cast):
    client, job = checked
    fresh = ImportJob.objects.filter(pk=job.pk)
    fresh.update(status=ImportStatus.IMPORTING, claimed_by="alive", started_at=timezone.now())
    assert services.imports_sweep_stale() == 0
    # Working long, but its progress moved lately: a big file, not a dead worker.
    fresh.update(started_at=_stale())
    progress.Progress(job.pk, progress.WRITING, ROWS).step(1)
    assert services.imports_sweep_stale() == 0
    fresh.update(status=ImportStatus.QUEUED, claimed_by="", started_at=None)
    assert services.imports_sweep_stale() == 0  # its task may still be in the queue
    assert fresh.get().status == ImportStatus.QUEUED
    assert not Participant.objects.filter(first_name__startswith="Namn").exists()


@pytest.mark.django_db
def test_the_same_task_delivered_again_after_its_worker_died_takes_its_job_back(checked):
    client, job = checked
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.IMPORTING, claimed_by="task-1", started_at=timezone.now()
    )
    services.import_run(job_id=job.pk, task_id="task-2")  # another task: not its job
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING
    services.import_run(job_id=job.pk, task_id="task-1")
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportStatus.DONE, ROWS)


@pytest.mark.django_db
def test_a_slow_task_whose_job_was_sent_again_meanwhile_undoes_its_work(checked, monkeypatch):
    client, job = checked
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    write = services.participants_import

    def taken_meanwhile(**kwargs):
        write(**kwargs)
        # The sweep gave the job to another task while this one was still writing.
        ImportJob.objects.filter(pk=job.pk).update(claimed_by="the-new-task")

    monkeypatch.setattr(services, "participants_import", taken_meanwhile)
    services.import_run(job_id=job.pk, task_id="the-slow-task")
    assert not Participant.objects.filter(first_name__startswith="Namn").exists()
    # (The takeover, in this test's one connection, is rolled back with the rest.)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING


@pytest.mark.django_db
def test_a_job_whose_worker_keeps_dying_fails_with_a_retry_the_user_can_press(
    checked, django_capture_on_commit_callbacks
):
    client, job = checked
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.IMPORTING,
        claimed_by="dead",
        confirmed_at=_stale(),
        started_at=_stale(),
        attempts=services.MAX_ATTEMPTS,
    )
    assert services.imports_sweep_stale() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.retryable
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Servern stannade flera gånger" in page
    assert reverse("imports:import_retry", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:import_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created, job.attempts) == (ImportStatus.DONE, ROWS, 1)


# Committed for real, as in production: the task is sent while the request runs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_the_user_is_told_and_the_sweep_checks_the_file_later(
    cast, monkeypatch
):
    from kombu.exceptions import OperationalError

    def refuse(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.check_import, "delay", refuse)
    client = cast.client(cast.staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("imports:import_list"),
        {"kind": "participants", "file": SimpleUploadedFile("p.csv", _file(cast.company_a))},
    )
    page = client.get(response["Location"]).content.decode()
    assert "kön svarar inte" in page
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PENDING
    assert services.imports_sweep_stale() == 0  # still down: stays marked
    monkeypatch.undo()
    assert services.imports_sweep_stale() == 1
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportStatus.CHECKED, ROWS)


def test_the_sweep_and_the_removal_are_scheduled_for_celery_beat(settings):
    from framtidssakrad.celery import app

    sweep = settings.CELERY_BEAT_SCHEDULE["imports-sweep-stale"]
    assert sweep["task"] in app.tasks
    assert sweep["schedule"] < services.STALE_AFTER.total_seconds()
    assert settings.CELERY_BEAT_SCHEDULE["imports-remove-old-files"]["task"] in app.tasks
    assert tasks.run_import.acks_late and tasks.run_import.reject_on_worker_lost


# Retention of the uploaded files ----------------------------------------------------------


def _ended_days_ago(job, days):
    ended = timezone.now() - datetime.timedelta(days=days)
    ImportJob.objects.filter(pk=job.pk).update(created_at=ended, checked_at=ended)


@pytest.mark.django_db
def test_files_are_removed_when_their_retention_ends_and_the_log_stays(
    cast, settings, django_capture_on_commit_callbacks, capsys
):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    client = cast.client(cast.staff)
    content = csv_bytes(
        [HEADER, [next_personnummer(), "Åsa", "Ek", "nej", "Anställd", "2021-03-31"]]
    )
    jobs = []
    for name in ("old.csv", "new.csv", "running.csv"):
        upload(client, content, name, capture=django_capture_on_commit_callbacks)
        jobs.append(ImportJob.objects.get(filename=name))
    old, new, running = jobs
    _ended_days_ago(old, 31)
    _ended_days_ago(new, 29)
    _ended_days_ago(running, 40)
    ImportJob.objects.filter(pk=running.pk).update(status=ImportStatus.QUEUED)
    assert all(default_storage.exists(job.file.name) for job in jobs)

    call_command("remove_import_files", "--dry-run")
    assert "old.csv" in capsys.readouterr().out
    assert default_storage.exists(old.file.name)
    assert ImportJob.objects.get(pk=old.pk).file_removed_at is None

    call_command("remove_import_files")
    out = capsys.readouterr().out
    assert "old.csv" in out and "new.csv" not in out and "1 import file(s)" in out
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(new.file.name) and default_storage.exists(running.file.name)
    kept = ImportJob.objects.get(pk=old.pk)
    assert (kept.filename, kept.checksum, kept.owner, kept.rejected) == (
        "old.csv",
        old.checksum,
        cast.staff,
        1,
    )
    assert (kept.file.name, kept.outcomes, kept.file_removed) == ("", [], True)

    page = client.get(kept.get_absolute_url()).content.decode()
    assert "togs bort" in page and "old.csv" in page
    assert reverse("imports:import_rejected", args=[kept.pk, "csv"]) not in page
    rejected = client.get(reverse("imports:import_rejected", args=[kept.pk, "csv"]))
    assert rejected.status_code == 404
    assert tasks.remove_import_files() == 0  # nothing more is due


@pytest.mark.django_db
def test_a_checked_file_removed_before_it_was_confirmed_cannot_be_imported(checked):
    client, job = checked
    _ended_days_ago(job, 31)
    assert len(services.import_files_remove()) == 1
    job.refresh_from_db()
    assert not services.import_confirm(actor=job.owner, job=job)
    page = client.get(job.get_absolute_url()).content.decode()
    assert reverse("imports:import_confirm", args=[job.pk]) not in page
    assert "Kontrollerad, aldrig importerad" in page
    assert not Participant.objects.filter(first_name__startswith="Namn").exists()


@pytest.mark.django_db
def test_a_transient_error_puts_the_job_back_and_the_retry_imports_it_once(
    checked, monkeypatch, django_capture_on_commit_callbacks
):
    client, job = checked
    write = services.participants_import
    failures = []

    def disk_away_once(**kwargs):
        if not failures:
            failures.append(ImportJob.objects.get(pk=job.pk).claimed_by)
            raise OSError("the disk was away")
        return write(**kwargs)

    monkeypatch.setattr(services, "participants_import", disk_away_once)
    confirm(client, job, django_capture_on_commit_callbacks)  # the task retries inline
    job.refresh_from_db()
    assert failures and failures[0]  # the first run had claimed the job with its task id
    assert (job.status, job.created, job.attempts) == (ImportStatus.DONE, ROWS, 2)
    assert Participant.objects.filter(first_name__startswith="Namn").count() == ROWS
