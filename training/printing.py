"""Writes that ask for this app's documents: a development plan PDF, a participant's monthly
hours sheet, and a company's sheets as one batch with one ZIP. The files are made by the
generic document task after commit (`documents.services`)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from companies.models import Company, Participant
from documents.models import Document, DocumentStatus
from documents.services import document_request, documents_start

from .hours import month_bounds, month_hours
from .kinds import KIND_HOURS_SHEET, KIND_HOURS_ZIP, KIND_PLAN
from .models import HoursBatch

FORMATS = ("pdf", "xlsx")


def _visible(actor, participant: Participant, capability: str) -> None:
    if not has_capability(actor, capability) or not (
        Participant.objects.for_user(actor).filter(pk=participant.pk).exists()
    ):
        raise PermissionDenied


@transaction.atomic
def plan_pdf_request(*, actor, participant: Participant) -> Document:
    """The participant's development plan as a PDF, as `actor` may see it (an assessor: the
    part from their validations). Anyone who may see training in the participant's scope."""
    _visible(actor, participant, C.TRAINING_VIEW)
    return document_request(
        actor=actor,
        kind=KIND_PLAN,
        title=f"{gettext('Development plan')} – {participant.full_name}",
        params={"participant": participant.pk},
    )


def _sheet_params(participant, month: datetime.date, file_format: str) -> dict:
    return {"participant": participant.pk, "month": month.isoformat(), "format": file_format}


@transaction.atomic
def hours_sheet_request(
    *, actor, participant: Participant, month: datetime.date, file_format: str = "pdf"
) -> Document:
    """One participant's hours sheet for a month, PDF or Excel (staff, the company's coach,
    managers)."""
    _visible(actor, participant, C.HOURS_VIEW)
    if file_format not in FORMATS:
        raise ValidationError({"format": _("Choose PDF or Excel.")})
    first, _last = month_bounds(month)
    return document_request(
        actor=actor,
        kind=KIND_HOURS_SHEET,
        title=f"{gettext('Monthly hours sheet')} {first:%Y-%m} – {participant.full_name}",
        params=_sheet_params(participant, first, file_format),
    )


@transaction.atomic
def hours_batch_start(*, actor, company: Company, month: datetime.date) -> HoursBatch:
    """A PDF hours sheet for every participant of `company` with hours in the month, made by
    the workers several to a task (staff, the company's coach, managers)."""
    if not has_capability(actor, C.HOURS_VIEW) or not (
        Company.objects.for_user(actor).filter(pk=company.pk).exists()
    ):
        raise PermissionDenied
    first, _last = month_bounds(month)
    rows = month_hours(Participant.objects.filter(company=company), first)
    if not rows:
        raise ValidationError({"month": _("Nobody at the company has hours that month.")})
    batch = HoursBatch.objects.create(company=company, month=first, created_by=actor)
    documents = [
        document_request(
            actor=actor,
            kind=KIND_HOURS_SHEET,
            title=f"{gettext('Monthly hours sheet')} {first:%Y-%m} – {row.participant.full_name}",
            params=_sheet_params(row.participant, first, "pdf"),
            start=False,
        )
        for row in rows
    ]
    batch.documents = [str(d.pk) for d in documents]
    batch.save(update_fields=["documents"])
    documents_start([d.pk for d in documents])
    return batch


@dataclass(frozen=True)
class Progress:
    total: int
    ready: int
    failed: int

    @property
    def done(self) -> bool:
        return self.ready + self.failed == self.total

    @property
    def percent(self) -> int:
        return round(100 * (self.ready + self.failed) / self.total) if self.total else 100


def hours_batch_progress(batch: HoursBatch) -> Progress:
    """How far the batch's sheets have come, in one query."""
    # A sheet removed for data protection has left the batch.
    counts = (
        Document.objects.filter(pk__in=batch.documents)
        .exclude(status=DocumentStatus.REMOVED)
        .aggregate(
            total=Count("pk"),
            ready=Count("pk", filter=Q(status=DocumentStatus.READY)),
            failed=Count("pk", filter=Q(status=DocumentStatus.FAILED)),
        )
    )
    return Progress(**counts)


@transaction.atomic
def hours_batch_zip(*, actor, batch: HoursBatch) -> Document:
    """The batch's sheets as one ZIP, once every sheet is ready (whoever started the batch,
    staff). Asking again returns the ZIP already made unless it failed."""
    if not has_capability(actor, C.HOURS_VIEW):
        raise PermissionDenied
    batch = (
        HoursBatch.objects.for_user(actor)
        .select_for_update(of=("self",))
        .filter(pk=batch.pk)
        .first()
    )
    if batch is None:
        raise PermissionDenied
    progress = hours_batch_progress(batch)
    if progress.ready != progress.total:
        raise ValidationError(_("Wait until every hours sheet in the batch is ready."))
    existing = Document.objects.filter(pk=batch.zip_document_id).first()
    # A ZIP removed for data protection is made again, without the sheets removed with it.
    if existing is not None and not (existing.is_failed or existing.is_removed):
        return existing
    batch.zip_document = document_request(
        actor=actor,
        kind=KIND_HOURS_ZIP,
        title=f"{gettext('Monthly hours sheets')} {batch.month:%Y-%m} – {batch.company.name}",
        params={"batch": batch.pk, "month": batch.month.isoformat(), "documents": batch.documents},
    )
    batch.save(update_fields=["zip_document"])
    return batch.zip_document
