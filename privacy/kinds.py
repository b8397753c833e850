"""The register extract's two document kinds, for staff (who see full personnummer) only."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from documents.registry import DocumentKind, params_name, register

from . import extract

KIND_EXTRACT_PDF = "register_extract_pdf"
KIND_EXTRACT_JSON = "register_extract_json"


def _staff_owner(user, document) -> bool:
    return has_capability(user, C.PERSONNUMMER_VIEW) and document.owner_id == user.pk


def register_kinds() -> None:
    for key, label, render in (
        (KIND_EXTRACT_PDF, _("Register extract (PDF)"), extract.render_pdf),
        (KIND_EXTRACT_JSON, _("Register extract (JSON)"), extract.render_json),
    ):
        register(
            DocumentKind(
                key=key,
                label=label,
                render=render,
                can_access=_staff_owner,
                can_retry=_staff_owner,
                template_version=extract.TEMPLATE_VERSION,
                naming=params_name("participant"),
            )
        )
