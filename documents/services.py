"""Writes for documents: request one, render it (the task's whole work), retry a failed one.

The house's one convention (README, "Layout"): a door for a person (`document_retry`) checks
the actor itself; `document_request` is a step of the services that make documents, which
have checked theirs, and the task's functions act for the document's owner.

Rendering is safe to run twice: the render claims the row with a conditional update
(pending → running) and does nothing if another run got there first; the stored file is
replaced, never appended to.

One task renders one document, or a chunk of a bulk request's documents (`documents_start`):
a task costs the worker a fixed overhead besides the work (fetch and acknowledge the message,
hand it to a pool process; measured in the README's "Performance" section), which chunking pays
once per chunk.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import queue, registry
from .models import Document, DocumentStatus
from .registry import DocumentError, Rendered

logger = logging.getLogger(__name__)

# Worth another try: the disk or the database was briefly away. Anything else is either a
# domain error (DocumentError, recorded on the row) or a bug (recorded, logged, not retried).
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OSError, OperationalError, InterfaceError)

# A document still pending or running this long after it was requested or started has lost its
# task (broker down when it was enqueued, worker killed): staff may start it again, and the
# scheduled sweep (`documents_sweep_stale`) sends it again by itself.
STALE_AFTER = datetime.timedelta(seconds=settings.DOCUMENTS_STALE_AFTER_SECONDS)

# Shown to the user whose request could not send a render (`documents.middleware`).
MSG_NOT_SENT = _(
    "The PDF could not be started just now: the task queue does not answer. "
    "It starts by itself when the queue is back, and you can start it "
    "again under My documents."
)

# Documents per task when many are started together: enough to pay the task overhead once per
# chunk, few enough that every worker process gets a share of a bulk request and that a retry
# after a transient error holds back only a few documents.
RENDER_CHUNK = 10


@transaction.atomic
def document_request(
    *, actor, kind: str, title: str, params: dict | None = None, start: bool = True
) -> Document:
    """Register a document to be made and start its render once the transaction commits.

    Called by the service of the app that owns the kind, after it checked that `actor` may
    have the document; `actor` becomes its owner (None for system jobs). A bulk request passes
    `start=False` for each document and then `documents_start` for all of them.
    """
    registry.get_kind(kind)  # fail early on a typo rather than in the worker
    document = Document.objects.create(
        kind=kind,
        # A title holds a name (up to 201 characters): cut, not refused, at the column's length.
        title=Truncator(title).chars(Document._meta.get_field("title").max_length),
        owner=actor,
        params=params or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if start:
        documents_start([document.pk])
    return document


def documents_start(document_ids: list[uuid.UUID]) -> None:
    """Start rendering `document_ids`, in chunks of RENDER_CHUNK, once the transaction commits."""
    document_ids = list(document_ids)
    transaction.on_commit(lambda: enqueue_render(document_ids))


def enqueue_render(document_ids: list[uuid.UUID]) -> int:
    """Send the render tasks; returns how many documents could not be sent.

    When the broker does not answer, the rows are marked stale at once (their `queued_at` set
    back by STALE_AFTER): staff may start them again now, the sweep sends them when the broker
    is back, and the request's user is told (`queue.send`)."""
    from .tasks import render_documents

    failed: list[str] = []
    for start in range(0, len(document_ids), RENDER_CHUNK):
        chunk = [str(pk) for pk in document_ids[start : start + RENDER_CHUNK]]
        if not queue.send(render_documents, message=MSG_NOT_SENT, document_ids=chunk):
            failed += chunk
    if failed:
        Document.objects.filter(pk__in=failed, status=DocumentStatus.PENDING).update(
            queued_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1)
        )
    return len(failed)


