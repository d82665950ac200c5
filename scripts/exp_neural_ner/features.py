"""Export ANERcorp + symbolic CRF features for the neural NER experiment (runs locally, CPU).

Experiment only (see ``train.py`` beside this file). Writes ``.neural/data.json.gz``:

* ``train`` / ``test``: sentences of the ANERcorp CAMeL-style splits, each with
  ``tokens``, ``tags``, ``keys`` (``match_key`` forms), ``stems`` (proclitic-stripped keys) and ``attrs`` -- per token a
  space-joined bag of the shipped CRF's *non-lexical* attributes (shape, gazetteer
  flags, phrase marks, cluster ids, proclitic, affixes, trigger look-back, document
  evidence, topic conjunctions), taken from ``marsad.entities.ner.document_features``
  so the neural model sees exactly the symbolic knowledge the CRF sees.
* ``unlabelled``: ``match_key`` token lists of AQMAR, the Wojood sample and the ANERcorp
  **train** split (never test), for the skip-gram word vectors.

Run from the repo root:

    .venv/bin/python scripts/exp_neural_ner/features.py [--shared ../shared] [--out .neural]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from marsad.arabic.normalize import match_key  # noqa: E402
from marsad.entities.ner import document_features, load_gazetteer, read_bio_file  # noqa: E402

# CRF attribute prefixes that are lexical (the network has word embeddings and a
# character CNN for those) or window copies (the BiLSTM sees neighbours itself).
_LEXICAL = ("w=", "raw=", "st=", "w-1|w=", "st-1|st=", "w|w+1=", "w-2|w-1=", "tc=")
_WINDOW = ("-2:", "-1:", "1:", "2:")


def keep(attr: str) -> bool:
    """True for the attributes exported into the per-token bag."""
    return attr != "b" and not attr.startswith(_LEXICAL) and not attr.startswith(_WINDOW)


def export(sents: list[tuple[list[str], list[str]]]) -> list[dict[str, object]]:
    """Tokens, tags, keys and attribute bags of every sentence (document order kept)."""
    gaz = load_gazetteer()
    feats = document_features([toks for toks, _ in sents], gaz)
    out: list[dict[str, object]] = []
    for (toks, tags), sf in zip(sents, feats, strict=True):
        out.append(
            {
                "tokens": toks,
                "tags": tags,
                "keys": [match_key(t) for t in toks],
                "stems": [next(a[3:] for a in f if a.startswith("st=")) for f in sf],
                "attrs": [" ".join(a for a in f if keep(a)) for f in sf],
            }
        )
    return out


def unlabelled(shared: Path, train: list[tuple[list[str], list[str]]]) -> list[list[str]]:
    """``match_key`` token lists of the unlabelled text (AQMAR, Wojood sample, ANERcorp train)."""
    out: list[list[str]] = []
    for folder in (shared / "data/aqmar/articles", shared / "data/wojood_sample"):
        for path in sorted(folder.glob("*.txt")):
            if path.name.startswith("LICENSE"):
                continue
            out.extend([match_key(t) for t in toks] for toks, _ in read_bio_file(path))
    out.extend([match_key(t) for t in toks] for toks, _ in train)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / ".neural")
    args = ap.parse_args()
    ane = args.shared / "data/anercorp"
    train = read_bio_file(ane / "ANERCorp_CamelStyle_train.txt")
    test = read_bio_file(ane / "ANERCorp_CamelStyle_test.txt")
    data = {
        "train": export(train),
        "test": export(test),
        "unlabelled": unlabelled(args.shared, train),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out / "data.json.gz", "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
    n_tok = sum(len(s["tokens"]) for s in data["train"])  # type: ignore[arg-type]
    print(
        f"train {len(train)} sentences ({n_tok} tokens), test {len(test)}, "
        f"unlabelled {sum(map(len, data['unlabelled']))} tokens"
    )


if __name__ == "__main__":
    main()
