"""Writes for certificates: issue (one or in bulk), revoke, and the batch ZIP.

The house's one convention (README, "Layout"): each write is `<thing>_<verb>(*, actor, …)` with
typed, keyword-only data, never a form or a request, and checks the actor's capability and scope
itself (`PermissionDenied`); a broken rule raises `ValidationError` and nothing is saved.

The PDF of a certificate is not made here: issuing registers a Document, and the document task
renders it once the transaction has committed (see `documents.services`).
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability, has_capability
from companies.models import ParticipantStatus
from companies.services import participant_advance, participant_step_back
from documents.models import Document
from documents.services import document_request, documents_start
from project.models import Project
from validation.models import Validation, ValidationResult
from validation.selectors import current_result

from . import selectors
from .kinds import KIND_BATCH_ZIP, KIND_CERTIFICATE
from .models import (
    Certificate,
    CertificateBatch,
    CertificateLanguage,
    CertificateStatus,
    new_code,
)
from .permissions import can_bulk_issue, can_issue, is_certifiable

# The issuer when no Project row exists yet (fresh install).
DEFAULT_ISSUER = "Framtidssäkrad industri"


def issuer_name() -> str:
    project = Project.current()
    return project.name if project else DEFAULT_ISSUER


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _unique_code() -> str:
    # A collision is ~10^-9 even with a million certificates; the unique constraint backs it.
    while True:
        code = new_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


def _model_areas(validation: Validation) -> list[str]:
    return [
        model_area.area.name
        for model_area in validation.model.model_areas.select_related("area").order_by(
            "order", "area__name"
        )
    ]


@dataclass
class _Lookups:
    """What every certificate of a bulk issue shares, looked up once."""

    issuer: str | None = None
    areas: dict[int, list[str]] = field(default_factory=dict)


@transaction.atomic
def certificate_issue(
    *,
    actor,
    validation: Validation,
    language: str = CertificateLanguage.SWEDISH,
    on: datetime.date | None = None,
    known_certificates: int | None = None,
) -> Certificate:
    """Issue a new certificate for `validation`, whose current result must be a full outcome.

    Who may: project staff; a test centre's assessor for their centre's validations when the
    model lets the centre issue (`permissions.can_issue`). Issuing again makes a new certificate
    with a new code; the earlier one stays valid until staff revoke it. The PDF is rendered by
    the document task after commit.

    `known_certificates` is how many certificates of the validation the issuer saw (the page
    sends it). When there are more by now, a double click or a colleague issued one meanwhile,
    and this is refused rather than issued twice. None skips the check (operations, demo).
    """
    if known_certificates is not None:
        # Serialises issues of one validation, so the second of two at once sees the first.
        Validation.objects.select_for_update().filter(pk=validation.pk).exists()
        if Certificate.objects.filter(validation=validation).count() > known_certificates:
            raise ValidationError(
                _(
                    "A certificate was issued for this validation meanwhile. Look at it before "
                    "issuing another."
                ),
                code="issued_meanwhile",
            )
    return _issue(actor=actor, validation=validation, language=language, on=on)


def _issue(
    *,
    actor,
    validation: Validation,
    language: str,
    on: datetime.date | None = None,
    batch: CertificateBatch | None = None,
    result: ValidationResult | None = None,
    lookups: _Lookups | None = None,
    start_render: bool = True,
) -> Certificate:
    """One certificate: who may, for what, the row with its snapshot, and its PDF document."""
    result = _certifiable_result(
        actor=actor, validation=validation, language=language, result=result
    )
    certificate = _certificate_create(
        actor=actor,
        validation=validation,
        result=result,
        language=language,
        issued_on=on or timezone.localdate(),
        batch=batch,
        lookups=_lookups_for(validation, lookups or _Lookups()),
    )
    _certificate_document(actor=actor, certificate=certificate, start_render=start_render)
    participant_advance(participant=validation.participant, to=ParticipantStatus.CERTIFICATE_ISSUED)
    return certificate


def _certifiable_result(*, actor, validation, language, result) -> ValidationResult:
    """The validation's current result, once the actor may issue for it in `language`."""
    if not can_issue(actor, validation):
        raise PermissionDenied
    if language not in CertificateLanguage.values:
        raise ValidationError(_("Choose the certificate's language."), code="language")
    result = result or current_result(validation)
    if not is_certifiable(validation, result):
        raise ValidationError(
            _("A certificate can only be issued for a validation with a full outcome."),
            code="not_full",
        )
    return result


