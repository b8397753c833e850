"""The project's figures: every figure is defined once here, counted in the database, and read
by the start pages, the dashboard, the progress report (PDF, workbook, JSON) alike.

Each figure is an aggregate (COUNT/SUM with GROUP BY) over the user's scope
(`Model.objects.for_user`), narrowed by the dashboard's filters; a fixed number of queries,
whatever the number of rows. A figure counts what is true today (`timezone.localdate()`, in
Europe/Stockholm): a date in the future has not happened yet and is not counted.

Other apps' figures join through a section function that takes the same `Scope` (see
`conversations`, `development`, `hours`): a new app adds its selector there and one line in
`figures`.
"""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability as C
from accounts.roles import Role, has_capability, role_of
from accounts.scoping import assessor_centre_id
from certificates.models import Certificate, CertificateStatus
from coaching.models import ParticipantSession
from coaching.selectors import (
    HELD,
    NOTHING_YET,
    PLANNED,
    ConversationState,
    conversation_states,
    conversations_stamp,
)
from companies.models import (
    Company,
    CompanyStatus,
    County,
    Participant,
    Sex,
    StartStatus,
)
from companies.selectors import participant_counts, register_stamp
from project.models import Project
from training.hours import counted_hours
from training.models import Attendance, Enrolment, EnrolmentStatus
from validation.models import Outcome, Validation, ValidationResult, ValidationStatus

# How long computed figures stay in the cache; their key changes with the data anyway.
FIGURES_CACHE_SECONDS = 3600

# Companies that count toward the target: recruited and not withdrawn (status and date).
ENGAGED_STATUSES = (CompanyStatus.RECRUITED, CompanyStatus.ACTIVE, CompanyStatus.COMPLETED)

# SNI 2007 sections (NACE rev. 2) by the first two digits of the code (the division).
SNI_SECTIONS = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)


def sni_section(division: str) -> str:
    try:
        number = int(division)
    except (TypeError, ValueError):
        return "?"
    return next((letter for letter, low, high in SNI_SECTIONS if low <= number <= high), "?")


@dataclass(frozen=True)
class Filters:
    """What the dashboard narrows by: a county, a test centre, a period (inclusive dates)."""

    county: str = ""
    centre_id: int | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None

    def as_params(self) -> dict:
        """JSON-serialisable, for a document's params."""
        return {
            "county": self.county,
            "centre": self.centre_id,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
        }

    @classmethod
    def from_params(cls, params: dict) -> "Filters":
        def day(value):
            return datetime.date.fromisoformat(value) if value else None

        return cls(
            county=params.get("county") or "",
            centre_id=params.get("centre") or None,
            period_start=day(params.get("period_start")),
            period_end=day(params.get("period_end")),
        )


@dataclass
class Scope:
    """The rows a figure counts: the user's scope and the filters, as querysets."""

    user: object
    filters: Filters
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def last_day(self) -> datetime.date:
        """The figures' day: the period's end, but never after today."""
        end = self.filters.period_end
        return min(end, self.today) if end else self.today

    def company_q(self, via: str = "") -> Q:
        condition = Q()
        if self.filters.county:
            condition &= Q(**{f"{via}municipality__county": self.filters.county})
        if self.filters.centre_id:
            condition &= Q(**{f"{via}test_centre_id": self.filters.centre_id})
        return condition

    def in_period(self, date_field: str) -> Q:
        """`date_field` falls in the period and has happened (not after today)."""
        condition = Q(**{f"{date_field}__lte": self.last_day})
        if self.filters.period_start:
            condition &= Q(**{f"{date_field}__gte": self.filters.period_start})
        return condition

    def companies(self) -> QuerySet:
        return Company.objects.for_user(self.user).filter(self.company_q()).order_by()

    def participants(self) -> QuerySet:
        """Participants who have started (start date not after the figures' day)."""
        return (
            Participant.objects.for_user(self.user)
            .filter(self.company_q("company__"), start_date__lte=self.last_day)
            .order_by()
        )

    def validations(self) -> QuerySet:
        return Validation.objects.for_user(self.user).filter(self.company_q("company__")).order_by()

    def recorded_validations(self) -> QuerySet:
        """Recorded validations in scope. Their current result (the highest version) is one
        join away (`Validation.current_result`); a figure about results filters on its date,
        which a validation without a result lacks."""
        return self.validations().filter(status=ValidationStatus.RECORDED)

    def certificates(self) -> QuerySet:
        return (
            Certificate.objects.for_user(self.user)
            .filter(self.company_q("participant__company__"))
            .order_by()
        )


