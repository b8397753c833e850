"""The progress report's document kinds (PDF and workbook), rendered by the generic document
task. A report holds the owner's scope: the render reads through `for_user(document.owner)`,
so the scope is checked again when the work is done."""

from django.db.models import Min, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from companies.models import Participant
from documents.registry import DocumentError, DocumentKind, Rendered, register

from . import funder, report
from .models import FunderReport
from .selectors import Filters, Scope, figures

KIND_PROGRESS_PDF = "progress_report_pdf"
KIND_PROGRESS_XLSX = "progress_report_xlsx"
KIND_FUNDER_REPORT = "funder_participant_report"


def _owner_and_filters(document):
    owner = document.owner
    if owner is None or not has_capability(owner, C.REPORTS_DOWNLOAD):
        raise DocumentError(gettext("The person who asked for the report may no longer have it."))
    return owner, Filters.from_params(document.params)


def render_progress_pdf(document) -> Rendered:
    owner, filters = _owner_and_filters(document)
    data = figures(owner, filters)
    return Rendered(
        content=report.pdf_render(data, title=document.title),
        filename=report.filename(data, "pdf"),
        content_type=report.PDF_TYPE,
    )


def render_progress_xlsx(document) -> Rendered:
    owner, filters = _owner_and_filters(document)
    data = figures(owner, filters)
    return Rendered(
        content=report.xlsx_render(
            data,
            Scope(owner, filters),
            with_personnummer=has_capability(owner, C.PERSONNUMMER_VIEW),
        ),
        filename=report.filename(data, "xlsx"),
        content_type=report.XLSX_TYPE,
    )


def render_funder_report(document) -> Rendered:
    sent = FunderReport.objects.filter(pk=document.params.get("report")).first()
    if sent is None:
        raise DocumentError(gettext("The participant report no longer exists."))
    return Rendered(
        content=funder.xlsx_render(sent),
        filename=f"deltagarrapport-{sent.month:%Y-%m}-{sent.pk}.xlsx",
        content_type=report.XLSX_TYPE,
    )


def _progress_workbook_naming(participant_ids) -> Q:
    """Every workbook made since the first of them was registered may list them (which did
    depends on its owner's scope and filters then, which are not kept)."""
    first = Participant.objects.filter(pk__in=list(participant_ids)).aggregate(
        first=Min("created_at")
    )["first"]
    return Q(pk__in=[]) if first is None else Q(created_at__gte=first)


def _funder_report_naming(participant_ids) -> Q:
    """The reports whose rows as sent hold one of their personnummer."""
    return Q(funder_report__in=funder.reports_naming(participant_ids))


def _funder_report_staff(user, document) -> bool:
    return has_capability(user, C.FUNDER_REPORT)


def _may_download(user, document) -> bool:
    return document.owner_id == user.pk and has_capability(user, C.REPORTS_DOWNLOAD)


def register_kinds() -> None:
    for key, label, render, naming in (
        # The PDF holds charts and totals, no participant.
        (KIND_PROGRESS_PDF, _("Progress report (PDF)"), render_progress_pdf, None),
        (
            KIND_PROGRESS_XLSX,
            _("Progress report (Excel)"),
            render_progress_xlsx,
            _progress_workbook_naming,
        ),
    ):
        register(
            DocumentKind(
                key=key,
                label=label,
                render=render,
                can_access=_may_download,
                can_retry=_may_download,
                template_version=report.TEMPLATE_VERSION,
                naming=naming,
                names_many=True,
                names_participants=naming is not None,
            )
        )
    register(
        DocumentKind(
            key=KIND_FUNDER_REPORT,
            label=_("Participant report to the funder (Excel)"),
            render=render_funder_report,
            can_access=_funder_report_staff,
            can_retry=_funder_report_staff,
            template_version="funder-report-1",
            naming=_funder_report_naming,
            names_many=True,
        )
    )
