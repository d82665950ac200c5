"""Run the pipeline's stages on local worker processes; the caller stays the single writer.

The local counterpart of :mod:`marsad.scale.dask`: documents go to ``jobs``
processes in chunks and come back in input order (a sliding window of chunks
in flight bounds memory), so a run with workers stores exactly what a run
without them stores. Workers are forked from the caller when it runs no other
thread, else started from a ``forkserver``; each loads the models once.

Starting workers costs about a second (imports and models), so a stream of
fewer than :data:`SMALL_RUN` items is analysed in the calling process.

Example (not run here: it starts processes)::

    with PoolAnalyser(load_settings(), jobs=2) as analyser:
        process(["corpus/"], store, analyser=analyser)
"""

from __future__ import annotations

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

from marsad.doc import NewsDoc, Outcome
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
#: ``jobs = 0`` means one worker per usable core, at most this many (each worker
#: holds its own models, ~150 MB).
MAX_AUTO_JOBS = 8

#: Seconds between a worker's checks that the process that started it is alive.
LIFELINE_S = 0.5

_PIPELINE: Pipeline | None = None


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
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=_context(),
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
            while len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
