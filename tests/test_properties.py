"""Property-based tests (hypothesis) of the text functions every document
passes through: normalisation, cleaning with its offset map, de-obfuscation
and date finding. Arbitrary Unicode (Arabic, controls, bidi marks, tatweel;
no surrogates, which no decoded input can hold) must never make them raise.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.arabic.dates import find_dates, resolve
from marsad.arabic.normalize import match_key, norm_key
from marsad.clean import clean_document
from marsad.clean.deobfuscate import deletions, deobfuscate
from marsad.doc import NewsDoc, Source

#: ~200 examples a property keeps the file under ~30 s on 2 cores.
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Arabic letters, tashkeel, tatweel, Arabic-Indic digits, punctuation, the
# invisible characters obfuscators use, Latin, white space and line breaks.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.sampled_from(
        list(
            "\u0640\u0640.. \n\n\t\r\u200b\u200c\u200d\u200e\u200f\u202b\u202c\u2067\u2069\ufeff\u00ad"
        )
    ),
    st.sampled_from(list("abcXYZ0123456789:-/()«»\"'،؛؟")),
    st.characters(exclude_categories=["Cs"]),
)
arabicish = st.text(alphabet=_ALPHABET, max_size=300)
#: Lines of Arabic words, so the cleaner keeps some body text.
_WORD = st.text(
    alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x064A), min_size=2, max_size=8
)
_JUNK = st.sampled_from(["", "", "", "\u0640", "\u0640.\u0640", "\u200c", "\u200f", "\u0640\u0640"])
_OBF_WORD = st.tuples(_WORD, _JUNK, _WORD).map(lambda t: t[0] + t[1] + t[2])
_LINE = st.lists(st.one_of(_WORD, _OBF_WORD), min_size=1, max_size=25).map(" ".join)
article = st.lists(st.one_of(_LINE, arabicish), min_size=1, max_size=12).map("\n".join)


def _doc(raw: str) -> NewsDoc:
    return NewsDoc(source=Source(name="prop.txt"), raw=raw)


@PROPS
@given(arabicish)
def test_properties_match_key_idempotent(text: str) -> None:
    assert match_key(match_key(text)) == match_key(text)


@PROPS
@given(arabicish)
def test_properties_norm_key_length_preserving(text: str) -> None:
    key = norm_key(text)
    assert len(key) == len(text)
    assert norm_key(key) == key


@PROPS
@given(st.one_of(article, arabicish))
def test_properties_clean_offsets_map_back_to_raw(raw: str) -> None:
    doc = clean_document(_doc(raw))
    text = doc.text
    for i in range(len(text)):
        if doc.offsets.is_copied(i):
            assert raw[doc.offsets.to_raw(i)] == text[i], i
    for r in doc.removed:
        assert raw[r.raw_start : r.raw_end] == r.text
    for rep in doc.repairs:
        assert text[rep.start : rep.end] == rep.to


@PROPS
@given(st.one_of(article, arabicish))
def test_properties_clean_twice_only_drops_lines(raw: str) -> None:
    once = clean_document(_doc(raw)).text
    twice = clean_document(_doc(once)).text
    # Each kept line survives unchanged or goes whole (a second pass may take
    # the first remaining short line for the headline).
    lines = once.split("\n")
    it = iter(lines)
    assert all(any(line == cand for cand in it) for line in twice.split("\n") if line)


#: Body paragraphs longer than any headline (``HEADLINE_MAX_WORDS`` = 30),
#: drawn from a small vocabulary (cheap to generate), some words obfuscated.
_VOCAB = [
    "اجتمع",
    "الوفد",
    "مع",
    "ممثلي",
    "الأهالي",
    "في",
    "المدينة",
    "وبحث",
    "الطرفان",
    "أسعار",
    "القمح",
    "والنقل",
    "خلال",
    "العام",
]
_BODY_WORD = st.tuples(st.sampled_from(_VOCAB), _JUNK, st.sampled_from(_VOCAB)).map(
    lambda t: t[0] + t[1] + t[2] if t[1] else t[0]
)
_PARAGRAPH = st.lists(_BODY_WORD, min_size=32, max_size=40).map(" ".join)
body = st.lists(_PARAGRAPH, min_size=1, max_size=3).map("\n\n".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body)
def test_properties_clean_is_stable_on_its_output(raw: str) -> None:
    once = clean_document(_doc(raw)).text
    assert clean_document(_doc(once)).text == once


@PROPS
@given(st.one_of(article, arabicish))
def test_properties_deobfuscate_only_deletes(text: str) -> None:
    out, fixes = deobfuscate(text)
    assert len(out) <= len(text)
    # ``out`` is ``text`` minus the deleted ranges, in order.
    spans = deletions(text)
    kept = "".join(
        text[a:b]
        for a, b in zip(
            [0] + [e for _, e, _ in spans], [s for s, _, _ in spans] + [len(text)], strict=True
        )
    )
    assert kept == out
    for fix in fixes:
        assert text[fix.start : fix.end] == fix.from_
        assert out[fix.out_start : fix.out_end] == fix.to
    # A second pass finds nothing left to repair inside words.
    assert deobfuscate(out)[1] == []


@PROPS
@given(
    st.one_of(article, arabicish),
    st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
)
def test_properties_dates_never_raise(text: str, anchor: str | None) -> None:
    for expr in find_dates(text):
        assert text[expr.start : expr.end] == expr.text
        value = resolve(expr, anchor)
        assert value is None or value[:4].isdigit()
