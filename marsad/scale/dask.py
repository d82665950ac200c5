"""Run the pipeline's stages on Dask workers; the client stays the single writer.

Documents travel to workers in chunks; results come back in input order (a
sliding window of chunks in flight bounds memory), so a Dask run stores exactly
what a local run stores.

Example (not run here: it starts processes)::

    analyser = DaskAnalyser.connect("local", load_settings(), workers=2)
    process(["corpus/"], store, analyser=analyser)
    analyser.close()
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.doc import NewsDoc, Outcome
from marsad.settings import Settings

__all__ = ["CHUNK", "IN_FLIGHT_PER_WORKER", "DaskAnalyser", "run_chunk"]

logger = logging.getLogger(__name__)

#: Documents per task: large enough to amortise scheduling (~1 ms per task),
#: small enough to keep workers evenly busy (a document takes ~5-20 ms).
CHUNK = 32
#: Chunks in flight per worker: two keeps a worker busy while the client
#: writes, and bounds memory whatever the corpus size.
IN_FLIGHT_PER_WORKER = 2


def run_chunk(docs: list[NewsDoc | Outcome], settings: Settings) -> list[NewsDoc | Outcome]:
    """Run the stages on one chunk (on a worker). Models load once per process."""
    from marsad.pipeline import Pipeline
    from marsad.process import analyse

    return list(analyse(docs, Pipeline(settings)))


class DaskAnalyser:
    """A callable that analyses an item stream on a Dask cluster, in order."""

    def __init__(self, client: Any, settings: Settings, cluster: Any = None) -> None:
        self.client = client
        self.cluster = cluster
        self.settings = settings

    @classmethod
    def connect(cls, address: str, settings: Settings, *, workers: int = 2) -> DaskAnalyser:
        """``address`` is ``local`` (start a local cluster of ``workers``
        single-threaded processes) or a scheduler address ``tcp://host:8786``."""
        from distributed import Client, LocalCluster

        if address == "local":
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            return cls(Client(cluster), settings, cluster)  # type: ignore[no-untyped-call]
        return cls(Client(address), settings)  # type: ignore[no-untyped-call]

    def n_workers(self) -> int:
        """Workers currently connected."""
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def __call__(self, items: Iterable[NewsDoc | Outcome]) -> Iterator[NewsDoc | Outcome]:
        window = self.n_workers() * IN_FLIGHT_PER_WORKER
        pending: deque[Any] = deque()
        chunk: list[NewsDoc | Outcome] = []
        settings_f = self.client.scatter(self.settings, broadcast=True)
        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                pending.append(self.client.submit(run_chunk, chunk, settings_f, pure=False))
                chunk = []
                while len(pending) >= window:
                    yield from pending.popleft().result()
        if chunk:
            pending.append(self.client.submit(run_chunk, chunk, settings_f, pure=False))
        while pending:
            yield from pending.popleft().result()

    def close(self) -> None:
        """Close the client (and the local cluster it started)."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
