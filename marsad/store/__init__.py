"""Storage behind one small interface: SQLite embedded by default, PostgreSQL
by URL (SQLAlchemy 2 Core), schema versioned with Alembic migrations.

One writer, batched, in transactions (STYLE rule 9): :meth:`Store.write`
takes a batch of pipeline results and commits them together, so a killed
process loses at most the batch in flight and a rerun redoes exactly that.

Example:
    >>> s = Store.open("sqlite://")
    >>> s.count_documents()
    0
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from marsad.arabic.normalize import match_key
from marsad.doc import NewsDoc, Outcome
from marsad.errors import Reason, StoreError
from marsad.export.document import doc_to_dict
from marsad.store import schema as t

__all__ = ["Store", "default_url", "migrate", "normalise_url"]

logger = logging.getLogger(__name__)

DEFAULT_DB = "marsad.db"


def default_url() -> str:
    """``MARSAD_DB`` when set, else an SQLite file ``marsad.db`` here."""
    return os.environ.get("MARSAD_DB") or f"sqlite:///{DEFAULT_DB}"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs (psycopg 3) and bare file paths."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("marsad") / "store" / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """The document store.

    Args:
        engine: an SQLAlchemy engine; use :meth:`open` to build one from a URL.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Store:
        """Open (and migrate) the store at ``url`` (default :func:`default_url`).

        Raises:
            StoreError: when the database cannot be reached or migrated.
        """
        url = normalise_url(url or default_url())
        try:
            engine = create_engine(url, future=True, pool_pre_ping=True)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            if create:
                migrate(engine)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot open the store at {url}: {e}") from e
        return cls(engine)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    # --- writing -----------------------------------------------------------

    def known_fingerprints(self, fingerprints: Iterable[str]) -> set[str]:
        """The fingerprints among ``fingerprints`` that are already stored."""
        fps = list(fingerprints)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(fps), 500):
                chunk = fps[i : i + 500]
                rows = conn.execute(
                    select(t.sources.c.fingerprint).where(t.sources.c.fingerprint.in_(chunk))
                )
                found.update(r[0] for r in rows)
        return found

    def write(self, docs: Sequence[NewsDoc], failures: Sequence[Outcome] = ()) -> list[Outcome]:
        """Store a batch in one transaction; return one outcome per document.

        A document whose content id is already stored is not stored again: its
        source is recorded as another report of that content (``duplicate``).
        """
        outcomes: list[Outcome] = []
        now = _now()
        with self.engine.begin() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("SELECT 1")  # the transaction is open; writes serialise
            ids = [d.id for d in docs if d.id]
            existing = set()
            if ids:
                existing = {
                    r[0]
                    for r in conn.execute(select(t.documents.c.id).where(t.documents.c.id.in_(ids)))
                }
            for doc in docs:
                assert doc.id is not None
                fp = str(doc.ext.get("fingerprint") or doc.id)
                if doc.id in existing:
                    outcomes.append(
                        Outcome(doc.source.name, "duplicate", str(Reason.DUPLICATE), doc_id=doc.id)
                    )
                else:
                    self._insert_doc(conn, doc, now)
                    existing.add(doc.id)
                    outcomes.append(Outcome(doc.source.name, "stored", doc_id=doc.id))
                self._insert_source(conn, fp, doc, now)
            for out in failures:
                self._record_failure(conn, out, now)
            for doc in docs:
                conn.execute(
                    t.failures.delete().where(
                        t.failures.c.source == (doc.source.path or doc.source.name)
                    )
                )
        return outcomes

    def _insert_source(self, conn: Connection, fp: str, doc: NewsDoc, now: datetime) -> None:
        if conn.execute(
            select(t.sources.c.fingerprint).where(t.sources.c.fingerprint == fp)
        ).first():
            return
        conn.execute(
            insert(t.sources).values(
                fingerprint=fp,
                doc_id=doc.id,
                name=doc.source.name,
                path=doc.source.path,
                url=doc.source.url,
                outlet=doc.outlet or doc.source.outlet,
                published=doc.published or doc.source.published,
                created_at=now,
            )
        )

    def _record_failure(self, conn: Connection, out: Outcome, now: datetime) -> None:
        conn.execute(t.failures.delete().where(t.failures.c.source == out.source))
        conn.execute(
            insert(t.failures).values(
                source=out.source,
                reason=out.reason or "failed",
                message=out.message,
                created_at=now,
            )
        )

    def _insert_doc(self, conn: Connection, doc: NewsDoc, now: datetime) -> None:
        data = doc_to_dict(doc)
        search = match_key(f"{data['title'] or ''}\n{doc.text}")
        conn.execute(
            insert(t.documents).values(
                id=doc.id,
                source_name=doc.source.name,
                title=data["title"],
                published=data["published"],
                outlet=data["source"]["outlet"],
                author=doc.author,
                story_id=doc.story,
                raw=doc.raw,
                text=doc.text,
                search_text=search,
                offsets=doc.offsets.to_json(),
                data=data,
                created_at=now,
            )
        )
        if self.dialect == "sqlite":
            conn.execute(
                text("INSERT INTO documents_fts(doc_id, body) VALUES (:d, :b)"),
                {"d": doc.id, "b": search},
            )
        if doc.entities:
            conn.execute(
                insert(t.entities),
                [
                    {
                        "doc_id": doc.id,
                        "entity_id": e.id,
                        "type": e.type,
                        "name_ar": e.name_ar,
                        "name_en": e.name_en,
                        "country": e.country,
                        "roles": list(e.roles),
                        "mentions": len(e.mentions),
                    }
                    for e in {e.id: e for e in doc.entities}.values()
                ],
            )
        if doc.events:
            conn.execute(
                insert(t.events),
                [
                    {
                        "doc_id": doc.id,
                        "idx": i,
                        "type": ev.type,
                        "mode": ev.mode,
                        "actor": list(ev.actor),
                        "recipient": list(ev.recipient),
                        "location": ev.location,
                        "date": ev.date,
                        "status": ev.status,
                        "context": list(ev.context),
                        "topics": list(ev.topics),
                        "evidence_start": ev.evidence.start,
                        "evidence_end": ev.evidence.end,
                        "evidence_text": doc.text[ev.evidence.start : ev.evidence.end],
                        "happening_id": None,
                    }
                    for i, ev in enumerate(doc.events)
                ],
            )
        if doc.quotes:
            conn.execute(
                insert(t.quotes),
                [
                    {
                        "doc_id": doc.id,
                        "idx": i,
                        "speaker": q.speaker,
                        "cue": q.cue,
                        "text": q.text,
                        "start": q.start,
                        "end": q.end,
                    }
                    for i, q in enumerate(doc.quotes)
                ],
            )

    def record_failures(self, outcomes: Sequence[Outcome]) -> None:
        """Record failed inputs (replacing an earlier failure of the same input)."""
        if not outcomes:
            return
        now = _now()
        with self.engine.begin() as conn:
            for out in outcomes:
                self._record_failure(conn, out, now)

    def set_stories(self, stories: dict[str, str], happenings: dict[tuple[str, int], str]) -> None:
        """Assign story ids to documents and happening ids to events."""
        with self.engine.begin() as conn:
            for doc_id, story in stories.items():
                conn.execute(
                    update(t.documents).where(t.documents.c.id == doc_id).values(story_id=story)
                )
            for (doc_id, idx), hid in happenings.items():
                conn.execute(
                    update(t.events)
                    .where(t.events.c.doc_id == doc_id, t.events.c.idx == idx)
                    .values(happening_id=hid)
                )

    # --- reading -----------------------------------------------------------

    def count_documents(self) -> int:
        """How many distinct documents are stored."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.documents)).scalar_one())

    def count_sources(self) -> int:
        """How many inputs (reports, copies included) are stored."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.sources)).scalar_one())

    def failures(self) -> list[dict[str, Any]]:
        """Recorded failures, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.failures).order_by(t.failures.c.created_at.desc()))
            return [dict(r._mapping) for r in rows]

    def _reports(
        self, conn: Connection, doc_ids: Sequence[str]
    ) -> dict[tuple[str, int], list[str]]:
        """For events of ``doc_ids``: every document reporting the same happening."""
        rows = conn.execute(
            select(t.events.c.doc_id, t.events.c.idx, t.events.c.happening_id).where(
                t.events.c.doc_id.in_(doc_ids)
            )
        ).all()
        hids = {r.happening_id for r in rows if r.happening_id}
        by_h: dict[str, list[str]] = {}
        if hids:
            for r in conn.execute(
                select(t.events.c.happening_id, t.events.c.doc_id).where(
                    t.events.c.happening_id.in_(hids)
                )
            ):
                lst = by_h.setdefault(r.happening_id, [])
                if r.doc_id not in lst:
                    lst.append(r.doc_id)
        out: dict[tuple[str, int], list[str]] = {}
        for r in rows:
            out[(r.doc_id, r.idx)] = (
                sorted(by_h.get(r.happening_id, [r.doc_id])) if r.happening_id else [r.doc_id]
            )
        return out

    def _assemble(self, conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
        ids = [r.id for r in rows]
        reports = self._reports(conn, ids) if ids else {}
        out = []
        for r in rows:
            data = dict(r.data)
            data["story"] = r.story_id
            for i, ev in enumerate(data.get("events", [])):
                ev["reports"] = reports.get((r.id, i), [r.id])
            out.append(data)
        return out

    def iter_documents(self, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every stored document in the contract's JSON shape, oldest first."""
        last: str | None = None
        while True:
            with self.engine.connect() as conn:
                q = (
                    select(t.documents.c.id, t.documents.c.data, t.documents.c.story_id)
                    .order_by(t.documents.c.id)
                    .limit(batch)
                )
                if last is not None:
                    q = q.where(t.documents.c.id > last)
                rows = conn.execute(q).all()
                if not rows:
                    return
                yield from self._assemble(conn, rows)
                last = rows[-1].id

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """One document in the contract's JSON shape, or None."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.documents.c.id, t.documents.c.data, t.documents.c.story_id).where(
                    t.documents.c.id == doc_id
                )
            ).all()
            docs = self._assemble(conn, rows)
        return docs[0] if docs else None

    def story_inputs(self) -> list[dict[str, Any]]:
        """What story clustering needs of every document (light: no raw text)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.documents.c.id,
                    t.documents.c.data,
                    t.documents.c.story_id,
                    t.documents.c.search_text,
                )
            ).all()
        out = []
        for r in rows:
            d = r.data
            out.append(
                {
                    "id": r.id,
                    "key": r.search_text,
                    "published": d.get("published"),
                    "outlet": d["source"].get("outlet"),
                    "entities": [
                        {"id": e["id"], "type": e["type"], "roles": e.get("roles", [])}
                        for e in d.get("entities", [])
                    ],
                    "events": d.get("events", []),
                    "story": r.story_id,
                }
            )
        return out
