"""The certificate PDF: a Django template rendered by WeasyPrint, one A4 page.

Everything it needs is local (stylesheet, fonts and emblem under `static/certificates/`, the
QR code made in memory), so a render makes no network request. The emblem is used as a PNG made
from its source, `img/emblem.svg`: WeasyPrint draws a raster image faster than an SVG.

Built for speed (the figures, measured, are in the README's "Performance" section): the
stylesheet, its fonts and the decoded emblem are parsed once per process and reused; the
page's own few user-agent rules (user-agent.css) replace WeasyPrint's HTML5 stylesheet; the
template drops the whitespace between tags, which WeasyPrint would otherwise lay out; fonts are
subset by HarfBuzz (Debian's libharfbuzz-subset0) when it is there; and the page uses no CSS
columns or tables, which cost several times more than plain paragraphs.

It shows the participant's name, never the personal identity number: the certificate's
snapshot does not even hold one.

WeasyPrint itself (slow to import) lives in `pdf_engine`, imported by the first render: web
processes and commands that make no PDF do not pay for it.
"""

from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import Certificate, CertificateLanguage

# Bump when certificates/pdf/certificate.html or its CSS changes: every Document records the
# version that rendered it, and issued files are never rendered again.
TEMPLATE_VERSION = "certificate-4"
TEMPLATE = "certificates/pdf/certificate.html"
ASSETS_DIR = Path(__file__).resolve().parent / "static" / "certificates"
BASE_URL = ASSETS_DIR.as_uri() + "/"
STYLESHEET = ASSETS_DIR / "certificate.css"
USER_AGENT_STYLESHEET = ASSETS_DIR / "user-agent.css"
CONTENT_TYPE = "application/pdf"

# The words on the certificate, by key; rendered once per language of the certificate.
LABELS = {
    "title": _("Competence certificate"),
    "certifies": _("This is to certify that"),
    "validated_in": _("has been validated with a full result in"),
    "level": _("Level"),
    "areas": _("Competence areas"),
    "assessed_on": _("Validated on"),
    "test_centre": _("Test centre"),
    "issued_on": _("Issued on"),
    "valid_until": _("Valid until"),
    "issued_by": _("Issued by"),
    "code": _("Verification code"),
    "verify": _("Check that this certificate is genuine and valid at"),
    "industry_validation": _("Industry validation"),
}


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('certificates:verify', args=[code])}"


def _texts(certificate: Certificate, language: str) -> dict[str, str]:
    with translation.override(language):
        texts = {key: str(label) for key, label in LABELS.items()}
        texts["assessed_on_date"] = formats.date_format(certificate.assessed_on, "j F Y")
        texts["issued_on_date"] = formats.date_format(certificate.issued_on, "j F Y")
        texts["expires_on_date"] = (
            formats.date_format(certificate.expires_on, "j F Y") if certificate.expires_on else ""
        )
    return texts


def certificate_context(certificate: Certificate) -> dict:
    languages = certificate.language.split("+")
    url = verification_url(certificate.code)
    return {
        "certificate": certificate,
        "language": languages[0],
        "t": _texts(certificate, languages[0]),
        "t2": _texts(certificate, languages[1]) if len(languages) > 1 else None,
        "verification_url": url,
        "verification_url_short": url.split("://", 1)[-1],
        # One pixel per module; the stylesheet scales it up without smoothing (pixelated).
        # A fixed mask skips segno's evaluation of all eight; any mask scans.
        "qr_code": segno.make(url, error="m", mask=0, boost_error=False).png_data_uri(
            border=0, scale=1, dark="#17324d"
        ),
    }


def certificate_filename(certificate: Certificate) -> str:
    stem = (
        "certificate" if certificate.language == CertificateLanguage.ENGLISH else "kompetensbevis"
    )
    name = slugify(certificate.participant_name) or "deltagare"
    return f"{stem}-{name}-{certificate.code}.pdf"


def certificate_html(certificate: Certificate) -> str:
    return render_to_string(TEMPLATE, certificate_context(certificate))


def certificate_render(certificate: Certificate) -> bytes:
    """The PDF bytes of `certificate`, from its snapshot. Pure: reads nothing else, stores
    nothing (the document task stores it once, at issue)."""
    from . import pdf_engine  # WeasyPrint: imported where a PDF is made, not at start-up

    return pdf_engine.write_pdf(certificate_html(certificate), base_url=BASE_URL)
