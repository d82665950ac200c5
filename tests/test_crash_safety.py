"""Crash safety: ``marsad process`` killed with SIGKILL at random points loses
nothing and doubles nothing.

300 inputs (290 distinct files of original Arabic articles and 10
byte-identical copies under other names) go into an SQLite file in batches of 10; each run is killed
after its start-up plus a random 0.2–2 s (seeded), at least 10 times, each
rerun continuing; a final run completes. Then every input is stored exactly
once, the database is intact and every document has its story.

The stages are ``clean, metadata, segment``: crash safety is about the store
(the single batched writer), and these keep the test inside ~90 s on 2 cores.
The runs use the default worker processes (one per core); none outlives a kill.
Set ``MARSAD_CRASH_REPORT=1`` to print the per-kill figures.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bad_input import EARLY_STAGES, arabic_article, cli_env, config_toml

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")

#: Inputs, of which COPIES are byte-identical copies of other inputs.
INPUTS = 300
COPIES = 10
#: At least this many runs are killed.
MIN_KILLS = 10
#: Never more runs than this (a machine so fast that runs finish between kills).
MAX_RUNS = 40
#: Random wait after a run's start-up before the kill (seconds).
KILL_AFTER = (0.2, 2.0)
SEED = 20201014
#: Articles per input file.
PARTS = 4


def _corpus(folder: Path) -> tuple[list[Path], int]:
    folder.mkdir()
    paths: list[Path] = []
    for i in range(INPUTS - COPIES):
        p = folder / f"report_{i:03d}.txt"
        # Four original articles a file: enough cleaning work per batch that
        # most kills land while batches are being written.
        p.write_text("\n".join(arabic_article(PARTS * i + j) for j in range(PARTS)), "utf-8")
        paths.append(p)
    rnd = random.Random(SEED)
    for k, src in enumerate(rnd.sample(paths, COPIES)):
        p = folder / f"copy_{k:02d}_{src.name}"
        p.write_bytes(src.read_bytes())
        paths.append(p)
    return paths, INPUTS - COPIES


def _cmd(folder: Path, db: Path, cfg: Path) -> list[str]:
    return [
        sys.executable, "-m", "marsad.serve.cli", "process", str(folder),
        "--db", f"sqlite:///{db}", "--config", str(cfg),
    ]  # fmt: skip


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _leftovers(marker: str) -> list[str]:
    """Command lines of live processes that mention ``marker`` (Linux /proc)."""
    out: list[str] = []
    for d in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (d / "stat").read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if marker in cmd and state != "Z":
            out.append(f"{d.name}: {cmd[:120]}")
    return out


def test_crash_safety_sigkill_loses_and_doubles_nothing(tmp_path: Path) -> None:
    paths, distinct = _corpus(tmp_path / "in")
    db = tmp_path / "crash.db"
    cfg = config_toml(tmp_path / "cfg.toml", EARLY_STAGES, batch_size=10)
    env = cli_env()
    # Start-up (imports, opening the store), so that the random wait lands in
    # the processing, not in the imports: the second of two runs on nothing.
    for _ in range(2):
        t0 = time.monotonic()
        warm = subprocess.run(
            _cmd(tmp_path / "none", tmp_path / "warm.db", cfg),
            capture_output=True, cwd=tmp_path, env=env, timeout=120,
        )  # fmt: skip
        startup = time.monotonic() - t0
        assert warm.returncode == 1  # the missing folder is named, nothing else happens
    rnd = random.Random(SEED)
    kills = runs = 0
    done = False  # a run finished on its own: everything is stored
    progress: list[tuple[float, int]] = []
    while kills < MIN_KILLS and runs < MAX_RUNS:
        runs += 1
        proc = subprocess.Popen(
            _cmd(tmp_path / "in", db, cfg),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path, env=env,
        )  # fmt: skip
        if not done:
            wait = startup + rnd.uniform(*KILL_AFTER)
        else:  # kill the rerun while it starts or skips (it lasts at least `startup`)
            wait = rnd.uniform(KILL_AFTER[0], max(KILL_AFTER[0], min(KILL_AFTER[1], 0.8 * startup)))
        try:
            rc = proc.wait(timeout=wait)
            done = done or rc == 0
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            kills += 1
        progress.append((wait, _count(db, "SELECT count(*) FROM sources")))
    mid_write = sum(
        1
        for (_, a), (_, b) in zip([(0.0, 0), *progress], progress, strict=False)
        if a < b < len(paths)
    )
    final = subprocess.run(
        _cmd(tmp_path / "in", db, cfg), capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=300,
    )  # fmt: skip
    if os.environ.get("MARSAD_CRASH_REPORT"):
        print(f"\nstart-up {startup:.2f} s; {runs} runs, {kills} killed, {mid_write} mid-write")
        print("wait before kill → sources stored after the run:")
        print(", ".join(f"{w:.1f}s→{n}" for w, n in progress))
        print("final:", final.stdout.strip())
    assert kills >= MIN_KILLS
    assert final.returncode == 0, final.stderr[-2000:]
    # The killed runs' worker processes (--jobs, one per core) ended with them;
    # their command lines carry the run's folder (the forkserver's sys.path).
    if Path("/proc/self/cmdline").exists():
        deadline = time.monotonic() + 10
        while _leftovers(str(tmp_path)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _leftovers(str(tmp_path)) == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

        def one(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        assert one("SELECT count(*) FROM documents") == distinct
        assert one("SELECT count(DISTINCT text) FROM documents") == distinct
        assert one("SELECT count(*) FROM sources") == len(paths)
        assert one("SELECT count(DISTINCT path) FROM sources") == len(paths)
        assert {r[0] for r in conn.execute("SELECT name FROM sources")} == {p.name for p in paths}
        assert one("SELECT count(*) FROM documents_fts") == distinct
        assert one("SELECT count(*) FROM documents WHERE story_id IS NULL") == 0
        assert one("SELECT count(*) FROM failures") == 0
    again = subprocess.run(
        _cmd(tmp_path / "in", db, cfg), capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=120,
    )  # fmt: skip
    assert again.returncode == 0
    assert "nothing new" in again.stdout
    assert _count(db, "SELECT count(*) FROM sources") == len(paths)
