"""De-obfuscation: examples and hypothesis properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.clean.deobfuscate import deobfuscate

T = "\u0640"


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (f"ف{T}.{T}لاحة", "فلاحة"),
        ("بمشـ.ـاركـ.ـة", "بمشاركة"),
        (f"المكـ{T}{T}تبة", "المكتبة"),
        ("الطـ . ـريق", "الطريق"),
        ("الحد\u200bيقة", "الحديقة"),
        ("السو\u200cق", "السوق"),
    ],
)
def test_deobfuscate_repairs_one_word(text: str, fixed: str) -> None:
    out, fixes = deobfuscate(text)
    assert out == fixed
    assert [(f.from_, f.to) for f in fixes] == [(text, fixed)]


def test_deobfuscate_fix_offsets_index_input_and_output() -> None:
    text = "افتتح “الجسـ.ـر” الجديد وحـ.ـضـ.ـر المحافظ."
    out, fixes = deobfuscate(text)
    assert out == "افتتح “الجسر” الجديد وحضر المحافظ."
    for f in fixes:
        assert text[f.start : f.end] == f.from_
        assert out[f.out_start : f.out_end] == f.to
    assert [f.from_ for f in fixes] == ["الجسـ.ـر", "وحـ.ـضـ.ـر"]


@pytest.mark.parametrize(
    "text",
    [
        "أ.ف.ب",
        "د.ب.أ",
        "ق.م",
        "بلغ النمو 3.5 بالمئة",
        "سنة 1445هـ.وقال",
        "1445 هـ",
        "https://example.org/الخـارجية",
        "www.example.org/مد_ـرسة",
        "انتهى الاجتماع.ثم غادر",
        f"المدرسة{T}الحديقة",  # tatweel after teh marbuta: a word boundary
        "حلب ـ خاص",
    ],
)
def test_deobfuscate_leaves_non_obfuscation_alone(text: str) -> None:
    assert deobfuscate(text) == (text, [])


_ARABIC = st.characters(min_codepoint=0x0621, max_codepoint=0x064A)
_JUNK = st.sampled_from([T, ".", " ", "\u200b", "\u200d", "5", "a", "ا", "\n"])
_TEXT = st.lists(st.one_of(_ARABIC, _JUNK), max_size=60).map("".join)
_WORD_RE = re.compile("[\u0621-\u063a\u0641-\u064a]+")


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_deobfuscate_properties(text: str) -> None:
    out, fixes = deobfuscate(text)
    assert len(out) <= len(text)
    assert deobfuscate(out) == (out, [])  # applying twice = once
    for f in fixes:
        assert text[f.start : f.end] == f.from_
        assert out[f.out_start : f.out_end] == f.to


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(_WORD_RE, fullmatch=True), min_size=1, max_size=8))
def test_deobfuscate_clean_words_unchanged(words: list[str]) -> None:
    text = " ".join(words)
    assert deobfuscate(text) == (text, [])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,3})?", fullmatch=True),
            st.from_regex(r"https?://[a-z]{1,8}\.org/[\u0621-\u064a\u0640.]{0,8}", fullmatch=True),
            st.sampled_from(["أ.ف.ب", "د.ب.أ", "ق.م", "U.S."]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_deobfuscate_numbers_urls_abbreviations_untouched(parts: list[str]) -> None:
    text = " ".join(parts)
    assert deobfuscate(text)[0] == text


def test_deobfuscate_invisible_inside_the_junk_is_idempotent() -> None:
    out, fixes = deobfuscate("مبـ.\u200bـاحثات")
    assert out == "مباحثات"
    assert deobfuscate(out) == (out, [])
    assert len(fixes) == 1
