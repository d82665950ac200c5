"""Repeated-block detection: a body pasted twice, a headline printed twice.

Pages often print the article a second time (as one run-on paragraph after
the metadata block, or in a print view). A block is a repeat when most of its
word shingles already occur in the blocks before it, compared on the
contract's matching key with punctuation removed, so that line breaks, white
space, hamza and tatweel differences do not matter. The first copy is kept.

Example:
    >>> blocks = ["قال الوزير إن المحادثات كانت مثمرة جدا.",
    ...           "وأضاف أن الجولة المقبلة ستعقد قريبا في العاصمة.",
    ...           "قال الوزير إن المحادثات كانت مثمرة جدا. وأضاف أن الجولة المقبلة ستعقد قريبا في العاصمة."]
    >>> find_repeats(blocks)
    [2]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from marsad.arabic.normalize import match_key

__all__ = ["containment", "find_repeats", "shingles"]

#: Words per shingle. Four words are rare enough to repeat by chance inside
#: one article, and short enough to survive small edits between copies.
SHINGLE_WORDS = 4
#: Share of a block's shingles already seen for it to count as a repeat. A
#: re-pasted body scores ≥ 0.95 (seed 001: 1.0); distinct paragraphs of one
#: article share well under 0.3.
REPEAT_CONTAINMENT = 0.8
#: Blocks shorter than this many words are never called repeats on shingles
#: (short lines repeat legitimately: subheadings, names).
MIN_REPEAT_WORDS = 4

_NON_WORD_RE = re.compile(r"[^\w\s]|_")
_SENTENCE_END_RE = re.compile(r"[.!?\u061f\u061b\n]+")


def _tokens(text: str) -> list[str]:
    return _NON_WORD_RE.sub(" ", match_key(text)).split()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    """The set of ``size``-word shingles of ``text`` on its matching key.

    Shingles do not straddle sentence ends, so a block re-wrapped into one
    paragraph has the same shingles as its separate sentences. A sentence
    shorter than ``size`` words gives one shingle: all its words.
    """
    out: set[tuple[str, ...]] = set()
    for sentence in _SENTENCE_END_RE.split(text):
        toks = _tokens(sentence)
        if len(toks) < size:
            if toks:
                out.add(tuple(toks))
            continue
        out.update(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))
    return out


def containment(part: set[tuple[str, ...]], whole: set[tuple[str, ...]]) -> float:
    """Share of ``part`` found in ``whole`` (0.0 for an empty ``part``)."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


def find_repeats(
    blocks: Sequence[str],
    *,
    threshold: float = REPEAT_CONTAINMENT,
    min_words: int = MIN_REPEAT_WORDS,
) -> list[int]:
    """Indices of the blocks that repeat earlier blocks.

    Args:
        blocks: text blocks (lines or paragraphs) in reading order.
        threshold: containment in the earlier blocks needed to be a repeat,
            in ``[0.0, 1.0]``.
        min_words: shorter blocks are never repeats.

    Returns:
        The indices of the later copies, ascending; first copies are kept.

    Raises:
        ValueError: ``threshold`` outside ``[0.0, 1.0]``.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("threshold must be in [0.0, 1.0]")
    seen: set[tuple[str, ...]] = set()
    out: list[int] = []
    for i, block in enumerate(blocks):
        sh = shingles(block)
        if len(_tokens(block)) >= min_words and containment(sh, seen) >= threshold:
            out.append(i)
            continue
        seen |= sh
    return out