# -- Definitions, written once -------------------------------------------------------------


def engaged_q(day: datetime.date) -> Q:
    """A company taking part on `day`: recruited (on or before `day`) and not withdrawn."""
    return Q(status__in=ENGAGED_STATUSES) & (
        Q(recruited_on__isnull=True) | Q(recruited_on__lte=day)
    )


def certificate_issued_q(day: datetime.date) -> Q:
    """A certificate counted as issued: issued on or before `day` and not revoked."""
    return Q(issued_on__lte=day) & ~Q(status=CertificateStatus.REVOKED)


def certificate_valid_q(day: datetime.date) -> Q:
    """Issued, not revoked, and not expired on `day`."""
    return certificate_issued_q(day) & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))


def by_sex() -> dict:
    """Aggregates that split any breakdown into women and men."""
    return {
        "total": Count("pk"),
        "women": Count("pk", filter=Q(sex=Sex.FEMALE)),
        "men": Count("pk", filter=Q(sex=Sex.MALE)),
    }


def _rows(queryset: QuerySet, key: str, aggregates: dict) -> dict:
    return {row.pop(key): row for row in queryset.values(key).annotate(**aggregates)}


def _labelled(counts: dict, choices, empty: dict) -> list[dict]:
    """Every choice in its order, with zeroes where nothing was counted."""
    return [
        {"key": value, "label": str(label), **counts.get(value, empty)} for value, label in choices
    ]


# -- Sections ----------------------------------------------------------------------------------


def targets(project: Project | None) -> dict:
    if project is None:
        return {
            "companies": Project.DEFAULT_TARGET_COMPANIES,
            "participants": Project.DEFAULT_TARGET_PARTICIPANTS,
        }
    return project.targets()


def companies(scope: Scope) -> dict:
    """Companies in the register by status, and those taking part by county, municipality,
    industry (SNI section and division) and test centre: five queries."""
    qs = scope.companies()
    day = scope.last_day
    totals = qs.aggregate(total=Count("pk"), engaged=Count("pk", filter=engaged_q(day)))
    engaged = qs.filter(engaged_q(day))
    by_status = _rows(qs, "status", {"n": Count("pk")})
    by_municipality = list(
        engaged.values("municipality__name", "municipality__county")
        .annotate(n=Count("pk"))
        .order_by("municipality__name")
    )
    by_county = {}
    for row in by_municipality:
        by_county[row["municipality__county"]] = (
            by_county.get(row["municipality__county"], 0) + row["n"]
        )
    by_division = list(
        engaged.values(division=Substr("sni_code", 1, 2))
        .annotate(n=Count("pk"))
        .order_by("division")
    )
    by_section: dict[str, int] = {}
    for row in by_division:
        section = sni_section(row["division"])
        by_section[section] = by_section.get(section, 0) + row["n"]
    by_centre = list(
        engaged.values("test_centre_id", "test_centre__name")
        .annotate(n=Count("pk"))
        .order_by("test_centre__name", "test_centre_id")
    )
    return {
        "total": totals["total"],
        "engaged": totals["engaged"],
        "by_status": [
            {"key": value, "label": str(label), "n": by_status.get(value, {"n": 0})["n"]}
            for value, label in CompanyStatus.choices
        ],
        "by_county": [
            {"key": value, "label": str(label), "n": by_county.get(value, 0)}
            for value, label in County.choices
        ],
        "by_municipality": [
            {"key": row["municipality__name"], "label": row["municipality__name"], "n": row["n"]}
            for row in by_municipality
        ],
        "by_sni_section": [
            {"key": key, "label": key, "n": n} for key, n in sorted(by_section.items())
        ],
        "by_sni_division": [
            {"key": row["division"], "label": row["division"], "n": row["n"]} for row in by_division
        ],
        "by_centre": [
            {
                "key": row["test_centre_id"],
                "label": row["test_centre__name"] or str(_("No test centre")),
                "n": row["n"],
            }
            for row in by_centre
        ],
    }


