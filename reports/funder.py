"""The funder's monthly participant report (SCB, for the ESF): the participants who started
and who ended in a month, sent once the month is over. A sent report keeps its rows; when the
rows of a sent month change afterwards (a corrected start date, a late registration), that
month and every later sent month are flagged to be sent again, as SCB asks."""

import datetime
import hashlib
import io
import json
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from companies.models import Participant, Sex, StartStatus
from companies.selectors import personnummer_of

from .models import FunderReport

# The fields of a row, in the order of the funder's template.
FIELDS = [
    "personnummer",
    "first_name",
    "last_name",
    "sex",
    "start_date",
    "end_date",
    "start_status",
    "company__name",
    "company__organisationsnummer",
]


def month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )


def month_rows(month: datetime.date) -> list[list]:
    """The month's rows: everyone who started or ended in it, in personnummer order (one
    query; the whole project, for project staff only)."""
    last = month_end(month)
    started = Q(start_date__gte=month, start_date__lte=last)
    ended = Q(end_date__gte=month, end_date__lte=last)
    rows = (
        Participant.objects.filter(started | ended)
        .order_by("personnummer", "pk")
        .values_list(*FIELDS)
    )
    return [
        [value.isoformat() if isinstance(value, datetime.date) else value for value in row]
        for row in rows
    ]


def reports_naming(participant_ids) -> list[int]:
    """The sent reports whose rows hold one of the participants' personnummer (read before
    they are anonymised). In Python: SQLite cannot look inside JSON lists, and there is one
    report a month."""
    numbers = personnummer_of(participant_ids)
    if not numbers:
        return []
    return [
        pk
        for pk, rows in FunderReport.objects.values_list("pk", "rows").iterator()
        if any(row[0] in numbers for row in rows)
    ]


def rows_anonymise(participant_ids, *, name: str) -> int:
    """Remove the participants' personnummer and names from the rows of the sent reports, as
    anonymisation does from the participants (the privacy app, before it removes the
    numbers): a report made again from its rows no longer names them. The fingerprint stays
    that of what was sent. Returns how many reports changed."""
    numbers = personnummer_of(participant_ids)
    changed = 0
    for report in FunderReport.objects.filter(pk__in=reports_naming(participant_ids)):
        report.rows = [
            [None, name, "", *row[3:]] if row[0] in numbers else row for row in report.rows
        ]
        report.save(update_fields=["rows"])
        changed += 1
    return changed


def fingerprint(rows: list[list]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def month_is_over(month: datetime.date, today: datetime.date | None = None) -> bool:
    """A month's report opens on the 1st of the next month."""
    return month_end(month) < (today or timezone.localdate())


@dataclass
class MonthState:
    month: datetime.date
    last: FunderReport
    changed: bool  # the month's rows differ from what was sent
    resend: bool  # changed, or an earlier sent month changed


def sent_months() -> list[MonthState]:
    """Every month sent so far with its latest sending, oldest first, flagged when it must be
    sent again. One query for the sendings and one per sent month for its current rows."""
    latest: dict[datetime.date, FunderReport] = {}
    for report in FunderReport.objects.select_related("sent_by", "document").order_by(
        "month", "sent_at", "pk"
    ):
        latest[report.month] = report
    states, earlier_changed, last_correction = [], False, None
    for month in sorted(latest):
        last = latest[month]
        changed = fingerprint(month_rows(month)) != last.fingerprint
        # SCB: once an earlier month is corrected, every later month is sent again.
        corrected_after = last_correction is not None and last_correction > last.sent_at
        earlier_changed = earlier_changed or changed
        states.append(
            MonthState(
                month=month, last=last, changed=changed, resend=earlier_changed or corrected_after
            )
        )
        if last.is_correction and (last_correction is None or last.sent_at > last_correction):
            last_correction = last.sent_at
    return states


def xlsx_render(report: FunderReport) -> bytes:
    """The rows as sent, in the order of the funder's template."""
    sexes = {value: str(label) for value, label in Sex.choices}
    statuses = {value: str(label) for value, label in StartStatus.choices}
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"{report.month:%Y-%m}")
    sheet.append(
        [
            _("Personal identity number"),
            _("First name"),
            _("Last name"),
            _("Sex"),
            _("Start date"),
            _("End date"),
            _("Start status"),
            _("Company"),
            _("Organisation number"),
        ]
    )
    for row in report.rows:
        number, first, last, sex, start, end, status, company, orgnr = row
        sheet.append(
            [
                f"{number[:8]}-{number[8:]}" if number else _("Protected identity"),
                first,
                last,
                sexes.get(sex, sex),
                start,
                end or "",
                statuses.get(status, status),
                company,
                orgnr,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
