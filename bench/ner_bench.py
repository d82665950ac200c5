"""Benchmark the packaged Arabic NER model on the ANERcorp CAMeL-style test split.

Usage (from the repository root):

    .venv/bin/python bench/ner_bench.py [--model PATH] [--test PATH]

Loads ``marsad/entities/data/ner.crfsuite`` (and the second pass
``ner_stack.crfsuite``), tags the test split as one run of sentences (the same
neighbouring-sentence context and label votes the trainer used), scores conlleval-style
exact entity matches (BIO, types PERS/LOC/ORG/MISC) and prints a markdown table
with micro and per-type precision/recall/F1 plus tagging speed on one core.
The test split is read from ``$MARSAD_SHARED`` or ``<repo>/../shared``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from marsad.entities.ner import (  # noqa: E402
    NerTagger,
    read_bio_file,
    score_entities,
)


def shared_dir() -> Path:
    """``$MARSAD_SHARED`` or ``<repo>/../shared``."""
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else (REPO / ".." / "shared").resolve()


def main() -> None:
    """Run the benchmark and print the markdown table."""
    default_test = shared_dir() / "data" / "anercorp" / "ANERCorp_CamelStyle_test.txt"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="CRF model (default: packaged)")
    ap.add_argument("--stack", type=Path, default=None, help="second-pass model (with --model)")
    ap.add_argument("--test", type=Path, default=default_test, help="BIO test file")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    tagger = NerTagger.load(args.model, stack_path=args.stack)
    sents = read_bio_file(args.test)
    t0 = time.perf_counter()
    pred = tagger.tag_sentences([toks for toks, _ in sents])
    secs = time.perf_counter() - t0
    scores = score_entities([tags for _, tags in sents], pred)
    n_tok = sum(len(toks) for toks, _ in sents)

    print(
        f"ANERcorp CAMeL-style test split (reconstructed): {len(sents)} sentences, {n_tok} tokens\n"
    )
    print("| type | precision | recall | F1 | gold | predicted |")
    print("|---|---|---|---|---|---|")
    for name in ("micro", "PERS", "LOC", "ORG", "MISC"):
        s = scores.get(name)
        if s is None:
            continue
        print(
            f"| {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | "
            f"{s.n_gold} | {s.n_pred} |"
        )
    print(
        f"\n| speed (one core) | value |\n|---|---|\n| sentences/s | {len(sents) / secs:.0f} |"
        f"\n| tokens/s | {n_tok / secs:.0f} |"
    )


if __name__ == "__main__":
    main()
