"""Hours by month against hand-counted fixtures, with month boundaries in Europe/Stockholm."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies.models import EndReason, Participant
from companies.tests.factories import ParticipantFactory
from training import services
from training.hours import (
    ActivityKind,
    FunderCategory,
    month_hours,
    participant_activities,
)
from training.models import CourseForm
from validation.models import Validation, ValidationStatus
from validation.tests.conftest import book, catalogue  # noqa: F401 (fixture)

from .conftest import add_session, course_data, enrol

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = datetime.UTC


def attend(cast, session, enrolment, hours=None, present=True):
    services.attendance_record(
        actor=cast.staff,
        session=session,
        entries=[
            services.AttendanceEntry(
                enrolment_id=enrolment.pk,
                present=present,
                hours=Decimal(hours) if hours is not None else None,
            )
        ],
    )


def recorded_validation(cast, catalogue, when):  # noqa: F811
    validation = book(cast, catalogue, side="a", when=when)
    Validation.objects.filter(pk=validation.pk).update(status=ValidationStatus.RECORDED)
    return validation


@pytest.fixture
def fixtures(cast, provider, catalogue):  # noqa: F811
    """Participant A, from 2021-01-15, in March 2021 (hand-counted):

    - course (form course) 2021-03-01 3 h present, 2021-03-31 2.5 h of 3, 2021-04-01 3 h
      (April: not March);
    - on-the-job course 2021-03-15: 4 h;
    - absent on 2021-03-02: 0 h;
    - validation at 2021-02-28 23:30 UTC = 2021-03-01 00:30 in Stockholm: March, 3 h;
      validation at 2021-03-31 22:30 UTC = 2021-04-01 00:30 in Stockholm: April.
    March: education 5.5, workplace 4, validation 3; total 12.5.
    """
    participant = cast.participant_a
    participant.start_date = datetime.date(2021, 1, 15)
    participant.save()
    march = datetime.date(2021, 3, 1)
    course = services.course_save(
        actor=cast.staff,
        data=course_data(provider, starts_on=march, ends_on=datetime.date(2021, 4, 30)),
    )
    job = services.course_save(
        actor=cast.staff,
        data=course_data(
            provider,
            title="Lärling",
            form=CourseForm.ON_THE_JOB,
            starts_on=march,
            ends_on=datetime.date(2021, 4, 30),
        ),
    )
    enrolment = enrol(cast, course, participant, on=march)
    job_enrolment = enrol(cast, job, participant, on=march)
    attend(cast, add_session(cast, course, day=march), enrolment)
    attend(cast, add_session(cast, course, day=datetime.date(2021, 3, 2)), enrolment, present=False)
    attend(cast, add_session(cast, course, day=datetime.date(2021, 3, 31)), enrolment, "2.5")
    attend(cast, add_session(cast, course, day=datetime.date(2021, 4, 1)), enrolment)
    attend(
        cast,
        add_session(cast, job, day=datetime.date(2021, 3, 15), hours="4", start=8, end=12),
        job_enrolment,
    )
    recorded_validation(cast, catalogue, datetime.datetime(2021, 2, 28, 23, 30, tzinfo=UTC))
    recorded_validation_b = book(
        cast,
        catalogue,
        side="a",
        practical=True,
        when=datetime.datetime(2021, 3, 31, 22, 30, tzinfo=UTC),
    )
    Validation.objects.filter(pk=recorded_validation_b.pk).update(status=ValidationStatus.RECORDED)
    return participant


def data_queries(context) -> list[str]:
    """The queries that read data (not PostgreSQL's `SET LOCAL jit = off`)."""
    return [q["sql"] for q in context.captured_queries if q["sql"].startswith("SELECT")]


def test_month_hours_match_the_hand_count(cast, fixtures):
    with CaptureQueriesContext(connection) as context:
        rows = month_hours(Participant.objects.all(), datetime.date(2021, 3, 1))
    assert len(data_queries(context)) == 1
    assert [row.participant for row in rows] == [fixtures]
    row = rows[0]
    assert row.counted[ActivityKind.COURSE] == Decimal("5.5")
    assert row.counted[ActivityKind.ON_THE_JOB] == Decimal("4")
    assert row.counted[ActivityKind.VALIDATION] == Decimal("3")
    assert row.total == Decimal("12.5")
    assert row.flagged == 0
    assert row.by_category[FunderCategory.EDUCATION] == Decimal("5.5")
    assert row.by_category[FunderCategory.WORKPLACE] == Decimal("4")
    assert row.by_category[FunderCategory.VALIDATION] == Decimal("3")


def test_april_gets_what_crossed_the_boundary(cast, fixtures, catalogue):  # noqa: F811
    [row] = month_hours(Participant.objects.all(), datetime.date(2021, 4, 20))
    assert row.counted[ActivityKind.COURSE] == Decimal("3")
    # The catalogue fixture makes its models directly: the field's default applies.
    assert row.counted[ActivityKind.VALIDATION] == catalogue.practical.duration_hours
    assert row.total == Decimal("3") + catalogue.practical.duration_hours


def test_hours_outside_the_participation_are_flagged_not_counted(cast, fixtures):
    fixtures.end_date, fixtures.end_reason = datetime.date(2021, 3, 14), EndReason.OTHER
    fixtures.save()
    [row] = month_hours(Participant.objects.all(), datetime.date(2021, 3, 1))
    # The 15th and the 31st are after the end date.
    assert row.counted[ActivityKind.COURSE] == Decimal("3")
    assert row.counted[ActivityKind.ON_THE_JOB] == 0
    assert row.outside[ActivityKind.COURSE] == Decimal("2.5")
    assert row.outside[ActivityKind.ON_THE_JOB] == Decimal("4")
    assert row.total == Decimal("6") and row.flagged == Decimal("6.5")
    flagged = [
        a for a in participant_activities(fixtures, datetime.date(2021, 3, 1)) if not a.counted
    ]
    assert sum(a.hours for a in flagged) == Decimal("6.5")


def test_activities_add_up_to_the_aggregate(cast, fixtures):
    activities = participant_activities(fixtures, datetime.date(2021, 3, 1))
    assert sum(a.hours for a in activities if a.counted) == Decimal("12.5")
    assert [a.day.day for a in activities] == [1, 1, 15, 31]


def test_one_query_for_many_participants(cast, fixtures):
    for _ in range(5):
        ParticipantFactory(company=cast.company_b)
    with CaptureQueriesContext(connection) as context:
        month_hours(Participant.objects.all(), datetime.date(2021, 3, 1))
    assert len(data_queries(context)) == 1


def test_the_projects_figures_count_the_same_hours_and_completed_development(
    cast,
    fixtures,
    catalogue,  # noqa: F811
):
    from reports.selectors import figures

    data = figures(cast.staff, today=datetime.date(2021, 4, 30))
    # March 12.5 (hand-counted above) and April: 3 h of course and the practical test.
    expected = 12.5 + 3 + float(catalogue.practical.duration_hours)
    assert data["hours"]["total"] == expected
    assert (data["hours"]["men"], data["hours"]["women"]) == (expected, 0)
    assert data["development"]["completed"] == 0

    fixtures.end_date, fixtures.end_reason = datetime.date(2021, 3, 14), EndReason.OTHER
    fixtures.save()
    ended = figures(cast.staff, today=datetime.date(2021, 4, 30))["hours"]["total"]
    assert ended == 3 + 3  # the 1 March course day and the validation in the small hours of 1 March
