"""The monthly progress report: the beat entry, the month it makes, who gets it."""

import copy
import datetime

from django.conf import settings
from django.core import mail
from django.utils import timezone

from documents.models import Document, DocumentStatus
from framtidssakrad.celery import app
from reports import tasks
from reports.kinds import KIND_PROGRESS_PDF
from reports.models import ReportSubscription
from reports.services import previous_month


def test_the_beat_entry_runs_the_monthly_task_on_the_first_of_the_month():
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-progress-report"]
    assert entry["task"] == "reports.tasks.monthly_progress_reports"
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert schedule.day_of_month == {1}
    assert schedule.hour == {6} and schedule.minute == {0}
    # Due at 06:00 on 1 March (Europe/Stockholm), not on the 2nd.
    stockholm = timezone.get_default_timezone()
    last_run = datetime.datetime(2021, 2, 1, 6, 0, tzinfo=stockholm)
    now = datetime.datetime(2021, 2, 15, 12, 0, tzinfo=stockholm)
    schedule = copy.copy(schedule)
    schedule.nowfun = lambda: now
    next_run = now + schedule.remaining_estimate(last_run)
    assert next_run == datetime.datetime(2021, 3, 1, 6, 0, tzinfo=stockholm)


def test_previous_month_across_the_year_boundary():
    assert previous_month(datetime.date(2021, 1, 1)) == (
        datetime.date(2020, 12, 1),
        datetime.date(2020, 12, 31),
    )
    assert previous_month(datetime.date(2021, 3, 1)) == (
        datetime.date(2021, 2, 1),
        datetime.date(2021, 2, 28),
    )


def test_the_task_makes_last_months_report_for_each_subscriber_and_mails_a_link(
    world, django_capture_on_commit_callbacks
):
    cast = world.cast
    ReportSubscription.objects.create(user=cast.manager, monthly=True)
    ReportSubscription.objects.create(user=cast.staff, monthly=False)
    # A coach who subscribed while they could, or by hand, gets nothing: no download right.
    ReportSubscription.objects.create(user=cast.coach_a, monthly=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.monthly_progress_reports.delay(today="2021-03-01").get() == 1
    document = Document.objects.get()
    assert document.kind == KIND_PROGRESS_PDF and document.owner == cast.manager
    assert (document.params["period_start"], document.params["period_end"]) == (
        "2021-02-01",
        "2021-02-28",
    )
    assert document.status == DocumentStatus.READY, document.error
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [cast.manager.email]
    assert str(document.pk) in mail.outbox[0].body


def test_as_beat_calls_it_without_arguments_on_the_1st_it_reports_the_month_before(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    ReportSubscription.objects.create(user=world.cast.manager, monthly=True)
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2021, 1, 1))
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-progress-report"]
    task = app.tasks[entry["task"]]
    with django_capture_on_commit_callbacks(execute=True):
        task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
    document = Document.objects.get()
    assert (document.params["period_start"], document.params["period_end"]) == (
        "2020-12-01",
        "2020-12-31",
    )
