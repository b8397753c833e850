"""The document kinds this app makes: a certificate's PDF and a batch's ZIP of PDFs.

Registered in `CertificatesConfig.ready()`; rendered by the generic document task.
"""

import io
import zipfile

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from documents.registry import DocumentError, DocumentKind, Rendered, register

from . import pdf
from .models import Certificate, CertificateBatch, CertificateStatus

KIND_CERTIFICATE = "certificate"
KIND_BATCH_ZIP = "certificate_batch_zip"


def render_certificate(document) -> Rendered:
    certificate = Certificate.objects.filter(pk=document.params.get("certificate")).first()
    if certificate is None:
        raise DocumentError(gettext("The certificate no longer exists."))
    return Rendered(
        content=pdf.certificate_render(certificate),
        filename=pdf.certificate_filename(certificate),
        content_type=pdf.CONTENT_TYPE,
    )


def render_batch_zip(document) -> Rendered:
    """Every valid, rendered certificate of the batch, one PDF each, in one ZIP."""
    batch = CertificateBatch.objects.filter(pk=document.params.get("batch")).first()
    if batch is None:
        raise DocumentError(gettext("The batch no longer exists."))
    certificates = list(
        batch.certificates.filter(status=CertificateStatus.VALID)
        .select_related("document")
        .order_by("participant_name", "pk")
    )
    waiting = [c for c in certificates if c.document is None or c.document.in_progress]
    if waiting:
        raise DocumentError(
            ngettext(
                "%(count)d certificate is not ready yet.",
                "%(count)d certificates are not ready yet.",
                len(waiting),
            )
            % {"count": len(waiting)}
        )
    ready = [c for c in certificates if c.document.is_ready]
    if not ready:
        raise DocumentError(gettext("No certificate in the batch is ready."))
    buffer = io.BytesIO()
    # PDFs are compressed already: storing them is as small and much faster than deflating.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in ready:
            with certificate.document.file.open("rb") as handle:
                archive.writestr(certificate.document.filename, handle.read())
    return Rendered(
        content=buffer.getvalue(),
        filename=f"kompetensbevis-{batch.created_at:%Y%m%d}-{batch.pk}.zip",
        content_type="application/zip",
    )


def _certificate_visible(user, document) -> bool:
    return (
        has_capability(user, C.CERTIFICATES_VIEW)
        and Certificate.objects.for_user(user).filter(document=document).exists()
    )


def _certificate_retry(user, document) -> bool:
    # Staff, or whoever issued it (an assessor whose centre may issue).
    return has_capability(user, C.CERTIFICATES_ISSUE) or document.owner_id == user.pk


def _batch_visible(user, document) -> bool:
    return (
        has_capability(user, C.CERTIFICATES_ISSUE)
        and CertificateBatch.objects.for_user(user).filter(pk=document.params.get("batch")).exists()
    )


def register_kinds() -> None:
    register(
        DocumentKind(
            key=KIND_CERTIFICATE,
            label=_("Competence certificate"),
            render=render_certificate,
            can_access=_certificate_visible,
            can_retry=_certificate_retry,
            template_version=pdf.TEMPLATE_VERSION,
        )
    )
    register(
        DocumentKind(
            key=KIND_BATCH_ZIP,
            label=_("ZIP of competence certificates"),
            render=render_batch_zip,
            can_access=_batch_visible,
            can_retry=_batch_visible,
            template_version="zip-1",
        )
    )
