"""Sessions with the coach count in the participant's hours: in the one monthly query, on the
sheets (PDF and Excel) and in the reports' hours figure, under their funder categories.

Hand-counted on top of test_hours' March (12.5 h): guidance 1.5 h on 10 March, a mapping
interview 2 h on 20 March, guidance 1 h on 2 April. March: 16 h; guidance 1.5, mapping and
validation 3 + 2 = 5."""

import datetime
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from coaching import services as coaching
from coaching.models import SessionKind
from companies.models import EndReason, Participant
from companies.tests.factories import ParticipantFactory
from training import printing
from training.hours import (
    FUNDER_CATEGORY,
    ActivityKind,
    FunderCategory,
    month_hours,
    participant_activities,
)
from validation.tests.conftest import catalogue  # noqa: F401 (fixture)

from .test_documents import pdf_text, ready
from .test_hours import data_queries, fixtures  # noqa: F401 (fixture)

MARCH = datetime.date(2021, 3, 1)


def session(cast, participant, kind, day, hours):
    return coaching.participant_session_record(
        actor=cast.coach_a,
        participant=participant,
        data=coaching.SessionData(kind=kind, held_on=day, hours=Decimal(hours)),
    )


def with_sessions(cast, participant):
    session(cast, participant, SessionKind.GUIDANCE, datetime.date(2021, 3, 10), "1.5")
    session(cast, participant, SessionKind.MAPPING_INTERVIEW, datetime.date(2021, 3, 20), "2")
    session(cast, participant, SessionKind.GUIDANCE, datetime.date(2021, 4, 2), "1")
    return participant


def test_the_funder_categories_of_the_sessions():
    assert FUNDER_CATEGORY[ActivityKind.COACHING] == FunderCategory.GUIDANCE
    assert FUNDER_CATEGORY[ActivityKind.MAPPING_INTERVIEW] == FunderCategory.VALIDATION


def test_sessions_count_in_the_one_monthly_query(cast, fixtures):  # noqa: F811
    with_sessions(cast, fixtures)
    other = ParticipantFactory(company=cast.company_a, start_date=datetime.date(2021, 1, 1))
    session(cast, other, SessionKind.GUIDANCE, datetime.date(2021, 3, 10), "3")
    for _ in range(5):
        ParticipantFactory(company=cast.company_b)
    with CaptureQueriesContext(connection) as context:
        rows = month_hours(Participant.objects.all(), MARCH)
    assert len(data_queries(context)) == 1
    by_person = {row.participant.pk: row for row in rows}
    row = by_person[fixtures.pk]
    assert row.counted[ActivityKind.COACHING] == Decimal("1.5")
    assert row.counted[ActivityKind.MAPPING_INTERVIEW] == Decimal("2")
    assert row.total == Decimal("16")
    assert row.by_category[FunderCategory.GUIDANCE] == Decimal("1.5")
    assert row.by_category[FunderCategory.VALIDATION] == Decimal("5")
    assert by_person[other.pk].total == Decimal("3")
    activities = participant_activities(fixtures, MARCH)
    assert sum(a.hours for a in activities if a.counted) == Decimal("16")


def test_a_session_outside_the_dates_is_flagged_not_counted(cast, fixtures):  # noqa: F811
    with_sessions(cast, fixtures)
    fixtures.end_date, fixtures.end_reason = datetime.date(2021, 3, 14), EndReason.OTHER
    fixtures.save()
    [row] = month_hours(Participant.objects.all(), MARCH)
    assert row.counted[ActivityKind.COACHING] == Decimal("1.5")
    assert row.counted[ActivityKind.MAPPING_INTERVIEW] == 0
    assert row.outside[ActivityKind.MAPPING_INTERVIEW] == Decimal("2")


def test_the_sheets_show_the_sessions(
    cast,
    fixtures,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with_sessions(cast, fixtures)
    with django_capture_on_commit_callbacks(execute=True):
        excel = printing.hours_sheet_request(
            actor=cast.coach_a, participant=fixtures, month=MARCH, file_format="xlsx"
        )
        sheet = printing.hours_sheet_request(actor=cast.coach_a, participant=fixtures, month=MARCH)
    with ready(excel).file.open("rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert ("Coaching: Guidance conversation", "Coaching and guidance", 1.5) in [
        r[1:4] for r in rows
    ]
    interview = "Coaching: Competence-mapping interview"
    assert (interview, "Mapping and validation", 2) in [r[1:4] for r in rows]
    totals = {r[2]: r[3] for r in rows if r[2]}
    assert totals["Total counted"] == 16 and totals["Coaching and guidance"] == 1.5
    text = " ".join(pdf_text(ready(sheet)).split())
    assert "Guidance conversation" in text and "Coaching and guidance" in text


def test_the_reports_hours_count_the_sessions_as_the_sheets_do(
    cast,
    fixtures,  # noqa: F811
    catalogue,  # noqa: F811
):
    from reports.selectors import figures

    with_sessions(cast, fixtures)
    data = figures(cast.staff, today=datetime.date(2021, 4, 30))
    march = month_hours(Participant.objects.all(), MARCH)[0].total
    april = month_hours(Participant.objects.all(), datetime.date(2021, 4, 1))[0].total
    assert march == Decimal("16")
    assert april == Decimal("3") + catalogue.practical.duration_hours + Decimal("1")
    assert data["hours"]["total"] == float(march + april)
    # A session after the figures' day is not counted yet.
    assert figures(cast.staff, today=datetime.date(2021, 4, 1))["hours"]["total"] == float(
        march + Decimal("3") + catalogue.practical.duration_hours
    )


def test_the_reports_total_reads_the_activities_not_every_participant(cast, fixtures):  # noqa: F811
    """One aggregate per kind of record (validations, attendance, sessions), each over the
    activities' own rows: never a subquery probed once per participant, which took the
    dashboard 16 s at 100,000 participants. And women and men add up."""
    from training.hours import counted_hours

    with_sessions(cast, fixtures)
    for _ in range(5):  # people with no hours at all change nothing and cost nothing
        ParticipantFactory(company=fixtures.company)
    with CaptureQueriesContext(connection) as captured:
        totals = counted_hours(Participant.objects.all(), datetime.date(2021, 4, 30))
    assert len(captured.captured_queries) == 3
    for query in captured.captured_queries:
        outer_table = query["sql"].split(" FROM ", 1)[1].split()[0]
        assert outer_table != '"companies_participant"', query["sql"]
    months = month_hours(Participant.objects.all(), MARCH) + month_hours(
        Participant.objects.all(), datetime.date(2021, 4, 1)
    )
    assert totals["total"] == sum(row.total for row in months)
    assert totals["women"] + totals["men"] == totals["total"]
