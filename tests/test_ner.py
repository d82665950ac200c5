"""Tests for marsad.entities.ner (the CRF tagger shipped with the package)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from marsad.entities.crf import CrfWeights
from marsad.entities.ner import (
    DEFAULT_MODEL_PATH,
    NerSpan,
    NerTagger,
    bio_spans,
    default_tagger,
    document_features,
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


def _crfsuite_reference(
    tagger: NerTagger, sentences: list[list[str]]
) -> list[tuple[list[str], list[float]]]:
    """Both passes the plain way: attribute strings handed to crfsuite."""

    def run(model: pycrfsuite.Tagger, feats: list[list[str]]) -> tuple[list[str], list[float]]:
        tags: list[str] = model.tag(feats)
        return tags, [model.marginal(t, i) for i, t in enumerate(tags)]

    base = document_features(sentences, tagger._gaz, tagger._known)
    first = [run(tagger._tagger, f) if f else ([], []) for f in base]
    assert tagger._stack is not None
    votes = vote_tables(sentences, [t for t, _ in first])
    return [
        run(tagger._stack, stacked_features(s, f, t, m, v)) if s else ([], [])
        for s, f, (t, m), v in zip(sentences, base, first, votes, strict=True)
    ]


#: crfsuite computes marginals with an approximate exp (vecmath.h), so the same
#: state scores summed in another order can move them by ~1e-6.
MARGINAL_TOLERANCE = 1e-5


@needs_model
def test_ner_fast_scoring_matches_crfsuite_on_strings() -> None:
    # Written for this test: names, places, an organisation, an empty sentence, a one-word one.
    sentences = [
        ["قال", "وزير", "الخارجية", "سامر", "الحلبي", "في", "عمان", "."],
        [],
        ["وأكد", "الحلبي", "أن", "جامعة", "الدول", "العربية", "ستجتمع", "في", "القاهرة", "."],
        ["شكرا"],
        ["وصل", "الوفد", "إلى", "مدينة", "نيويورك", "ثم", "واشنطن", "."],
    ]
    path = shared_dir() / "data" / "anercorp" / "ANERCorp_CamelStyle_test.txt"
    if path.is_file():  # and real news text, a document's worth at a time
        test = [toks for toks, _ in read_bio_file(path)[:120]]
        runs = [sentences, *(test[i : i + 8] for i in range(0, len(test), 8))]
    else:
        runs = [sentences]
    tagger = NerTagger.load()
    for run in runs:
        expected = _crfsuite_reference(tagger, run)
        got = tagger._tag_all(run)
        assert [t for t, _ in got] == [t for t, _ in expected]
        for (_, m_got), (_, m_exp) in zip(got, expected, strict=True):
            assert np.allclose(m_got, m_exp, atol=MARGINAL_TOLERANCE, rtol=0)


@needs_model
def test_crf_weights_basis_gives_back_state_scores() -> None:
    model = pycrfsuite.Tagger()
    model.open(str(DEFAULT_MODEL_PATH))
    weights = CrfWeights.from_models([model])
    (decoder,) = weights.models
    assert len(decoder.names) == len(decoder.labels)
    basis = weights.matrix[[weights.index[a] for a in decoder.names]]
    assert np.linalg.cond(basis) < 1e3
    # any score row comes back through the basis attributes
    rng = np.random.default_rng(7)
    scores = rng.normal(scale=5.0, size=(6, len(decoder.labels)))
    assert np.allclose((scores @ decoder.inverse) @ basis, scores, atol=1e-9)
    # and decoding a sentence's summed weights equals decoding its attribute strings
    feats = [["b", "BOS", "w=\u0642\u0627\u0644"], ["b", "unknown-attribute"], ["b", "b", "EOS"]]
    tags, marginals = decoder.decode(np.stack([weights.vector(f) for f in feats]), [(0, 3)])[0]
    assert tags == model.tag(feats)
    assert np.allclose(marginals, [model.marginal(t, i) for i, t in enumerate(tags)], atol=1e-5)
    assert weights.ids(["b", "b", "unknown-attribute"]) == [weights.index["b"]] * 2


@needs_model
def test_ner_weights_file_matches_the_models(tmp_path: Path) -> None:
    tagger = NerTagger.load()
    fresh = CrfWeights.from_models([tagger._tagger, tagger._stack])  # type: ignore[list-item]
    shipped = tagger._weights  # read from ner_weights.npz
    assert shipped.index == fresh.index
    assert np.array_equal(shipped.matrix, fresh.matrix)
    # a file written for other models is refused
    other = tmp_path / "w.npz"
    fresh.save(other, "not-the-digest")
    with pytest.raises(ValueError, match="other models"):
        CrfWeights.load(other, [tagger._tagger, tagger._stack], "digest")  # type: ignore[list-item]
