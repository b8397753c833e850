"""Importing a file of companies or participants: upload, check (a preview that writes
nothing), confirm, import. Every write is here; each service checks what the actor may do.

The check and the import run in Celery (`imports.tasks`), each claiming the job with a
conditional update so that running a task twice does no harm. The import checks the file again
at the moment it writes (the register may have changed since the preview) and writes every row
that passes, in one transaction: a failure part-way leaves the database as it was.

An actor of None is the server's operator at the command line (`import_companies`,
`import_participants`).
"""

import contextlib
import datetime
import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Capability, has_capability
from companies.services import companies_import, participants_import
from documents.services import TRANSIENT_ERRORS, storage_delete

from . import selectors
from .models import ImportJob, ImportKind, ImportStatus
from .plan import CHANGE, CREATE, REJECT, UNCHANGED, Plan, make_plan
from .reading import UnreadableFile, read_sheets

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
CAPABILITY = {
    ImportKind.COMPANIES: Capability.COMPANIES_IMPORT,
    ImportKind.PARTICIPANTS: Capability.PARTICIPANTS_IMPORT,
}
MSG_TOO_LARGE = gettext_lazy("The file is larger than 10 MB: split it into smaller files.")


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
    from . import tasks

    task = tasks.check_import if step == "check" else tasks.run_import
    transaction.on_commit(lambda: task.delay(job_id=str(job.pk)))


def import_check(*, job_id) -> None:
    """The check task's work: read the file, plan every row, store the plan."""
    _run_step(
        job_id,
        waiting=ImportStatus.PENDING,
        working=ImportStatus.CHECKING,
        finished=ImportStatus.CHECKED,
        stamp="checked_at",
        write=False,
    )


def import_run(*, job_id) -> None:
    """The import task's work: check the file again and write every valid row, all or nothing."""
    _run_step(
        job_id,
        waiting=ImportStatus.QUEUED,
        working=ImportStatus.IMPORTING,
        finished=ImportStatus.DONE,
        stamp="imported_at",
        write=True,
    )


def _run_step(job_id, *, waiting: str, working: str, finished: str, stamp: str, write: bool):
    # Claimed with a conditional update: a second run of the same task finds nothing to do.
    if not ImportJob.objects.filter(pk=job_id, status=waiting).update(status=working):
        return
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    with translation.override(job.language), _back_to(job, waiting):
        try:
            plan = _plan(job)
            if write:
                write_plan(actor=job.owner, plan=plan)
        except UnreadableFile as error:
            _fail(job, str(error))
            return
    _record(job, plan)
    job.status = finished
    setattr(job, stamp, timezone.now())
    job.save()


def _record(job: ImportJob, plan: Plan) -> None:
    job.outcomes = plan.as_json()
    job.headers = plan.header
    job.created = plan.count(CREATE)
    job.changed = plan.count(CHANGE)
    job.unchanged = plan.count(UNCHANGED)
    job.rejected = plan.count(REJECT)
    job.rows_total = job.rows_done = len(plan.outcomes)


@contextlib.contextmanager
def _back_to(job: ImportJob, status: str):
    """On a transient error (the task retries) the claimed job waits again, so that the retry
    can claim it."""
    try:
        yield
    except TRANSIENT_ERRORS:
        ImportJob.objects.filter(pk=job.pk).update(status=status)
        raise


def _plan(job: ImportJob) -> Plan:
    with job.file.open("rb") as handle:
        content = handle.read()
    return make_plan(read_sheets(content, job.filename), kind=job.kind, actor=job.owner)


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
        confirmed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.QUEUED, confirmed_at=timezone.now()
        )
        if confirmed:
            _enqueue("run", job)
    return bool(confirmed)


@transaction.atomic
def write_plan(*, actor, plan: Plan) -> None:
    """Write the rows of `plan` that passed: companies first (a participant row may name one
    created by the same import), then participants. One transaction."""
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
    participants_import(
        actor=actor,
        new=[_participant(o.values, company_ids) for o in rows["participant"][CREATE]],
        changed=[
            (o.values["id"], _participant(_changed(o), company_ids))
            for o in rows["participant"][CHANGE]
        ],
    )


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
            pk=job.pk, status=ImportStatus.FAILED, retryable=True
        ).update(status=status, error="", retryable=False)
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


def import_files_remove(*, participant_ids, name: str) -> int:
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
        ImportJob.objects.filter(pk=job.pk).update(outcomes=job.outcomes, file="")
    if files:
        storage = ImportJob._meta.get_field("file").storage
        transaction.on_commit(lambda: storage_delete(files, storage=storage), robust=True)
    return len(named)
