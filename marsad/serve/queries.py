"""Read queries shared by the API and the web page.

Only SQLAlchemy Core expressions with bound parameters: no user value is ever
formatted into SQL text. The two dialects differ in three places, each behind
one helper here: the JSON array members of an event's ``actor``/``recipient``
(``json_each`` / ``json_array_elements_text``, both usable as correlated FROM
items), full-text search (FTS5 ``MATCH`` / ``to_tsvector @@ plainto_tsquery``)
and nothing else.

Every list answers ``{"total", "limit", "offset", "items"}``; lists that show
entity ids add ``names`` (id → Arabic and English name, type) for display.

Example:
    >>> from marsad.store import Store
    >>> list_documents(Store.open("sqlite://"))["total"]
    0
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    true,
    union,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import KeyedColumnElement

from marsad.arabic.normalize import match_key, norm_key
from marsad.store import Store
from marsad.store import schema as t
from marsad.stories import story_summaries

__all__ = [
    "SNIPPET_CHARS",
    "fold_column",
    "get_entity",
    "get_story",
    "list_documents",
    "list_entities",
    "list_events",
    "list_quotes",
    "list_stories",
    "search",
    "upper_date",
]

#: Characters of article text shown around a search hit (two lines of the page).
SNIPPET_CHARS = 240
#: Events listed on one entity page (most recent first); the full list is
#: ``/api/events?participant=ID``.
ENTITY_EVENTS = 200
#: The Arabic folds of the contract's matching key that a name search applies
#: in SQL (one-to-one character folds; tashkeel is rare in stored names).
_FOLDS: tuple[tuple[str, str], ...] = (
    ("\u0623", "\u0627"),  # أ → ا
    ("\u0625", "\u0627"),  # إ → ا
    ("\u0622", "\u0627"),  # آ → ا
    ("\u0671", "\u0627"),  # ٱ → ا
    ("\u0649", "\u064a"),  # ى → ي
    ("\u0629", "\u0647"),  # ة → ه
    ("\u0624", "\u0648"),  # ؤ → و
    ("\u0626", "\u064a"),  # ئ → ي
)

_fts = table("documents_fts", column("doc_id"), column("body"), column("rank"))
d = t.documents
e = t.events


def upper_date(day: str) -> str:
    """The last day a partial date (``YYYY`` or ``YYYY-MM``) covers, for ``<=``.

    Example:
        >>> upper_date("2024-03")
        '2024-03-31'
    """
    if len(day) == 4:
        return day + "-12-31"
    if len(day) == 7:
        return day + "-31"
    return day


def _page(total: int, limit: int, offset: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _count(conn: Connection, q: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(q.subquery())).scalar_one())


def fold_column(col: ColumnElement[Any]) -> ColumnElement[Any]:
    """``col`` with the Arabic letter folds of :func:`match_key`, in SQL."""
    out: ColumnElement[Any] = col
    for src, dst in _FOLDS:
        out = func.replace(out, src, dst)
    return out


def _members(dialect: str, col: ColumnElement[Any]) -> Any:
    """The elements of a JSON array column as a FROM item with column ``value``."""
    fn = func.json_each if dialect == "sqlite" else func.json_array_elements_text
    return fn(col).table_valued("value")


def _has(dialect: str, col: ColumnElement[Any], value: str) -> ColumnElement[bool]:
    """``value`` is an element of the JSON array ``col`` (correlated EXISTS)."""
    j = _members(dialect, col)
    return exists(select(literal(1)).select_from(j).where(j.c.value == value))


def names(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Display names of entity ids: ``{id: {name_ar, name_en, type}}``."""
    wanted = sorted({i for i in ids if i})
    out: dict[str, dict[str, Any]] = {}
    ent = t.entities
    for i in range(0, len(wanted), 500):
        rows = conn.execute(
            select(
                ent.c.entity_id,
                func.min(ent.c.name_ar),
                func.max(ent.c.name_en),
                func.min(ent.c.type),
            )
            .where(ent.c.entity_id.in_(wanted[i : i + 500]))
            .group_by(ent.c.entity_id)
        ).all()
        for r in rows:
            out[r[0]] = {"name_ar": r[1], "name_en": r[2], "type": r[3]}
    return out


