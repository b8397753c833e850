"""WeasyPrint for this app's PDFs, imported only when one is made (`training.pdf`): WeasyPrint
takes ~0.4 s to import, which a web process or a command making no PDF skips. A local
stylesheet and the certificate's bundled fonts, so a render makes no network request; both are
parsed once per process and thread, as the certificate does (`certificates.pdf_engine`)."""

import threading
from pathlib import Path

import weasyprint
from django.template.loader import render_to_string
from weasyprint.text.fonts import FontConfiguration

from certificates.pdf import ASSETS_DIR as CERTIFICATE_ASSETS
from documents.pdf_speedups import sized_arrays_without_parsing

ASSETS = Path(__file__).resolve().parent / "static" / "training"
STYLESHEET = ASSETS / "print.css"
USER_AGENT_STYLESHEET = ASSETS / "user-agent.css"
FONTS = CERTIFICATE_ASSETS / "fonts"

_per_thread = threading.local()

sized_arrays_without_parsing()


def _stylesheets() -> tuple[list, FontConfiguration, weasyprint.CSS]:
    cached = getattr(_per_thread, "cached", None)
    if cached is None:
        font_config = FontConfiguration()
        fonts = weasyprint.CSS(
            string=(
                f'@font-face {{ font-family: "Print Sans"; font-weight: 400; '
                f"src: url({(FONTS / 'DejaVuSans-Latin.ttf').as_uri()}); }}\n"
                f'@font-face {{ font-family: "Print Sans"; font-weight: 700; '
                f"src: url({(FONTS / 'DejaVuSans-Bold-Latin.ttf').as_uri()}); }}"
            ),
            font_config=font_config,
        )
        sheet = weasyprint.CSS(filename=str(STYLESHEET), font_config=font_config)
        user_agent = weasyprint.CSS(filename=str(USER_AGENT_STYLESHEET))
        cached = _per_thread.cached = ([fonts, sheet], font_config, user_agent)
    return cached


class _HTML(weasyprint.HTML):
    """WeasyPrint's HTML with our small user-agent stylesheet (the hook the certificate uses,
    `certificates.pdf_engine._CertificateHTML`)."""

    def _ua_stylesheets(self, forms=False):
        return [_stylesheets()[2]]


def render_pdf(template: str, context: dict) -> bytes:
    stylesheets, font_config, _user_agent = _stylesheets()
    html = render_to_string(template, context)
    return _HTML(string=html, base_url=str(ASSETS)).write_pdf(
        stylesheets=stylesheets, font_config=font_config
    )
