"""HTML pages through trafilatura + htmldate.

The document's ``raw`` layer is trafilatura's extracted text (the HTML is
kept in ``raw_html``); cleaning then runs on it as on any text dump, so every
offset still maps back to what the page showed. Page metadata (title, date,
author, site name) is taken from the HTML; the date search never guesses from
a "© 2023" footer (``extensive_search=False``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import trafilatura

from marsad.doc import NewsDoc, Source
from marsad.errors import DocumentError, Reason
from marsad.ingest.encoding import EncodingError, decode_bytes

__all__ = ["extract_html", "read_html"]

logger = logging.getLogger(__name__)

#: htmldate: look only at metadata and structured markup, never at free text
#: such as copyright footers; prefer the original publication date.
DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}
#: What Marsad asks of trafilatura: the main text with tables, no comments, and the
#: page's metadata (title, date, site name, author, canonical URL).
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
    "date_extraction_params": DATE_PARAMS,
}

#: Deeper element trees than this are refused (a 10,000-deep page would make
#: lxml and trafilatura recurse; real articles stay far below 500).
MAX_TREE_DEPTH = 1500


#: Elements that never hold content and need no end tag (HTML Living
#: Standard, "void elements"): they do not deepen the tree.
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
#: Elements whose end tag may be omitted (the parser closes them itself when
#: a sibling starts, so they never build a deep tree): not counted either.
_OPTIONAL_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "rb",
        "rt",
        "rp",
        "rtc",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
    ]
)
_UNCOUNTED = _VOID | _OPTIONAL_END
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")


def _depth_ok(html: str) -> bool:
    """False when the tag nesting goes deeper than :data:`MAX_TREE_DEPTH`."""
    depth = 0
    for m in _TAG_RE.finditer(html):
        closing, name, selfclosing = m.groups()
        if name.lower() in _UNCOUNTED:
            continue
        if closing:
            depth = max(0, depth - 1)
        elif not selfclosing:
            depth += 1
            if depth > MAX_TREE_DEPTH:
                return False
    return True


def extract_html(html: str, url: str | None = None) -> dict[str, Any] | None:
    """Main text and metadata of a page, or None when nothing was found."""
    result = trafilatura.bare_extraction(html, url=url, **EXTRACT_OPTIONS)
    if not result:
        return None
    data = result if isinstance(result, dict) else result.as_dict()
    return dict(data)


def read_html(data: bytes | str, source: Source) -> NewsDoc:
    """Extract an HTML page into a document.

    Raises:
        DocumentError: undecodable bytes, too deep a tree, or no main text.
    """
    if isinstance(data, bytes):
        try:
            html, _enc = decode_bytes(data)
        except EncodingError as e:
            raise DocumentError(Reason(e.code), source.name, str(e)) from e
    else:
        html = data
    if not _depth_ok(html):
        raise DocumentError(Reason.BAD_HTML, source.name, f"nested deeper than {MAX_TREE_DEPTH}")
    try:
        meta = extract_html(html, source.url)
    except (ValueError, TypeError, RecursionError) as e:
        raise DocumentError(Reason.BAD_HTML, source.name, repr(e)[:200]) from e
    if not meta or not (meta.get("text") or "").strip():
        raise DocumentError(Reason.EMPTY, source.name, "no main text found in the page")
    source.kind = "html"
    if not source.title and meta.get("title"):
        source.title = str(meta["title"])
    if not source.published and meta.get("date"):
        source.published = str(meta["date"])[:10]
    if not source.outlet and meta.get("sitename"):
        source.outlet = str(meta["sitename"])
    if not source.url and meta.get("url"):
        source.url = str(meta["url"])
    doc = NewsDoc(source=source, raw=str(meta["text"]), raw_html=html)
    if meta.get("author"):
        doc.ext["html_author"] = str(meta["author"])
    return doc