def _lookups_for(validation: Validation, lookups: _Lookups) -> _Lookups:
    """`lookups` with what `validation`'s certificate needs, looked up once per bulk issue."""
    if lookups.issuer is None:
        lookups.issuer = issuer_name()
    if validation.model_id not in lookups.areas:
        lookups.areas[validation.model_id] = _model_areas(validation)
    return lookups


def _certificate_create(
    *, actor, validation, result, language, issued_on, batch, lookups: _Lookups
) -> Certificate:
    """The certificate row: a snapshot of what it says, which later edits do not change."""
    model, participant = validation.model, validation.participant
    return Certificate.objects.create(
        code=_unique_code(),
        participant=participant,
        validation=validation,
        validation_result=result,
        validation_model=model,
        centre=validation.centre,
        batch=batch,
        participant_name=participant.full_name,
        subject=model.name,
        level_name=validation.level.name,
        areas=lookups.areas[validation.model_id],
        outcome=result.outcome,
        assessed_on=result.held_on,
        issuer_name=lookups.issuer,
        centre_name=validation.centre.name,
        issued_on=issued_on,
        expires_on=(
            add_months(issued_on, model.certificate_validity_months)
            if model.certificate_validity_months
            else None
        ),
        issued_by=actor,
        language=language,
    )


