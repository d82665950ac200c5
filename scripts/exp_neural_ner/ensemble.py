"""Average the per-token marginals of several ``train.py`` runs and score the ensemble.

Each run wrote ``<name>.npy`` (float16, one row of tag probabilities per held-out token,
sentences in file order). The ensemble averages the rows, decodes the best BIO-legal
path per sentence and scores it with conlleval exact entity match.

    python3 scripts/exp_neural_ner/ensemble.py --mode dev RUNS/a_s1.npy RUNS/a_s2.npy ...
    python3 scripts/exp_neural_ner/ensemble.py --mode test --crf RUNS/crf_test.npy RUNS/*_s*.npy
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import DEV_FRACTION, TAGS, constrained_decode, load, score


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["dev", "test"], default="dev")
    ap.add_argument("--name", default="ensemble")
    ap.add_argument("--crf", type=Path, help="CRF marginals (crf_marginals.py) to mix in")
    ap.add_argument(
        "--crf-weight",
        type=float,
        default=0.5,
        help="share of the CRF in the mix (0.5 fixed in advance, not tuned)",
    )
    ap.add_argument("runs", nargs="+", type=Path)
    args = ap.parse_args()
    data = load()
    held = (
        data["train"][-int(len(data["train"]) * DEV_FRACTION) :]
        if args.mode == "dev"
        else data["test"]
    )
    probs = np.mean([np.load(p).astype(np.float32) for p in args.runs], axis=0)
    if args.crf:
        probs = (1 - args.crf_weight) * probs + args.crf_weight * np.load(args.crf).astype(
            np.float32
        )
    assert probs.shape == (sum(len(s["tokens"]) for s in held), len(TAGS))
    logp = np.log(probs + 1e-6)
    pred, i = [], 0
    for s in held:
        n = len(s["tokens"])
        pred.append(constrained_decode(logp[i : i + n]))
        i += n
    res = score([s["tags"] for s in held], pred)
    line = " ".join(f"{t} {v[0]:.3f}/{v[1]:.3f}/{v[2]:.4f}" for t, v in res.items())
    print(
        f"ENSEMBLE {args.name} ({len(args.runs)} runs) {args.mode} micro-F1 "
        f"{res['micro'][2]:.4f} | {line}",
        flush=True,
    )


if __name__ == "__main__":
    main()
