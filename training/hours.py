"""Every participant's hours in the project, by month, as the funder asks for them.

Each kind of activity a participant's time is counted from maps to one of the funder's
categories in ONE table, `FUNDER_CATEGORY`, so a figure on a sheet can be traced back to the
activities behind it. The categories' wording is ours: the funder's exact headings for time
reports are not public, so they are named here once and can be renamed in one place.

- validation: a recorded validation counts its model's test duration
  (`ValidationModel.duration_hours`) on the day it was held (its time, in Europe/Stockholm);
- courses and other efforts: the hours of attendance recorded per session, by the course's form;
- coaching: the sessions a coach held with a participant (`coaching.ParticipantSession`), on
  their day: a guidance conversation as coaching and guidance, a competence-mapping interview
  as mapping and validation (training sits above coaching). Conversations with company
  management are no participant's time and are not counted.

Every figure of hours (the sheets, `month_hours`, the reports' total through `counted_hours`)
reads the sources registered here, so a new source reaches them all.

Hours outside the participant's start and end dates are not counted: they are returned
separately as flagged, so a sheet shows them and nobody signs them by mistake.

All participants' hours for one month come from one query (`month_hours`): a participant row
annotated with one correlated subquery per kind of activity and per side of the date rule.
"""

import calendar
import datetime
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from coaching.models import ParticipantSession, SessionKind
from companies.models import Sex
from validation.models import Validation, ValidationStatus

from .models import Attendance, CourseForm

ZERO = Decimal(0)


class FunderCategory(models.TextChoices):
    VALIDATION = "validation", _("Mapping and validation")
    EDUCATION = "education", _("Competence development: education")
    WORKPLACE = "workplace", _("Competence development: workplace learning")
    GUIDANCE = "guidance", _("Coaching and guidance")


class ActivityKind(models.TextChoices):
    VALIDATION = "validation", _("Validation test")
    COURSE = CourseForm.COURSE.value, CourseForm.COURSE.label
    ON_THE_JOB = CourseForm.ON_THE_JOB.value, CourseForm.ON_THE_JOB.label
    E_LEARNING = CourseForm.E_LEARNING.value, CourseForm.E_LEARNING.label
    MENTORING = CourseForm.MENTORING.value, CourseForm.MENTORING.label
    COACHING = "coaching", _("Coaching")
    # Its title on a sheet says which session it was ("Coaching: Competence-mapping interview").
    MAPPING_INTERVIEW = "mapping_interview", _("Coaching")


# The one table: which funder category each activity's hours are reported under.
FUNDER_CATEGORY: dict[str, str] = {
    ActivityKind.VALIDATION: FunderCategory.VALIDATION,
    ActivityKind.COURSE: FunderCategory.EDUCATION,
    ActivityKind.E_LEARNING: FunderCategory.EDUCATION,
    ActivityKind.ON_THE_JOB: FunderCategory.WORKPLACE,
    ActivityKind.MENTORING: FunderCategory.GUIDANCE,
    ActivityKind.COACHING: FunderCategory.GUIDANCE,
    ActivityKind.MAPPING_INTERVIEW: FunderCategory.VALIDATION,
}

# The activity kind of each kind of coaching session.
SESSION_ACTIVITY: dict[str, str] = {
    SessionKind.GUIDANCE: ActivityKind.COACHING,
    SessionKind.MAPPING_INTERVIEW: ActivityKind.MAPPING_INTERVIEW,
}


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of `month`'s month."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _within_participation(day: str, participant: str) -> Q:
    """`day` (a date expression) lies within the participant's start and end dates."""
    return Q(**{f"{day}__gte": F(f"{participant}start_date")}) & (
        Q(**{f"{participant}end_date__isnull": True})
        | Q(**{f"{day}__lte": F(f"{participant}end_date")})
    )


def _total(queryset, group: str, hours: str) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values(group).annotate(total=Sum(hours)).values("total")),
        Value(ZERO),
        output_field=DecimalField(max_digits=8, decimal_places=1),
    )


