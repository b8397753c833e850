"""The monthly hours sheet of one participant: PDF for their signature, and Excel.

Both come from one context (`sheet_context`), so the two files always say the same."""

import datetime

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from documents.tabular import xlsx_bytes

from . import pdf
from .hours import FUNDER_CATEGORY, ZERO, FunderCategory, month_bounds, participant_activities

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TEMPLATE = "training/pdf/hours_sheet.html"


def sheet_context(participant, month: datetime.date, project_name: str = "") -> dict:
    first, last = month_bounds(month)
    activities = participant_activities(participant, first)
    totals = dict.fromkeys(FunderCategory.values, ZERO)
    for activity in activities:
        if activity.counted:
            totals[FUNDER_CATEGORY[activity.kind]] += activity.hours
    return {
        "participant": participant,
        "company": participant.company,
        "month": first,
        "month_label": formats.date_format(first, "F Y"),
        "first": first,
        "last": last,
        "activities": activities,
        "categories": [(FunderCategory(key).label, hours) for key, hours in totals.items()],
        "total": sum(totals.values(), ZERO),
        "flagged": sum((a.hours for a in activities if not a.counted), ZERO),
        "project_name": project_name,
        "made_on": timezone.localdate(),
    }


def sheet_filename(participant, month: datetime.date, extension: str) -> str:
    name = slugify(participant.full_name) or "deltagare"
    return f"timrapport-{month:%Y-%m}-{name}.{extension}"


def sheet_pdf(context: dict) -> bytes:
    return pdf.render_pdf(PDF_TEMPLATE, context)


def sheet_xlsx(context: dict) -> bytes:
    """The sheet as a workbook, through the one table writer (`documents.tabular`), which also
    keeps a name typed like a formula from running in the reader's spreadsheet."""
    rows = [
        [_("Participant"), context["participant"].full_name],
        [_("Company"), context["company"].name],
        [],
        [_("Date"), _("Activity"), _("Funder's category"), _("Hours"), _("Counted")],
    ]
    for activity in context["activities"]:
        rows.append(
            [
                activity.day,
                f"{activity.kind_label}: {activity.title}",
                activity.category_label,
                float(activity.hours),
                _("Yes") if activity.counted else _("No: outside the participation dates"),
            ]
        )
    rows.append([])
    rows.extend(["", "", str(label), float(hours)] for label, hours in context["categories"])
    rows.append(["", "", _("Total counted"), float(context["total"])])
    if context["flagged"]:
        rows.append(["", "", _("Outside the participation dates"), float(context["flagged"])])
    return xlsx_bytes(
        [_("Hours in the project"), context["month_label"]],
        rows,
        title=context["month"].strftime("%Y-%m"),
    )
