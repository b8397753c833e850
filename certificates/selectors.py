"""Reads about certificates that pages, commands and other apps rely on."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from documents.models import DocumentStatus
from validation.models import Outcome, Validation, ValidationStatus
from validation.selectors import current_result_field

from .models import Certificate, CertificateBatch, CertificateStatus, normalize_code


def certificates_due(
    *, user, company=None, validation_model=None, centre=None
) -> QuerySet[Validation]:
    """Validations `user` may see that may get a certificate (`permissions.is_certifiable`, as
    a query) and have no certificate still in force (a revoked one does not count; an expired
    one does, since expiry asks for a new validation, not a new certificate)."""
    return _due(
        Validation.objects.for_user(user),
        company=company,
        validation_model=validation_model,
        centre=centre,
    )


def certificates_due_for_operations(*, company) -> QuerySet[Validation]:
    """What is due for `company`, unscoped: for the operations command's dry run, which runs
    with the server's rights and may name no user."""
    return _due(Validation.objects.all(), company=company)


def _due(validations, *, company=None, validation_model=None, centre=None):
    validations = (
        validations.exclude(status=ValidationStatus.CANCELLED)
        .annotate(current_outcome=current_result_field("outcome"))
        .filter(current_outcome=Outcome.FULL)
        .exclude(
            Exists(
                Certificate.objects.filter(
                    validation=OuterRef("pk"), status=CertificateStatus.VALID
                )
            )
        )
    )
    if company is not None:
        validations = validations.filter(participant__company=company)
    if validation_model is not None:
        validations = validations.filter(model=validation_model)
    if centre is not None:
        validations = validations.filter(centre=centre)
    return validations.select_related(
        "participant", "participant__company", "model", "level", "centre"
    ).order_by("participant__last_name", "participant__first_name", "pk")


def certificate_for_verification(code: str) -> Certificate | None:
    """The certificate a public verification code names, or None. No scoping: the page shows
    only what the certificate itself says."""
    code = normalize_code(code)
    if not code:
        return None
    # The participant only for whether they were anonymised (the page then shows no name).
    return Certificate.objects.filter(code=code).select_related("participant").first()


@dataclass(frozen=True)
class BatchProgress:
    total: int
    ready: int
    failed: int
    revoked: int

    @property
    def in_progress(self) -> int:
        return self.total - self.ready - self.failed

    @property
    def done(self) -> bool:
        return self.in_progress == 0

    @property
    def percent(self) -> int:
        return round(100 * (self.ready + self.failed) / self.total) if self.total else 100


def batch_zip_contents(batch: CertificateBatch) -> list[str]:
    """The documents a ZIP of the batch holds now: the ready PDFs of its valid certificates.
    A ZIP made from another list is out of date (a certificate revoked, a failed PDF made)."""
    return [
        str(pk)
        for pk in batch.certificates.filter(
            status=CertificateStatus.VALID, document__status=DocumentStatus.READY
        )
        .order_by("participant_name", "pk")
        .values_list("document_id", flat=True)
    ]


def batch_zip_is_current(batch: CertificateBatch, contents: list[str]) -> bool:
    document = batch.zip_document
    return document is not None and document.params.get("documents") == contents


def batch_progress(batch: CertificateBatch) -> BatchProgress:
    """How far the batch's PDFs have come, in one query."""
    counts = batch.certificates.aggregate(
        # A PDF removed for data protection has left the batch.
        total=Count("pk", filter=~Q(document__status=DocumentStatus.REMOVED)),
        ready=Count("pk", filter=Q(document__status=DocumentStatus.READY)),
        failed=Count("pk", filter=Q(document__status=DocumentStatus.FAILED)),
        revoked=Count("pk", filter=Q(status=CertificateStatus.REVOKED)),
    )
    return BatchProgress(**counts)
