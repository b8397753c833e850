"""Importing a file of companies or participants: upload, check (a preview that writes
nothing), confirm, import. Every write is here; each service checks what the actor may do.

The check and the import run in Celery (`imports.tasks`), each claiming the job with a
conditional update (`documents.queue.claim`) so that running a task twice does no harm. The
import checks the file again at the moment it writes (the register may have changed since the
preview) and writes every row that passes, and the job's new state, in one transaction: a
failure part-way, or a worker killed part-way, leaves the database as it was, so the sweep
(`imports_sweep_stale`) may simply send a job that lost its task again. While a task works,
its page shows how many rows it has checked or imported (`imports.progress`).

The uploaded file and the rows checked hold personal identity numbers: both are removed
IMPORT_FILE_RETENTION_DAYS after the import ended (`import_files_remove`).

An actor of None is the server's operator at the command line (`import_companies`,
`import_participants`).
"""

import contextlib
import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Capability, has_capability
from companies.services import companies_import, participants_import
from documents import queue
from documents.services import TRANSIENT_ERRORS, storage_delete

from . import progress, selectors
from .models import IN_PROGRESS, WAITING, WORKING, ImportJob, ImportKind, ImportStatus
from .plan import CHANGE, CREATE, REJECT, UNCHANGED, Plan, make_plan, planned_rows
from .reading import UnreadableFile, read_sheets

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
CAPABILITY = {
    ImportKind.COMPANIES: Capability.COMPANIES_IMPORT,
    ImportKind.PARTICIPANTS: Capability.PARTICIPANTS_IMPORT,
}
MSG_TOO_LARGE = gettext_lazy("The file is larger than 10 MB: split it into smaller files.")
MSG_NOT_SENT = gettext_lazy(
    "The file could not be sent to be checked or imported just now: the task queue does not "
    "answer. It starts by itself within a few minutes of the queue being back."
)
# A job waiting or working this long (and whose progress did not move meanwhile) has lost its
# task: never sent (broker down) or its worker was killed.
STALE_AFTER = datetime.timedelta(seconds=settings.IMPORTS_STALE_AFTER_SECONDS)
# A job whose worker died this often is marked failed, with a retry, rather than sent again.
MAX_ATTEMPTS = 3
# Participant rows per call of the register's import service: the progress moves between two.
WRITE_CHUNK = 1000


def may_import(actor, kind: str) -> bool:
    return actor is None or has_capability(actor, CAPABILITY[kind])


def check_file(*, actor, kind: str, content: bytes, filename: str) -> Plan:
    """The plan for a file without storing anything (the preview of a dry run). Raises
    UnreadableFile when the file is not a table of `kind`."""
    if not may_import(actor, kind):
        raise PermissionDenied
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(MSG_TOO_LARGE)
    return make_plan(read_sheets(content, filename), kind=kind, actor=actor)


@transaction.atomic
def import_upload(*, actor, kind: str, content: bytes, filename: str) -> ImportJob:
    """Keep the uploaded file and start its check (after commit). Staff for any kind, coaches
    for participants."""
    if not may_import(actor, kind):
        raise PermissionDenied
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(MSG_TOO_LARGE)
    job = ImportJob(
        kind=kind,
        owner=actor,
        filename=filename[-200:],
        checksum=hashlib.sha256(content).hexdigest(),
        size=len(content),
        language=translation.get_language() or "sv",
    )
    job.created_at = timezone.now()
    job.file.save(filename[-100:], ContentFile(content), save=False)
    job.save()
    _enqueue("check", job)
    return job


def _enqueue(step: str, job: ImportJob) -> None:
    transaction.on_commit(lambda: _send(step, job.pk))


def _send(step: str, job_id) -> bool:
    """Send the task of `step` ("check" or "run"). When the broker does not answer the job is
    marked stale at once (the sweep sends it when the broker is back) and the user is told."""
    from . import tasks

    task = tasks.check_import if step == "check" else tasks.run_import
    if queue.send(task, message=MSG_NOT_SENT, job_id=str(job_id)):
        return True
    ImportJob.objects.filter(pk=job_id, status__in=WAITING).update(
        queued_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1)
    )
    return False


class _ClaimLost(Exception):
    """Another task took the job while this one worked (the sweep sent it again): what this one
    wrote is rolled back."""


def import_check(*, job_id, task_id: str = "") -> None:
    """The check task's work: read the file, plan every row, store the plan."""
    _run_step(
        job_id,
        task_id=task_id,
        waiting=ImportStatus.PENDING,
        working=ImportStatus.CHECKING,
        finished=ImportStatus.CHECKED,
        stamp="checked_at",
        write=False,
    )


