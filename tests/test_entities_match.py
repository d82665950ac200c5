"""Gazetteer matching: clitics, variants, longest match, short names kept apart."""

from __future__ import annotations

import pytest

from marsad.entities.match import (
    Gazetteer,
    clitic_variants,
    same_name,
    same_word,
    tokenize,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("لافرنتييف", "لافرينتييف"),  # dropped long vowel
        ("سيرغي", "سيرجي"),  # g written غ or ج
        ("أستانة", "أستانا"),  # final ة / ا
        ("آستانا", "أستانا"),  # hamza seat
        ("بيدرسون", "بيدرسون"),
        ("موسى", "موسي"),  # ى / ي
    ],
)
def test_match_same_word_merges_variants(a: str, b: str) -> None:
    assert same_word(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("ظريف", "طريف"), ("قمم", "قم"), ("روسي", "روسيا"), ("ايراني", "ايران"), ("نجم", "نغم")],
)
def test_match_same_word_keeps_short_names_apart(a: str, b: str) -> None:
    assert not same_word(a, b)


def test_match_same_name_joins_compound_abd() -> None:
    assert same_name("حسين أمير عبد اللهيان", "حسين امير عبداللهيان")
    assert not same_name("علي خاجي", "علي")


def test_match_clitic_variants_restore_article() -> None:
    variants = dict((rest, n) for n, rest in clitic_variants("للامم"))
    assert variants["الامم"] == 1
    assert all(rest != "مم" for _, rest in clitic_variants("ولم"))  # no stub left


def test_match_gazetteer_strips_clitic_from_span() -> None:
    text = "التقى ولافرينتييف وفدا في بطهران"
    gaz = Gazetteer([("لافرنتييف", "lav"), ("طهران", "teh")])
    found = [(m.ids[0], text[m.start : m.end]) for m in gaz.find(text)]
    assert found == [("lav", "لافرينتييف"), ("teh", "طهران")]


def test_match_gazetteer_prefers_longest_name() -> None:
    text = "شارك ممثل عن الأمم المتحدة في مسار أستانا أمس"
    gaz = Gazetteer([("الأمم المتحدة", "un"), ("أستانا", "process"), ("مسار أستانا", "process")])
    found = [text[m.start : m.end] for m in gaz.find(text)]
    assert found == ["الأمم المتحدة", "مسار أستانا"]


def test_match_gazetteer_lil_clitic_keeps_name() -> None:
    text = "قدم الدعم للأمم المتحدة"
    (m,) = Gazetteer([("الأمم المتحدة", "un")]).find(text)
    assert text[m.start : m.end] == "لأمم المتحدة"  # the elided article's ل, clitic dropped


def test_match_tokenize_offsets_and_keys() -> None:
    text = "قال “إيرانُ”، ثم"
    toks = tokenize(text)
    assert [text[t.start : t.end] for t in toks] == ["قال", "إيرانُ", "ثم"]
    assert toks[1].key == "ايران"
