"""The one task that renders every kind of document. Thin: the work is `document_render`."""

from celery import Task, shared_task

from .services import TRANSIENT_ERRORS, document_give_up, document_render

MAX_RETRIES = 3


class DocumentTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Called once the retries are used up (not on each retry): record it on the row.
        document_id = (kwargs or {}).get("document_id") or (args[0] if args else None)
        if document_id:
            document_give_up(document_id=document_id, error=exc)


@shared_task(
    base=DocumentTask,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
)
def render_document(document_id: str) -> str | None:
    """Render the document `document_id` (a UUID string); safe to run twice."""
    document = document_render(document_id=document_id)
    return document.status if document else None
