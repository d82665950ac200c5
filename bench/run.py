"""Benchmark harness: throughput, time per stage, peak memory, Dask speed-up
and HTML ingest cost, side by side in one markdown table.

Usage (see bench/README.md)::

    .venv/bin/python bench/run.py --n 1000 --n 10000 [--stages clean,metadata,segment]
        [--dask-max 10000] [--html 300] [--out bench/out]

For each N a corpus is generated to a temporary folder (``.txt`` files, or
JSONL shards from :data:`JSONL_FROM` documents on) by :mod:`corpus`; each
configuration (local, Dask with 1 and 2 workers, HTML ingest) runs in its own
subprocess so that peak memory figures are separate. The report is printed
and written to ``<out>/results.md`` and ``<out>/results.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the generator next to this file

logger = logging.getLogger("bench")

REPO = Path(__file__).resolve().parents[1]
#: From this many documents on the corpus is written as JSONL shards (one
#: file per 1,000 documents) instead of one ``.txt`` file per document.
JSONL_FROM = 50_000
#: The goals of the scaling issue.
GOAL_DOCS_PER_S = 100.0
GOAL_RSS_MB = 1024.0
#: "Flat in N": the peak at the largest size at most this many times the peak at
#: the next smaller one (a decade less, with the default sizes). The bounded
#: per-word caches fill during the first few thousand documents, so the growth over
#: the whole range, printed beside it, includes that warm-up. A run of one size
#: cannot show flatness.
GOAL_FLAT_GROWTH = 1.25
GOAL_DASK_SPEEDUP = 1.7
GOAL_HTML_RATIO = 1.3


# --- children: one configuration each -----------------------------------------


def _rss_mb(who: int) -> float:
    """Peak resident set of this process or its waited-for children (Linux: KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024.0


class _Clock:
    """Seconds spent pulling from an iterator (the ingest side of the stream)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, items: Iterable[Any]) -> Iterator[Any]:
        it = iter(items)
        while True:
            t0 = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                self.seconds += time.perf_counter() - t0
                return
            self.seconds += time.perf_counter() - t0
            yield item


_SAMPLER = """
import sys, time, psutil
root, out, every = psutil.Process(int(sys.argv[1])), sys.argv[2], float(sys.argv[3])
me, peak = psutil.Process().pid, 0
while root.is_running():
    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        break
    for p in procs:
        if p.pid != me:
            try:  # proportional set size: pages shared after fork counted once
                total += p.memory_full_info().pss
            except (psutil.Error, AttributeError):
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
    if total > peak:
        peak = total
        with open(out, "w") as f:
            f.write(str(peak))
    time.sleep(every)
"""


class _TreeRss:
    """Peak of the summed memory of this process and all its descendants (worker
    processes included): proportional set sizes (PSS: a page shared by forked workers
    counts once overall; RSS where PSS cannot be read), sampled every ``every``
    seconds with psutil by a separate process (a thread here would stop ``jobs``
    workers being forked)."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.peak_mb = 0.0
        self._file = Path(tempfile.mkstemp(prefix="rss-", suffix=".txt")[1])
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> _TreeRss:
        args = [sys.executable, "-c", _SAMPLER, str(os.getpid()), str(self._file), str(self.every)]
        self._proc = subprocess.Popen(args)
        time.sleep(2 * self.every)  # first sample taken
        return self

    def __exit__(self, *exc: object) -> None:
        time.sleep(2 * self.every)
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait()
        text = self._file.read_text() if self._file.exists() else ""
        self.peak_mb = int(text) / 2**20 if text.strip() else 0.0
        self._file.unlink(missing_ok=True)


def _timed_write(store: Any) -> _Clock:
    """Wrap ``store.write`` to sum the seconds of the single writer."""
    clock = _Clock()
    write = store.write

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            clock.seconds += time.perf_counter() - t0

    store.write = timed
    return clock


def child(
    config: str, corpus_dir: str, db: str, stages: str | None, workers: int
) -> dict[str, Any]:
    """Run one configuration in this process and return its figures."""
    from marsad.doc import NewsDoc, Outcome
    from marsad.pipeline import Pipeline
    from marsad.process import analyse, process
    from marsad.settings import load_settings
    from marsad.store import Store
    from marsad.stories import update_stories

    settings = load_settings(stages=tuple(stages.split(","))) if stages else load_settings()
    store = Store.open(f"sqlite:///{db}")
    write_clock = _timed_write(store)
    ingest = _Clock()
    out: dict[str, Any] = {"config": config, "stages": list(settings.stages)}
    pipeline: Pipeline | None = None
    dask: Any = None
    if config == "local":
        pipeline = Pipeline(settings)

        def analyser(items: Iterable[NewsDoc | Outcome]) -> Iterator[NewsDoc | Outcome]:
            assert pipeline is not None
            return analyse(ingest.wrap(items), pipeline)

    elif config == "pool":
        # marsad's default path: process() with `jobs` worker processes and the
        # story update in the same call (its imports overlap the analysis)
        settings = dataclasses.replace(settings, jobs=workers)
        with _TreeRss() as tree:
            t0 = time.perf_counter()
            summary = process([corpus_dir], store, settings)
            out["process_s"] = time.perf_counter() - t0
        out["rss_tree_mb"] = tree.peak_mb
        out["stories"] = summary.stories
        out["stories_s"] = 0.0
        out["stories_in_run"] = True
        out["stored"] = summary.stored
        out["duplicates"] = summary.duplicates
        out["failed"] = len(summary.failed)
        out["failed_reasons"] = sorted({f.reason or "?" for f in summary.failed})
        out["ingest_s"] = None
        out["write_s"] = write_clock.seconds
        store.close()
        out["rss_self_mb"] = _rss_mb(resource.RUSAGE_SELF)
        out["rss_children_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)
        out["workers"] = workers
        return out
    else:
        from marsad.scale.dask import DaskAnalyser

        t0 = time.perf_counter()
        dask = DaskAnalyser.connect("local", settings, workers=workers)
        out["startup_s"] = time.perf_counter() - t0

        def analyser(items: Iterable[NewsDoc | Outcome]) -> Iterator[NewsDoc | Outcome]:
            return iter(dask(ingest.wrap(items)))

    t0 = time.perf_counter()
    summary = process([corpus_dir], store, settings, analyser=analyser, update_stories=False)
    out["process_s"] = time.perf_counter() - t0
    if dask is not None:
        dask.close()
    out["stored"] = summary.stored
    out["duplicates"] = summary.duplicates
    out["failed"] = len(summary.failed)
    out["failed_reasons"] = sorted({f.reason or "?" for f in summary.failed})
    out["ingest_s"] = ingest.seconds
    out["write_s"] = write_clock.seconds
    out["rss_before_stories_mb"] = _rss_mb(resource.RUSAGE_SELF)
    if pipeline is not None:
        out["stage_s"] = dict(pipeline.timer.seconds)
        out["stage_docs"] = pipeline.timer.docs
    if config == "local":
        with store.engine.connect() as conn:
            ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM documents")]
        t0 = time.perf_counter()
        out["stories"] = update_stories(store, settings, ids)
        out["stories_s"] = time.perf_counter() - t0
    store.close()
    out["rss_self_mb"] = _rss_mb(resource.RUSAGE_SELF)
    out["rss_children_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)
    out["workers"] = workers if config != "local" else 0
    return out


def child_html(pages_dir: str, repeat: int) -> dict[str, Any]:
    """HTML ingest (``read_html``) against ``trafilatura.bare_extraction`` alone: with
    the options Marsad passes (text and metadata: the goal's comparison) and with
    trafilatura's defaults (text only). Rounds alternate; the best round of each counts."""
    import trafilatura

    from marsad.doc import Source
    from marsad.ingest.html import EXTRACT_OPTIONS, read_html

    pages = [p.read_bytes() for p in sorted(Path(pages_dir).glob("*.html"))]
    texts = [p.decode("utf-8") for p in pages]

    def ours() -> None:
        for i, b in enumerate(pages):
            read_html(b, Source(name=f"p{i}"))

    def same() -> None:
        for s in texts:
            trafilatura.bare_extraction(s, **EXTRACT_OPTIONS)

    def bare() -> None:
        for s in texts:
            trafilatura.bare_extraction(s)

    runs = {"ours": ours, "same": same, "bare": bare}
    for fn in runs.values():  # warm up every path
        fn()
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return {
        "config": "html",
        "pages": len(pages),
        "read_html_s": best["ours"],
        "bare_extraction_s": best["same"],
        "bare_text_only_s": best["bare"],
        "ratio": best["ours"] / best["same"],
        "ratio_text_only": best["ours"] / best["bare"],
        "rss_self_mb": _rss_mb(resource.RUSAGE_SELF),
    }


# --- the parent: generate, run, report ----------------------------------------


def _spawn(args: list[str], log: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    logger.info("running %s", " ".join(args))
    with open(log, "a", encoding="utf-8") as err:
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err, text=True, check=False)
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    if res.returncode != 0 or not lines:
        return {"config": args[1], "error": f"exit {res.returncode}; see {log}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _generate(n: int, root: Path, fmt: str) -> Path:
    gen = corpus.Generator.from_shared()
    out = root / f"n{n}"
    t0 = time.perf_counter()
    if fmt == "jsonl" or (fmt == "auto" and n >= JSONL_FROM):
        corpus.write_jsonl(gen, n, out)
    else:
        corpus.write_txt(gen, n, out)
    logger.info("generated %d documents in %.1f s under %s", n, time.perf_counter() - t0, out)
    return out


def _f(x: Any, nd: int = 1) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def _ok(good: bool) -> str:
    return "yes" if good else "**no**"


def _total_rss(r: dict[str, Any]) -> float:
    """Peak RSS of a run's processes together: sampled when measured (pool), else
    the caller plus ``workers`` times the largest worker's peak (an upper bound)."""
    if r.get("rss_tree_mb"):
        return float(r["rss_tree_mb"])
    return float(r["rss_self_mb"] + r.get("workers", 0) * r["rss_children_mb"])


def report(results: list[dict[str, Any]]) -> str:
    """The markdown report of all runs."""
    lines = [
        "| N | config | stored | analyse+write s | stories s | docs/s (no stories)"
        " | docs/s (end to end) | ingest s | write s"
        " | peak RSS MB (self / largest worker), all processes (PSS) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    stage_rows: list[str] = []
    for r in results:
        if r["config"] == "html":
            continue
        if "error" in r:
            lines.append(f"| {r['n']} | {r['config']} | error: {r['error']} |||||||||")
            continue
        docs = r["stored"] + r["duplicates"]
        total = r["process_s"] + r.get("stories_s", 0.0)
        lines.append(
            f"| {r['n']} | {r['config']} | {r['stored']} (+{r['duplicates']} dup,"
            f" {r['failed']} failed) | {_f(r['process_s'])}"
            f" | {'in the run' if r.get('stories_in_run') else _f(r.get('stories_s'))}"
            f" | {'–' if r.get('stories_in_run') else _f(docs / r['process_s'])}"
            f" | {_f(docs / total) if 'stories_s' in r else '–'}"
            f" | {_f(r['ingest_s'])} | {_f(r['write_s'])}"
            f" | {_f(r['rss_self_mb'], 0)} / {_f(r['rss_children_mb'], 0)},"
            f" {_f(r.get('rss_tree_mb'), 0)} |"
        )
        if "stage_s" in r and r.get("stage_docs"):
            per = ", ".join(
                f"{k} {1000 * v / r['stage_docs']:.2f}" for k, v in r["stage_s"].items()
            )
            stage_rows.append(f"| {r['n']} | {per} |")
    out = ["## Throughput and memory", "", *lines, ""]
    if stage_rows:
        out += ["## Time per stage (ms per document, local)", "", "| N | stages |", "|---|---|"]
        out += [*stage_rows, ""]
    # goals
    out += ["## Goals", "", "| goal | measured | met |", "|---|---|---|"]
    local = [r for r in results if r["config"] in ("local", "pool") and "error" not in r]
    for r in local:
        docs = r["stored"] + r["duplicates"]
        e2e = docs / (r["process_s"] + r.get("stories_s", 0.0))
        out.append(
            f"| ≥ {GOAL_DOCS_PER_S:.0f} docs/s end to end, {r['config']}, N={r['n']} | {e2e:.1f}"
            f" | {_ok(e2e >= GOAL_DOCS_PER_S)} |"
        )
    for r in results:
        if r["config"] == "dask2" and "error" not in r:
            docs = r["stored"] + r["duplicates"]
            rate = docs / r["process_s"]
            out.append(
                f"| ≥ {GOAL_DOCS_PER_S:.0f} docs/s analyse+write, Dask 2 workers, N={r['n']}"
                f" | {rate:.1f} | {_ok(rate >= GOAL_DOCS_PER_S)} |"
            )
    for config in ("local", "pool"):
        rows = [r for r in local if r["config"] == config]
        if not rows:
            continue
        # all processes together: the writer plus each worker's peak
        peaks = [_total_rss(r) for r in rows]
        sizes = ", ".join(f"N={r['n']}: {p:.0f} MB" for r, p in zip(rows, peaks, strict=True))
        out.append(
            f"| peak RSS < 1 GB ({config}, all processes) | {sizes}"
            f" | {_ok(max(peaks) < GOAL_RSS_MB)} |"
        )
        by_size = sorted(zip((r["n"] for r in rows), peaks, strict=True))
        if len({n for n, _ in by_size}) > 1:
            (n0, p0), (n1, p1) = by_size[-2], by_size[-1]
            steps = ", ".join(f"{a[0]}→{b[0]}: {b[1] / a[1]:.2f}×" for a, b in pairwise(by_size))
            whole = by_size[-1][1] / by_size[0][1]
            out.append(
                f"| peak RSS flat in N ({config}): N={n1} ≤ {GOAL_FLAT_GROWTH}× N={n0} |"
                f" {p1 / p0:.2f}× (by step: {steps}; whole range {whole:.2f}×)"
                f" | {_ok(p1 / p0 <= GOAL_FLAT_GROWTH)} |"
            )
        else:
            out.append(f"| peak RSS flat in N ({config}) | one size: run several `--n` | – |")
    by_n: dict[int, dict[str, dict[str, Any]]] = {}
    for r in results:
        if "error" not in r and r["config"] in ("dask1", "dask2"):
            by_n.setdefault(r["n"], {})[r["config"]] = r
    for n, rs in sorted(by_n.items()):
        if "dask1" in rs and "dask2" in rs:
            sp = rs["dask1"]["process_s"] / rs["dask2"]["process_s"]
            out.append(
                f"| Dask 2 workers ≥ {GOAL_DASK_SPEEDUP}× 1 worker, N={n} | {sp:.2f}×"
                f" | {_ok(sp >= GOAL_DASK_SPEEDUP)} |"
            )
    for r in results:
        if r["config"] == "html" and "error" not in r:
            out.append(
                f"| HTML ingest ≤ {GOAL_HTML_RATIO}× trafilatura alone, same options"
                f" ({r['pages']} pages) | {r['ratio']:.2f}× ({r['read_html_s']:.2f} s vs"
                f" {r['bare_extraction_s']:.2f} s; against trafilatura's text-only defaults"
                f" {r['ratio_text_only']:.2f}×, {r['bare_text_only_s']:.2f} s)"
                f" | {_ok(r['ratio'] <= GOAL_HTML_RATIO)} |"
            )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the benchmark, write the report."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="corpus size (repeatable)")
    ap.add_argument("--stages", help="comma-separated stages (default: the settings' stages)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="report folder")
    ap.add_argument(
        "--dask-max", type=int, default=10_000, help="run Dask 1 vs 2 workers up to this N"
    )
    ap.add_argument("--workers", type=int, default=2, help="workers of the larger Dask run")
    ap.add_argument(
        "--jobs", type=int, default=2, help="local worker processes of the pool run (default 2)"
    )
    ap.add_argument(
        "--configs",
        help="comma-separated subset of local,pool,dask to run (default: all that apply)",
    )
    ap.add_argument("--html", type=int, default=300, help="HTML pages to compare (0: skip)")
    ap.add_argument("--format", choices=("auto", "txt", "jsonl"), default="auto")
    ap.add_argument("--tmp", type=Path, default=None, help="where corpora are generated")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora")
    # internal: one configuration in a child process
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--repeat", type=int, default=5, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.child:
        if a.child == "html":
            res = child_html(a.corpus, a.repeat)
        else:
            res = child(a.child, a.corpus, a.db, a.stages, a.workers)
        sys.stdout.write(json.dumps(res) + "\n")
        return 0

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    ns = a.n or [1000]
    a.out.mkdir(parents=True, exist_ok=True)
    log = a.out / "children.log"
    log.write_text("", "utf-8")
    tmp = Path(tempfile.mkdtemp(prefix="marsad-bench-", dir=a.tmp))
    stage_args = ["--stages", a.stages] if a.stages else []
    results: list[dict[str, Any]] = []
    try:
        for n in ns:
            cdir = _generate(n, tmp, a.format)
            configs = [("local", 1), ("pool", a.jobs)]
            if n <= a.dask_max:
                configs += [("dask1", 1), (f"dask{a.workers}", a.workers)]
            if a.configs:
                wanted = set(a.configs.split(","))
                configs = [
                    c for c in configs if c[0] in wanted or c[0].rstrip("0123456789") in wanted
                ]
            for config, workers in configs:
                db = tmp / f"{config}-{n}.db"
                res = _spawn(
                    [
                        "--child",
                        config,
                        "--corpus",
                        str(cdir),
                        "--db",
                        str(db),
                        "--workers",
                        str(workers),
                        *stage_args,
                    ],
                    log,
                )
                res["n"] = n
                results.append(res)
                logger.info("%s", json.dumps(res))
                for p in tmp.glob(f"{config}-{n}.db*"):
                    p.unlink()
            if not a.keep:
                shutil.rmtree(cdir, ignore_errors=True)
        if a.html:
            pages = tmp / "html"
            corpus.write_html(corpus.Generator.from_shared(seed=7), a.html, pages)
            res = _spawn(["--child", "html", "--corpus", str(pages)], log)
            res["n"] = a.html
            results.append(res)
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    text = report(results)
    header = (
        f"# Marsad benchmark\n\nmachine: {os.cpu_count()} CPUs; python {sys.version.split()[0]};"
        f" stages: {a.stages or 'settings default'}\n\n"
    )
    (a.out / "results.md").write_text(header + text, "utf-8")
    (a.out / "results.json").write_text(json.dumps(results, indent=1), "utf-8")
    sys.stdout.write(header + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