@dataclass(frozen=True)
class HoursSource:
    """Where one kind of activity's hours come from.

    rows(first, last): the activity's rows in the month, for every participant; `day` names
    their date (a field or an annotation), `participant` the path to the participant
    ("enrolment__participant"), `hours` the hours to sum.
    """

    kind: str
    rows: Callable[[datetime.date, datetime.date], QuerySet]
    day: str
    participant: str
    hours: str

    def total(self, first, last, *, inside: bool) -> Subquery:
        rule = _within_participation(self.day, f"{self.participant}__")
        rows = self.rows(first, last).filter(**{self.participant: OuterRef("pk")})
        return _total(
            rows.filter(rule) if inside else rows.exclude(rule), self.participant, self.hours
        )


_SOURCES: dict[str, HoursSource] = {}


def register_source(source: HoursSource) -> None:
    if source.kind not in FUNDER_CATEGORY:
        raise ValueError(f"{source.kind!r} has no funder category in FUNDER_CATEGORY")
    _SOURCES[source.kind] = source


def _validations(first, last) -> QuerySet:
    return (
        Validation.objects.filter(status=ValidationStatus.RECORDED)
        .annotate(day=TruncDate("scheduled_at", tzinfo=local_zone()))
        .filter(day__gte=first, day__lte=last)
    )


def _attendance(form: str) -> Callable[[datetime.date, datetime.date], QuerySet]:
    def rows(first, last) -> QuerySet:
        return Attendance.objects.filter(
            enrolment__course__form=form,
            present=True,
            session__date__gte=first,
            session__date__lte=last,
        )

    return rows


register_source(
    HoursSource(
        kind=ActivityKind.VALIDATION,
        rows=_validations,
        day="day",
        participant="participant",
        hours="model__duration_hours",
    )
)
for _form in CourseForm.values:
    register_source(
        HoursSource(
            kind=_form,
            rows=_attendance(_form),
            day="session__date",
            participant="enrolment__participant",
            hours="hours",
        )
    )


def _sessions(session_kind: str) -> Callable[[datetime.date, datetime.date], QuerySet]:
    def rows(first, last) -> QuerySet:
        return ParticipantSession.objects.filter(
            kind=session_kind, held_on__gte=first, held_on__lte=last
        )

    return rows


for _session_kind, _activity in SESSION_ACTIVITY.items():
    register_source(
        HoursSource(
            kind=_activity,
            rows=_sessions(_session_kind),
            day="held_on",
            participant="participant",
            hours="hours",
        )
    )


def counted_hours(participants, last: datetime.date) -> dict[str, Decimal]:
    """Every source's hours up to `last` that count (inside each participant's dates, the
    same rules as the sheets) for `participants` (a queryset), in all and for women and men.
    One aggregate over the rows of each kind of record (sources reading the same rows the same
    way, the course forms, are summed together), restricted to the participants: never a probe
    per participant (the reports' figure took 16 s that way at 100,000 participants)."""
    first = datetime.date(1900, 1, 1)
    alike: dict[tuple, QuerySet] = {}
    for source in _SOURCES.values():
        rows = source.rows(first, last)
        key = (rows.model, source.day, source.participant, source.hours)
        alike[key] = alike[key] | rows if key in alike else rows
    totals = {"total": ZERO, "women": ZERO, "men": ZERO}
    for (_model, day, participant, hours), rows in alike.items():
        person = f"{participant}__"
        found = (
            rows.filter(
                _within_participation(day, person),
                **{f"{participant}__in": participants.order_by().values("pk")},
            )
            .order_by()
            .aggregate(
                total=Sum(hours),
                women=Sum(hours, filter=Q(**{f"{person}sex": Sex.FEMALE})),
                men=Sum(hours, filter=Q(**{f"{person}sex": Sex.MALE})),
            )
        )
        for key in totals:
            totals[key] += found[key] or ZERO
    return totals


@dataclass
class ParticipantMonth:
    participant: object
    counted: dict[str, Decimal] = field(default_factory=dict)  # by activity kind
    outside: dict[str, Decimal] = field(default_factory=dict)  # flagged, not counted

    @property
    def total(self) -> Decimal:
        return sum(self.counted.values(), ZERO)

    @property
    def flagged(self) -> Decimal:
        return sum(self.outside.values(), ZERO)

    @property
    def by_category(self) -> dict[str, Decimal]:
        totals = dict.fromkeys(FunderCategory.values, ZERO)
        for kind, hours in self.counted.items():
            totals[FUNDER_CATEGORY[kind]] += hours
        return totals


