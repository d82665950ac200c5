"""Process inputs into the store: ingest → skip known → stages → batched
single writer → stories. The library side of ``marsad process`` (no printing).

Example:
    >>> from marsad.store import Store
    >>> s = process(["/no/such.txt"], Store.open("sqlite://"))
    >>> s.failed[0].reason
    'not_found'
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from marsad.doc import NewsDoc, Outcome
from marsad.ingest import iter_documents
from marsad.pipeline import Pipeline
from marsad.scale.pool import jobs_for
from marsad.settings import Settings, load_settings
from marsad.store import Store

__all__ = ["ProcessSummary", "analyse", "input_name", "process"]

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ProcessSummary:
    """What one run did."""

    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: list[Outcome] = field(default_factory=list)
    stories: int = 0

    @property
    def seen(self) -> int:
        """All inputs looked at."""
        return self.stored + self.duplicates + self.skipped + len(self.failed)

    def line(self) -> str:
        """The one summary line."""
        if self.seen and self.stored == 0 and self.duplicates == 0 and not self.failed:
            return f"nothing new: {self.skipped} inputs already stored"
        return (
            f"{self.stored} stored, {self.duplicates} duplicates (another report of stored content), "
            f"{self.skipped} already stored, {len(self.failed)} failed; {self.stories} stories"
        )


def analyse(items: Iterable[NewsDoc | Outcome], pipeline: Pipeline) -> Iterator[NewsDoc | Outcome]:
    """Run the pipeline over ingested items; failures pass through as outcomes."""
    for item in items:
        if isinstance(item, Outcome):
            yield item
            continue
        res = pipeline.run_one(item)
        if res.doc is not None:
            yield res.doc
        else:
            res.outcome.source = input_name(item)
            yield res.outcome


def input_name(doc: NewsDoc) -> str:
    """How a failure names its input: the file's path (the same on stderr and
    in the store as for read failures), ``path#record`` for a record of a
    JSONL, WARC or feed file, else the source name (a URL).

    Example:
        >>> from marsad.doc import Source
        >>> input_name(NewsDoc(source=Source(name="a.txt", path="/in/a.txt"), raw=""))
        '/in/a.txt'
    """
    src = doc.source
    if not src.path or src.path in src.name:
        return src.name
    if src.name == os.path.basename(src.path):
        return src.path
    return f"{src.path}#{src.name}"


def _warm_stories() -> None:
    """Import the story clustering (datasketch, scipy: ~0.6 s) and load the knowledge
    base (~0.3 s) while worker processes analyse, instead of after them."""
    import marsad.stories  # noqa: F401
    from marsad.entities.kb import default_kb

    default_kb()


def _skip_known(
    items: Iterable[NewsDoc | Outcome], store: Store, summary: ProcessSummary, batch: int
) -> Iterator[NewsDoc | Outcome]:
    buf: list[NewsDoc | Outcome] = []

    def flush() -> Iterator[NewsDoc | Outcome]:
        fps = [
            str(d.ext["fingerprint"])
            for d in buf
            if isinstance(d, NewsDoc) and "fingerprint" in d.ext
        ]
        known = store.known_fingerprints(fps)
        for d in buf:
            if isinstance(d, NewsDoc) and d.ext.get("fingerprint") in known:
                summary.skipped += 1
                continue
            yield d
        buf.clear()

    for item in items:
        buf.append(item)
        if len(buf) >= batch:
            yield from flush()
    yield from flush()


def process(
    inputs: Sequence[str],
    store: Store,
    settings: Settings | None = None,
    *,
    on_item: Callable[[Outcome], None] | None = None,
    analyser: Callable[[Iterable[NewsDoc | Outcome]], Iterable[NewsDoc | Outcome]] | None = None,
    update_stories: bool = True,
) -> ProcessSummary:
    """Ingest ``inputs``, analyse what is new, store it in batches.

    1. ingest every input (files, folders, globs, URLs, feeds);
    2. skip inputs whose fingerprint is stored (idempotent reruns);
    3. run the stages: through ``analyser`` (e.g. Dask workers) when given, else
       on ``settings.jobs`` local worker processes (:mod:`marsad.scale.pool`),
       else here;
    4. write batches in single transactions (one writer);
    5. update the stories of the new documents.

    Args:
        inputs: paths, folders, globs or URLs.
        store: the open store.
        settings: the settings (defaults when None).
        on_item: called with each input's outcome (progress display).
        analyser: replaces the local stage runner (same input and output).
        update_stories: cluster stories after writing.
    """
    settings = settings or load_settings()
    summary = ProcessSummary()
    # 1. + 2.
    items = _skip_known(iter_documents(inputs, settings), store, summary, settings.batch_size)
    # 3.
    pool = None
    warm: threading.Thread | None = None
    if analyser is not None:
        analysed: Iterable[NewsDoc | Outcome] = analyser(items)
    elif jobs_for(settings.jobs) > 1:
        from marsad.scale.pool import PoolAnalyser

        pool = PoolAnalyser(settings, jobs_for(settings.jobs))
        analysed = pool(items)
    else:
        analysed = analyse(items, Pipeline(settings))
    # 4.
    docs: list[NewsDoc] = []
    fails: list[Outcome] = []

    def flush() -> None:
        outs = store.write(docs, fails)
        for out in outs:
            if out.status == "stored":
                summary.stored += 1
            else:
                summary.duplicates += 1
            if on_item:
                on_item(out)
        for out in fails:
            if on_item:
                on_item(out)
        summary.failed.extend(fails)
        docs.clear()
        fails.clear()

    try:
        for item in analysed:
            if pool is not None and update_stories and warm is None:
                # the workers are forked by now: load what the stories need while they run
                warm = threading.Thread(target=_warm_stories, name="warm-stories", daemon=True)
                warm.start()
            if isinstance(item, Outcome):
                fails.append(item)
            else:
                docs.append(item)
            if len(docs) + len(fails) >= settings.batch_size:
                flush()
        flush()
    finally:
        if pool is not None:
            pool.close()
        if warm is not None:
            warm.join()
    # 5. the new documents are those without a story (with any a killed run stored
    #    but never clustered)
    if update_stories and (summary.stored or store.unclustered_ids()):
        from marsad.stories import update_stories as _update

        summary.stories = _update(store, settings)
    elif update_stories:
        summary.stories = store.count_stories()
    return summary
