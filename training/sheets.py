"""The monthly hours sheet of one participant: PDF for their signature, and Excel.

Both come from one context (`sheet_context`), so the two files always say the same."""

import datetime
import io

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

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
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = context["month"].strftime("%Y-%m")
    bold = Font(bold=True)
    sheet.append([_("Hours in the project"), context["month_label"]])
    sheet["A1"].font = bold
    sheet.append([_("Participant"), context["participant"].full_name])
    sheet.append([_("Company"), context["company"].name])
    sheet.append([])
    sheet.append([_("Date"), _("Activity"), _("Funder's category"), _("Hours"), _("Counted")])
    for cell in sheet[5]:
        cell.font = bold
    for activity in context["activities"]:
        sheet.append(
            [
                activity.day,
                f"{activity.kind_label}: {activity.title}",
                activity.category_label,
                float(activity.hours),
                _("Yes") if activity.counted else _("No: outside the participation dates"),
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd"
    sheet.append([])
    for label, hours in context["categories"]:
        sheet.append(["", "", str(label), float(hours)])
    sheet.append(["", "", _("Total counted"), float(context["total"])])
    sheet.cell(row=sheet.max_row, column=3).font = bold
    if context["flagged"]:
        sheet.append(["", "", _("Outside the participation dates"), float(context["flagged"])])
    for column, width in zip("ABCDE", (12, 44, 40, 8, 34), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
