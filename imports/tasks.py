"""The import's two tasks, thin: the work is in `imports.services`."""

from celery import Task, shared_task

from documents.services import TRANSIENT_ERRORS

from .services import import_check, import_fail, import_run

RETRY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 3,
    "acks_late": True,
}


class ImportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Once the retries are used up: the job says it failed and offers a retry.
        job_id = (kwargs or {}).get("job_id") or (args[0] if args else None)
        if job_id:
            import_fail(job_id=job_id, error=exc)


@shared_task(base=ImportTask, **RETRY)
def check_import(job_id: str) -> None:
    import_check(job_id=job_id)


@shared_task(base=ImportTask, **RETRY)
def run_import(job_id: str) -> None:
    import_run(job_id=job_id)
