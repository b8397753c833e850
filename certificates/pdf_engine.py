"""WeasyPrint, for the certificate PDF (see `pdf`): imported only by a render, so that the web
processes and commands that make no PDF start without it (its import is most of a bare
`manage.py check`; the figures are in the README)."""

import threading
from collections import OrderedDict
from dataclasses import dataclass

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from documents.fetching import local_assets_fetcher
from documents.pdf_speedups import sized_arrays_without_parsing

from .pdf import ASSETS_DIR, STYLESHEET, USER_AGENT_STYLESHEET

sized_arrays_without_parsing()

# Only the certificate's own assets and data: URIs (the QR code) are read (documents.fetching).
_FETCHER = local_assets_fetcher([ASSETS_DIR])


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
            stylesheet=weasyprint.CSS(
                filename=str(STYLESHEET), font_config=font_config, url_fetcher=_FETCHER
            ),
            user_agent=weasyprint.CSS(filename=str(USER_AGENT_STYLESHEET), url_fetcher=_FETCHER),
            font_config=font_config,
            images=_RecentImages(),
        )
    return renderer


def write_pdf(html: str, *, base_url: str) -> bytes:
    """The certificate's HTML as PDF bytes, with the stylesheet, fonts and images kept for
    the process."""
    renderer = _renderer()
    return _CertificateHTML(string=html, base_url=base_url, url_fetcher=_FETCHER).write_pdf(
        stylesheets=[renderer.stylesheet],
        font_config=renderer.font_config,
        cache=renderer.images,
    )
