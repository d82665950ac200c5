"""Run the bad-input corpus of ``tests/test_bad_input.py`` and print the table
(kind → outcome, reason) as markdown, for the hardening issue note.

Each kind is processed on its own through :func:`marsad.process.process` (the
library behind ``marsad process``) into one fresh SQLite store; then the whole
corpus goes through one ``marsad process`` command, whose exit code and
summary line are printed under the table.

Usage::

    .venv/bin/python bench/bad_input_table.py            # default stages
    .venv/bin/python bench/bad_input_table.py --early    # clean, metadata, segment only
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def _load_cases() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bad_input_cases", REPO / "tests" / "test_bad_input.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _summary(pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """``(outcome, reason)`` cells: statuses with counts, reasons in order."""
    counts = Counter(status for status, _ in pairs)
    outcome = " + ".join(
        f"{status}" + (f" ×{n}" if n > 1 else "") for status, n in sorted(counts.items())
    )
    reasons = ", ".join(sorted({r for _, r in pairs if r})) or "—"
    return outcome or "nothing", reasons


def main() -> int:
    """Print the table; exit 1 when an outcome differs from the expected one."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--early", action="store_true", help="only the stages clean, metadata, segment")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    t = _load_cases()
    from marsad.settings import load_settings
    from marsad.store import Store

    stages = t.EARLY_STAGES if args.early else t.full_stages()
    settings = load_settings(stages=stages) if stages else load_settings()
    mismatches = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = Store.open(f"sqlite:///{root / 'table.db'}")
        print("| kind | outcome | reason | as expected |")
        print("| --- | --- | --- | --- |")
        t0 = time.perf_counter()
        for case in t.CASES:
            if case.skip:
                print(f"| {case.kind} | skipped | {case.skip} | — |")
                continue
            got = t.run_case(case, root / "one", store, settings)
            outcome, reason = _summary(got)
            ok = got == sorted(case.expect)
            mismatches += not ok
            print(f"| {case.kind} | {outcome} | {reason} | {'yes' if ok else 'NO'} |")
        store.close()
        per_case = time.perf_counter() - t0
        # The whole corpus through the command line.
        inputs: list[str] = []
        for case in t.CASES:
            if not case.skip:
                inputs += t.build_case(case, root / "all")[1]
        cfg = t.config_toml(root / "cfg.toml", stages)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "marsad.serve.cli", "process", *inputs,
             "--db", f"sqlite:///{root / 'cli.db'}", "--config", str(cfg)],
            capture_output=True, text=True, cwd=root, env=t.cli_env(), check=False,
        )  # fmt: skip
        cli = time.perf_counter() - t0
    kinds = sum(1 for c in t.CASES if not c.skip)
    print()
    print(
        f"{kinds} kinds ({len(t.CASES) - kinds} skipped), {mismatches} unexpected; "
        f"stages: {', '.join(settings.stages)}; per-kind runs {per_case:.1f} s."
    )
    failed_lines = sum(1 for ln in proc.stderr.splitlines() if ln.startswith("failed: "))
    print(
        f"`marsad process` over the whole corpus ({len(inputs)} inputs): exit {proc.returncode}, "
        f"{failed_lines} failures named on stderr, {cli:.1f} s; summary: {proc.stdout.strip()}"
    )
    return 1 if mismatches or proc.returncode != 1 else 0


if __name__ == "__main__":
    raise SystemExit(main())
