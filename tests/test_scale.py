"""Equivalence: the same corpus processed in one process, on local worker
processes (``jobs``) and on a local Dask cluster of two workers stores exactly
the same thing.

Speed and memory are not unit-tested here; ``bench/run.py`` measures them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import marsad.scale.pool as pool_mod
from marsad.doc import Outcome
from marsad.errors import ConfigError
from marsad.export.tables import rows
from marsad.process import ProcessSummary, process
from marsad.scale.dask import DaskAnalyser
from marsad.scale.pool import PoolAnalyser
from marsad.settings import Settings, load_settings
from marsad.store import Store

REPO = Path(__file__).resolve().parents[1]
#: Every export the CLI offers as a table, plus the documents themselves.
EXPORTS = ("documents", "events", "entities", "quotes", "stories")


def _inputs(shared: Path) -> list[str]:
    """The five seeds, the demo corpus and the story test corpus (~37 documents)."""
    folders = [
        shared / "seeds",
        REPO / "marsad" / "demo" / "corpus",
        REPO / "tests" / "data" / "stories" / "docs",
    ]
    return [str(f) for f in folders if f.is_dir()]


def _export(store: Store) -> dict[str, list[dict[str, Any]]]:
    out = {what: list(rows(store, what)) for what in EXPORTS}
    out["documents"].sort(key=lambda d: str(d["id"]))
    return out


def _run(
    inputs: list[str],
    db: Path,
    settings: Settings,
    analyser: DaskAnalyser | PoolAnalyser | None,
) -> tuple[ProcessSummary, dict[str, list[dict[str, Any]]]]:
    store = Store.open(f"sqlite:///{db}")
    try:
        summary = process(inputs, store, settings, analyser=analyser)
        return summary, _export(store)
    finally:
        store.close()


def test_scale_dask_matches_local(shared: Path, tmp_path: Path) -> None:
    settings = load_settings()
    inputs = _inputs(shared)
    local_summary, local = _run(inputs, tmp_path / "local.db", settings, None)
    analyser = DaskAnalyser.connect("local", settings, workers=2)
    try:
        dask_summary, on_dask = _run(inputs, tmp_path / "dask.db", settings, analyser)
    finally:
        analyser.close()
    assert local_summary.stored >= 20, [f.reason for f in local_summary.failed]
    assert (dask_summary.stored, dask_summary.duplicates, dask_summary.stories) == (
        local_summary.stored,
        local_summary.duplicates,
        local_summary.stories,
    )
    assert sorted((f.source, f.reason) for f in dask_summary.failed) == sorted(
        (f.source, f.reason) for f in local_summary.failed
    )
    for what in EXPORTS:
        assert on_dask[what] == local[what], (
            f"{what} differ: {_first_diff(local[what], on_dask[what])}"
        )


def _first_diff(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> str:
    """Where two exports first differ (row and fields), for a readable failure."""
    if len(a) != len(b):
        return f"{len(a)} rows locally, {len(b)} on Dask"
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x != y:
            keys = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
            return f"row {i}: " + "; ".join(f"{k}: {x.get(k)!r} vs {y.get(k)!r}" for k in keys)
    return "no difference"


def test_scale_worker_processes_match_one_process(
    shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``jobs`` worker processes store exactly what one process stores, in input order.

    Small chunks and a small threshold make the ~37 documents travel as many
    chunks through two workers (the defaults keep runs under 64 documents local).
    """
    monkeypatch.setattr(pool_mod, "SMALL_RUN", 8)
    monkeypatch.setattr(pool_mod, "CHUNK", 3)
    inputs = _inputs(shared)
    one_summary, one = _run(inputs, tmp_path / "one.db", load_settings(jobs=1), None)
    settings = load_settings(jobs=2)
    with PoolAnalyser(settings, 2) as analyser:
        summary, many = _run(inputs, tmp_path / "pool.db", settings, analyser)
        assert analyser._pool is not None, "the workers were never started"
    assert (summary.stored, summary.duplicates, summary.stories) == (
        one_summary.stored,
        one_summary.duplicates,
        one_summary.stories,
    )
    for what in EXPORTS:
        assert many[what] == one[what], f"{what} differ: {_first_diff(one[what], many[what])}"
    # the default path: process() with jobs=2 starts the same workers
    default_summary, by_default = _run(inputs, tmp_path / "default.db", settings, None)
    assert default_summary.stored == one_summary.stored
    assert by_default["documents"] == one["documents"]


def test_scale_small_runs_stay_in_process() -> None:
    """Fewer items than SMALL_RUN never start workers (starting them costs ~1 s)."""
    items = [Outcome(f"in{i}", "failed", "not_found") for i in range(pool_mod.SMALL_RUN - 1)]
    analyser = PoolAnalyser(load_settings(), 2)
    out = list(analyser(items))
    assert analyser._pool is None
    assert [o.source for o in out if isinstance(o, Outcome)] == [o.source for o in items]


def test_scale_jobs_setting() -> None:
    assert pool_mod.jobs_for(3) == 3
    assert 1 <= pool_mod.jobs_for(0) <= pool_mod.MAX_AUTO_JOBS
    with pytest.raises(ConfigError):
        load_settings(jobs=-1)


def test_scale_warm_up_loads_the_models_before_forking() -> None:
    """Before forking workers the caller loads what the stages load lazily (so the
    workers share it) and freezes it out of the garbage collector's sight."""
    import gc

    from marsad.entities.kb import default_kb
    from marsad.entities.ner import default_tagger

    default_tagger.cache_clear()
    default_kb.cache_clear()
    pool_mod._warm_up(load_settings())
    try:
        assert default_tagger.cache_info().currsize == 1
        assert default_kb.cache_info().currsize == 1
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
