"""The pipeline: ingested documents through the registered stages.

The orchestrator is one readable function (:meth:`Pipeline.__call__`) with
numbered steps; the per-document failure policy lives here, not in stages
(STYLE rule 11): a :class:`DocumentError` becomes an :class:`Outcome` with
its reason code, any other exception one with ``stage_failed`` — unless
``raise_errors`` is set.

Example:
    >>> from marsad.doc import NewsDoc, Source
    >>> p = Pipeline(stages=("segment",))
    >>> d = p(NewsDoc(source=Source(name="x"), raw="", text="جملة أولى. جملة ثانية."))
    >>> len(d.sentences)
    2
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from marsad.doc import NewsDoc, Outcome
from marsad.errors import DocumentError, Reason
from marsad.ids import content_id
from marsad.registry import StageContext, StageInfo, analyze_stages
from marsad.settings import Settings, load_settings

__all__ = ["Pipeline", "Result", "StageTimer"]

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class StageTimer:
    """Seconds spent in each stage, summed over documents (for benchmarks)."""

    seconds: dict[str, float] = field(default_factory=dict)
    docs: int = 0

    def add(self, name: str, dt: float) -> None:
        """Add ``dt`` seconds to stage ``name``."""
        self.seconds[name] = self.seconds.get(name, 0.0) + dt


@dataclass(slots=True)
class Result:
    """A processed document, or the outcome that explains why there is none."""

    doc: NewsDoc | None
    outcome: Outcome


class Pipeline:
    """Run the configured stages over documents.

    Args:
        settings: the settings object (defaults when None).
        stages: override the stage names of the settings.
        raise_errors: re-raise stage errors instead of turning them into outcomes.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        stages: tuple[str, ...] | None = None,
        raise_errors: bool = False,
    ) -> None:
        self.settings = settings or load_settings()
        self.stages: list[StageInfo] = analyze_stages(stages or self.settings.stages)
        self.ctx = StageContext(self.settings)
        self.raise_errors = raise_errors
        self.timer = StageTimer()

    @property
    def stage_names(self) -> list[str]:
        """The stage names in order."""
        return [s.name for s in self.stages]

    def __call__(self, doc: NewsDoc) -> NewsDoc:
        """Run every stage on ``doc``; raises on failure.

        1. each stage in order, timed and logged;
        2. the content id from the cleaned text;
        3. the stages' scratch (``ext`` keys starting with ``_``) dropped: it is
           not stored and would only weigh on the writer (and on the wire, from
           worker processes).
        """
        # 1. the stages
        for info in self.stages:
            t0 = time.perf_counter()
            doc = info.func(doc, self.ctx)
            self.timer.add(info.name, time.perf_counter() - t0)
            logger.debug("%s: stage %s done", doc.source.name, info.name)
        # 2. the id
        if doc.text:
            doc.id = content_id(doc.text)
        # 3. the scratch
        for key in [k for k in doc.ext if k.startswith("_")]:
            del doc.ext[key]
        self.timer.docs += 1
        return doc

    def run_one(self, doc: NewsDoc) -> Result:
        """Run the stages with the failure policy: never raises for one bad doc
        (unless ``raise_errors``)."""
        name = doc.source.name
        try:
            done = self(doc)
        except DocumentError as e:
            if self.raise_errors:
                raise
            return Result(None, Outcome(name, "failed", e.code, e.detail or str(e)))
        except Exception as e:  # the per-document policy: report, go on
            if self.raise_errors:
                raise
            logger.exception("%s: a stage failed", name)
            return Result(None, Outcome(name, "failed", str(Reason.STAGE_FAILED), repr(e)[:500]))
        return Result(done, Outcome(name, "stored", doc_id=done.id))

    def pipe(self, docs: Iterable[NewsDoc]) -> Iterator[Result]:
        """Stream documents through :meth:`run_one`."""
        for doc in docs:
            yield self.run_one(doc)
