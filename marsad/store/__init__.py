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

import orjson
from sqlalchemy import (
    Engine,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
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
#: Values per ``IN (...)`` list: below SQLite's default limit of 999 bound
#: parameters (older builds) with room to spare.
_IN_CHUNK = 500


#: What story clustering reads of an event (the rest stays in the database).
_STORY_EVENT_KEYS = ("type", "actor", "recipient", "location", "date", "status")


#: The columns story clustering reads.
_STORY_COLUMNS = (
    t.documents.c.id,
    t.documents.c.data,
    t.documents.c.story_id,
    t.documents.c.search_text,
)


def _story_row(r: Any) -> dict[str, Any]:
    """The light story input of one documents row."""
    d = r.data
    return {
        "id": r.id,
        "key": r.search_text,
        "published": d.get("published"),
        "outlet": d["source"].get("outlet"),
        "entities": [
            {"id": e["id"], "type": e["type"], "roles": e.get("roles", [])}
            for e in d.get("entities", [])
        ],
        "events": [{k: ev.get(k) for k in _STORY_EVENT_KEYS} for ev in d.get("events", [])],
        "story": r.story_id,
    }


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


def _json_dumps(value: Any) -> str:
    """JSON columns as compact UTF-8 text: Arabic stays as it is instead of
    ``\\uXXXX`` escapes (a stored document's JSON is ~4x smaller) and orjson
    writes it ~10x faster than :func:`json.dumps`."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY).decode()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # 32 MiB of page cache per connection (default 2 MiB): a bulk load inserts
    # hash ids at random places of the primary-key and FTS indexes, and past
    # ~10,000 documents their pages no longer fit the default cache
    cur.execute("PRAGMA cache_size=-32768")
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
            engine = create_engine(
                url,
                future=True,
                pool_pre_ping=True,
                json_serializer=_json_dumps,
                json_deserializer=orjson.loads,
            )
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
        Each table gets one multi-row statement per batch (``executemany``),
        not one statement per document.
        """
        outcomes: list[Outcome] = []
        now = _now()
        with self.engine.begin() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("SELECT 1")  # the transaction is open; writes serialise
            ids = [d.id for d in docs if d.id]
            existing = self._present(conn, t.documents.c.id, ids)
            fps = [str(d.ext.get("fingerprint") or d.id) for d in docs]
            known_fps = self._present(conn, t.sources.c.fingerprint, fps)
            new_docs: list[NewsDoc] = []
            source_rows: list[dict[str, Any]] = []
            for doc, fp in zip(docs, fps, strict=True):
                assert doc.id is not None
                if doc.id in existing:
                    outcomes.append(
                        Outcome(doc.source.name, "duplicate", str(Reason.DUPLICATE), doc_id=doc.id)
                    )
                else:
                    new_docs.append(doc)
                    existing.add(doc.id)
                    outcomes.append(Outcome(doc.source.name, "stored", doc_id=doc.id))
                if fp not in known_fps:
                    known_fps.add(fp)
                    source_rows.append(self._source_row(fp, doc, now))
            self._insert_docs(conn, new_docs, now)
            if source_rows:
                conn.execute(insert(t.sources), source_rows)
            self._record_failures(conn, failures, now)
            done = sorted({doc.source.path or doc.source.name for doc in docs})
            for i in range(0, len(done), _IN_CHUNK):
                conn.execute(
                    t.failures.delete().where(t.failures.c.source.in_(done[i : i + _IN_CHUNK]))
                )
        return outcomes

    @staticmethod
    def _present(conn: Connection, column: Any, values: Sequence[str]) -> set[str]:
        """The values among ``values`` found in ``column`` (queried in chunks)."""
        found: set[str] = set()
        uniq = sorted(set(values))
        for i in range(0, len(uniq), _IN_CHUNK):
            rows = conn.execute(select(column).where(column.in_(uniq[i : i + _IN_CHUNK])))
            found.update(r[0] for r in rows)
        return found

    @staticmethod
    def _source_row(fp: str, doc: NewsDoc, now: datetime) -> dict[str, Any]:
        return {
            "fingerprint": fp,
            "doc_id": doc.id,
            "name": doc.source.name,
            "path": doc.source.path,
            "url": doc.source.url,
            "outlet": doc.outlet or doc.source.outlet,
            "published": doc.published or doc.source.published,
            "created_at": now,
            "title": doc.title or doc.source.title,
            "author": doc.author,
            "cites": list(doc.cites),
        }

    def _record_failure(self, conn: Connection, out: Outcome, now: datetime) -> None:
        self._record_failures(conn, [out], now)

    def _record_failures(self, conn: Connection, outs: Sequence[Outcome], now: datetime) -> None:
        """Replace the recorded failure of each input (the last outcome of a source wins)."""
        if not outs:
            return
        last = {out.source: out for out in outs}
        sources = sorted(last)
        for i in range(0, len(sources), _IN_CHUNK):
            conn.execute(
                t.failures.delete().where(t.failures.c.source.in_(sources[i : i + _IN_CHUNK]))
            )
        conn.execute(
            insert(t.failures),
            [
                {
                    "source": out.source,
                    "reason": out.reason or "failed",
                    "message": out.message,
                    "created_at": now,
                }
                for out in last.values()
            ],
        )

    def _insert_docs(self, conn: Connection, docs: Sequence[NewsDoc], now: datetime) -> None:
        """Insert new documents and their entities, events and quotes, one
        statement per table for the whole batch."""
        if not docs:
            return
        doc_rows: list[dict[str, Any]] = []
        fts_rows: list[dict[str, Any]] = []
        entity_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        quote_rows: list[dict[str, Any]] = []
        for doc in docs:
            data = doc_to_dict(doc)
            search = match_key(f"{data['title'] or ''}\n{doc.text}")
            doc_rows.append(
                {
                    "id": doc.id,
                    "source_name": doc.source.name,
                    "title": data["title"],
                    "published": data["published"],
                    "outlet": data["source"]["outlet"],
                    "author": doc.author,
                    "story_id": doc.story,
                    "raw": doc.raw,
                    "text": doc.text,
                    "search_text": search,
                    "offsets": doc.offsets.to_json(),
                    "data": data,
                    "created_at": now,
                }
            )
            fts_rows.append({"d": doc.id, "b": search})
            entity_rows.extend(
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
            )
            event_rows.extend(
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
            )
            quote_rows.extend(
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
            )
        conn.execute(insert(t.documents), doc_rows)
        if self.dialect == "sqlite":
            conn.execute(text("INSERT INTO documents_fts(doc_id, body) VALUES (:d, :b)"), fts_rows)
        for table, rows in (
            (t.entities, entity_rows),
            (t.events, event_rows),
            (t.quotes, quote_rows),
        ):
            if rows:
                conn.execute(insert(table), rows)

    def record_failures(self, outcomes: Sequence[Outcome]) -> None:
        """Record failed inputs (replacing an earlier failure of the same input)."""
        if not outcomes:
            return
        now = _now()
        with self.engine.begin() as conn:
            for out in outcomes:
                self._record_failure(conn, out, now)

    def set_stories(self, stories: dict[str, str], happenings: dict[tuple[str, int], str]) -> None:
        """Assign story ids to documents and happening ids to events (one
        ``executemany`` per table)."""
        with self.engine.begin() as conn:
            if stories:
                conn.execute(
                    update(t.documents)
                    .where(t.documents.c.id == bindparam("b_id"))
                    .values(story_id=bindparam("b_story")),
                    [{"b_id": d, "b_story": s} for d, s in stories.items()],
                )
            if happenings:
                conn.execute(
                    update(t.events)
                    .where(
                        t.events.c.doc_id == bindparam("b_doc"),
                        t.events.c.idx == bindparam("b_idx"),
                    )
                    .values(happening_id=bindparam("b_hid")),
                    [{"b_doc": d, "b_idx": i, "b_hid": h} for (d, i), h in happenings.items()],
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
            for hr in conn.execute(
                select(t.events.c.happening_id, t.events.c.doc_id).where(
                    t.events.c.happening_id.in_(hids)
                )
            ):
                lst = by_h.setdefault(hr.happening_id, [])
                if hr.doc_id not in lst:
                    lst.append(hr.doc_id)
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

    def _copies(self, conn: Connection, docs: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Each document, then one view per other report of the same content:
        the same analysis under that report's source, outlet, date and title."""
        ids = [d["id"] for d in docs]
        extra: dict[str, list[Any]] = {}
        rows = conn.execute(
            select(t.sources).where(t.sources.c.doc_id.in_(ids)).order_by(t.sources.c.name)
        ).all()
        for r in rows:
            extra.setdefault(r.doc_id, []).append(r)
        for d in docs:
            yield d
            seen = {(d["source"]["name"], d["source"]["path"])}
            for r in extra.get(d["id"], []):
                if (r.name, r.path) in seen:
                    continue
                seen.add((r.name, r.path))
                copy = dict(d)
                copy["source"] = {"name": r.name, "path": r.path, "url": r.url, "outlet": r.outlet}
                copy["published"] = r.published
                if r.title is not None:
                    copy["title"] = r.title
                if r.author is not None:
                    copy["author"] = r.author
                if r.cites is not None:
                    copy["cites"] = list(r.cites)
                yield copy

    def iter_documents(
        self, batch: int = 200, *, reports: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Every stored document in the contract's JSON shape, by id.

        Args:
            batch: documents read per query.
            reports: also yield every other report of a stored content (a
                syndicated copy) under its own source, outlet, date and title;
                it shares the document's id and analysis.
        """
        d = t.documents
        for conn, rows in self._id_pages((d.c.id, d.c.data, d.c.story_id), batch):
            docs = self._assemble(conn, rows)
            yield from self._copies(conn, docs) if reports else docs

    def _id_pages(
        self, columns: Sequence[Any], batch: int
    ) -> Iterator[tuple[Connection, Sequence[Any]]]:
        """``columns`` (``documents.id`` among them) of every document in id
        order, ``batch`` rows per query (keyset pagination: memory holds one
        page), each page with the connection it was read on."""
        last: str | None = None
        while True:
            with self.engine.connect() as conn:
                q = select(*columns).order_by(t.documents.c.id).limit(batch)
                if last is not None:
                    q = q.where(t.documents.c.id > last)
                rows = conn.execute(q).all()
                if not rows:
                    return
                yield conn, rows
                last = rows[-1].id

    def iter_story_documents(self, batch: int = 500) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """``(story, its reports)`` for every story, by story id: the documents
        as :meth:`iter_documents` gives them with ``reports=True`` (a document
        with no story yet is a story of its own, under its id).

        Memory holds the stories of one batch (about ``batch`` documents, or one
        larger story), not the archive.
        """
        d = t.documents
        key = func.coalesce(d.c.story_id, d.c.id)
        with self.engine.connect() as conn:
            sizes = sorted(
                (r[0], int(r[1])) for r in conn.execute(select(key, func.count()).group_by(key))
            )
        chunk: list[str] = []
        n = 0
        for i, (story, size) in enumerate(sizes):
            chunk.append(story)
            n += size
            if n < batch and i + 1 < len(sizes):
                continue
            groups: dict[str, list[dict[str, Any]]] = {k: [] for k in chunk}
            with self.engine.connect() as conn:
                for j in range(0, len(chunk), _IN_CHUNK):
                    part = chunk[j : j + _IN_CHUNK]
                    q = select(d.c.id, d.c.data, d.c.story_id).where(
                        (d.c.story_id.in_(part)) | (d.c.story_id.is_(None) & d.c.id.in_(part))
                    )
                    rows = conn.execute(q.order_by(d.c.id)).all()
                    docs = self._assemble(conn, rows)
                    for doc in self._copies(conn, docs):
                        groups[doc["story"] or doc["id"]].append(doc)
            yield from groups.items()
            chunk, n = [], 0

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
        return list(self.iter_story_inputs())

    def iter_story_inputs(
        self, batch: int = 500, ids: Sequence[str] | None = None, *, disk_order: bool = False
    ) -> Iterator[dict[str, Any]]:
        """:meth:`story_inputs` streamed in id order, ``batch`` rows per query
        (only the documents ``ids`` when given).

        ``disk_order``: on SQLite, stream in storage (rowid) order instead: the
        rows are large (raw and clean text, offsets) and read in id order they
        are scattered over the file, which on a cold cache costs a random read
        each; in storage order the scan is sequential. Other backends keep id order.
        """
        if disk_order and self.dialect == "sqlite":
            yield from self._story_inputs_by_rowid(batch, ids)
            return
        if ids is None:
            for _conn, rows in self._id_pages(_STORY_COLUMNS, batch):
                yield from (_story_row(r) for r in rows)
            return
        wanted = sorted(set(ids))
        for pos in range(0, len(wanted), batch):
            q = select(*_STORY_COLUMNS).order_by(t.documents.c.id)
            with self.engine.connect() as conn:
                rows = conn.execute(q.where(t.documents.c.id.in_(wanted[pos : pos + batch]))).all()
            yield from (_story_row(r) for r in rows)

    def _story_inputs_by_rowid(
        self, batch: int, ids: Sequence[str] | None
    ) -> Iterator[dict[str, Any]]:
        rowid: Any = literal_column("rowid")
        if ids is not None:  # the rowids of the wanted documents (index only), ascending
            wanted = sorted(set(ids))
            found: list[int] = []
            with self.engine.connect() as conn:
                for i in range(0, len(wanted), _IN_CHUNK):
                    q = select(rowid).select_from(t.documents)
                    q = q.where(t.documents.c.id.in_(wanted[i : i + _IN_CHUNK]))
                    found.extend(int(r[0]) for r in conn.execute(q))
            found.sort()
            for i in range(0, len(found), batch):
                with self.engine.connect() as conn:
                    q = select(*_STORY_COLUMNS).where(rowid.in_(found[i : i + batch]))
                    rows = conn.execute(q.order_by(rowid)).all()
                yield from (_story_row(r) for r in rows)
            return
        last = -1
        while True:
            with self.engine.connect() as conn:
                q = select(*_STORY_COLUMNS, rowid.label("rid")).where(rowid > last)
                rows = conn.execute(q.order_by(rowid).limit(batch)).all()
            if not rows:
                return
            yield from (_story_row(r) for r in rows)
            last = int(rows[-1].rid)
            del rows

    def unclustered_ids(self) -> list[str]:
        """Documents that have no story yet (new, or left by a killed run)."""
        with self.engine.connect() as conn:
            q = select(t.documents.c.id).where(t.documents.c.story_id.is_(None))
            return [r[0] for r in conn.execute(q)]

    def neighbour_ids(
        self, doc_ids: Sequence[str], skip: frozenset[str], window_days: int
    ) -> set[str]:
        """Documents that name an entity of ``doc_ids`` (other than those in
        ``skip``) and are undated or published within ``window_days`` of one
        of the documents of ``doc_ids`` that name it."""
        from datetime import date

        d, e = t.documents, t.entities
        dates: dict[str, list[date | None]] = {}
        ids = list(doc_ids)
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _IN_CHUNK):
                q = (
                    select(e.c.entity_id, d.c.published)
                    .join(d, d.c.id == e.c.doc_id)
                    .where(e.c.doc_id.in_(ids[i : i + _IN_CHUNK]))
                )
                for r in conn.execute(q):
                    if r.entity_id not in skip:
                        day = date.fromisoformat(r.published) if r.published else None
                        dates.setdefault(r.entity_id, []).append(day)
            out: set[str] = set()
            names = sorted(dates)
            for i in range(0, len(names), _IN_CHUNK):
                hits = (
                    select(e.c.entity_id, e.c.doc_id, d.c.published)
                    .join(d, d.c.id == e.c.doc_id)
                    .where(e.c.entity_id.in_(names[i : i + _IN_CHUNK]))
                )
                for h in conn.execute(hits):
                    when = dates[h.entity_id]
                    if h.published is None or None in when:
                        out.add(h.doc_id)
                        continue
                    day = date.fromisoformat(h.published)
                    if any(abs((day - w).days) <= window_days for w in when if w is not None):
                        out.add(h.doc_id)
        return out

    def story_member_ids(self, doc_ids: Sequence[str]) -> set[str]:
        """All documents of the stories that ``doc_ids`` belong to."""
        d = t.documents
        out: set[str] = set(doc_ids)
        ids = list(doc_ids)
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _IN_CHUNK):
                stories = select(d.c.story_id).where(
                    d.c.id.in_(ids[i : i + _IN_CHUNK]), d.c.story_id.is_not(None)
                )
                out.update(
                    r[0] for r in conn.execute(select(d.c.id).where(d.c.story_id.in_(stories)))
                )
        return out

    def count_stories(self) -> int:
        """Distinct stories (a document without one counts as its own)."""
        d = t.documents
        with self.engine.connect() as conn:
            n = conn.execute(select(func.count(func.distinct(d.c.story_id)))).scalar_one()
            loose = conn.execute(
                select(func.count()).select_from(d).where(d.c.story_id.is_(None))
            ).scalar_one()
        return int(n) + int(loose)

    def iter_search_keys(
        self, batch: int = 500
    ) -> Iterator[tuple[str, str | None, str | None, str]]:
        """``(id, published, story_id, search_text)`` of every document in id
        order, ``batch`` rows per query (keyset pagination: memory holds one batch)."""
        d = t.documents
        columns = (d.c.id, d.c.published, d.c.story_id, d.c.search_text)
        for _conn, rows in self._id_pages(columns, batch):
            yield from ((r.id, r.published, r.story_id, r.search_text) for r in rows)

    def story_events(self, doc_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """What story clustering reads of the events of some documents (from the
        events table, in each document's order): ``type``, ``actor``,
        ``recipient``, ``location``, ``date``, ``status``."""
        e = t.events
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in doc_ids}
        ids = list(doc_ids)
        cols = [e.c.doc_id, *(e.c[k] for k in _STORY_EVENT_KEYS)]
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _IN_CHUNK):
                q = select(*cols).where(e.c.doc_id.in_(ids[i : i + _IN_CHUNK]))
                for r in conn.execute(q.order_by(e.c.doc_id, e.c.idx)):
                    out[r.doc_id].append({k: r._mapping[k] for k in _STORY_EVENT_KEYS})
        return out

    def search_keys(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The matching keys (``search_text``) of some documents."""
        out: dict[str, str] = {}
        ids = list(doc_ids)
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _IN_CHUNK):
                q = select(t.documents.c.id, t.documents.c.search_text).where(
                    t.documents.c.id.in_(ids[i : i + _IN_CHUNK])
                )
                out.update((r.id, r.search_text) for r in conn.execute(q))
        return out
