"""Run the pipeline's stages on local worker processes; the caller stays the single writer.

The local counterpart of :mod:`marsad.scale.dask`: documents go to ``jobs``
processes in chunks and come back in input order (a sliding window of chunks
in flight bounds memory), so a run with workers stores exactly what a run
without them stores. Workers are forked from the caller when it runs no other
thread: the caller first loads the models (:func:`_warm_up`) and the workers share
them. Otherwise they start from a ``forkserver`` and each loads its own.

Starting workers costs about a second (imports and models), so a stream of
fewer than :data:`SMALL_RUN` items is analysed in the calling process.

Example (not run here: it starts processes)::

    with PoolAnalyser(load_settings(), jobs=2) as analyser:
        process(["corpus/"], store, analyser=analyser)
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from types import TracebackType

from marsad.doc import NewsDoc, Outcome, Source
from marsad.pipeline import Pipeline
from marsad.settings import Settings

__all__ = [
    "CHUNK",
    "IN_FLIGHT_PER_WORKER",
    "MAX_AUTO_JOBS",
    "SMALL_RUN",
    "PoolAnalyser",
    "jobs_for",
]

logger = logging.getLogger(__name__)

#: Documents per task: a document takes ~10-20 ms, a round trip ~1 ms.
CHUNK = 16
#: Chunks in flight per worker: keeps workers busy while the caller writes,
#: and bounds memory whatever the corpus size.
IN_FLIGHT_PER_WORKER = 3
#: Streams shorter than this are analysed in the calling process.
SMALL_RUN = 4 * CHUNK
#: ``jobs = 0`` means one worker per usable core, at most this many (a worker's own
#: memory is ~150-250 MB: caches, and the models unless forked from a warmed caller).
MAX_AUTO_JOBS = 8

#: Seconds between a worker's checks that the process that started it is alive.
LIFELINE_S = 0.5

_PIPELINE: Pipeline | None = None

#: A short article (written for Marsad) run through the stages before workers are
#: forked, so that the models and lexicons they load lazily are loaded once, in the
#: caller, and shared with the workers instead of loaded by each.
WARM_UP_TEXT = (
    "\u0627\u0644\u0642\u0627\u0647\u0631\u0629 - \u0642\u0627\u0644 "
    "\u0648\u0632\u064a\u0631 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 "
    "\u0633\u0627\u0645\u0631 \u0627\u0644\u062d\u0644\u0628\u064a \u0623\u0645\u0633 "
    "\u0625\u0646 \u0627\u0644\u0648\u0641\u062f \u0633\u064a\u0632\u0648\u0631 "
    "\u062f\u0645\u0634\u0642 \u0627\u0644\u0623\u0633\u0628\u0648\u0639 "
    "\u0627\u0644\u0645\u0642\u0628\u0644.\n"
)


def jobs_for(setting: int) -> int:
    """Worker processes for the ``jobs`` setting (0: one per usable core, capped).

    Example:
        >>> jobs_for(3)
        3
        >>> 1 <= jobs_for(0) <= MAX_AUTO_JOBS
        True
    """
    if setting > 0:
        return setting
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_JOBS))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True  # no /proc: trust kill()


def _lifeline(pid: int) -> None:
    """End this worker when the process that started it is gone (killed with
    SIGKILL, say): the pool's pipes would otherwise keep it, and the
    forkserver, waiting forever."""
    while _alive(pid):
        time.sleep(LIFELINE_S)
    os._exit(1)


def _warm_up(settings: Settings) -> None:
    """Load what the stages load lazily (knowledge base, NER models, lexicons) in this
    process, before workers are forked from it: forked workers then share those pages
    with it and with each other instead of each loading its own copy (~80 MB).

    The loaded objects are moved out of the garbage collector's sight (``gc.freeze``)
    so that collections in the workers do not touch, and so copy, their pages; the
    caller undoes it once the workers are forked.
    """
    doc = NewsDoc(source=Source(name="warm-up"), raw=WARM_UP_TEXT)
    outcome = Pipeline(settings).run_one(doc).outcome
    if outcome.status != "stored":  # pragma: no cover - the stages failed on our own text
        logger.warning("warm-up document: %s %s", outcome.reason, outcome.message)
    gc.collect()
    gc.freeze()


def _init_worker(settings: Settings, parent: int) -> None:
    global _PIPELINE
    threading.Thread(target=_lifeline, args=(parent,), name="lifeline", daemon=True).start()
    _PIPELINE = Pipeline(settings)


def _run_chunk(chunk: list[NewsDoc | Outcome]) -> list[NewsDoc | Outcome]:
    from marsad.process import analyse

    assert _PIPELINE is not None, "worker not initialised"
    return list(analyse(chunk, _PIPELINE))


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` when this process runs no other thread (workers start ~0.6 s sooner,
    and a caller's script needs no ``if __name__ == "__main__"`` guard), else a
    ``forkserver`` (forking a process with threads may deadlock the child)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["marsad.process", "marsad.registry"])
    return ctx


class PoolAnalyser:
    """A callable that analyses an item stream on local worker processes, in order.

    Args:
        settings: the run's settings (sent to every worker once).
        jobs: worker processes (at least 2 to be of use).
    """

    def __init__(self, settings: Settings, jobs: int) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None
        self._frozen = False  # gc.freeze() was called for forking, not yet undone

    def __enter__(self) -> PoolAnalyser:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (pending chunks are cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            ctx = _context()
            if ctx.get_start_method() == "fork":
                _warm_up(self.settings)
                self._frozen = True
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(self.settings, os.getpid()),
            )
            logger.info("started %d worker processes", self.jobs)
        return self._pool

    def __call__(self, items: Iterable[NewsDoc | Outcome]) -> Iterator[NewsDoc | Outcome]:
        from marsad.process import analyse

        stream = iter(items)
        head = list(islice(stream, SMALL_RUN))
        if self.jobs == 1 or len(head) < SMALL_RUN:
            yield from analyse(chain(head, stream), Pipeline(self.settings))
            return
        pool = self._start()
        window = self.jobs * IN_FLIGHT_PER_WORKER
        pending: deque[Future[list[NewsDoc | Outcome]]] = deque()
        rest = chain(head, stream)
        while chunk := list(islice(rest, CHUNK)):
            pending.append(pool.submit(_run_chunk, chunk))
            if self._frozen:  # the first submit forked every worker (fork start method)
                gc.unfreeze()
                self._frozen = False
            while len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
