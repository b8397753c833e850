"""The monthly progress report, started by Celery beat on the 1st (see CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.utils import timezone

from .services import monthly_reports_send, previous_month


@shared_task
def monthly_progress_reports(today: str | None = None) -> int:
    """Make last month's progress report for every subscriber; `today` (ISO date) for tests."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    start, end = previous_month(day)
    return monthly_reports_send(period_start=start, period_end=end)