def participants(scope: Scope) -> dict:
    """Participants who have started, women and men, and every breakdown split by sex.

    Two queries: counts grouped by company and start status (a few hundred groups at most),
    which the breakdowns by company, county, test centre and start status then add up, and
    the companies' names, counties and centres."""
    day = scope.last_day
    period_start = scope.filters.period_start
    started_in_period = Q(start_date__gte=period_start) if period_start else Q()
    ended = Q(end_date__isnull=False, end_date__lte=day)
    ended_in_period = ended & (Q(end_date__gte=period_start) if period_start else Q())
    groups = list(
        scope.participants()
        .values("start_status", "company_id")
        .annotate(
            **by_sex(),
            started=Count("pk", filter=started_in_period),
            ended=Count("pk", filter=ended_in_period),
            active=Count("pk", filter=~ended),
        )
    )
    # The companies' names, counties and centres in a second, small query: joined into the
    # grouping above they would be looked up for each of 100,000 rows rather than once.
    about = {
        row.pop("pk"): row
        for row in Company.objects.filter(pk__in={group["company_id"] for group in groups})
        .values(
            "pk",
            "name",
            "municipality__county",
            "test_centre_id",
            "test_centre__name",
        )
        .order_by()
    }
    for group in groups:
        company = about[group["company_id"]]
        group.update({f"company__{key}": value for key, value in company.items()})
    counted = ("total", "women", "men", "started", "ended", "active")

    def add_up(key: str, label: str | None = None) -> dict:
        table: dict = {}
        for group in groups:
            entry = table.setdefault(
                group[key],
                {"label": group[label] if label else None, "total": 0, "women": 0, "men": 0},
            )
            for name in ("total", "women", "men"):
                entry[name] += group[name]
        return table

    def by_name(table: dict, empty_label) -> list[dict]:
        rows = [
            {"key": key, **values, "label": str(values["label"] or empty_label)}
            for key, values in table.items()
        ]
        return sorted(rows, key=lambda row: (row["key"] is None, row["label"], str(row["key"])))

    def by_choice(table: dict, choices) -> list[dict]:
        empty = {"total": 0, "women": 0, "men": 0}
        return [
            {
                "key": value,
                "label": str(label),
                **{**empty, **table.get(value, {}), "label": str(label)},
            }
            for value, label in choices
        ]

    return {
        **{name: sum(group[name] for group in groups) for name in counted},
        "by_start_status": by_choice(add_up("start_status"), StartStatus.choices),
        "by_county": by_choice(add_up("company__municipality__county"), County.choices),
        "by_company": by_name(add_up("company_id", "company__name"), ""),
        "by_centre": by_name(
            add_up("company__test_centre_id", "company__test_centre__name"), _("No test centre")
        ),
    }


