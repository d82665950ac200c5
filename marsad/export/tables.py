"""Exports of what is stored: documents (the contract's JSON lines), events,
entities, quotes and stories as JSONL, CSV or Parquet, the actor network as
GraphML. Streams row by row; never holds the whole store in memory except for
Parquet (columnar by nature) and the graph (aggregated).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from marsad.store import Store
from marsad.store import schema as t

__all__ = ["ExportError", "export", "rows"]

_FORMATS = {
    "documents": ("jsonl",),
    "events": ("jsonl", "csv", "parquet"),
    "entities": ("jsonl", "csv", "parquet"),
    "quotes": ("jsonl", "csv", "parquet"),
    "stories": ("jsonl", "csv", "parquet"),
    "graph": ("graphml", "jsonl"),
}


class ExportError(ValueError):
    """An export that cannot be written as asked."""


def _events(store: Store) -> Iterator[dict[str, Any]]:
    with store.engine.connect() as conn:
        q = (
            select(t.events, t.documents.c.published, t.documents.c.outlet, t.documents.c.story_id)
            .join(t.documents, t.documents.c.id == t.events.c.doc_id)
            .order_by(t.events.c.doc_id, t.events.c.idx)
        )
        for r in conn.execute(q):
            m = r._mapping
            yield {
                "doc_id": m["doc_id"],
                "idx": m["idx"],
                "type": m["type"],
                "mode": m["mode"],
                "actor": list(m["actor"]),
                "recipient": list(m["recipient"]),
                "location": m["location"],
                "date": m["date"],
                "status": m["status"],
                "context": list(m["context"]),
                "topics": list(m["topics"]),
                "evidence": m["evidence_text"],
                "evidence_start": m["evidence_start"],
                "evidence_end": m["evidence_end"],
                "happening": m["happening_id"],
                "story": m["story_id"],
                "published": m["published"],
                "outlet": m["outlet"],
            }


def _entities(store: Store) -> Iterator[dict[str, Any]]:
    with store.engine.connect() as conn:
        for r in conn.execute(
            select(t.entities).order_by(t.entities.c.entity_id, t.entities.c.doc_id)
        ):
            m = dict(r._mapping)
            m["roles"] = list(m["roles"])
            yield m


def _quotes(store: Store) -> Iterator[dict[str, Any]]:
    with store.engine.connect() as conn:
        for r in conn.execute(select(t.quotes).order_by(t.quotes.c.doc_id, t.quotes.c.idx)):
            yield dict(r._mapping)


def _stories(store: Store) -> Iterator[dict[str, Any]]:
    from marsad.stories import story_summaries

    yield from story_summaries(store)


def rows(store: Store, what: str) -> Iterator[dict[str, Any]]:
    """The rows of one table-like export."""
    if what == "documents":
        return store.iter_documents(reports=True)
    if what == "events":
        return _events(store)
    if what == "entities":
        return _entities(store)
    if what == "quotes":
        return _quotes(store)
    if what == "stories":
        return _stories(store)
    raise ExportError(f"unknown export {what!r}")


@contextmanager
def _sink(output: Path | None, binary: bool = False) -> Iterator[IO[Any]]:
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    with open(
        output,
        "wb" if binary else "w",
        encoding=None if binary else "utf-8",
        newline=None if binary else "",
    ) as fh:
        yield fh


def _cell(v: Any) -> Any:
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def export(store: Store, what: str, fmt: str, output: Path | None) -> int:
    """Write ``what`` in ``fmt`` to ``output`` (stdout when None); return rows written.

    Raises:
        ExportError: an unknown export or a format it does not come in.
    """
    if what not in _FORMATS:
        raise ExportError(f"unknown export {what!r}; choose from {sorted(_FORMATS)}")
    if fmt not in _FORMATS[what]:
        raise ExportError(f"--what {what} comes as {', '.join(_FORMATS[what])}, not {fmt}")
    if what == "graph":
        from marsad.export.graph import actor_graph, write_graphml

        g = actor_graph(store)
        if fmt == "graphml":
            with _sink(output) as fh:
                write_graphml(g, fh)
        else:
            with _sink(output) as fh:
                for edge in g["edges"]:
                    fh.write(json.dumps(edge, ensure_ascii=False) + "\n")
        return len(g["edges"])
    n = 0
    if fmt == "jsonl":
        with _sink(output) as fh:
            for row in rows(store, what):
                fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                n += 1
    elif fmt == "csv":
        with _sink(output) as fh:
            writer: csv.DictWriter[str] | None = None
            for row in rows(store, what):
                if writer is None:
                    writer = csv.DictWriter(fh, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow({k: _cell(v) for k, v in row.items()})
                n += 1
    else:  # parquet
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as e:  # pragma: no cover - extra not installed
            raise ExportError(
                "Parquet needs the 'parquet' extra: pip install 'marsad[parquet]'"
            ) from e
        data = [{k: _cell(v) for k, v in r.items()} for r in rows(store, what)]
        n = len(data)
        table = pa.Table.from_pylist(data)
        if output is None:
            pq.write_table(table, sys.stdout.buffer)
        else:
            pq.write_table(table, str(output))
    return n
