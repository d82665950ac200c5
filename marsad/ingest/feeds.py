"""RSS/Atom feeds (feedparser) and WARC archives (warcio)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.doc import NewsDoc, Outcome, Source
from marsad.errors import DocumentError, Reason
from marsad.ingest.html import read_html

__all__ = ["read_feed", "read_warc"]


def _entry_date(entry: dict[str, object]) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def read_feed(data: bytes, path: str) -> Iterator[NewsDoc | Outcome]:
    """Yield one document per feed entry (its content, else its summary)."""
    parsed = feedparser.parse(data)
    if not parsed.get("entries"):
        if parsed.get("bozo"):
            why = str(parsed.get("bozo_exception"))
        elif not parsed.get("version"):
            why = "not an RSS or Atom feed"
        else:
            yield Outcome(path, "failed", str(Reason.EMPTY), "the feed has no entries")
            return
        yield Outcome(path, "failed", str(Reason.BAD_FEED), why[:300])
        return
    outlet = parsed.get("feed", {}).get("title")
    crawled = time.strftime("%Y-%m-%d")
    for i, entry in enumerate(parsed.get("entries", [])):
        link = entry.get("link")
        name = link or f"{path}#{i}"
        body = ""
        if entry.get("content"):
            body = "\n".join(str(c.get("value", "")) for c in entry["content"])
        if not body:
            body = str(entry.get("summary", ""))
        title = entry.get("title")
        source = Source(
            name=name,
            path=path,
            url=link,
            outlet=outlet,
            published=_entry_date(entry),
            title=title,
            crawled=crawled,
            kind="rss",
        )
        html = f"<html><body><article><h1>{title or ''}</h1>{body}</article></body></html>"
        try:
            doc = read_html(html, source)
        except DocumentError as e:
            yield Outcome(name, "failed", e.code, e.detail)
            continue
        doc.source.kind = "rss"
        yield doc


def read_warc(data: bytes, path: str) -> Iterator[NewsDoc | Outcome]:
    """Yield one document per HTML response record of a WARC (gzip or not)."""
    seen = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            ctype = (
                (record.http_headers.get_header("Content-Type") or "")
                if record.http_headers
                else ""
            )
            if "html" not in ctype.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                # Fewer bytes than the record's Content-Length: the file was cut.
                raise ArchiveLoadFailed(f"HTML record {seen + 1} is truncated")
            seen += 1
            source = Source(
                name=url or f"{path}#{seen}", path=path, url=url, crawled=crawled, kind="warc"
            )
            try:
                doc = read_html(payload, source)
            except DocumentError as e:
                yield Outcome(source.name, "failed", e.code, e.detail)
                continue
            doc.source.kind = "warc"
            yield doc
    except (
        ArchiveLoadFailed,
        ValueError,
        OSError,
        EOFError,
        AttributeError,
    ) as e:  # warcio raises AttributeError on a cut header
        yield Outcome(path, "failed", str(Reason.BAD_WARC), f"after {seen} records: {e!r}"[:300])
        return
    if not seen:
        yield Outcome(path, "failed", str(Reason.EMPTY), "no HTML response records")
