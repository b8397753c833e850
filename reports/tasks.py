"""The monthly progress report, started by Celery beat on the 1st (see CELERY_BEAT_SCHEDULE),
and the figures made ready after a change (`figures_changed`)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .selectors import figures_warm
from .services import monthly_reports_send, previous_month

# Set while a refresh is queued: a burst of changes queues one, not one per row.
REFRESH_QUEUED = "reports:refresh-queued"


@shared_task
def monthly_progress_reports(today: str | None = None) -> int:
    """Make last month's progress report for every subscriber; `today` (ISO date) for tests."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    start, end = previous_month(day)
    return monthly_reports_send(period_start=start, period_end=end)


@shared_task(ignore_result=True)
def refresh_figures() -> int:
    """Compute the dashboard's figures for the data as it is now (idempotent: what is already
    cached under the data's fingerprint is not computed again)."""
    # Cleared first: a change committed while this runs queues the next refresh.
    cache.delete(REFRESH_QUEUED)
    return figures_warm()


def figures_changed(**kwargs) -> None:
    """After a change to anything the figures count is committed, queue one refresh, so the
    next viewer of the dashboard finds its figures ready. Only with a worker: without a broker
    a task would run inline in the request that made the change, and the dashboard computes
    on demand anyway. The figures' fingerprint, not this, decides what a viewer sees."""
    if not settings.BROKER_CONFIGURED:
        return
    connection = transaction.get_connection()
    # One callback per transaction, however many rows it saves (an import saves thousands).
    if any(entry[1] is _queue_refresh for entry in connection.run_on_commit):
        return
    # Robust: with the broker down the change stands and the dashboard computes on demand.
    transaction.on_commit(_queue_refresh, robust=True)


def _queue_refresh() -> None:
    if cache.add(REFRESH_QUEUED, 1, timeout=600):
        try:
            refresh_figures.delay()
        except Exception:
            cache.delete(REFRESH_QUEUED)  # the next change tries again
            raise