def import_run(*, job_id, task_id: str = "") -> None:
    """The import task's work: check the file again and write every valid row, all or nothing."""
    _run_step(
        job_id,
        task_id=task_id,
        waiting=ImportStatus.QUEUED,
        working=ImportStatus.IMPORTING,
        finished=ImportStatus.DONE,
        stamp="imported_at",
        write=True,
    )


def _run_step(
    job_id, *, task_id: str, waiting: str, working: str, finished: str, stamp: str, write: bool
):
    # A second run of the same task finds nothing to do; the same task delivered again after
    # its worker died takes the job back.
    claimed = queue.claim(
        ImportJob.objects.filter(pk=job_id),
        waiting=Q(status=waiting),
        working=working,
        task_id=task_id,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    try:
        with translation.override(job.language), _back_to(job, waiting, task_id):
            with transaction.atomic():
                plan = _plan(job)
                if write:
                    rows = plan.count(CREATE) + plan.count(CHANGE)
                    written = progress.Progress(job.pk, progress.WRITING, rows)
                    write_plan(actor=job.owner, plan=plan, step=written.step)
                _finish(job, plan, task_id=task_id, working=working, finished=finished, stamp=stamp)
    except UnreadableFile as error:
        _fail(job, str(error))
    except _ClaimLost:
        logger.warning("import %s was taken by another task; this one's work is undone", job_id)
    finally:
        progress.clear(job_id)


def _finish(job: ImportJob, plan: Plan, *, task_id: str, working: str, finished: str, stamp: str):
    """Store what the step found, in the step's transaction, if the job is still this task's."""
    _record(job, plan)
    fields = ("outcomes", "headers", "created", "changed", "unchanged", "rejected")
    done = ImportJob.objects.filter(pk=job.pk, status=working, claimed_by=task_id).update(
        status=finished,
        rows_total=job.rows_total,
        rows_done=job.rows_done,
        **{field: getattr(job, field) for field in fields},
        **{stamp: timezone.now()},
    )
    if not done:
        raise _ClaimLost


def _record(job: ImportJob, plan: Plan) -> None:
    job.outcomes = plan.as_json()
    job.headers = plan.header
    job.created = plan.count(CREATE)
    job.changed = plan.count(CHANGE)
    job.unchanged = plan.count(UNCHANGED)
    job.rejected = plan.count(REJECT)
    job.rows_total = job.rows_done = len(plan.outcomes)


@contextlib.contextmanager
def _back_to(job: ImportJob, status: str, task_id: str):
    """On a transient error (the task retries) the claimed job waits again, so that the retry
    can claim it (sent just now, for the sweep)."""
    try:
        yield
    except TRANSIENT_ERRORS:
        ImportJob.objects.filter(pk=job.pk, claimed_by=task_id).update(
            status=status, claimed_by="", started_at=None, queued_at=timezone.now()
        )
        raise


def _plan(job: ImportJob) -> Plan:
    with job.file.open("rb") as handle:
        content = handle.read()
    sheets = read_sheets(content, job.filename)
    checked = progress.Progress(job.pk, progress.CHECKING, planned_rows(sheets, kind=job.kind))
    return make_plan(sheets, kind=job.kind, actor=job.owner, step=checked.step)


def _check_access(actor, job: ImportJob) -> None:
    """The actor may import this kind and sees the job (their own, or staff)."""
    visible = actor is None or ImportJob.objects.for_user(actor).filter(pk=job.pk).exists()
    if not (visible and may_import(actor, job.kind)):
        raise PermissionDenied


def import_confirm(*, actor, job: ImportJob) -> bool:
    """Import a checked file's valid rows (its owner, or staff). False if it was not waiting
    for confirmation (a second click)."""
    _check_access(actor, job)
    with transaction.atomic():
        now = timezone.now()
        confirmed = ImportJob.objects.filter(
            pk=job.pk, status=ImportStatus.CHECKED, file_removed_at=None
        ).update(status=ImportStatus.QUEUED, confirmed_at=now, queued_at=now, attempts=0)
        if confirmed:
            _enqueue("run", job)
    return bool(confirmed)


def _nothing(rows: int) -> None:
    """The default progress hook: counts nothing."""


@transaction.atomic
def write_plan(*, actor, plan: Plan, step=_nothing) -> None:
    """Write the rows of `plan` that passed: companies first (a participant row may name one
    created by the same import), then participants, WRITE_CHUNK at a time. One transaction.
    `step(rows)` is called after each part is written (the progress)."""
    rows = {kind: {CREATE: [], CHANGE: []} for kind in ("company", "participant")}
    for outcome in plan.outcomes:
        if outcome.action in (CREATE, CHANGE):
            rows[outcome.kind][outcome.action].append(outcome)
    created = {}
    if rows["company"][CREATE] or rows["company"][CHANGE]:
        created = companies_import(
            actor=actor,
            new=[o.values for o in rows["company"][CREATE]],
            changed=[(o.values["id"], _changed(o)) for o in rows["company"][CHANGE]],
        )
        step(len(rows["company"][CREATE]) + len(rows["company"][CHANGE]))
    if not (rows["participant"][CREATE] or rows["participant"][CHANGE]):
        return
    from companies.models import Company

    numbers = {o.values["company"] for kind in (CREATE, CHANGE) for o in rows["participant"][kind]}
    company_ids = dict(
        Company.objects.filter(organisationsnummer__in=numbers).values_list(
            "organisationsnummer", "pk"
        )
    )
    company_ids.update(created)
    new = [_participant(o.values, company_ids) for o in rows["participant"][CREATE]]
    changed = [
        (o.values["id"], _participant(_changed(o), company_ids))
        for o in rows["participant"][CHANGE]
    ]
    for start in range(0, len(new), WRITE_CHUNK):
        part = new[start : start + WRITE_CHUNK]
        participants_import(actor=actor, new=part, changed=[])
        step(len(part))
    for start in range(0, len(changed), WRITE_CHUNK):
        part = changed[start : start + WRITE_CHUNK]
        participants_import(actor=actor, new=[], changed=part)
        step(len(part))


def _changed(outcome) -> dict:
    fields = {change["field"] for change in outcome.changes}
    fields = {"municipality" if f == "municipality_id" else f for f in fields}
    return {k: v for k, v in outcome.values.items() if k in fields}


def _participant(values: dict, company_ids: dict[str, int]) -> dict:
    result = {k: v for k, v in values.items() if k not in ("company", "id")}
    if "company" in values:
        result["company_id"] = company_ids[values["company"]]
    if "start_date" in result:
        result["start_date"] = datetime.date.fromisoformat(result["start_date"])
    return result


def _fail(job: ImportJob, message: str, *, retryable: bool = False) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED, error=message, retryable=retryable
    )


