"""The contract's document JSON (one object a line in ``export --what documents``).

Example:
    >>> from marsad.doc import NewsDoc, Source
    >>> d = doc_to_dict(NewsDoc(source=Source(name="a.txt"), raw="x", text="x", id="1"))
    >>> sorted(d)[:3]
    ['author', 'cites', 'entities']
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.doc import Entity, Event, NewsDoc, Quote

__all__ = [
    "doc_to_dict",
    "document_schema",
    "entity_to_dict",
    "event_to_dict",
    "quote_to_dict",
    "validate_document",
]


def entity_to_dict(e: Entity) -> dict[str, Any]:
    """An entity as the contract writes it."""
    return {
        "id": e.id,
        "type": e.type,
        "name_ar": e.name_ar,
        "name_en": e.name_en,
        "roles": list(e.roles),
        "country": e.country,
        "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
    }


def event_to_dict(ev: Event, doc_id: str | None) -> dict[str, Any]:
    """An event as the contract writes it (``reports`` at least this document)."""
    reports = list(ev.reports) or ([doc_id] if doc_id else [])
    return {
        "type": ev.type,
        "mode": ev.mode,
        "actor": list(ev.actor),
        "recipient": list(ev.recipient),
        "location": ev.location,
        "date": ev.date,
        "context": list(ev.context),
        "topics": list(ev.topics),
        "status": ev.status,
        "evidence": {"start": ev.evidence.start, "end": ev.evidence.end},
        "reports": reports,
    }


def quote_to_dict(q: Quote) -> dict[str, Any]:
    """A quote as the contract writes it."""
    return {"speaker": q.speaker, "cue": q.cue, "text": q.text, "start": q.start, "end": q.end}


def doc_to_dict(doc: NewsDoc) -> dict[str, Any]:
    """The whole document in the contract's JSON shape."""
    src = doc.source
    return {
        "id": doc.id,
        "source": {
            "name": src.name,
            "path": src.path,
            "url": src.url,
            "outlet": doc.outlet if doc.outlet is not None else src.outlet,
        },
        "title": doc.title if doc.title is not None else src.title,
        "published": doc.published if doc.published is not None else src.published,
        "author": doc.author,
        "text": doc.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in doc.removed],
        "repairs": [
            {"from": r.from_, "to": r.to, "start": r.start, "end": r.end} for r in doc.repairs
        ],
        "cites": list(doc.cites),
        "entities": [entity_to_dict(e) for e in doc.entities],
        "events": [event_to_dict(ev, doc.id) for ev in doc.events],
        "quotes": [quote_to_dict(q) for q in doc.quotes],
        "story": doc.story,
    }


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The shipped JSON Schema of an exported document."""
    text = resources.files("marsad").joinpath("schema/document.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_document(obj: dict[str, Any]) -> list[str]:
    """Validation errors of ``obj`` against the schema (empty when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(document_schema())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(obj)
    ]
