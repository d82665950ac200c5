"""JSONL: one object a line with ``text`` or ``html`` and optional ``id``,
``url``, ``outlet``, ``published`` (YYYY-MM-DD) and ``title``; given metadata
is used as is (CONTRACT)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from marsad.doc import NewsDoc, Outcome, Source
from marsad.errors import DocumentError, Reason
from marsad.ingest.html import read_html

__all__ = ["read_jsonl"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELDS = ("id", "url", "outlet", "published", "title")


def _record(obj: object, name: str) -> NewsDoc:
    if not isinstance(obj, dict):
        raise DocumentError(Reason.BAD_RECORD, name, "the line is not a JSON object")
    for key in (*_FIELDS, "text", "html"):
        value = obj.get(key)
        if value is None or isinstance(value, str):
            continue
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            continue
        raise DocumentError(Reason.BAD_RECORD, name, f"field {key!r} must be a string")
    published = obj.get("published")
    if published is not None and not _DATE_RE.match(str(published)):
        raise DocumentError(Reason.BAD_RECORD, name, "published must be YYYY-MM-DD")
    rid = obj.get("id")
    source = Source(
        name=str(rid) if rid is not None else name,
        url=obj.get("url"),
        outlet=obj.get("outlet"),
        published=str(published) if published else None,
        title=obj.get("title"),
        record_id=str(rid) if rid is not None else None,
        kind="jsonl",
    )
    if isinstance(obj.get("text"), str) and obj["text"].strip():
        return NewsDoc(source=source, raw=obj["text"])
    if isinstance(obj.get("html"), str) and obj["html"].strip():
        return read_html(obj["html"], source)
    raise DocumentError(Reason.BAD_RECORD, name, "the record has neither 'text' nor 'html'")


def read_jsonl(text: str, path: str) -> Iterator[NewsDoc | Outcome]:
    """Yield a document per valid line and a failed outcome per bad one
    (one ``empty`` outcome for a file without records)."""
    records = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        records += 1
        name = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Outcome(name, "failed", str(Reason.BAD_JSON), str(e))
            continue
        try:
            doc = _record(obj, name)
        except DocumentError as e:
            yield Outcome(name, "failed", e.code, e.detail)
            continue
        doc.source.path = path
        yield doc
    if not records:
        yield Outcome(path, "failed", str(Reason.EMPTY), "no records (only blank lines)")
