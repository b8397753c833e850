"""The import's tasks, thin: the work is in `imports.services`."""

from celery import Task, shared_task

from documents.services import TRANSIENT_ERRORS

from .services import (
    import_check,
    import_fail,
    import_files_remove,
    import_run,
    imports_sweep_stale,
)

RETRY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 3,
    "acks_late": True,
    # A task whose worker died goes back to the queue and takes its job back (its id claimed it).
    "reject_on_worker_lost": True,
    "bind": True,
}


class ImportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Once the retries are used up: the job says it failed and offers a retry.
        job_id = (kwargs or {}).get("job_id") or (args[0] if args else None)
        if job_id:
            import_fail(job_id=job_id, error=exc)


@shared_task(base=ImportTask, **RETRY)
def check_import(self, job_id: str) -> None:
    import_check(job_id=job_id, task_id=self.request.id or "")


@shared_task(base=ImportTask, **RETRY)
def run_import(self, job_id: str) -> None:
    import_run(job_id=job_id, task_id=self.request.id or "")


@shared_task
def sweep_stale_imports() -> int:
    """Send again the imports that lost their task (scheduled in CELERY_BEAT_SCHEDULE)."""
    return imports_sweep_stale()


@shared_task
def remove_import_files() -> int:
    """Remove the files of imports past IMPORT_FILE_RETENTION_DAYS (CELERY_BEAT_SCHEDULE)."""
    return len(import_files_remove())
