"""Sentence segmentation with offsets."""

from __future__ import annotations

import pytest

from marsad.arabic.segment import segment_sentences


def _sents(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل الوفد. وبدأت المحادثات!", ["وصل الوفد.", "وبدأت المحادثات!"]),
        ("هل انتهى؟ نعم؛ انتهى", ["هل انتهى؟", "نعم؛", "انتهى"]),
        ("سطر أول\nسطر ثان", ["سطر أول", "سطر ثان"]),
        ("ذكرت (أ.ف.ب) أن الوفد وصل.", ["ذكرت (أ.ف.ب) أن الوفد وصل."]),
        (
            "قالت د.ب.أ إن الحدث عام 300 ق.م كان مهماً.",
            ["قالت د.ب.أ إن الحدث عام 300 ق.م كان مهماً."],
        ),
        (
            "ارتفع المؤشر 2.5 بالمئة في 20.10.2020 فقط.",
            ["ارتفع المؤشر 2.5 بالمئة في 20.10.2020 فقط."],
        ),
        (
            "راجع https://example.org/a.b.html للمزيد. ثم عد",
            ["راجع https://example.org/a.b.html للمزيد.", "ثم عد"],
        ),
        ("The U.S. team left. Then", ["The U.S. team left.", "Then"]),
        ("وقال: “انتهى الأمر.” ثم غادر.", ["وقال: “انتهى الأمر.”", "ثم غادر."]),
        ("انتظروا... ثم تكلم", ["انتظروا...", "ثم تكلم"]),
        ("  \n ", []),
    ],
)
def test_segment_sentences_boundaries(text: str, expected: list[str]) -> None:
    assert _sents(text) == expected


def test_segment_sentences_spans_exclude_white_space() -> None:
    text = "  جملة أولى.   جملة ثانية.  \n\n"
    spans = segment_sentences(text)
    assert [(s.start, s.end) for s in spans] == [(2, 12), (15, 26)]
    for s in spans:
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()


def test_segment_sentences_comma_does_not_split() -> None:
    assert len(segment_sentences("قال الوزير، في مؤتمر صحفي، إن الوفد وصل.")) == 1
