"""PDF rendering with WeasyPrint: official Thai document style, local fonts only, no network.

`render_template("plans/plan_pdf.html", context)` is what apps call; their templates extend
`documents/pdf_base.html` (or `documents/memo.html`). See docs/documents.md.
"""

from __future__ import annotations

import atexit
import functools
import io
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from prongsai.documents import fonts, linebreak, textlayer

STATIC_DIR = Path(__file__).resolve().parent / "static"
# WeasyPrint's Pango font map is process-global state: one render at a time per process.
_RENDER_LOCK = threading.Lock()


def _refusal(url: str, allowed_dirs: tuple[Path, ...]) -> str | None:
    """Why `url` must not be fetched, or None when it may be (data: URLs, files inside allowed_dirs)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None
    if scheme == "file":
        path = Path(unquote(parts.path)).resolve()
        if any(path.is_relative_to(folder) for folder in allowed_dirs):
            return None
        return f"file outside the allowed folders refused: {url[:200]}"
    return f"only file: and data: URLs are fetched when rendering documents, refused: {url[:200]}"


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalOnlyURLFetcher(URLFetcher):
        """Fetches `data:` URLs and `file:` URLs inside the allowed folders; refuses everything else.

        User content (a measure's text, an evidence title) must never make the renderer open a network
        connection or read arbitrary files (`<link rel=attachment href=file:///etc/passwd>` would embed it).
        A refused URL raises ValueError, which WeasyPrint logs and skips: the document still renders.
        """

        def __init__(self, allowed_dirs: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.allowed_dirs = tuple(folder.resolve() for folder in allowed_dirs)

        def fetch(self, url, headers=None):
            if reason := _refusal(url, self.allowed_dirs):
                raise ValueError(reason)
            return super().fetch(url, headers)

    return LocalOnlyURLFetcher


def url_fetcher():
    """A fetcher limited to our static files, the font folders and data: URLs."""
    font_dirs = tuple({face.path.parent for face in fonts.font_set().faces})
    return _fetcher_class()((STATIC_DIR, Path(settings.FONT_DIR), *font_dirs))


@functools.cache
def _font_css(font_dir: str):
    """The @font-face rules and sizes for the current fonts, built once (font loading is the slow part)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_set = fonts.font_set()
    rules = [
        f"@font-face {{ font-family: 'Prongsai Body'; src: url('{face.path.resolve().as_uri()}'); "
        f"font-weight: {face.weight}; font-style: {'italic' if face.italic else 'normal'}; }}"
        for face in font_set.faces
    ]
    sizes = f"""
      :root {{ font-family: 'Prongsai Body'; font-size: {font_set.pt(16)}pt; }}
      .doc-small {{ font-size: {font_set.pt(14)}pt; }}
      .doc-large {{ font-size: {font_set.pt(20)}pt; }}
      .doc-title, h1 {{ font-size: {font_set.pt(20)}pt; }}
      .memo-heading {{ font-size: {font_set.pt(29)}pt; }}
      .memo-label {{ font-size: {font_set.pt(20)}pt; }}
      h2 {{ font-size: {font_set.pt(18)}pt; }}
      h3, h4 {{ font-size: {font_set.pt(16)}pt; }}
      @page {{ @top-center {{ font-family: 'Prongsai Body'; font-size: {font_set.pt(16)}pt; }} }}
    """
    font_config = FontConfiguration()
    css = CSS(string="\n".join(rules) + sizes, font_config=font_config, url_fetcher=url_fetcher())
    return font_config, css


def render_pdf(html: str) -> bytes:
    """A PDF from a complete HTML document; fonts are embedded (subset), only local resources are read."""
    from weasyprint import HTML

    with _RENDER_LOCK:
        textlayer.apply()
        linebreak.apply()
        font_config, font_css = _font_css(str(settings.FONT_DIR))
        document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=url_fetcher())
        return document.write_pdf(stylesheets=[font_css], font_config=font_config)


def render_template(template_name: str, context: dict, *, language: str = "th") -> bytes:
    """Render a Django template (normally extending documents/pdf_base.html) in `language`, then to PDF."""
    with translation.override(language):
        html = render_to_string(template_name, {"language": language, **context})
    return render_pdf(html)


def extract_text(pdf: bytes) -> str:
    """The PDF's text layer, pages separated by form feeds (what copy-paste and search engines see)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\f".join(page.extract_text() or "" for page in reader.pages)


# Drop the cached font configuration while modules still exist: its __del__ fails at interpreter teardown.
atexit.register(_font_css.cache_clear)


def clear_cache() -> None:
    """Forget the loaded fonts (tests that change settings.FONT_DIR call this)."""
    fonts.clear_cache()
    _font_css.cache_clear()
