"""Score a saved ``train.py --save`` model on test with torch on ONE CPU thread and time it.

/path/to/venv-with-torch/bin/python scripts/exp_neural_ner/bench_cpu.py .neural/base_s1.pt
"""

from __future__ import annotations

import argparse
import sys
import time
from argparse import Namespace
from collections import Counter
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import TAGS, Encoder, Tagger, Vocab, chunks, load, score, split


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--batch", type=int, default=32, help="sentences per forward pass")
    args = ap.parse_args()
    torch.set_num_threads(1)
    ck = torch.load(args.model, map_location="cpu", weights_only=False)  # our own file
    margs = Namespace(**ck["args"])
    enc = Encoder.__new__(Encoder)
    for name in ("words", "chars", "attrs"):
        v = Vocab.__new__(Vocab)
        v.itos = ck[name]
        v.stoi = {w: i for i, w in enumerate(v.itos)}
        setattr(enc, name, v)
    enc.word_freq = Counter()
    model = Tagger(enc, margs, None)
    model.load_state_dict({k: v.float() for k, v in ck["state"].items()})
    model.eval()
    n_par = sum(p.numel() for p in model.parameters())
    print(
        f"params {n_par:,} = {n_par * 2 / 1e6:.1f} MB fp16 / {n_par * 4 / 1e6:.1f} MB fp32; "
        f"file {args.model.stat().st_size / 1e6:.1f} MB"
    )
    test = load()["test"]
    held = chunks(test, margs.chunk)
    dev = torch.device("cpu")
    t0 = time.perf_counter()
    tags: list[list[str]] = []
    with torch.no_grad():
        for i in range(0, len(held), args.batch):
            x = enc.batch(held[i : i + args.batch], 0.0, dev)
            em = model.emissions(x)
            paths = model.crf.viterbi(em, x["mask"]).numpy()
            tags.extend([TAGS[k] for k in paths[j, :n]] for j, n in enumerate(x["lens"].tolist()))
    secs = time.perf_counter() - t0
    res = score([s["tags"] for s in test], split(tags, held))
    n_tok = sum(len(s["tokens"]) for s in test)
    print(
        f"test micro-F1 {res['micro'][2]:.4f}; {len(test)} sentences in {secs:.1f}s: "
        f"{len(test) / secs:.0f} sentences/s, {n_tok / secs:.0f} tokens/s (one thread, "
        f"batch {args.batch}, features precomputed)"
    )


if __name__ == "__main__":
    main()
