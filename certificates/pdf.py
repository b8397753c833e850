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
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import segno
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from weasyprint.text.fonts import FontConfiguration

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


class _RecentImages(OrderedDict):
    """WeasyPrint's image cache, kept across renders for the emblem, which is then decoded once
    per process. Bounded: every certificate adds its own QR code, which is never asked for
    again, so the least recently used entries go. An image is read back within its render,
    long before a few dozen newer entries could push it out."""

    SIZE = 32

    def __getitem__(self, key):
        self.move_to_end(key)
        return super().__getitem__(key)

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if len(self) > self.SIZE:
            self.popitem(last=False)


@dataclass(frozen=True)
class _Renderer:
    stylesheet: weasyprint.CSS
    user_agent: weasyprint.CSS
    font_config: FontConfiguration
    images: _RecentImages


class _CertificateHTML(weasyprint.HTML):
    """WeasyPrint's HTML with the certificate's own small user-agent stylesheet (see
    user-agent.css). `_ua_stylesheets` is WeasyPrint's hook for it; it is not public API, but it
    has kept this form for years. Should it go, WeasyPrint's own stylesheet applies again: the
    page renders slower and gains PDF bookmarks, which a test looks for."""

    def _ua_stylesheets(self, forms=False):
        return [_renderer().user_agent]


_per_thread = threading.local()


def _renderer() -> _Renderer:
    """The parsed stylesheet with its fonts and the image cache, once per process and thread
    (a FontConfiguration is not shared between threads)."""
    renderer = getattr(_per_thread, "renderer", None)
    if renderer is None:
        font_config = FontConfiguration()
        renderer = _per_thread.renderer = _Renderer(
            stylesheet=weasyprint.CSS(filename=str(STYLESHEET), font_config=font_config),
            user_agent=weasyprint.CSS(filename=str(USER_AGENT_STYLESHEET)),
            font_config=font_config,
            images=_RecentImages(),
        )
    return renderer


def certificate_render(certificate: Certificate) -> bytes:
    """The PDF bytes of `certificate`, from its snapshot. Pure: reads nothing else, stores
    nothing (the document task stores it once, at issue)."""
    renderer = _renderer()
    return _CertificateHTML(string=certificate_html(certificate), base_url=BASE_URL).write_pdf(
        stylesheets=[renderer.stylesheet],
        font_config=renderer.font_config,
        cache=renderer.images,
    )
