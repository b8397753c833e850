"""What a document renderer (WeasyPrint) may read while it lays out a page.

WeasyPrint's default fetcher opens any `file://`, `http://` or `https://` URL that reaches the
HTML or CSS. The templates escape what users type, but a renderer must not depend on every
template getting that right: this fetcher serves `data:` URIs and files under the directories a
kind names as its assets, and refuses everything else (WeasyPrint then logs a warning and leaves
the resource out).
"""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname


def url_allowed(url: str, roots: tuple[Path, ...]) -> bool:
    """Whether `url` is a `data:` URI or a local file inside one of `roots` (resolved)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(url2pathname(parts.path)).resolve()
    return any(path.is_relative_to(root) for root in roots)


@cache
def _fetcher_class():
    # Imported here: WeasyPrint takes long to import and only the renderers need it.
    from weasyprint.urls import URLFetcher

    class LocalAssetsFetcher(URLFetcher):
        def __init__(self, roots: list[Path]):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.roots = tuple(Path(root).resolve() for root in roots)

        def fetch(self, url, headers=None):
            if not url_allowed(url, self.roots):
                raise ValueError("refused: only the document's own assets and data: URIs")
            return super().fetch(url, headers)

    return LocalAssetsFetcher


def local_assets_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher (pass it to `HTML` and `CSS` as `url_fetcher`) for `data:` URIs
    and files inside `roots` only."""
    return _fetcher_class()(roots)