def import_fail(*, job_id, error: BaseException) -> None:
    """A task gave up on an unexpected error: the job says so and can be tried again."""
    logger.exception("import %s failed", job_id, exc_info=error)
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None and job.in_progress:
        with translation.override(job.language):
            message = _(
                "Something went wrong on the server. Try again; "
                "if it fails again, tell the project's staff."
            )
            _fail(job, message, retryable=True)


def import_retry(*, actor, job: ImportJob) -> bool:
    """Start a failed check or import again (its owner, or staff)."""
    _check_access(actor, job)
    step, status = (
        ("run", ImportStatus.QUEUED) if job.confirmed_at else ("check", ImportStatus.PENDING)
    )
    with transaction.atomic():
        restarted = ImportJob.objects.filter(
            pk=job.pk, status=ImportStatus.FAILED, retryable=True, file_removed_at=None
        ).update(
            status=status,
            error="",
            retryable=False,
            claimed_by="",
            started_at=None,
            attempts=0,
            queued_at=timezone.now(),
        )
        if restarted:
            _enqueue(step, job)
    return bool(restarted)


@transaction.atomic
def import_from_command(*, kind: str, content: bytes, filename: str, plan: Plan) -> ImportJob:
    """Import a checked file from the command line (the server's operator) and keep it in the
    log like an import from the web."""
    write_plan(actor=None, plan=plan)
    job = ImportJob(
        kind=kind,
        owner=None,
        filename=filename[-200:],
        checksum=hashlib.sha256(content).hexdigest(),
        size=len(content),
        status=ImportStatus.DONE,
    )
    _record(job, plan)
    job.created_at = job.checked_at = job.confirmed_at = job.imported_at = timezone.now()
    job.file.save(filename[-100:], ContentFile(content), save=False)
    job.save()
    return job


def _alive(job: ImportJob, now: datetime.datetime) -> bool:
    """Its progress moved lately: a long check or import, not a dead one."""
    latest = progress.read(job.pk)
    return (
        job.status in WORKING
        and latest is not None
        and latest["at"] > (now - STALE_AFTER).timestamp()
    )


