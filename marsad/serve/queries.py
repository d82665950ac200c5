"""Read queries shared by the API and the web page (parameterised SQL only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from marsad.store import Store
from marsad.store import schema as t

__all__ = ["list_documents", "list_events"]


def list_documents(store: Store, *, limit: int, offset: int) -> dict[str, Any]:
    """A page of documents (without their text)."""
    d = t.documents
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(d)).scalar_one()
        rows = conn.execute(
            select(d.c.id, d.c.title, d.c.published, d.c.outlet, d.c.story_id, d.c.source_name)
            .order_by(d.c.published.desc(), d.c.id)
            .limit(limit)
            .offset(offset)
        ).all()
    return {"total": total, "items": [dict(r._mapping) for r in rows]}


def list_events(store: Store, *, limit: int, offset: int) -> dict[str, Any]:
    """A page of events."""
    e = t.events
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(e)).scalar_one()
        rows = conn.execute(
            select(e).order_by(e.c.date.desc(), e.c.doc_id, e.c.idx).limit(limit).offset(offset)
        ).all()
    return {"total": total, "items": [dict(r._mapping) for r in rows]}