def _certificate_document(*, actor, certificate: Certificate, start_render: bool) -> None:
    """Register the certificate's PDF; the document task renders it after the commit."""
    certificate.document = document_request(
        actor=actor,
        kind=KIND_CERTIFICATE,
        title=f"{certificate.code} – {certificate.participant_name}",
        params={"certificate": certificate.pk},
        start=start_render,
    )
    certificate.save(update_fields=["document"])


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a valid certificate with a reason (holders of `certificates.revoke` who see it:
    project staff). The PDF stays as issued; the
    verification page tells anyone who checks it that it is revoked."""
    if not has_capability(actor, Capability.CERTIFICATES_REVOKE):
        raise PermissionDenied
    if not Certificate.objects.for_user(actor).filter(pk=certificate.pk).exists():
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for revoking the certificate."), code="reason")
    revoked = Certificate.objects.filter(pk=certificate.pk, status=CertificateStatus.VALID).update(
        status=CertificateStatus.REVOKED,
        revoked_reason=reason,
        revoked_at=timezone.now(),
        revoked_by=actor,
    )
    if not revoked:
        raise ValidationError(_("The certificate is already revoked."), code="revoked")
    certificate.refresh_from_db()
    # With no valid certificate left the participant is no longer "certificate issued": back
    # to validated, so the start pages and the company page count what is true.
    if not Certificate.objects.filter(
        participant_id=certificate.participant_id, status=CertificateStatus.VALID
    ).exists():
        participant_step_back(
            participant=certificate.participant,
            from_=ParticipantStatus.CERTIFICATE_ISSUED,
            to=ParticipantStatus.VALIDATED,
        )
    return certificate


@transaction.atomic
def certificates_issue_bulk(
    *,
    actor,
    company=None,
    validation_model=None,
    centre=None,
    language: str = CertificateLanguage.SWEDISH,
    description: str = "",
) -> CertificateBatch:
    """Issue every certificate due in the selection as one batch (project staff).

    Two bulk issues of the same validations at once (a double click, two staff members) do not
    issue them twice: the due validations are locked first, and the list is read again once
    the locks are held, when an issue that got there first has committed and its certificates
    count. Raises ValidationError when nothing is due.
    """
    if not can_bulk_issue(actor):
        raise PermissionDenied
    selection = selectors.certificates_due(
        user=actor, company=company, validation_model=validation_model, centre=centre
    )
    locked = list(selection.select_for_update(of=("self",)).values_list("pk", flat=True))
    # A new statement, so (read committed) a new snapshot: what a concurrent issue committed
    # while this one waited for the locks is seen now.
    due = list(selection.filter(pk__in=locked))
    if not due:
        raise ValidationError(_("No certificates are due for this selection."), code="none_due")
    batch = CertificateBatch.objects.create(
        description=description or (company.name if company else gettext("Filtered list")),
        company=company,
        language=language,
        created_by=actor,
    )
    _issue_many(actor=actor, validations=due, language=language, batch=batch)
    return batch


@transaction.atomic
def certificates_issue_many(
    *, actor, validations, language: str = CertificateLanguage.SWEDISH
) -> list[Certificate]:
    """Issue a certificate for each of `validations` (staff; the demo data). Each must be due:
    as with one certificate, a validation without a full outcome stops it all."""
    if not can_bulk_issue(actor):
        raise PermissionDenied
    validations = Validation.objects.filter(pk__in=[v.pk for v in validations]).select_related(
        "participant", "model", "level", "centre"
    )
    return _issue_many(
        actor=actor,
        validations=list(validations),
        language=language,
    )


def _issue_many(*, actor, validations, language: str, batch=None) -> list[Certificate]:
    """The certificates of `validations` (each pointing at its `current_result`), sharing what
    they have in common and rendered several to a task, which spares the workers a task's
    overhead per certificate."""
    results = ValidationResult.objects.in_bulk([v.current_result_id for v in validations])
    lookups = _Lookups()
    certificates = [
        _issue(
            actor=actor,
            validation=validation,
            language=language,
            batch=batch,
            result=results.get(validation.current_result_id),
            lookups=lookups,
            start_render=False,
        )
        for validation in validations
    ]
    documents_start([certificate.document_id for certificate in certificates])
    return certificates


@transaction.atomic
def certificate_batch_zip(*, actor, batch: CertificateBatch) -> Document:
    """The batch's certificates as one ZIP document, made once all PDFs are done (holders of
    `certificates.batch_zip` who see the batch: project staff).

    The ZIP holds the ready PDFs of the batch's valid certificates. An earlier ZIP of the same
    list that did not fail is returned as it is; once the list has changed (a certificate
    revoked, a failed PDF made again) a new ZIP is made.
    """
    if not has_capability(actor, Capability.CERTIFICATES_ZIP):
        raise PermissionDenied
    if not CertificateBatch.objects.for_user(actor).filter(pk=batch.pk).exists():
        raise PermissionDenied
    # Two clicks at once make one ZIP: the second waits here and then finds the first.
    batch = (
        CertificateBatch.objects.select_for_update(of=("self",))
        .select_related("zip_document")
        .get(pk=batch.pk)
    )
    progress = selectors.batch_progress(batch)
    if not progress.done:
        raise ValidationError(
            _("Wait until every certificate in the batch is ready."), code="in_progress"
        )
    contents = selectors.batch_zip_contents(batch)
    if not contents:
        raise ValidationError(_("No certificate in the batch is ready."), code="none_ready")
    existing = batch.zip_document
    if selectors.batch_zip_is_current(batch, contents) and not existing.is_failed:
        return existing
    batch.zip_document = document_request(
        actor=actor,
        kind=KIND_BATCH_ZIP,
        title=batch.description,
        params={"batch": batch.pk, "documents": contents},
    )
    batch.save(update_fields=["zip_document"])
    return batch.zip_document