def imports_sweep_stale(now: datetime.datetime | None = None) -> int:
    """Send again every job that lost its task: waiting since it was sent, or working since it
    was claimed, for longer than STALE_AFTER (broker down when it was sent, worker killed).
    Safe: a killed import committed nothing, a task claims its job, and a job taken from a task
    that was only slow is rolled back in that task (`_finish`). A job whose worker died
    MAX_ATTEMPTS times is marked failed with a retry instead. Run by `celery beat`
    (settings.CELERY_BEAT_SCHEDULE). Returns how many were sent."""
    now = now or timezone.now()
    lost = queue.lost(now=now, stale_after=STALE_AFTER, waiting=WAITING, working=WORKING)
    sent = 0
    for job in ImportJob.objects.filter(lost).order_by("queued_at", "id"):
        if _alive(job, now):
            continue
        same = ImportJob.objects.filter(pk=job.pk, status=job.status, claimed_by=job.claimed_by)
        if job.status in WORKING and job.attempts >= MAX_ATTEMPTS:
            with translation.override(job.language):
                message = _(
                    "The server stopped several times while working on this file. Try again; "
                    "if it stops again, split the file or tell the project's staff."
                )
            same.update(status=ImportStatus.FAILED, error=message, retryable=True)
            continue
        running = job.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING)
        waiting = ImportStatus.QUEUED if running else ImportStatus.PENDING
        if same.update(status=waiting, claimed_by="", started_at=None, queued_at=now):
            logger.warning("Sending import %s again (it was %s)", job.pk, job.status)
            sent += _send("run" if running else "check", job.pk)
    return sent


def import_files_expired(now: datetime.datetime | None = None):
    """The jobs whose file is kept past IMPORT_FILE_RETENTION_DAYS after the import ended
    (imported, or checked or failed and left so), oldest first."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    return (
        ImportJob.objects.exclude(status__in=IN_PROGRESS)
        .filter(file_removed_at=None)
        .annotate(ended=Coalesce("imported_at", "checked_at", "created_at"))
        .filter(ended__lt=cutoff)
        .order_by("ended", "id")
    )


def import_files_remove(*, now: datetime.datetime | None = None, dry_run: bool = False) -> list:
    """Remove the uploaded file and the rows checked (the rejected rows' file is made from
    them) of every job `import_files_expired`, through the storage API; the log row keeps who,
    when, file name, checksum and counts. Returns the jobs (with `dry_run`, removes nothing).
    Run every night by `celery beat` and by `manage.py remove_import_files`."""
    now = now or timezone.now()
    jobs = list(import_files_expired(now))
    if dry_run:
        return jobs
    for job in jobs:
        # The row first, if still not in progress: a retry pressed meanwhile wins, and a job
        # marked removed is never checked or imported again.
        removed = (
            ImportJob.objects.filter(pk=job.pk, file_removed_at=None)
            .exclude(status__in=IN_PROGRESS)
            .update(file="", outcomes=[], file_removed_at=now)
        )
        if removed and job.file:
            name = job.file.name
            try:
                job.file.delete(save=False)
            except Exception:  # the storage's errors vary (disk, S3): the next run tries again
                logger.exception("Could not remove the file of import %s", job.pk)
                ImportJob.objects.filter(pk=job.pk).update(file=name, file_removed_at=None)
    return jobs


def import_participants_forget(*, participant_ids, name: str) -> int:
    """Forget the participants in the imports of participants that named them (the privacy
    app's anonymisation, before it removes their numbers; no user calls it): each such
    import's stored file is deleted once the transaction commits (it names everyone in it, and
    the import is long done when retention runs out), and its log's rows about them keep what
    was done but show `name` instead of their name, number and cells. Safe to run again.
    Returns how many imports changed."""
    files = []
    named = selectors.imports_naming(participant_ids)
    for job, outcomes in named:
        for outcome in outcomes:
            outcome.update(name=name, key="", values={}, changes=[], cells=[])
        if job.file:
            files.append(job.file.name)
        ImportJob.objects.filter(pk=job.pk).update(
            outcomes=job.outcomes,
            file="",
            file_removed_at=job.file_removed_at or (timezone.now() if job.file else None),
        )
    if files:
        storage = ImportJob._meta.get_field("file").storage
        transaction.on_commit(lambda: storage_delete(files, storage=storage), robust=True)
    return len(named)
