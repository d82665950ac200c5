"""The entity stage on the five seed articles, scored with the contract's scorer.

Seeds and gold are read from the shared folder at run time (nothing is copied here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad.arabic.normalize import match_key, strip_proclitic_ar
from marsad.doc import NewsDoc, Source
from marsad.entities.annotate import annotate_entities
from marsad.entities.kb import default_kb
from marsad.eval.score import load_gold, score
from marsad.export.document import doc_to_dict

#: Floors from the task: recall 0.95 and precision 0.90 on the seeds.
RECALL_FLOOR = 0.95
PRECISION_FLOOR = 0.90


def _clean(doc: NewsDoc) -> NewsDoc:
    try:
        from marsad.clean import clean_document
    except ImportError:  # pragma: no cover - cleaning not built yet
        doc.text = doc.raw
        return doc
    return clean_document(doc)


@pytest.fixture(scope="module")
def seed_docs(shared: Path) -> list[dict[str, Any]]:
    kb = default_kb()
    out = []
    for path in sorted((shared / "seeds").glob("*.txt")):
        doc = NewsDoc(source=Source(name=path.name), raw=path.read_text(encoding="utf-8"))
        doc = annotate_entities(_clean(doc), kb=kb)
        out.append(doc_to_dict(doc))
    return out


def test_entities_seeds_recall_and_precision(shared: Path, seed_docs: list[dict[str, Any]]) -> None:
    report = score(load_gold(shared / "gold" / "seeds"), seed_docs)
    ents = report.tasks["entities"]
    missed = {f.file: f.entities_missed for f in report.files if f.entities_missed}
    spurious = {f.file: f.entities_spurious for f in report.files if f.entities_spurious}
    assert ents.recall is not None and ents.recall >= RECALL_FLOOR, missed
    assert ents.precision is not None and ents.precision >= PRECISION_FLOOR, spurious


def test_entities_seeds_mentions_point_at_text(seed_docs: list[dict[str, Any]]) -> None:
    for doc in seed_docs:
        for ent in doc["entities"]:
            for m in ent["mentions"]:
                assert doc["text"][m["start"] : m["end"]] == m["text"]


def _keys(text: str) -> set[str]:
    k = match_key(text)
    return {k, strip_proclitic_ar(k)}


def test_entities_seeds_aliases_share_one_id(shared: Path, seed_docs: list[dict[str, Any]]) -> None:
    gold = {g.file: g for g in load_gold(shared / "gold" / "seeds")}
    for doc in seed_docs:
        g = gold[doc["source"]["name"]]
        ids_of_name: dict[str, set[str]] = {}
        for ent in doc["entities"]:
            for m in ent["mentions"]:
                for k in _keys(m["text"]):
                    ids_of_name.setdefault(k, set()).add(ent["id"])
        owners: dict[str, set[str]] = {}
        for ge in g.entities:
            for name in (ge.name_ar, *ge.aliases_ar):
                owners.setdefault(match_key(name), set()).add(ge.key)
        for ge in g.entities:
            ids: set[str] = set()
            for name in (ge.name_ar, *ge.aliases_ar):
                key = match_key(name)
                if len(owners[key]) == 1:  # a name two gold entities share proves nothing
                    ids |= ids_of_name.get(key, set())
            assert len(ids) <= 1, (g.file, ge.key, ids)
