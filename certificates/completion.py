"""Certificates of other kinds than a validation (competence development completed, …),
issued by the app that knows what was completed: the same certificate, code, PDF,
verification and revocation as a validation's; no validation behind it.

Apps above (`training`) call `certificate_issue_completion`; this module knows none of them.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Participant, ParticipantStatus
from companies.services import participant_advance

from .models import Certificate, CertificateKind, CertificateLanguage
from .permissions import can_bulk_issue
from .services import _certificate_document, _unique_code, issuer_name

COMPLETED = "completed"


@transaction.atomic
def certificate_issue_completion(
    *,
    actor,
    participant: Participant,
    subject: str,
    completed_on: datetime.date,
    areas: list[str] | None = None,
    kind: str = CertificateKind.DEVELOPMENT,
    language: str = CertificateLanguage.SWEDISH,
    on: datetime.date | None = None,
) -> Certificate:
    """Issue a certificate that `participant` completed `subject` on `completed_on` (project
    staff: certificates.issue, for a participant in their scope). The caller has checked that
    it was completed. The PDF is rendered by the document task after commit."""
    if not can_bulk_issue(actor) or not (
        Participant.objects.for_user(actor).filter(pk=participant.pk).exists()
    ):
        raise PermissionDenied
    if kind == CertificateKind.VALIDATION or kind not in CertificateKind.values:
        raise ValueError(f"{kind!r} is not a certificate of completion")
    if language not in CertificateLanguage.values:
        raise ValidationError(_("Choose the certificate's language."), code="language")
    certificate = Certificate.objects.create(
        code=_unique_code(),
        kind=kind,
        participant=participant,
        participant_name=participant.full_name,
        subject=subject,
        areas=list(areas or []),
        outcome=COMPLETED,
        assessed_on=completed_on,
        issuer_name=issuer_name(),
        issued_on=on or timezone.localdate(),
        issued_by=actor,
        language=language,
    )
    _certificate_document(actor=actor, certificate=certificate, start_render=True)
    participant_advance(participant=participant, to=ParticipantStatus.CERTIFICATE_ISSUED)
    return certificate
