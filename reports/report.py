"""The progress report (lägesrapport) in its three forms, all made from one `figures()` dict:
the JSON the command prints, the PDF and the Excel workbook. The dashboard shows the same dict
and the same charts (`charts_for`), so the four cannot disagree.
"""

import datetime
import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from companies.models import Sex, StartStatus

from . import charts
from .selectors import Scope

TEMPLATE_VERSION = "progress-report-1"
PDF_TEMPLATE = "reports/pdf/progress_report.html"
ASSETS_DIR = Path(__file__).resolve().parent / "static" / "reports"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"

SEX_SERIES = [("women", gettext_lazy("Women")), ("men", gettext_lazy("Men"))]


def charts_for(figures: dict) -> dict:
    """The report's charts as SVG, for the dashboard and the PDF alike."""
    series = figures["series"]
    months = series["months"]
    participants = figures["participants"]
    return {
        "participants": charts.line_chart(
            _("Participants over time"),
            months,
            [
                charts.Line(_("Started"), series["participants"]["values"]),
                charts.Line(_("Ended"), series["participants_ended"]["values"]),
            ],
            target=series["participants"]["target"],
            target_label=_("Target"),
        ),
        "companies": charts.line_chart(
            _("Companies taking part over time"),
            months,
            [charts.Line(_("Companies"), series["companies"]["values"])],
            target=series["companies"]["target"],
            target_label=_("Target"),
        ),
        "results": charts.line_chart(
            _("Validations and certificates over time"),
            months,
            [
                charts.Line(_("Validations done"), series["validations"]["values"]),
                charts.Line(_("Certificates issued"), series["certificates"]["values"]),
            ],
        ),
        "start_status": charts.bar_chart(
            _("Participants by start status"), participants["by_start_status"], SEX_SERIES
        ),
        "county": charts.bar_chart(
            _("Participants by county"), participants["by_county"], SEX_SERIES
        ),
    }


def series_rows(figures: dict) -> list[list]:
    """The charts' numbers as rows: month, companies, participants, ended, validations,
    certificates (cumulated)."""
    series = figures["series"]
    names = ("companies", "participants", "participants_ended", "validations", "certificates")
    return [
        [month, *(series[name]["values"][i] for name in names)]
        for i, month in enumerate(series["months"])
    ]


def conversation_headers() -> list[str]:
    return [_("Conversation %(n)s") % {"n": n} for n in (1, 2, 3, 4)]


def conversation_rows(figures: dict) -> list[list]:
    """The four conversations per company as rows of text: company, conversation 1–4 (held on
    a date, planned for a date, not yet), the next step; the PDF's table in the same words."""
    return [
        [row["company"], *(c["label"] for c in row["conversations"]), row["next"]["label"]]
        for row in figures["conversations"]["by_company"]
    ]


# -- JSON ------------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def as_json(figures: dict) -> dict:
    """The figures as plain JSON data (the command's output; the other forms show the same)."""
    data = {key: item for key, item in figures.items() if key != "project"}
    project = figures["project"]
    data["project"] = (
        {
            "name": project.name,
            "funder": project.funder,
            "funder_reference": project.funder_reference,
            "start_date": project.start_date,
            "end_date": project.end_date,
        }
        if project
        else None
    )
    return _plain(data)


# -- PDF -------------------------------------------------------------------------------------


def pdf_render(figures: dict, *, title: str) -> bytes:
    """The progress report as PDF: figures, charts, breakdowns and the staff's own text."""
    import weasyprint  # heavy; only the worker and the command need it

    html = render_to_string(
        PDF_TEMPLATE,
        {
            "f": figures,
            "charts": charts_for(figures),
            "title": title,
            "project": figures["project"],
        },
    )
    return weasyprint.HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/").write_pdf()


# -- Excel -----------------------------------------------------------------------------------


def _sheet(book: Workbook, title: str, header: list[str], rows) -> None:
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(list(row))


def _split_rows(rows: list[dict]):
    return ([row["label"], row["women"], row["men"], row["total"]] for row in rows)