def documents_sweep_stale(now: datetime.datetime | None = None) -> int:
    """Send again every document that lost its task: pending or running past STALE_AFTER
    (broker down when it was sent, worker killed without giving the message back). Run by
    `celery beat` (settings.CELERY_BEAT_SCHEDULE). Safe beside a live task: a render claims
    its row, so a document sent twice is made once. Returns how many were sent."""
    now = now or timezone.now()
    lost = queue.lost(
        now=now,
        stale_after=STALE_AFTER,
        waiting=[DocumentStatus.PENDING],
        working=[DocumentStatus.RUNNING],
    )
    document_ids = list(
        Document.objects.filter(lost).order_by("queued_at", "id").values_list("pk", flat=True)
    )
    if not document_ids:
        return 0
    Document.objects.filter(lost, pk__in=document_ids).update(
        status=DocumentStatus.PENDING, started_at=None, claimed_by="", queued_at=now
    )
    logger.warning("Sending %d stale documents again", len(document_ids))
    return len(document_ids) - enqueue_render(document_ids)


def document_is_stuck(document: Document, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    if document.status == DocumentStatus.PENDING:
        return document.queued_at < now - STALE_AFTER
    if document.status == DocumentStatus.RUNNING:
        return document.started_at is not None and document.started_at < now - STALE_AFTER
    return False


def document_needs_retry(document: Document) -> bool:
    """Failed, or lost its task: only such a document may be started again. So may a document
    of many people whose file was removed for one of them: made again, it leaves them out."""
    if document.is_removed:
        return _names_many(document.kind)
    return document.is_failed or document_is_stuck(document)


def document_can_retry(user, document: Document | None) -> bool:
    """Whether pages offer `user` to start `document` again (what `document_retry` allows)."""
    return (
        document is not None
        and document_needs_retry(document)
        and registry.can_retry(user, document)
    )


@transaction.atomic
def document_retry(*, actor, document: Document) -> Document:
    """Start a failed (or stuck) document again. For users the kind's `can_retry` allows
    (checked here too, since a retry re-runs work on the user's behalf)."""
    if not registry.can_retry(actor, document):
        raise PermissionDenied
    if not document_needs_retry(document):
        raise ValidationError(_("Only a failed document can be made again."), code="not_failed")
    changed = Document.objects.filter(pk=document.pk, status=document.status).update(
        status=DocumentStatus.PENDING,
        error="",
        started_at=None,
        finished_at=None,
        claimed_by="",
        queued_at=timezone.now(),
    )
    if not changed:
        raise ValidationError(_("The document was already started again."), code="raced")
    document.refresh_from_db()
    documents_start([document.pk])
    return document


def document_render(*, document_id, task_id: str = "") -> str | None:
    """The render task's whole work: claim the row, render, store the file, mark it ready.

    Returns the status it left the document in (ready or failed), or None when there was
    nothing to do (already claimed, done or deleted, or reset while it ran). Domain errors and
    bugs mark the document failed; transient errors put it back to pending and propagate so
    the task retries.

    `task_id` is the task's id: a row left running by the same task is claimed again, since
    that task is only delivered again when the worker running it died (the broker gives a task
    whose worker was lost back to the queue: CELERY_TASK_REJECT_ON_WORKER_LOST).
    """
    claimed = queue.claim(
        Document.objects.filter(pk=document_id),
        waiting=Q(status=DocumentStatus.PENDING),
        working=DocumentStatus.RUNNING,
        task_id=task_id,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    document = Document.objects.get(pk=document_id)
    with translation.override(document.language):
        try:
            kind = registry.get_kind(document.kind)
            rendered = kind.render(document)
            return _store(document, rendered, template_version=kind.template_version)
        except DocumentError as error:
            return _fail(document, str(error))
        except TRANSIENT_ERRORS:
            Document.objects.filter(pk=document.pk, status=DocumentStatus.RUNNING).update(
                status=DocumentStatus.PENDING
            )
            raise
        except Exception:
            logger.exception("Rendering document %s (%s) failed", document.pk, document.kind)
            message = gettext("An unexpected error stopped the document. Try again later.")
            return _fail(document, message)


def documents_give_up(*, document_ids: list, error: BaseException | None = None) -> None:
    """After the last retry of a transient error: record the failure on the task's documents
    not done yet, so staff see it (those rendered before the error keep their file)."""
    logger.warning("Giving up on documents %s: %r", ", ".join(map(str, document_ids)), error)
    unfinished = Document.objects.filter(
        Q(status=DocumentStatus.PENDING) | Q(status=DocumentStatus.RUNNING), pk__in=document_ids
    )
    for language in set(unfinished.values_list("language", flat=True)):
        with translation.override(language):
            message = gettext("A temporary problem stopped the document several times. Try again.")
        unfinished.filter(language=language).update(
            status=DocumentStatus.FAILED, error=message, finished_at=timezone.now()
        )


def _store(document: Document, rendered: Rendered, *, template_version: str) -> str | None:
    # Overwrite, never append: a retried render replaces whatever an earlier run left.
    if document.file:
        document.file.delete(save=False)
    document.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    updated = Document.objects.filter(pk=document.pk, status=DocumentStatus.RUNNING).update(
        status=DocumentStatus.READY,
        file=document.file.name,
        filename=rendered.filename,
        content_type=rendered.content_type,
        size=len(rendered.content),
        template_version=template_version,
        error="",
        finished_at=timezone.now(),
    )
    if not updated:  # someone reset the row meanwhile; do not leave an orphan file
        document.file.delete(save=False)
        return None
    return DocumentStatus.READY


def _fail(document: Document, message: str) -> str | None:
    failed = Document.objects.filter(pk=document.pk, status=DocumentStatus.RUNNING).update(
        status=DocumentStatus.FAILED, error=message, finished_at=timezone.now()
    )
    return DocumentStatus.FAILED if failed else None


def documents_naming(participant_ids) -> QuerySet[Document]:
    """The documents, of every registered kind, that name one of the participants and still
    have (or may yet get) a file: what `documents_remove` would remove."""
    return (
        Document.objects.filter(
            pk__in=Document.objects.filter(
                registry.naming_participants(list(participant_ids))
            ).values("pk")
        )
        .exclude(status=DocumentStatus.REMOVED)
        .order_by("kind", "created_at", "id")
    )


def documents_remove(*, documents) -> int:
    """Remove the files of `documents` for data protection (the privacy app's anonymisation;
    no user calls it). Each row is marked removed at once and keeps its register entry; the
    files are deleted from storage once the transaction commits, so a rollback deletes nothing.
    Safe to run again: a removed document is not removed twice, and a file already gone is
    no error. A render running meanwhile finds its row no longer running and throws its file
    away (`_store`). Returns how many documents were removed."""
    rows = list(documents.exclude(status=DocumentStatus.REMOVED).values_list("pk", "kind", "file"))
    if not rows:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        message = gettext("Removed for data protection.")
    removed = Document.objects.filter(pk__in=[pk for pk, _kind, _name in rows])
    removed.update(
        status=DocumentStatus.REMOVED, file="", error=message, finished_at=timezone.now()
    )
    # A document about one person names them in its title and file name too (it is then
    # shown by its kind's label).
    about_one = [key for key in {kind for _pk, kind, _name in rows} if not _names_many(key)]
    removed.filter(kind__in=about_one).update(title="", filename="")
    names = [name for _pk, _kind, name in rows if name]
    # robust: a storage error after the commit is logged, not raised into the job.
    transaction.on_commit(lambda: storage_delete(names), robust=True)
    return len(rows)


def _names_many(key: str) -> bool:
    return registry.is_registered(key) and registry.get_kind(key).names_many


def storage_delete(names: list[str], storage=None) -> int:
    """Delete stored files by name through the storage API (the file system here, S3 in
    production); a name already gone is skipped. Returns how many were deleted."""
    storage = storage or Document._meta.get_field("file").storage
    deleted = 0
    for name in names:
        try:
            if storage.exists(name):
                storage.delete(name)
                deleted += 1
        except Exception:  # noqa: BLE001 - each backend has its own errors (OSError, botocore's)
            # Logged, not raised: the rows are marked already and the other files still go.
            logger.exception("Could not delete the stored file %s", name)
    return deleted
