"""Undo keyword-filter obfuscation inside Arabic words.

Some outlets break sensitive words so that filters miss them: a tatweel run
(``اجتــماع``), a dot between two tatweels (``هـ.ـامة``, ``بحـ.ـضـ.ـور``) or an
invisible character (zero-width space/joiner, soft hyphen) inside one word.
:func:`deobfuscate` only *deletes* characters, so an offset map stays exact,
and it lists every repaired word.

Rules (each chosen so that two real words are never joined):

1. The junk sits between two Arabic letters of one word: the left letter is
   a joining letter (a tatweel after a non-joining letter such as ا د ر و ة
   would be a word boundary) and no digit stands right before it.
2. A dot or space inside the junk must have a tatweel on *both* sides
   (``ـ.ـ``); a bare dot is left alone, so ``أ.ف.ب``, ``د.ب.أ``, ``ق.م``,
   decimals and ``1445هـ.`` are untouched.
3. Nothing inside a URL is touched.
4. Invisible characters (zero-width, bidi marks, BOM, soft hyphen) are
   deleted everywhere; they are reported as a repair only inside a word.

Example:
    >>> out, fixes = deobfuscate("زيارة مفـ.ـاجئة")
    >>> out
    'زيارة مفاجئة'
    >>> fixes[0]
    Fix(start=6, end=15, from_='مفـ.ـاجئة', to='مفاجئة', out_start=6, out_end=12)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

__all__ = ["Fix", "deletions", "deobfuscate"]

TATWEEL = "\u0640"
#: Invisible characters: zero-width space/non-joiner/joiner, LRM/RLM, bidi
#: embeddings and isolates, word joiner, BOM, soft hyphen.
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_CANDIDATE_RE = re.compile(f"[\u0640{_INVISIBLE}]")
#: Separators an obfuscator puts between two tatweels.
_SEP = ". \u00b7\u2022"
#: Arabic letters (hamza .. yeh, without tatweel U+0640) and extended letters.
_LETTER = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06fa-\u06fc"
_DIACRITIC = "\u064b-\u0652\u0670"
#: Letters that do not join to the following letter: a tatweel after them
#: would be drawn detached, so no obfuscator puts one there.
_NON_JOINING = set(
    "\u0621\u0622\u0623\u0624\u0625\u0627\u062f\u0630\u0631\u0632\u0648\u0629\u0649\u0671"
)
#: Longest junk run considered one obfuscation (a few tatweels, a dot, a
#: few tatweels): seeds use 3; longer runs are decoration, not a word break.
MAX_JUNK = 16
#: Longest separator group between two tatweels (``ـ.ـ`` has 1, ``ـ . ـ`` 3).
MAX_SEP = 3

_JUNK_RE = re.compile(
    f"(?<=[{_LETTER}{_DIACRITIC}])"
    f"([{TATWEEL}{_INVISIBLE}][{TATWEEL}{_INVISIBLE}{_SEP}]{{0,{MAX_JUNK - 1}}})"
    f"(?=[{_LETTER}])"
)
_SEP_GROUP_RE = re.compile(f"[{_SEP}]+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_DIGIT_RE = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
_DIACRITIC_RE = re.compile(f"[{_DIACRITIC}]")
_LETTER_RE = re.compile(f"[{_LETTER}{_DIACRITIC}]")
_WORD_CHAR_RE = re.compile(f"[{_LETTER}{_DIACRITIC}{TATWEEL}{_INVISIBLE}]")


class Fix(NamedTuple):
    """One repaired word: ``from_`` as written at ``[start, end)`` of the input,
    ``to`` as it reads at ``[out_start, out_end)`` of the output."""

    start: int
    end: int
    from_: str
    to: str
    out_start: int
    out_end: int


def _valid_junk(text: str, start: int, junk: str) -> bool:
    """Apply rules 1–2 to a junk run found at ``start``."""
    has_tatweel = TATWEEL in junk
    # The letter before the junk (skip its diacritics).
    i = start - 1
    while i >= 0 and _DIACRITIC_RE.match(text[i]):
        i -= 1
    if i < 0:
        return False
    if has_tatweel and text[i] in _NON_JOINING:
        return False
    if i > 0 and _DIGIT_RE.match(text[i - 1]):
        return False
    core = _INVISIBLE_RE.sub("", junk)  # invisible characters go anyway (rule 4)
    for m in _SEP_GROUP_RE.finditer(core):
        if m.end() - m.start() > MAX_SEP:
            return False
        if m.start() == 0 or m.end() == len(core):
            return False
        if core[m.start() - 1] != TATWEEL or core[m.end()] != TATWEEL:
            return False
    return True


def deletions(text: str) -> list[tuple[int, int, bool]]:
    """The half-open ranges of ``text`` that :func:`deobfuscate` deletes, in order.

    Each range comes with a flag: True when it lies inside a word (a repair to
    report), False for a stray invisible character at a word edge.
    """
    if _CANDIDATE_RE.search(text) is None:  # fast path: nothing to delete
        return []
    urls = [(m.start(), m.end()) for m in _URL_RE.finditer(text)]

    def in_url(pos: int) -> bool:
        return any(a <= pos < b for a, b in urls)

    spans: list[tuple[int, int, bool]] = []
    for m in _JUNK_RE.finditer(text):
        if in_url(m.start()):
            continue
        if _valid_junk(text, m.start(), m.group(1)):
            spans.append((m.start(), m.end(), True))
    # Invisible characters anywhere else (not inside a URL) go as well.
    covered = bytearray(len(text))
    for a, b, _ in spans:
        covered[a:b] = b"\x01" * (b - a)
    for m in _INVISIBLE_RE.finditer(text):
        a = m.start()
        if covered[a] or in_url(a):
            continue
        inside = (
            a > 0
            and a + 1 < len(text)
            and bool(_LETTER_RE.match(text[a - 1]))
            and bool(_LETTER_RE.match(text[a + 1]))
        )
        spans.append((a, a + 1, inside))
    spans.sort()
    return spans


def deobfuscate(text: str) -> tuple[str, list[Fix]]:
    """Delete the obfuscation inside words and list each repaired word.

    Args:
        text: any text.

    Returns:
        The text with the junk deleted (never longer than the input), and one
        :class:`Fix` per repaired word, in order. ``Fix.start/end`` index the
        input; ``Fix.out_start/out_end`` the output.

    Example:
        >>> deobfuscate("بحـ.ـضـ.ـور أ.ف.ب 3.5")[0]
        'بحضور أ.ف.ب 3.5'
    """
    spans = deletions(text)
    if not spans:
        return text, []
    deleted = bytearray(len(text))
    pieces: list[str] = []
    prev = 0
    for a, b, _ in spans:
        deleted[a:b] = b"\x01" * (b - a)
        pieces.append(text[prev:a])
        prev = b
    pieces.append(text[prev:])
    out = "".join(pieces)

    starts = [a for a, _, _ in spans]
    removed_before = list(accumulate((b - a for a, b, _ in spans), initial=0))

    def out_index(i: int) -> int:
        """Output index of input index ``i`` (deleted chars before it removed)."""
        k = bisect_right(starts, i) - 1
        if k < 0:
            return i
        a, b, _ = spans[k]
        return i - removed_before[k] - (min(b, i) - a)

    fixes: list[Fix] = []
    last_end = -1
    for a, b, inside in spans:
        if a < last_end or not inside:
            continue
        # Expand to the whole word: letters, diacritics, tatweel, invisible
        # characters and any other deleted range touching it.
        s = a
        while s > 0 and (_WORD_CHAR_RE.match(text[s - 1]) or deleted[s - 1]):
            s -= 1
        e = b
        while e < len(text) and (_WORD_CHAR_RE.match(text[e]) or deleted[e]):
            e += 1
        word = text[s:e]
        fixed = "".join(ch for i, ch in enumerate(word) if not deleted[s + i])
        if not fixed.strip():
            last_end = e
            continue
        if fixed != word:
            fixes.append(Fix(s, e, word, fixed, out_index(s), out_index(e)))
        last_end = e
    return out, fixes
