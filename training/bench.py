"""`make bench`, the training section: the month aggregate and a company's batch of 200
monthly hours sheets. Figures are printed, never asserted.

- month: milliseconds for every participant's hours in one month (`hours.month_hours`), one
  query, over however many participants the database holds (the bench seeds 100,000).
- batch: seconds for 200 hours sheets (PDF) of one company, rendered by a real `celery worker`
  with its default concurrency, from the batch's start to its ZIP stored. Needs a broker and
  PostgreSQL, like the certificate batch.
"""

import datetime
import time
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from companies.models import Company, Participant
from documents.models import Document, DocumentStatus
from framtidssakrad.worker_process import celery_worker_process

from . import hours, printing, services
from .models import Attendance, Course, CourseForm, Enrolment, HoursBatch, Provider, Session

BENCH_COURSE = "bench: hours sheets"


def month_ms(runs: int = 5) -> tuple[float, int, int]:
    """(best milliseconds, participants in the database, rows with hours) for this month."""
    month = timezone.localdate().replace(day=1)
    samples, rows = [], []
    for _ in range(runs):
        start = time.perf_counter()
        rows = hours.month_hours(Participant.objects.all(), month)
        samples.append(1000 * (time.perf_counter() - start))
    return min(samples), Participant.objects.count(), len(rows)


def _company_with_hours(owner, count: int, month: datetime.date) -> Company:
    """A company whose `count` participants attended three sessions of one course in `month`
    (attendance inserted in bulk: the bench measures the sheets, not the data entry)."""
    company = (
        Company.objects.annotate(size=Count("participants", filter=Q(participants__end_date=None)))
        .filter(size__gte=count)
        .order_by("pk")
        .first()
    )
    if company is None:
        raise RuntimeError(f"No company has {count} participants: seed more first.")
    participants = list(company.participants.filter(end_date=None).order_by("pk")[:count])
    provider, _ = Provider.objects.get_or_create(name="bench provider")
    course = services.course_save(
        actor=owner,
        data=services.CourseData(
            title=BENCH_COURSE,
            provider=provider,
            form=CourseForm.COURSE,
            planned_hours=Decimal(9),
            starts_on=month,
            ends_on=month + datetime.timedelta(days=20),
            capacity=count,
            online=True,
        ),
    )
    sessions = [
        Session.objects.create(
            course=course,
            date=month + datetime.timedelta(days=7 * n),
            starts_at=datetime.time(8),
            ends_at=datetime.time(11),
            hours=Decimal(3),
        )
        for n in range(3)
    ]
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(participant=p, course=course, enrolled_on=month, created_by=owner)
        for p in participants
    )
    Attendance.objects.bulk_create(
        Attendance(enrolment=e, session=s, present=True, hours=s.hours, recorded_by=owner)
        for e in enrolments
        for s in sessions
    )
    # Only these participants have hours in the batch's month: the batch is exactly `count`.
    Participant.objects.filter(pk__in=[p.pk for p in participants]).update(
        start_date=month, updated_at=timezone.now()
    )
    return company


def batch_seconds(owner, stdout, count: int = 200) -> float | None:
    if not settings.BROKER_CONFIGURED or connection.vendor != "postgresql":
        stdout.write("  hours batch: skipped (needs CELERY_BROKER_URL and PostgreSQL)\n")
        return None
    month = datetime.date(2031, 1, 1)  # a month no demo activity reaches
    company = _company_with_hours(owner, count, month)
    with celery_worker_process(name="bench-hours", quiet=True):
        start = time.perf_counter()
        with transaction.atomic():
            batch = printing.hours_batch_start(actor=owner, company=company, month=month)
        while not printing.hours_batch_progress(batch).done:
            if time.perf_counter() - start > 600:
                raise RuntimeError("the hours batch took more than 10 minutes")
            time.sleep(0.1)
        sheets_done = time.perf_counter() - start
        with transaction.atomic():
            archive = printing.hours_batch_zip(actor=owner, batch=batch)
        while Document.objects.filter(
            pk=archive.pk, status__in=[DocumentStatus.PENDING, DocumentStatus.RUNNING]
        ).exists():
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    progress = printing.hours_batch_progress(batch)
    stdout.write(
        f"  hours batch: {progress.total} sheets, {progress.failed} failed; sheets ready after "
        f"{sheets_done:.1f} s\n"
    )
    return seconds


def cleanup() -> None:
    for batch in HoursBatch.objects.all():
        for document in Document.objects.filter(pk__in=[*batch.documents, batch.zip_document_id]):
            document.file.delete(save=False)
            document.delete()
        batch.delete()
    Enrolment.objects.filter(course__title=BENCH_COURSE).delete()
    Course.objects.filter(title=BENCH_COURSE).delete()


def run(owner, out) -> None:
    """The training section of `manage.py bench`."""
    try:
        ms, participants, with_hours = month_ms()
        out.write(
            f"training: every participant's hours for one month, one query: {ms:.0f} ms "
            f"({participants} participants, {with_hours} with hours)\n"
        )
        seconds = batch_seconds(owner, out)
        if seconds is not None:
            out.write(
                f"training: a company's 200 monthly hours sheets (PDF) and their ZIP, celery "
                f"worker with default concurrency: {seconds:.1f} s (target: < 10 s)\n"
            )
    finally:
        cleanup()