# --- documents -----------------------------------------------------------------

_DOC_SORTS: dict[str, tuple[KeyedColumnElement[Any], bool]] = {
    "published": (d.c.published, False),
    "-published": (d.c.published, True),
    "title": (d.c.title, False),
    "-title": (d.c.title, True),
    "outlet": (d.c.outlet, False),
    "-outlet": (d.c.outlet, True),
}
DOC_SORTS = tuple(_DOC_SORTS)


def _doc_columns() -> list[Any]:
    return [
        d.c.id,
        d.c.title,
        d.c.published,
        d.c.outlet,
        d.c.story_id.label("story"),
        d.c.source_name.label("source"),
        func.substr(d.c.text, 1, SNIPPET_CHARS).label("snippet"),
    ]


def list_documents(
    store: Store,
    *,
    outlet: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
    story: str | None = None,
    sort: str = "-published",
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """A page of documents (without their full text), filtered and sorted.

    Args:
        outlet: exact outlet name.
        published_from: earliest publication date (YYYY-MM-DD, inclusive).
        published_to: latest publication date (inclusive).
        story: a story id.
        sort: one of :data:`DOC_SORTS` (``-`` for descending).
        limit: page size.
        offset: items to skip.
    """
    col, desc = _DOC_SORTS[sort]
    q = select(*_doc_columns())
    if outlet:
        q = q.where(d.c.outlet == outlet)
    if published_from:
        q = q.where(d.c.published >= published_from)
    if published_to:
        q = q.where(d.c.published <= upper_date(published_to))
    if story:
        q = q.where(d.c.story_id == story)
    order = (col.desc() if desc else col.asc()).nulls_last()
    with store.engine.connect() as conn:
        total = _count(conn, q)
        rows = conn.execute(q.order_by(order, d.c.id).limit(limit).offset(offset)).all()
    return _page(total, limit, offset, [dict(r._mapping) for r in rows])


# --- search ----------------------------------------------------------------------


def _fts_query(key: str) -> str:
    """An FTS5 query of every term of ``key``, each quoted (no FTS syntax from users)."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in key.split())


def _snippet(text: str, terms: Sequence[str]) -> dict[str, Any]:
    """A window of ``text`` around the first term found, with the hit's offsets in it."""
    folded = norm_key(text)
    hits = [(folded.find(norm_key(w)), len(w)) for w in terms]
    found = [(i, n) for i, n in hits if i >= 0]
    if not found:
        return {"snippet": text[:SNIPPET_CHARS], "hit": None}
    at, n = min(found)
    start = max(0, at - SNIPPET_CHARS // 3)
    return {"snippet": text[start : start + SNIPPET_CHARS], "hit": [at - start, at - start + n]}


def search(store: Store, q: str, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Arabic-normalised full-text search over the documents' matching keys.

    The query goes through :func:`match_key` (so أ/ا, ة/ه, tashkeel do not
    matter); every term must occur. SQLite uses the FTS5 table with each term
    quoted; PostgreSQL ``to_tsvector('simple', search_text) @@
    plainto_tsquery('simple', :q)`` (the GIN index's expression).

    Raises:
        ValueError: when nothing searchable is left of ``q``.
    """
    key = match_key(q).strip()
    if not key or not any(ch.isalnum() for ch in key):
        raise ValueError("the query has no searchable word")
    cols = [*_doc_columns()[:-1], d.c.text]
    if store.dialect == "sqlite":
        base = (
            select(*cols)
            .select_from(d.join(_fts, _fts.c.doc_id == d.c.id))
            .where(_fts.c.body.match(_fts_query(key)))
        )
        rank: Any = _fts.c.rank.asc()
    else:
        simple: ColumnElement[Any] = literal_column("'simple'")
        vector = func.to_tsvector(simple, d.c.search_text)
        query = func.plainto_tsquery(simple, key)
        base = select(*cols).where(vector.bool_op("@@")(query))
        rank = func.ts_rank(vector, query).desc()
    with store.engine.connect() as conn:
        total = _count(conn, base)
        rows = conn.execute(base.order_by(rank, d.c.id).limit(limit).offset(offset)).all()
    terms = q.split()
    items = []
    for r in rows:
        item = {k: v for k, v in r._mapping.items() if k != "text"}
        item.update(_snippet(r.text, terms))
        items.append(item)
    out = _page(total, limit, offset, items)
    out["q"] = q
    out["key"] = key
    return out


# --- entities --------------------------------------------------------------------

ENTITY_SORTS = ("-documents", "documents", "name", "-name")


def _event_counts(conn: Connection, dialect: str, ids: Sequence[str]) -> dict[str, int]:
    """Events in which each of ``ids`` is actor or recipient."""
    if not ids:
        return {}
    parts = []
    for col in (e.c.actor, e.c.recipient):
        j = _members(dialect, col)
        parts.append(
            select(j.c.value.label("entity_id"), e.c.doc_id, e.c.idx).select_from(e.join(j, true()))
        )
    rows = union(*parts).subquery()
    q = (
        select(rows.c.entity_id, func.count())
        .where(rows.c.entity_id.in_(list(ids)))
        .group_by(rows.c.entity_id)
    )
    return {str(r[0]): int(r[1]) for r in conn.execute(q)}


def list_entities(
    store: Store,
    *,
    type: str | None = None,
    country: str | None = None,
    q: str | None = None,
    sort: str = "-documents",
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Entities with the number of documents and events that name them.

    Args:
        type: PERSON, ORG, LOC or MISC.
        country: ISO 3166-1 alpha-3 code.
        q: part of the Arabic name (Arabic-normalised), English name or id.
        sort: one of :data:`ENTITY_SORTS`.
    """
    ent = t.entities
    docs = func.count(func.distinct(ent.c.doc_id)).label("documents")
    name_ar = func.min(ent.c.name_ar).label("name_ar")
    base = select(
        ent.c.entity_id.label("id"),
        func.min(ent.c.type).label("type"),
        name_ar,
        func.max(ent.c.name_en).label("name_en"),
        func.max(ent.c.country).label("country"),
        docs,
    )
    if type:
        base = base.where(ent.c.type == type)
    if country:
        base = base.where(ent.c.country == country)
    if q and q.strip():
        key = match_key(q).strip()
        base = base.where(
            or_(
                fold_column(ent.c.name_ar).contains(key, autoescape=True),
                func.lower(ent.c.name_en).contains(q.strip().lower(), autoescape=True),
                ent.c.entity_id.contains(q.strip().lower(), autoescape=True),
            )
        )
    base = base.group_by(ent.c.entity_id)
    order = {
        "-documents": (docs.desc(), ent.c.entity_id),
        "documents": (docs.asc(), ent.c.entity_id),
        "name": (name_ar.asc(), ent.c.entity_id),
        "-name": (name_ar.desc(), ent.c.entity_id),
    }[sort]
    with store.engine.connect() as conn:
        total = _count(conn, base)
        rows = conn.execute(base.order_by(*order).limit(limit).offset(offset)).all()
        items = [dict(r._mapping) for r in rows]
        counts = _event_counts(conn, store.dialect, [i["id"] for i in items])
    for item in items:
        item["events"] = counts.get(item["id"], 0)
    return _page(total, limit, offset, items)


def get_entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    """One entity: names, its roles over time (by the documents' dates) and events."""
    ent = t.entities
    with store.engine.connect() as conn:
        cols = ("doc_id", "type", "name_ar", "name_en", "country", "roles", "mentions")
        rows = conn.execute(
            select(*(ent.c[k] for k in cols), d.c.title, d.c.outlet, d.c.published)
            .select_from(ent.join(d, d.c.id == ent.c.doc_id))
            .where(ent.c.entity_id == entity_id)
            .order_by(d.c.published.asc().nulls_last(), d.c.id)
        ).all()
    if not rows:
        return None

    def common(values: Iterable[str | None]) -> str | None:
        counted = Counter(v for v in values if v)
        return counted.most_common(1)[0][0] if counted else None

    roles: dict[str, dict[str, Any]] = {}
    for r in rows:
        for role in r.roles or []:
            span = roles.setdefault(
                role, {"role": role, "first": None, "last": None, "documents": 0}
            )
            span["documents"] += 1
            if r.published:
                span["first"] = min(filter(None, [span["first"], r.published]))
                span["last"] = max(filter(None, [span["last"], r.published]))
    events = list_events(store, involving=entity_id, sort="-date", limit=ENTITY_EVENTS)
    return {
        "id": entity_id,
        "type": common(r.type for r in rows),
        "name_ar": common(r.name_ar for r in rows),
        "name_en": common(r.name_en for r in rows),
        "country": common(r.country for r in rows),
        "documents": len(rows),
        "roles": sorted(roles.values(), key=lambda s: (s["first"] or "9999", s["role"])),
        "timeline": [
            {k: r._mapping[k] for k in ("doc_id", "title", "outlet", "published", "mentions")}
            | {"roles": list(r.roles or [])}
            for r in rows
        ],
        "events": events,
    }


# --- events ----------------------------------------------------------------------

EVENT_SORTS = ("-date", "date")


_EVENT_KEYS = ("doc_id", "idx", "type", "mode", "location", "date", "when", "status")


def _event_item(r: Any) -> dict[str, Any]:
    m = r._mapping
    return {k: m[k] for k in _EVENT_KEYS} | {
        **{k: list(m[k]) for k in ("actor", "recipient", "context", "topics")},
        "evidence": {"start": r.evidence_start, "end": r.evidence_end, "text": r.evidence_text},
        "happening": r.happening_id or f"{r.doc_id}:{r.idx}",
        "document": {
            "title": r.title,
            "outlet": r.outlet,
            "published": r.published,
            "story": r.story_id,
        },
    }


def list_events(
    store: Store,
    *,
    actor: str | None = None,
    recipient: str | None = None,
    participant: str | None = None,
    involving: str | None = None,
    type: str | None = None,
    mode: str | None = None,
    place: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    story: str | None = None,
    doc_id: str | None = None,
    sort: str = "-date",
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """A page of events with their document's title, outlet and date.

    The date filters and the sort use the event's date, or its document's
    publication date when the text gives none (``when``).

    Args:
        actor: an entity id among the actors.
        recipient: an entity id among the recipients.
        participant: an entity id among actors or recipients.
        involving: participant or location (the entity page).
        place: the location's entity id.
        sort: ``-date`` (newest first) or ``date``.
    """
    dia = store.dialect
    when = func.coalesce(e.c.date, d.c.published).label("when")
    q = select(e, when, d.c.title, d.c.outlet, d.c.published, d.c.story_id).select_from(
        e.join(d, d.c.id == e.c.doc_id)
    )
    if actor:
        q = q.where(_has(dia, e.c.actor, actor))
    if recipient:
        q = q.where(_has(dia, e.c.recipient, recipient))
    if participant:
        q = q.where(or_(_has(dia, e.c.actor, participant), _has(dia, e.c.recipient, participant)))
    if involving:
        q = q.where(
            or_(
                _has(dia, e.c.actor, involving),
                _has(dia, e.c.recipient, involving),
                e.c.location == involving,
            )
        )
    for col, value in (
        (e.c.type, type),
        (e.c.mode, mode),
        (e.c.location, place),
        (e.c.status, status),
        (d.c.outlet, outlet),
        (d.c.story_id, story),
        (e.c.doc_id, doc_id),
    ):
        if value:
            q = q.where(col == value)
    expr = func.coalesce(e.c.date, d.c.published)
    if date_from:
        q = q.where(expr >= date_from)
    if date_to:
        q = q.where(expr <= upper_date(date_to))
    order = (expr.desc() if sort == "-date" else expr.asc()).nulls_last()
    with store.engine.connect() as conn:
        total = _count(conn, q)
        rows = conn.execute(
            q.order_by(order, e.c.doc_id, e.c.idx).limit(limit).offset(offset)
        ).all()
        items = [_event_item(r) for r in rows]
        ids = {x for i in items for x in (*i["actor"], *i["recipient"], i["location"]) if x}
        out = _page(total, limit, offset, items)
        out["names"] = names(conn, ids)
    return out


# --- quotes ----------------------------------------------------------------------


def list_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    doc_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """A page of quotes, newest document first."""
    qt = t.quotes
    q = select(qt, d.c.title, d.c.outlet, d.c.published).select_from(
        qt.join(d, d.c.id == qt.c.doc_id)
    )
    if speaker:
        q = q.where(qt.c.speaker == speaker)
    if doc_id:
        q = q.where(qt.c.doc_id == doc_id)
    with store.engine.connect() as conn:
        total = _count(conn, q)
        rows = conn.execute(
            q.order_by(d.c.published.desc().nulls_last(), qt.c.doc_id, qt.c.idx)
            .limit(limit)
            .offset(offset)
        ).all()
        items = [dict(r._mapping) for r in rows]
        out = _page(total, limit, offset, items)
        out["names"] = names(conn, {i["speaker"] for i in items if i["speaker"]})
    return out


# --- stories ---------------------------------------------------------------------


def list_stories(store: Store, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Stories (from :func:`story_summaries`), most recently seen first."""
    rows = list(story_summaries(store))
    rows.sort(key=lambda s: s["story"])
    rows.sort(key=lambda s: s["last_seen"] or "", reverse=True)
    return _page(len(rows), limit, offset, rows[offset : offset + limit])


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story: its reports, outlets, agencies cited, first and last seen, and
    its events grouped by happening (each with every report's evidence)."""
    with store.engine.connect() as conn:
        q = select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.source_name, d.c.data)
        rows = conn.execute(q.where(d.c.story_id == story_id)).all()
        if not rows:  # a document not (yet) in a story is its own story
            rows = conn.execute(q.where(d.c.id == story_id, d.c.story_id.is_(None))).all()
        if not rows:
            return None
        ids = [r.id for r in rows]
        evs = conn.execute(
            select(e, d.c.outlet, d.c.published)
            .select_from(e.join(d, d.c.id == e.c.doc_id))
            .where(e.c.doc_id.in_(ids))
            .order_by(e.c.doc_id, e.c.idx)
        ).all()
        groups: dict[str, list[Any]] = defaultdict(list)
        for ev in evs:
            groups[ev.happening_id or f"{ev.doc_id}:{ev.idx}"].append(ev)
        happenings = [_happening(h, members) for h, members in groups.items()]
        happenings.sort(key=lambda h: (h["date"] or "9999", h["happening"]))
        ent_ids = {
            x for h in happenings for x in (*h["actor"], *h["recipient"], h["location"]) if x
        }
        display = names(conn, ent_ids)
    reports = sorted(
        (
            {k: r._mapping[k] for k in ("id", "title", "outlet", "published")}
            | {
                "source": r.source_name,
                "url": (r.data.get("source") or {}).get("url"),
                "cites": list(r.data.get("cites") or []),
            }
            for r in rows
        ),
        key=lambda x: (x["published"] or "9999", x["id"]),
    )
    dates = sorted(x["published"] for x in reports if x["published"])
    return {
        "story": story_id,
        "reports": reports,
        "outlets": sorted({x["outlet"] for x in reports if x["outlet"]}),
        "cites": sorted({c for x in reports for c in x["cites"]}),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "happenings": happenings,
        "names": display,
    }


def _happening(hid: str, members: Sequence[Any]) -> dict[str, Any]:
    first = members[0]
    dates = sorted(m.date for m in members if m.date)
    actor = sorted({a for m in members for a in m.actor})
    return {
        "happening": hid,
        "type": first.type,
        "mode": next((m.mode for m in members if m.mode), None),
        "date": dates[0] if dates else None,
        "location": next((m.location for m in members if m.location), None),
        "actor": actor,
        "recipient": sorted({r for m in members for r in m.recipient} - set(actor)),
        "status": first.status,
        "reports": [
            {k: m._mapping[k] for k in ("doc_id", "idx", "outlet", "published")}
            | {
                "evidence": {
                    "start": m.evidence_start,
                    "end": m.evidence_end,
                    "text": m.evidence_text,
                }
            }
            for m in members
        ],
    }
