"""Full per-token marginals of the shipped two-pass CRF on the test split (runs locally, CPU).

Writes ``.neural/runs/crf_test.npy`` (rows in test-token order, columns in
``train.TAGS`` order) so that ``ensemble.py --crf`` can mix it with the networks.
Uses the packaged ``ner.crfsuite`` + ``ner_stack.crfsuite`` (trained on all of train).

    .venv/bin/python scripts/exp_neural_ner/crf_marginals.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pycrfsuite

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from marsad.entities.ner import (  # noqa: E402
    DEFAULT_MODEL_PATH,
    DEFAULT_STACK_MODEL_PATH,
    document_features,
    load_gazetteer,
    read_bio_file,
    score_entities,
    stacked_features,
    vote_tables,
)

TAGS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]


def main() -> None:
    test = read_bio_file(REPO.parent / "shared/data/anercorp/ANERCorp_CamelStyle_test.txt")
    toks = [t for t, _ in test]
    xs = document_features(toks, load_gazetteer())
    first_t = pycrfsuite.Tagger()
    first_t.open(str(DEFAULT_MODEL_PATH))
    first = []
    for x in xs:
        tg = first_t.tag(x)
        first.append((tg, [first_t.marginal(t, i) for i, t in enumerate(tg)]))
    votes = vote_tables(toks, [t for t, _ in first])
    second_t = pycrfsuite.Tagger()
    second_t.open(str(DEFAULT_STACK_MODEL_PATH))
    rows, pred = [], []
    labels = set(second_t.labels())
    for tk, x, (tg, mg), v in zip(toks, xs, first, votes, strict=True):
        second_t.set(stacked_features(tk, x, tg, mg, v))
        pred.append(second_t.tag())
        rows.append(
            np.array(
                [
                    [second_t.marginal(y, i) if y in labels else 0.0 for y in TAGS]
                    for i in range(len(tk))
                ]
            )
        )
    print(
        "shipped CRF test micro-F1",
        round(score_entities([t for _, t in test], pred)["micro"].f1, 4),
    )
    out = REPO / ".neural/runs/crf_test.npy"
    np.save(out, np.concatenate(rows).astype(np.float16))
    print("wrote", out)


if __name__ == "__main__":
    main()
