"""The contract's cleaning and metadata checks on the seeds (gold read at run
time from ../shared), and the offset-map invariant on seeds and built docs."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from marsad.arabic.normalize import match_key
from marsad.clean import clean_document, extract_metadata
from marsad.doc import NewsDoc, Source


def shared_dir() -> Path:
    """MARSAD_SHARED, else <repo>/../shared."""
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


def _gold_files() -> list[Path]:
    gold = shared_dir() / "gold" / "seeds"
    return sorted(gold.glob("*.json")) if gold.is_dir() else []


def _run(raw: str, name: str = "t.txt") -> NewsDoc:
    return extract_metadata(clean_document(NewsDoc(source=Source(name=name), raw=raw)))


def _seed(gold: dict[str, Any]) -> NewsDoc:
    raw = (shared_dir() / "seeds" / gold["file"]).read_text(encoding="utf-8")
    return _run(raw, gold["file"])


def _cleaning_checks(doc: NewsDoc, gold: dict[str, Any]) -> list[tuple[str, bool]]:
    text = match_key(doc.text)
    checks = [(f"remove {s!r}", match_key(s) not in text) for s in gold["must_remove"]]
    checks += [(f"keep {s!r}", match_key(s) in text) for s in gold["must_keep"]]
    # Repairs on the text as is: normalising first would hide tatweel-only forms.
    checks += [(f"repair {a!r}", b in doc.text and a not in doc.text) for a, b in gold["repairs"]]
    return checks


def _assert_offsets(doc: NewsDoc) -> None:
    for i, ch in enumerate(doc.text):
        if doc.offsets.is_copied(i):
            assert doc.raw[doc.offsets.to_raw(i)] == ch, (i, ch)
    for r in doc.removed:
        assert doc.raw[r.raw_start : r.raw_end] == r.text
    for rep in doc.repairs:
        assert doc.text[rep.start : rep.end] == rep.to


GOLD = _gold_files()
needs_gold = pytest.mark.skipif(not GOLD, reason="../shared/gold/seeds is absent")


@needs_gold
def test_clean_seeds_cleaning_is_perfect() -> None:
    failures = []
    total = 0
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        checks = _cleaning_checks(_seed(gold), gold)
        total += len(checks)
        failures += [f"{gold['file']}: {name}" for name, ok in checks if not ok]
    assert total > 0
    assert failures == []


@needs_gold
def test_clean_seeds_metadata_is_exact() -> None:
    failures = []
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = _seed(gold)
        if doc.outlet != gold["outlet"]:
            failures.append(f"{gold['file']}: outlet {doc.outlet!r}")
        if doc.published != gold["published"]:
            failures.append(f"{gold['file']}: published {doc.published!r}")
        if set(doc.cites) != set(gold["cites"]):
            failures.append(f"{gold['file']}: cites {doc.cites!r}")
    assert failures == []


@needs_gold
def test_clean_seeds_titles() -> None:
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = _seed(gold)
        assert doc.title == gold["title"], gold["file"]
        if doc.title:  # the headline is metadata, not repeated in the body
            assert match_key(doc.title) not in match_key(doc.text)


@needs_gold
def test_clean_seeds_offset_map_exact() -> None:
    for path in GOLD:
        _assert_offsets(_seed(json.loads(path.read_text(encoding="utf-8"))))


BUILT = [
    "عنوان عن الجسـ.ـور الجديدة\r\n\r\nافتتحت البلدية الجسـ.ـر الجديد أمس بحضور المحافظ وعدد من الأهالي.\r\n"
    "اقرأ أيضاً: خبر آخر لا علاقة له\r\n\u00a0\r\nوقال المحافظ إن العمل سيستمر في الطرق المجاورة خلال الشهر المقبل.\r\n",
    "  • كتب: فريق الموقع\n  • 2022-01-05\n\nنص قصير\u200f بلا عنوان وفيه كلمات كثيرة تكفي لأن يكون فقرة من المتن.",
    "",
    "\n\n\n",
    "×\nادعم الموقع",
]


@pytest.mark.parametrize("raw", BUILT)
def test_clean_offset_map_exact_on_built_docs(raw: str) -> None:
    doc = _run(raw)
    _assert_offsets(doc)
    assert not re.search(r"\n{3,}", doc.text)
    assert doc.text == doc.text.strip()


def test_clean_built_doc_keeps_crlf_paragraphs_and_repairs() -> None:
    doc = _run(BUILT[0])
    assert doc.title == "عنوان عن الجسور الجديدة"
    assert "خبر آخر" not in doc.text
    assert [(r.from_, r.to) for r in doc.repairs] == [("الجسـ.ـر", "الجسر")]
    assert "\n" in doc.text