def _validation_counts(scope: Scope) -> tuple[list[dict], dict[datetime.date, int]]:
    """One pass over the recorded validations in scope, grouped by model, outcome and month,
    for two figures: validations done in the period by model and outcome, split by sex; and all
    done by the figures' day month by month (the series, whatever the period's start). (The
    tests' hours are in `hours`, with every other source of the hours sheets.)"""
    day = scope.last_day
    in_period = scope.in_period("current_result__held_on")
    woman, man = Q(participant__sex=Sex.FEMALE), Q(participant__sex=Sex.MALE)
    grouped = list(
        scope.recorded_validations()
        .annotate(month=TruncMonth("current_result__held_on"))
        .values("model__name", "current_result__outcome", "month")
        .annotate(
            total=Count("pk", filter=in_period),
            women=Count("pk", filter=in_period & woman),
            men=Count("pk", filter=in_period & man),
            all_months=Count("pk", filter=Q(current_result__held_on__lte=day)),
        )
        .order_by()
    )
    per_month: dict[datetime.date, int] = {}
    merged: dict[tuple, dict] = {}
    for row in grouped:
        month = _as_date(row["month"])
        if row["all_months"]:
            per_month[month] = per_month.get(month, 0) + row["all_months"]
        key = (row["model__name"], row["current_result__outcome"])
        entry = merged.setdefault(key, {"total": 0, "women": 0, "men": 0})
        for name in ("total", "women", "men"):
            entry[name] += row[name]
    rows = [
        {"model__name": model, "outcome": outcome, **counts}
        for (model, outcome), counts in sorted(merged.items(), key=lambda item: item[0][0])
        if counts["total"]
    ]
    return rows, per_month


def validations(scope: Scope, counts: tuple | None = None) -> dict:
    """Validations done (a result recorded) by model and by the current result's outcome,
    split by sex (`counts`: `_validation_counts(scope)` when already made)."""
    rows, _months = counts or _validation_counts(scope)
    by_outcome: dict[str, dict] = {}
    by_model: dict[str, dict] = {}
    for row in rows:
        for table, key in ((by_outcome, row["outcome"]), (by_model, row["model__name"])):
            entry = table.setdefault(key, {"total": 0, "women": 0, "men": 0})
            for name in ("total", "women", "men"):
                entry[name] += row[name]
    empty = {"total": 0, "women": 0, "men": 0}
    return {
        "total": sum(row["total"] for row in rows),
        "women": sum(row["women"] for row in rows),
        "men": sum(row["men"] for row in rows),
        "by_outcome": _labelled(by_outcome, Outcome.choices, empty),
        "by_model": [{"key": key, "label": key, **by_model[key]} for key in sorted(by_model)],
        "by_model_and_outcome": [
            {
                "model": row["model__name"],
                "outcome": row["outcome"],
                "outcome_label": str(Outcome(row["outcome"]).label),
                "total": row["total"],
                "women": row["women"],
                "men": row["men"],
            }
            for row in rows
        ],
    }


def certificates(scope: Scope) -> dict:
    """Certificates issued in the period (revoked ones do not count) and valid today, with
    the participants who hold one, split by sex: one query."""
    day = scope.last_day
    qs = scope.certificates().filter(scope.in_period("issued_on"))
    woman, man = Q(participant__sex=Sex.FEMALE), Q(participant__sex=Sex.MALE)
    issued, valid = certificate_issued_q(day), certificate_valid_q(day)
    return qs.aggregate(
        issued=Count("pk", filter=issued),
        issued_women=Count("pk", filter=issued & woman),
        issued_men=Count("pk", filter=issued & man),
        valid=Count("pk", filter=valid),
        revoked=Count("pk", filter=Q(status=CertificateStatus.REVOKED)),
        participants=Count("participant", filter=issued, distinct=True),
    )


