"""The one task that renders every kind of document. Thin: the work is `document_render`."""

from celery import Task, shared_task

from .services import TRANSIENT_ERRORS, document_render, documents_give_up, documents_sweep_stale

MAX_RETRIES = 3


class DocumentTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Called once the retries are used up (not on each retry): record it on the rows.
        document_ids = (kwargs or {}).get("document_ids") or (args[0] if args else None)
        if document_ids:
            documents_give_up(document_ids=document_ids, error=exc)


@shared_task(
    base=DocumentTask,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
    bind=True,
)
def render_documents(self, document_ids: list[str]) -> list[str | None]:
    """Render the documents `document_ids` (UUID strings) in turn; safe to run twice.

    A transient error puts its document back to pending and retries the whole task: the
    documents already made are skipped then, since only a pending document is claimed.
    """
    task_id = self.request.id or ""
    return [
        document_render(document_id=document_id, task_id=task_id) for document_id in document_ids
    ]


@shared_task
def sweep_stale_documents() -> int:
    """Send again the documents that lost their task (scheduled in CELERY_BEAT_SCHEDULE)."""
    return documents_sweep_stale()
