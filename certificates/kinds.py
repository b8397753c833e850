"""The document kinds this app makes: a certificate's PDF and a batch's ZIP of PDFs.

Registered in `CertificatesConfig.ready()`; rendered by the generic document task.
"""

import io
import zipfile

from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from documents.models import Document, DocumentStatus
from documents.registry import DocumentError, DocumentKind, Rendered, register, zip_naming
from documents.selectors import removed_among

from . import pdf
from .models import Certificate, CertificateBatch

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
    """The PDFs chosen when the ZIP was asked for (`selectors.batch_zip_contents`), in one ZIP."""
    batch = CertificateBatch.objects.filter(pk=document.params.get("batch")).first()
    if batch is None:
        raise DocumentError(gettext("The batch no longer exists."))
    # A PDF removed for data protection is left out: made again, the ZIP no longer has it.
    listed = [str(pk) for pk in document.params.get("documents") or []]
    removed = removed_among(listed)
    wanted = [pk for pk in listed if pk not in removed]
    if not wanted:
        raise DocumentError(gettext("No certificate in the batch is ready."))
    found = {
        str(pdf.pk): pdf
        for pdf in Document.objects.filter(pk__in=wanted, status=DocumentStatus.READY)
    }
    missing = len(wanted) - len(found)
    if missing:
        raise DocumentError(
            ngettext(
                "%(count)d certificate is not ready yet.",
                "%(count)d certificates are not ready yet.",
                missing,
            )
            % {"count": missing}
        )
    buffer = io.BytesIO()
    # PDFs are compressed already: storing them is as small and much faster than deflating.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for pdf in (found[pk] for pk in wanted):
            with pdf.file.open("rb") as handle:
                archive.writestr(pdf.filename, handle.read())
    return Rendered(
        content=buffer.getvalue(),
        filename=f"kompetensbevis-{batch.created_at:%Y%m%d}-{batch.pk}.zip",
        content_type="application/zip",
    )


def _certificate_naming(participant_ids) -> Q:
    return Q(certificate__participant_id__in=list(participant_ids))


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
            title=_("Competence certificate %(subject)s"),
            render=render_certificate,
            can_access=_certificate_visible,
            can_retry=_certificate_retry,
            template_version=pdf.TEMPLATE_VERSION,
            naming=_certificate_naming,
        )
    )
    register(
        DocumentKind(
            key=KIND_BATCH_ZIP,
            label=_("ZIP of competence certificates"),
            title=_("Competence certificates – %(subject)s"),
            render=render_batch_zip,
            can_access=_batch_visible,
            can_retry=_batch_visible,
            template_version="zip-1",
            naming=zip_naming(KIND_BATCH_ZIP, KIND_CERTIFICATE),
            names_many=True,
        )
    )