def conversations(scope: Scope) -> dict:
    """The four coaching conversations of the companies taking part, as they stood at the end
    of the figures' day (one held later was not held then): how many were held, how many
    companies have held each of them, and, for those who may see conversations, each
    company's four with their dates and its next step. Two queries, whatever the number of
    companies."""
    day = scope.last_day
    companies = list(
        scope.companies().filter(engaged_q(day)).values_list("pk", "name").order_by("name", "pk")
    )
    states = conversation_states(scope.companies().filter(engaged_q(day)), day=day)
    rows = []
    for pk, name in companies:
        four = states.get(pk, NOTHING_YET)
        upcoming = next((state for state in four if state.state != HELD), None)
        rows.append(
            {
                "company_id": pk,
                "company": name,
                "conversations": [
                    {
                        "number": state.number,
                        "state": state.state,
                        "date": state.date,
                        "label": _state_label(state),
                    }
                    for state in four
                ],
                "held": sum(1 for state in four if state.state == HELD),
                "next": {
                    "number": upcoming and upcoming.number,
                    "label": _next_label(upcoming),
                },
            }
        )
    numbers = (1, 2, 3, 4)
    return {
        "available": True,
        "held": sum(row["held"] for row in rows),
        "companies": len(rows),
        "by_number": [
            {
                "key": n,
                "label": str(n),
                "n": sum(1 for row in rows if row["conversations"][n - 1]["state"] == HELD),
            }
            for n in numbers
        ],
        "by_company": rows if has_capability(scope.user, C.CONVERSATIONS_VIEW) else [],
        "by_company_shown": has_capability(scope.user, C.CONVERSATIONS_VIEW),
    }


def _state_label(state: ConversationState) -> str:
    """A conversation's state in words (the tables are read without colour)."""
    if state.state == HELD:
        return gettext("held %(date)s") % {"date": state.date.isoformat()}
    if state.state == PLANNED and state.date is None:
        return gettext("planned, no date")
    if state.state == PLANNED and state.overdue:
        return gettext("planned %(date)s, overdue") % {"date": state.date.isoformat()}
    if state.state == PLANNED:
        return gettext("planned %(date)s") % {"date": state.date.isoformat()}
    return gettext("not yet")


def _next_label(state: ConversationState | None) -> str:
    if state is None:
        return gettext("All four held")
    if state.state == PLANNED:
        return gettext("Conversation %(number)d: %(state)s") % {
            "number": state.number,
            "state": _state_label(state),
        }
    return gettext("Conversation %(number)d: to be planned") % {"number": state.number}


def development(scope: Scope) -> dict:
    """Participants who have completed at least one competence development effort by the
    figures' day, women and men."""
    completed = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED, completed_on__lte=scope.last_day
    ).values("participant_id")
    counts = scope.participants().filter(pk__in=completed).aggregate(**by_sex())
    return {"available": True, "completed": counts["total"], **counts}


def hours(scope: Scope) -> dict:
    """Participants' hours in the project by the figures' day, women and men: every source of
    the monthly hours sheets (training.hours: validations' test lengths, attendance, sessions
    with the coach), inside each participant's dates, so the figure and the sheets agree. One
    aggregate per source."""
    totals = counted_hours(scope.participants(), scope.last_day)
    return {"available": True, **{key: float(value) for key, value in totals.items()}}


# -- The monthly series ----------------------------------------------------------------------


def month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _as_date(month) -> datetime.date | None:
    return month.date() if isinstance(month, datetime.datetime) else month


