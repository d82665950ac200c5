"""Throughput of clean_document + extract_metadata on perturbed seeds.

Reads the seeds at run time (MARSAD_SHARED, else <repo>/../shared), makes
``--docs`` documents by perturbing them (shuffled body paragraphs, injected
obfuscation, chrome lines (menus, share bars, site names, footers), CRLF line ends, repeated headline, pasted-again
body) and prints documents per second.

Usage:
    .venv/bin/python bench/bench_clean.py [--docs 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from marsad.clean import clean_document, extract_metadata
from marsad.doc import NewsDoc, Source

_CHROME = [
    "اقرأ أيضاً: عنوان خبر آخر من الموقع نفسه",
    "Exit mobile version",
    "tag icon ع ع ع",
    "اكتب تعليق",
    "ادعم الموقع",
    "  • 2021-06-01",
    "المصدر : موقع تجريبي",
    "Test Site | موقع تجريبي",
    "الرئيسية | أخبار | سياسة | اقتصاد",
    "شارك: فيسبوك | تويتر | واتساب",
    "نشر في: 2021-06-01 | بواسطة: محرر الموقع",
    "الوسوم: سياسة، اقتصاد",
    "جميع الحقوق محفوظة © موقع تجريبي 2021",
]


def _shared() -> Path:
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


def _obfuscate(word: str, rng: random.Random) -> str:
    joining = "بتثجحخسشصضطظعغفقكلمنهي"
    for i, ch in enumerate(word[:-1]):
        if ch in joining and rng.random() < 0.5:
            return (
                word[: i + 1]
                + rng.choice(["\u0640.\u0640", "\u0640\u0640", "\u200b"])
                + word[i + 1 :]
            )
    return word


def _perturb(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    body = [ln for ln in lines if len(ln.split()) > 12]
    rng.shuffle(body)
    out: list[str] = []
    if lines and rng.random() < 0.3:
        out.append(lines[0])
    for ln in lines:
        if len(ln.split()) > 12:
            ln = body.pop()
            words = [_obfuscate(w, rng) if rng.random() < 0.05 else w for w in ln.split(" ")]
            ln = " ".join(words)
        out.append(ln)
        if rng.random() < 0.05:
            out.append(rng.choice(_CHROME))
    if rng.random() < 0.1:
        out.append(" ".join(x for x in out if len(x.split()) > 12))
    sep = "\r\n" if rng.random() < 0.2 else "\n"
    return sep.join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    seeds = sorted((_shared() / "seeds").glob("*.txt"))
    if not seeds:
        print("no seeds found under", _shared(), file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    docs = [_perturb(texts[i % len(texts)], rng) for i in range(args.docs)]
    chars = sum(len(d) for d in docs)
    start = time.perf_counter()
    cpu = time.process_time()
    for i, raw in enumerate(docs):
        extract_metadata(clean_document(NewsDoc(source=Source(name=f"b{i}"), raw=raw)))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    print(
        f"{len(docs)} documents, {chars / 1e6:.2f} M chars in {elapsed:.2f} s wall "
        f"({cpu:.2f} s CPU): {len(docs) / elapsed:.0f} documents/s wall, "
        f"{len(docs) / cpu:.0f} documents/s CPU, {chars / cpu / 1e6:.2f} M chars/s CPU"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
