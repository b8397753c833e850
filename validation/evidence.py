"""Evidence files attached to a result: PDF, PNG or JPEG, at most 5 MB.

The type is decided by the file's first bytes, not by its name or the browser's claim, and the
name must agree with it. Files are stored under a random name and served only through
`views.validations.evidence_download`, which checks access.
"""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    magic: bytes
    names: tuple[str, ...]


KINDS = (
    Kind(".pdf", "application/pdf", b"%PDF-", (".pdf",)),
    Kind(".png", "image/png", b"\x89PNG\r\n\x1a\n", (".png",)),
    Kind(".jpg", "image/jpeg", b"\xff\xd8\xff", (".jpg", ".jpeg")),
)


def kind_of_name(name: str) -> Kind | None:
    lowered = name.lower()
    return next((k for k in KINDS if lowered.endswith(k.names)), None)


def sniff(upload) -> Kind | None:
    """The kind the file's content says it is, or None; leaves the file at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((k for k in KINDS if head.startswith(k.magic)), None)


def validate_evidence(upload) -> Kind:
    """Raise ValidationError unless `upload` is a PDF, PNG or JPEG of at most 5 MB whose name
    matches its content."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; evidence may be at most %(max)s."),
            params={"size": filesizeformat(upload.size), "max": filesizeformat(MAX_BYTES)},
            code="too_large",
        )
    by_content = sniff(upload)
    by_name = kind_of_name(upload.name or "")
    if by_content is None or by_name is None:
        raise ValidationError(_("Evidence must be a PDF, PNG or JPEG file."), code="invalid_type")
    if by_content != by_name:
        raise ValidationError(
            _("The file's name says %(name)s but its content is %(content)s."),
            params={
                "name": by_name.extension.lstrip(".").upper(),
                "content": by_content.extension.lstrip(".").upper(),
            },
            code="type_mismatch",
        )
    return by_content


def stored_name(kind: Kind) -> str:
    """A random file name: the uploader's name is not kept, and paths cannot be guessed."""
    return f"{secrets.token_hex(16)}{kind.extension}"