def _per_month(queryset: QuerySet, date_field: str) -> dict[datetime.date, int]:
    rows = (
        queryset.annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[datetime.date, int] = {}
    for row in rows:
        month = _as_date(row["month"])
        result[month] = result.get(month, 0) + row["n"]
    return result


def _started_and_ended_per_month(people: QuerySet, day: datetime.date) -> tuple[dict, dict]:
    """Participants started per month and ended (by `day`) per month: one pass, grouped by
    start month and end month (a few hundred groups)."""
    started: dict[datetime.date, int] = {}
    ended: dict[datetime.date, int] = {}
    rows = (
        people.annotate(start=TruncMonth("start_date"), end=TruncMonth("end_date"))
        .values("start", "end")
        .annotate(n=Count("pk"), ended=Count("pk", filter=Q(end_date__lte=day)))
        .order_by()
    )
    for row in rows:
        start, end = _as_date(row["start"]), _as_date(row["end"])
        started[start] = started.get(start, 0) + row["n"]
        if row["ended"]:
            ended[end] = ended.get(end, 0) + row["ended"]
    return started, ended


def series(
    scope: Scope, project: Project | None, validations_per_month: dict | None = None
) -> dict:
    """Month by month from the project's start to the figures' day: each headline figure
    cumulated (what had happened by the month's end), with its target. Three queries (four
    without `validations_per_month`, which `_validation_counts` makes along the way)."""
    day = scope.last_day
    first = project.start_date if project else day.replace(month=1, day=1)
    months = month_starts(first, max(first, day))
    # The series always starts at the project's start, whatever the period's start.
    unfiltered = Scope(
        scope.user, Filters(scope.filters.county, scope.filters.centre_id, None, day)
    )
    if validations_per_month is None:
        validations_per_month = _validation_counts(unfiltered)[1]
    started, ended = _started_and_ended_per_month(unfiltered.participants(), day)
    sources = {
        "companies": _per_month(
            unfiltered.companies().filter(engaged_q(day), recruited_on__isnull=False),
            "recruited_on",
        ),
        "participants": started,
        "validations": validations_per_month,
        "participants_ended": ended,
        "certificates": _per_month(
            unfiltered.certificates().filter(certificate_issued_q(day)), "issued_on"
        ),
    }
    goal = targets(project)
    result = {"months": [month.isoformat()[:7] for month in months]}
    for name, counts in sources.items():
        # What happened before the first month (data from before the project's start).
        running, values = sum(n for month, n in counts.items() if month < months[0]), []
        for month in months:
            running += counts.get(month, 0)
            values.append(running)
        result[name] = {"values": values, "target": goal.get(name)}
    return result


# -- Everything, once ---------------------------------------------------------------------


def data_stamp() -> tuple:
    """A fingerprint of everything the figures count: it changes with any row added, deleted or
    changed (participants and companies by their `updated_at`, results and certificates by their
    newest id, revocations by their number). Four aggregates, each a single pass without joins,
    so much cheaper than the figures themselves."""
    people = Participant.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    companies = Company.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    results = ValidationResult.objects.aggregate(n=Count("pk"), last=Max("pk"))
    certificates = Certificate.objects.aggregate(
        last=Max("pk"), revoked=Count("pk", filter=Q(status=CertificateStatus.REVOKED))
    )
    enrolments = Enrolment.objects.aggregate(
        n=Count("pk"), done=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED))
    )
    attendance = Attendance.objects.aggregate(n=Count("pk"), at=Max("recorded_at"))
    sessions = ParticipantSession.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    parts = (people, companies, results, certificates, enrolments, attendance, sessions)
    return (
        *(str(value) for part in parts for value in part.values()),
        *map(str, conversations_stamp()),
    )


def _scope_key(user) -> str:
    """Whose rows the figures count: everyone who sees the whole project shares one entry."""
    role = role_of(user)
    if role == Role.ASSESSOR:
        return f"centre-{assessor_centre_id(user)}"
    if role == Role.COACH:
        return f"coach-{user.pk}"
    return "all" if role in (Role.STAFF, Role.MANAGER) else f"none-{user.pk}"


def figures(user, filters: Filters | None = None, *, today: datetime.date | None = None) -> dict:
    """Every figure of the dashboard and the progress report, within `user`'s scope.

    Kept in the cache under the scope, the filters, the day, the language, the project record
    and `data_stamp()`: any change to what is counted makes a new key, so a cached figure is
    never older than the data; the first view after a change computes them afresh."""
    filters = filters or Filters()
    today = today or timezone.localdate()
    project = Project.current()
    key = (
        "reports:figures:"
        + hashlib.sha256(
            repr(
                (
                    _scope_key(user),
                    filters,
                    today,
                    translation.get_language(),
                    project
                    and (project.pk, project.start_date, project.end_date, project.targets()),
                    data_stamp(),
                )
            ).encode()
        ).hexdigest()
    )
    cached = cache.get(key)
    if cached is None:
        cached = _figures(user, filters, today, project)
        cache.set(key, cached, FIGURES_CACHE_SECONDS)
    return {**cached, "project": project}


