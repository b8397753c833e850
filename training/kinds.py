"""The document kinds this app makes: the development plan PDF, the monthly hours sheet (PDF
or Excel) and a batch's ZIP of sheets. Registered in `TrainingConfig.ready()`; rendered by the
generic document task. Each render reads through `for_user(document.owner)`, so the owner's
scope is checked again in the worker; a document is for whoever asked for it."""

import datetime
import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.models import Participant
from documents.models import Document, DocumentStatus
from documents.registry import (
    DocumentError,
    DocumentKind,
    Rendered,
    params_name,
    register,
    zip_naming,
)
from documents.selectors import removed_among

from . import pdf, selectors, sheets

KIND_PLAN = "development_plan"
KIND_HOURS_SHEET = "hours_sheet"
KIND_HOURS_ZIP = "hours_batch_zip"
PLAN_TEMPLATE_VERSION = "plan-2"
SHEET_TEMPLATE_VERSION = "hours-sheet-3"


def project_name() -> str:
    from certificates.services import issuer_name

    return issuer_name()


def _participant(document) -> Participant:
    participant = (
        Participant.objects.for_user(document.owner)
        .select_related("company")
        .filter(pk=document.params.get("participant"))
        .first()
    )
    if participant is None:
        raise DocumentError(gettext("The participant is not in your scope any more."))
    return participant


def render_plan(document) -> Rendered:
    participant = _participant(document)
    context = {
        "participant": participant,
        "rows": selectors.development_plan(document.owner, participant),
        "project_name": project_name(),
        "made_on": timezone.localdate(),
    }
    return Rendered(
        content=pdf.render_pdf("training/pdf/plan.html", context),
        filename=f"utvecklingsplan-{sheets.slugify(participant.full_name) or 'deltagare'}.pdf",
        content_type=pdf.CONTENT_TYPE,
    )


def render_hours_sheet(document, *, name: str | None = None) -> Rendered:
    participant = _participant(document)
    month = datetime.date.fromisoformat(document.params["month"])
    context = sheets.sheet_context(participant, month, name or project_name())
    if document.params.get("format") == "xlsx":
        return Rendered(
            content=sheets.sheet_xlsx(context),
            filename=sheets.sheet_filename(participant, month, "xlsx"),
            content_type=sheets.XLSX_CONTENT_TYPE,
        )
    return Rendered(
        content=sheets.sheet_pdf(context),
        filename=sheets.sheet_filename(participant, month, "pdf"),
        content_type=pdf.CONTENT_TYPE,
    )


def render_hours_zip(document) -> Rendered:
    # A sheet removed for data protection is left out: made again, the ZIP no longer has it.
    listed = [str(pk) for pk in document.params.get("documents") or []]
    removed = removed_among(listed)
    wanted = [pk for pk in listed if pk not in removed]
    found = {
        str(d.pk): d for d in Document.objects.filter(pk__in=wanted, status=DocumentStatus.READY)
    }
    if not wanted or len(found) < len(wanted):
        raise DocumentError(gettext("Not every hours sheet of the batch is ready."))
    buffer = io.BytesIO()
    # PDFs are compressed already: storing them is as small and much faster than deflating.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for sheet in (found[pk] for pk in wanted):
            with sheet.file.open("rb") as handle:
                archive.writestr(sheet.filename, handle.read())
    return Rendered(
        content=buffer.getvalue(),
        filename=f"timrapporter-{document.params.get('month', '')[:7]}.zip",
        content_type="application/zip",
    )


def register_kinds() -> None:
    register(
        DocumentKind(
            key=KIND_PLAN,
            label=_("Development plan"),
            render=render_plan,
            template_version=PLAN_TEMPLATE_VERSION,
            naming=params_name("participant"),
        )
    )
    register(
        DocumentKind(
            key=KIND_HOURS_SHEET,
            label=_("Monthly hours sheet"),
            render=render_hours_sheet,
            template_version=SHEET_TEMPLATE_VERSION,
            naming=params_name("participant"),
        )
    )
    register(
        DocumentKind(
            key=KIND_HOURS_ZIP,
            label=_("ZIP of monthly hours sheets"),
            render=render_hours_zip,
            template_version="zip-1",
            naming=zip_naming(KIND_HOURS_ZIP, KIND_HOURS_SHEET),
            names_many=True,
        )
    )