@contextmanager
def _without_jit():
    """PostgreSQL estimates this query, a dozen correlated subqueries, as costly enough to
    compile (JIT), which costs it ~50 times the work itself (4.7 s instead of 0.1 s with 20,000
    participants): switched off for this transaction only. Not a data query; other databases
    have nothing to switch."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    yield


def month_hours(participants, month: datetime.date) -> list[ParticipantMonth]:
    """Hours of each of `participants` (a queryset, scoped by the caller) in `month`'s month,
    in one query. Participants with no hours at all that month are left out."""
    first, last = month_bounds(month)
    annotations = {}
    for kind, source in _SOURCES.items():
        annotations[f"in_{kind}"] = source.total(first, last, inside=True)
        annotations[f"out_{kind}"] = source.total(first, last, inside=False)
    # Only participants with an activity that month are summed: the database finds them from
    # the month's activities (an index range each), not by probing every participant.
    active = reduce(
        or_,
        (
            Q(pk__in=source.rows(first, last).values(source.participant))
            for source in _SOURCES.values()
        ),
    )
    rows = []
    queryset = participants.filter(active).annotate(**annotations)
    with transaction.atomic(savepoint=False), _without_jit():
        found = list(queryset.order_by("last_name", "first_name", "pk"))
    for participant in found:
        row = ParticipantMonth(
            participant=participant,
            counted={kind: getattr(participant, f"in_{kind}") for kind in _SOURCES},
            outside={kind: getattr(participant, f"out_{kind}") for kind in _SOURCES},
        )
        if row.total or row.flagged:
            rows.append(row)
    return rows


@dataclass(frozen=True)
class Activity:
    day: datetime.date
    kind: str
    title: str
    hours: Decimal
    counted: bool

    @property
    def kind_label(self) -> str:
        return str(ActivityKind(self.kind).label)

    @property
    def category_label(self) -> str:
        return str(FunderCategory(FUNDER_CATEGORY[self.kind]).label)


def _inside(participant, day: datetime.date) -> bool:
    return participant.start_date <= day and (
        participant.end_date is None or day <= participant.end_date
    )


def participant_activities(participant, month: datetime.date) -> list[Activity]:
    """The activities behind a participant's month, day by day, for the hours sheet. Three
    queries; the same rules as `month_hours` (whose totals a test checks it against)."""
    first, last = month_bounds(month)
    activities = []
    validations = (
        Validation.objects.filter(participant=participant, status=ValidationStatus.RECORDED)
        .annotate(day=TruncDate("scheduled_at", tzinfo=local_zone()))
        .filter(day__gte=first, day__lte=last)
        .select_related("model", "level")
    )
    for validation in validations:
        activities.append(
            Activity(
                day=validation.day,
                kind=ActivityKind.VALIDATION,
                title=f"{validation.model.name} – {validation.level.name}",
                hours=validation.model.duration_hours,
                counted=_inside(participant, validation.day),
            )
        )
    attendance = Attendance.objects.filter(
        enrolment__participant=participant,
        present=True,
        session__date__gte=first,
        session__date__lte=last,
    ).select_related("session", "enrolment__course")
    for row in attendance:
        activities.append(
            Activity(
                day=row.session.date,
                kind=row.enrolment.course.form,
                title=row.enrolment.course.title,
                hours=row.hours,
                counted=_inside(participant, row.session.date),
            )
        )
    sessions = ParticipantSession.objects.filter(
        participant=participant, held_on__gte=first, held_on__lte=last
    )
    for session in sessions:
        activities.append(
            Activity(
                day=session.held_on,
                kind=SESSION_ACTIVITY[session.kind],
                title=session.get_kind_display(),
                hours=session.hours,
                counted=_inside(participant, session.held_on),
            )
        )
    return sorted(activities, key=lambda a: (a.day, a.kind, a.title))