def figures_warm() -> int:
    """Compute the unfiltered dashboard's figures, in every language, for every scope someone
    works in (the whole project, each coach's companies, each centre's), so that the first
    viewer after a change finds them ready. Called by the `refresh_figures` task after a
    change; harmless to run twice (what is already cached under today's fingerprint is read,
    not computed). Returns the number of scopes."""
    people = (
        get_user_model()
        .objects.filter(is_active=True, profile__isnull=False)
        .select_related("profile")
        .order_by("pk")
    )
    by_scope: dict[str, object] = {}
    for person in people:
        if has_capability(person, C.REPORTS_VIEW):
            by_scope.setdefault(_scope_key(person), person)
    for person in by_scope.values():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                figures(person)
    return len(by_scope)


def _figures(user, filters: Filters, today: datetime.date, project: Project | None) -> dict:
    scope = Scope(user, filters, today)
    validation_counts = _validation_counts(scope)
    return {
        "period": {
            "start": (scope.filters.period_start or (project and project.start_date) or None),
            "end": scope.last_day,
        },
        "targets": targets(project),
        "companies": companies(scope),
        "participants": participants(scope),
        "validations": validations(scope, validation_counts),
        "certificates": certificates(scope),
        "conversations": conversations(scope),
        "development": development(scope),
        "hours": hours(scope),
        "series": series(scope, project, validation_counts[1]),
    }


def percent(value: int, target: int | None) -> int | None:
    return min(100, round(100 * value / target)) if target else None


def start_page_progress(user, *, stamp: tuple | None = None) -> dict:
    """What a start page shows: companies and participants against the targets. The
    participants' counts (a pass over every participant in scope: 30 ms for the whole project
    at 100,000) are kept in the cache under the scope, the day and the register's fingerprint
    (`stamp`, read here unless given), so they are counted again only after it changed."""
    scope = Scope(user, Filters())
    project = Project.current()
    goal = targets(project)
    company_totals = scope.companies().aggregate(
        total=Count("pk"), engaged=Count("pk", filter=engaged_q(scope.last_day))
    )
    key = (
        "reports:start-people:"
        + hashlib.sha256(
            repr((_scope_key(user), scope.last_day, stamp or register_stamp())).encode()
        ).hexdigest()
    )
    people = cache.get(key)
    if people is None:
        # Counted by company (never empty), not by id: then the counts are read from an index
        # alone (participant_counts holds company, dates and sex, not the id).
        people = scope.participants().aggregate(
            total=Count("company"),
            women=Count("company", filter=Q(sex=Sex.FEMALE)),
            men=Count("company", filter=Q(sex=Sex.MALE)),
            active=Count(
                "company", filter=Q(end_date__isnull=True) | Q(end_date__gt=scope.last_day)
            ),
        )
        cache.set(key, people, FIGURES_CACHE_SECONDS)
    return {
        "project": project,
        "targets": goal,
        "companies": company_totals,
        "participants": people,
        "company_percent": percent(company_totals["engaged"], goal["companies"]),
        "participant_percent": percent(people["total"], goal["participants"]),
    }


def companies_by_status(user) -> list[tuple[str, int]]:
    counts = dict(
        Company.objects.for_user(user).values_list("status").annotate(n=Count("id")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in CompanyStatus.choices]


def my_companies(user, limit: int = 50, *, stamp: tuple | None = None) -> list[Company]:
    """The first `limit` companies a coach or assessor works with, by name, each with its
    `participant_count` (from the register's cached counts, under `stamp` when given)."""
    companies = list(
        Company.objects.for_user(user)
        .select_related("municipality", "test_centre", "coach")
        .order_by("name", "pk")[:limit]
    )
    counts = participant_counts(stamp)
    for company in companies:
        company.participant_count = counts.get(company.pk, Counter()).total()
    return companies
