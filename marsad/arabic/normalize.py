"""Tiny, pure Arabic normalisers and the named profiles that compose them.

Each function does one thing and is named ``<operation>_<script>`` (after
``camel_tools/utils/normalize.py``). Lossy folds (ة→ه, ى→ي, hamza seats) are
only ever applied to a *matching key*; display text is never overwritten.

Example:
    >>> norm_key("الإرهـ.ـاب")
    'الارهـ.ـاب'
    >>> match_key("أستانة")
    'استانه'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

__all__ = [
    "PROFILE_MATCH",
    "collapse_space",
    "compose",
    "dediac_ar",
    "line_key",
    "match_key",
    "norm_key",
    "normalize_alef_ar",
    "normalize_alef_maksura_ar",
    "normalize_hamza_seats_ar",
    "normalize_teh_marbuta_ar",
    "strip_controls",
    "strip_proclitic_ar",
    "strip_tatweel_ar",
]

# Tashkeel: fathatan .. sukun, superscript alef, and the Quranic marks.
_DIAC_RE = re.compile("[\u064b-\u0652\u0670\u0653-\u065f\u06d6-\u06ed]")
_TATWEEL_RE = re.compile("\u0640")
_ALEF_RE = re.compile("[\u0622\u0623\u0625\u0671]")  # آ أ إ ٱ -> ا
_ALEF_MAKSURA_RE = re.compile("\u0649")  # ى -> ي
_TEH_MARBUTA_RE = re.compile("\u0629")  # ة -> ه
_WAW_HAMZA_RE = re.compile("\u0624")  # ؤ -> و
_YEH_HAMZA_RE = re.compile("\u0626")  # ئ -> ي
_SPACE_RE = re.compile(r"\s+")
# Bidi marks, zero-width characters and BOM: invisible, never meaningful in a key.
_CONTROL_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")


def dediac_ar(text: str) -> str:
    """Remove Arabic diacritics (tashkeel)."""
    return _DIAC_RE.sub("", text)


def strip_tatweel_ar(text: str) -> str:
    """Remove the tatweel (kashida) U+0640."""
    return _TATWEEL_RE.sub("", text)


def normalize_alef_ar(text: str) -> str:
    """Unify alef with hamza or madda (أ إ آ ٱ) to bare alef ا."""
    return _ALEF_RE.sub("\u0627", text)


def normalize_alef_maksura_ar(text: str) -> str:
    """Fold alef maksura ى to yeh ي."""
    return _ALEF_MAKSURA_RE.sub("\u064a", text)


def normalize_teh_marbuta_ar(text: str) -> str:
    """Fold teh marbuta ة to heh ه."""
    return _TEH_MARBUTA_RE.sub("\u0647", text)


def normalize_hamza_seats_ar(text: str) -> str:
    """Fold hamza on waw ؤ to و and hamza on yeh ئ to ي."""
    return _YEH_HAMZA_RE.sub("\u064a", _WAW_HAMZA_RE.sub("\u0648", text))


def collapse_space(text: str) -> str:
    """Collapse every run of white space to one space and strip the ends."""
    return _SPACE_RE.sub(" ", text).strip()


def strip_controls(text: str) -> str:
    """Remove bidi controls, zero-width characters, soft hyphens and BOM."""
    return _CONTROL_RE.sub("", text)


def compose(*funcs: Callable[[str], str]) -> Callable[[str], str]:
    """Compose normalisers left to right into one ``str -> str`` function."""

    def run(text: str) -> str:
        for func in funcs:
            text = func(text)
        return text

    return run


#: The contract's matching normalisation, in order.
PROFILE_MATCH: Sequence[Callable[[str], str]] = (
    strip_controls,
    dediac_ar,
    strip_tatweel_ar,
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_hamza_seats_ar,
    collapse_space,
)

_match = compose(*PROFILE_MATCH)

#: Length-preserving folds (one char in, one char out): usable with offsets.
_PRESERVING_TABLE = str.maketrans(
    {
        "\u0622": "\u0627",
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0671": "\u0627",
        "\u0649": "\u064a",
        "\u0629": "\u0647",
        "\u0624": "\u0648",
        "\u0626": "\u064a",
    }
)


#: Entries of each per-word cache (keys, stems, clitic readings ...) across the
#: stages. The frequent forms are what these caches are for: on the benchmark corpus,
#: one process analyses 6,000 documents with 8,192 entries within ~4% of the time it
#: takes with 32,768 (this machine's noise), and its memory stops growing after
#: ~2,000 documents (158 MB, then 164 MB at 6,000) where with 32,768 it kept
#: growing (165 MB, then 207 MB).
WORD_CACHE = 1 << 13

#: Strings up to this length (words and names) have their key cached: the
#: entity and NER stages key the same few thousand words again and again.
_CACHED_LEN = 48


@lru_cache(maxsize=WORD_CACHE)
def _match_cached(text: str) -> str:
    return _match(text)


def match_key(text: str) -> str:
    """The contract's Arabic matching key: no tashkeel or tatweel, folded
    alef/yeh/teh marbuta/hamza seats, white space collapsed."""
    if len(text) <= _CACHED_LEN:
        return _match_cached(text)
    return _match(text)


#: Lines up to this length have their :func:`line_key` cached (chrome, bylines,
#: names repeat across documents; a paragraph rarely does, and caching whole
#: paragraphs held ~20 MB of text per worker process).
_LINE_CACHED_LEN = 120


@lru_cache(maxsize=8192)
def _line_key_cached(text: str) -> str:
    return match_key(text).lower()


def line_key(text: str) -> str:
    """:func:`match_key`, lower-cased (Latin names): how cleaning compares
    lines, outlet names and cues.

    Example:
        >>> line_key("جميع الحقوق محفوظة © BBC")
        'جميع الحقوق محفوظه © bbc'
    """
    if len(text) <= _LINE_CACHED_LEN:
        return _line_key_cached(text)
    return match_key(text).lower()


def norm_key(text: str) -> str:
    """A length-preserving fold of ``text`` (same length, same offsets).

    Only one-to-one character folds are applied (alef forms, ى, ة, ؤ, ئ), so
    index ``i`` of the result is index ``i`` of the input. Use it to search the
    cleaned text and keep offsets.
    """
    return text.translate(_PRESERVING_TABLE)


_PROCLITIC_RE = re.compile("^[\u0648\u0641\u0628\u0644\u0643]")  # و ف ب ل ك
_AL = "\u0627\u0644"  # ال
#: The article ال and ل + ال written لل, for the stages that strip clitics.
AL = _AL
LAL = "\u0644\u0644"  # لل
#: Proclitic strings without the article, longest first: conjunctions و/ف,
#: prepositions ب/ل/ك and their pairs (shared by the matcher and the NER).
PROCLITICS: tuple[str, ...] = (
    "\u0648\u0628",  # وب
    "\u0648\u0644",  # ول
    "\u0648\u0643",  # وك
    "\u0641\u0628",  # فب
    "\u0641\u0644",  # فل
    "\u0648",  # و
    "\u0641",  # ف
    "\u0628",  # ب
    "\u0644",  # ل
    "\u0643",  # ك
)


def strip_proclitic_ar(key: str) -> str:
    """Strip one leading proclitic (و ف ب ل ك) and then ``ال`` from a key,
    as the contract's entity matching does on its second try."""
    out = _PROCLITIC_RE.sub("", key, count=1)
    if out.startswith(_AL):
        out = out[len(_AL) :]
    return out
