"""Sentence segmentation with character offsets.

Sentences end at ``.`` ``!`` ``?`` ``؟`` ``؛`` (a run such as ``..`` or
``!؟`` counts once, and closing quotes or brackets right after it stay with
the sentence) and at line breaks. A dot does not end a sentence inside a
number or date (``3.5``, ``20.10.2020``), inside a URL or e-mail address, or
inside a dotted abbreviation (``أ.ف.ب``, ``د.ب.أ``, ``ق.م``, ``U.S.``). The
Arabic comma ``،`` never ends a sentence: Arabic news chains whole clauses
with it, and splitting there cuts reported speech from its verb.

Example:
    >>> text = "قال الوزير (أ.ف.ب) إن النمو بلغ 3.5 بالمئة. وأضاف: نعم!"
    >>> [text[s.start:s.end] for s in segment_sentences(text)]
    ['قال الوزير (أ.ف.ب) إن النمو بلغ 3.5 بالمئة.', 'وأضاف: نعم!']
"""

from __future__ import annotations

import re

from marsad.doc import Span

__all__ = ["segment_sentences"]

_TERMINATORS = frozenset(".!?\u061f\u061b")
_CLOSERS = frozenset("\u201d\u2019\"'\u00bb)]}")
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|\b[a-zA-Z0-9-]+\.(?:com|org|net|info|gov|edu)"
    r"(?:\.[a-z]{2})?(?:/\S*)?",
    re.IGNORECASE,
)
#: A dotted abbreviation ending at a dot: single letters each followed by a dot.
_ABBR_BEFORE_RE = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[(\[\u201c\"]))(?:[^\W\d_]\.)+$")


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _dot_is_internal(text: str, i: int) -> bool:
    """True when the dot at ``i`` is inside a number or an abbreviation."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev.isdigit() and nxt.isdigit():
        return True
    # Single letter before the dot, standing alone (start, space, bracket or
    # another abbreviation dot before it).
    if prev and _is_letter(prev):
        before = text[i - 2] if i > 1 else ""
        single = before == "" or not _is_letter(before)
        if single and before not in ("'",):
            if nxt and _is_letter(nxt):
                return True  # أ.ف.ب – the inner dots
            # The final dot of a dotted abbreviation ("U.S. officials").
            start = max(0, i - 20)
            if _ABBR_BEFORE_RE.search(text[start : i + 1]) and before == ".":
                return nxt not in ("\n", "")
    return False


def segment_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences.

    Args:
        text: cleaned text.

    Returns:
        Spans into ``text``, in order, without surrounding white space; no
        span is empty.
    """
    protected = bytearray(len(text))
    for m in _URL_RE.finditer(text):
        for k in range(m.start(), m.end()):
            protected[k] = 1
    spans: list[Span] = []
    start = 0
    i = 0
    n = len(text)

    def emit(a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append(Span(a, b))

    while i < n:
        ch = text[i]
        if ch == "\n":
            emit(start, i)
            start = i + 1
            i += 1
            continue
        if ch in _TERMINATORS and not protected[i]:
            if ch == "." and _dot_is_internal(text, i):
                i += 1
                continue
            j = i + 1
            while j < n and (text[j] in _TERMINATORS or text[j] in _CLOSERS):
                j += 1
            emit(start, j)
            start = j
            i = j
            continue
        i += 1
    emit(start, n)
    return spans
