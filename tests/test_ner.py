"""Tests for marsad.entities.ner (the CRF tagger shipped with the package)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from marsad.entities.ner import (
    DEFAULT_MODEL_PATH,
    NerSpan,
    NerTagger,
    bio_spans,
    default_tagger,
    read_bio_file,
    score_entities,
    sentence_contexts,
    stacked_features,
    tokenize,
    vote_tables,
)

#: Sanity floor for 50 test sentences; the full split scores 0.696 (bench/ner_bench.py).
SANITY_F1 = 0.5
SANITY_SENTENCES = 50

needs_model = pytest.mark.skipif(
    not DEFAULT_MODEL_PATH.is_file(), reason="NER model not built (scripts/train_ner.py)"
)


def shared_dir() -> Path:
    """``$MARSAD_SHARED`` or ``<repo>/../shared``."""
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال «سامر»، في دمشق.", ["قال", "«", "سامر", "»", "،", "في", "دمشق", "."]),
        ("هل زار الوفد (القاهرة)؟", ["هل", "زار", "الوفد", "(", "القاهرة", ")", "؟"]),
        (
            "ارتفع 3.5% يوم 12/5 “اليوم”",
            ["ارتفع", "3.5%", "يوم", "12", "/", "5", "“", "اليوم", "”"],
        ),
        ("وبالعاصمة؛ والرياض", ["وبالعاصمة", "؛", "والرياض"]),
    ],
)
def test_ner_tokenize_splits_punctuation(text: str, expected: list[str]) -> None:
    offsets = tokenize(text)
    assert [text[s:e] for s, e in offsets] == expected


def test_ner_tokenize_offsets_are_exact() -> None:
    text = "  أعلن  مجلس الإدارة،\nأمس ، عن  «خطة» جديدة... "
    for start, end in tokenize(text):
        token = text[start:end]
        assert token and not token.isspace()
        assert token.strip() == token


def test_ner_bio_spans_follow_conlleval() -> None:
    assert bio_spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-LOC"]) == [
        (0, 2, "PERS"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
        (5, 6, "LOC"),
    ]


def test_ner_score_entities_counts_exact_matches() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    pred = [["B-PERS", "O", "O", "B-LOC"]]
    scores = score_entities(gold, pred)
    assert scores["LOC"].f1 == 1.0
    assert scores["PERS"].f1 == 0.0
    assert scores["micro"].precision == pytest.approx(0.5)


@needs_model
def test_ner_model_loads() -> None:
    tagger = NerTagger.load()
    assert tagger.tag_tokens([]) == []
    assert default_tagger() is default_tagger()


@needs_model
def test_ner_tag_text_finds_person_city_and_org() -> None:
    # Written for this test: a person after a title, a city after في, an organisation.
    # (Ministries such as "وزارة الخارجية" are often left O in ANERcorp and by the model.)
    text = (
        "قال الرئيس الفرنسي إيمانويل ماكرون في باريس أمس إن الحكومة ستدعم الخطة. "
        "وأعلنت منظمة الصحة العالمية أن فريقها سيزور القاهرة الأسبوع المقبل."
    )
    spans = default_tagger().tag_text(text)
    for span in spans:
        assert isinstance(span, NerSpan)
        assert text[span.start : span.end] == span.text
        assert 0.0 < span.score <= 1.0
    found = {(s.label, s.text) for s in spans}
    assert ("PERSON", "إيمانويل ماكرون") in found
    assert ("LOC", "باريس") in found
    paris = next(s for s in spans if s.text == "باريس")
    assert paris.start == text.index("باريس")
    org = next(s for s in spans if s.label == "ORG")
    assert (org.text, org.start) == ("منظمة الصحة العالمية", text.index("منظمة"))
    assert ("LOC", "القاهرة") in found


def test_ner_stacked_features_vote_excludes_own_label() -> None:
    # Written for this test: the same surname tagged PERS in one sentence, O in the next.
    sents = [["وصل", "كمال", "أمس"], ["قال", "كمال", "إنه"]]
    tags = [["O", "B-PERS", "O"], ["O", "O", "O"]]
    votes = vote_tables(sents, tags)
    base: list[list[str]] = [["b"], ["b"], ["b"]]
    feats = stacked_features(sents[1], base, tags[1], [0.9, 0.6, 0.9], votes[1])
    assert "l1-1=B-PERS" not in feats[1]  # neighbour labels come from this sentence only
    assert "dv=PERS" in feats[1]  # the other occurrence votes PERS, its own O vote is removed
    assert "l1c=O|2" in feats[1]


def test_ner_span_score_defaults_to_one() -> None:
    assert NerSpan(0, 3, "LOC", "abc").score == 1.0


@needs_model
def test_ner_sanity_on_test_split() -> None:
    path = shared_dir() / "data" / "anercorp" / "ANERCorp_CamelStyle_test.txt"
    if not path.is_file():
        pytest.skip(f"{path} not available (set MARSAD_SHARED)")
    sents = read_bio_file(path)[:SANITY_SENTENCES]
    tagger = default_tagger()
    contexts = sentence_contexts([toks for toks, _ in sents])
    pred = [tagger.tag_tokens(t, c) for (t, _), c in zip(sents, contexts, strict=True)]
    assert score_entities([g for _, g in sents], pred)["micro"].f1 > SANITY_F1