def participant_rows(scope: Scope, *, with_personnummer: bool):
    """The participant list of the report, in a stable order, streamed (no model instances)."""
    # Translated once: a lazy label costs a translation lookup on every one of 100,000 rows.
    sexes = {value: str(label) for value, label in Sex.choices}
    statuses = {value: str(label) for value, label in StartStatus.choices}
    protected = _("Protected identity")
    fields = [
        "personnummer",
        "protected_identity",
        "first_name",
        "last_name",
        "sex",
        "start_status",
        "start_date",
        "end_date",
        "company__name",
        "company__organisationsnummer",
    ]
    queryset = scope.participants().order_by("company__name", "last_name", "first_name", "pk")
    for row in queryset.values_list(*fields).iterator(chunk_size=5000):
        number, is_protected, first, last, sex, status, start, end, company, orgnr = row
        if is_protected or not number:
            shown = protected
        elif with_personnummer:
            shown = f"{number[:8]}-{number[8:]}"
        else:
            shown = f"{number[:8]}-****"
        yield [
            shown,
            first,
            last,
            sexes.get(sex, sex),
            statuses.get(status, status),
            start,
            end,
            company,
            orgnr,
        ]


def xlsx_render(figures: dict, scope: Scope, *, with_personnummer: bool) -> bytes:
    """The progress report as a workbook: one sheet per breakdown and the participant list."""
    book = Workbook(write_only=True)
    targets, companies = figures["targets"], figures["companies"]
    people, validations = figures["participants"], figures["validations"]
    certificates = figures["certificates"]
    period = figures["period"]
    figure, target_word, value_word = _("Figure"), _("Target"), _("Value")
    _sheet(
        book,
        _("Summary"),
        [figure, value_word, target_word],
        [
            [_("Period from"), period["start"], None],
            [_("Period to"), period["end"], None],
            [_("Companies taking part"), companies["engaged"], targets["companies"]],
            [_("Companies in the register"), companies["total"], None],
            [_("Participants"), people["total"], targets["participants"]],
            [_("Women"), people["women"], None],
            [_("Men"), people["men"], None],
            [_("Started in the period"), people["started"], None],
            [_("Ended in the period"), people["ended"], None],
            [_("Validations done"), validations["total"], targets.get("validations")],
            [_("Certificates issued"), certificates["issued"], targets.get("certificates")],
            [_("Certificates valid"), certificates["valid"], None],
        ],
    )
    n = _("Number")
    _sheet(
        book,
        _("Companies by status"),
        [_("Status"), n],
        ([r["label"], r["n"]] for r in companies["by_status"]),
    )
    for key, title, column in (
        ("by_county", _("Companies by county"), _("County")),
        ("by_municipality", _("Companies by municipality"), _("Municipality")),
        ("by_sni_section", _("Companies by SNI section"), _("SNI section")),
        ("by_sni_division", _("Companies by SNI division"), _("SNI division")),
        ("by_centre", _("Companies by test centre"), _("Test centre")),
    ):
        _sheet(book, title, [column, n], ([r["label"], r["n"]] for r in companies[key]))
    split = [_("Women"), _("Men"), _("Total")]
    for key, title, column in (
        ("by_start_status", _("Participants by start status"), _("Start status")),
        ("by_county", _("Participants by county"), _("County")),
        ("by_company", _("Participants by company"), _("Company")),
        ("by_centre", _("Participants by test centre"), _("Test centre")),
    ):
        _sheet(book, title, [column, *split], _split_rows(people[key]))
    _sheet(
        book,
        _("Validations"),
        [_("Validation model"), _("Outcome"), *split],
        (
            [r["model"], r["outcome_label"], r["women"], r["men"], r["total"]]
            for r in validations["by_model_and_outcome"]
        ),
    )
    if figures["conversations"].get("by_company_shown"):
        _sheet(
            book,
            _("Conversations per company"),
            [_("Company"), *conversation_headers(), _("Next step")],
            conversation_rows(figures),
        )
    _sheet(
        book,
        _("Month by month"),
        [
            _("Month"),
            _("Companies"),
            _("Participants"),
            _("Ended"),
            _("Validations done"),
            _("Certificates issued"),
        ],
        series_rows(figures),
    )
    _sheet(
        book,
        _("Participants"),
        [
            _("Personal identity number"),
            _("First name"),
            _("Last name"),
            _("Sex"),
            _("Start status"),
            _("Start date"),
            _("End date"),
            _("Company"),
            _("Organisation number"),
        ],
        participant_rows(scope, with_personnummer=with_personnummer),
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filename(figures: dict, extension: str) -> str:
    period = figures["period"]
    return f"lagesrapport-{period['end']:%Y-%m-%d}.{extension}"
