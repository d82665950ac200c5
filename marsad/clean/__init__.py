"""Cleaning: from the raw dump of a page to a clean, traceable article.

:func:`clean_document` is a pipeline stage (``NewsDoc -> NewsDoc``):

1. De-obfuscate words (:mod:`marsad.clean.deobfuscate`); characters are only
   deleted, so every kept character still points at ``raw``.
2. Split into lines and label each (:mod:`marsad.clean.lines`): body, or a
   reason to drop it (teaser, appeal, widget, metadata, duplicate, title …).
3. Copy the body lines into ``doc.text`` with the raw line breaks between
   them (one or two newlines copied from the raw gap), and record the offset
   map, the removed lines with their raw offsets, the repairs in ``text``
   coordinates and the headline.

:func:`extract_metadata` (:mod:`marsad.clean.metadata`) then reads outlet,
publication date, author and cited agencies.

Example:
    >>> from marsad.doc import NewsDoc, Source
    >>> doc = clean_document(NewsDoc(source=Source(name="a.txt"),
    ...     raw="عنوان الخبر الأول\\n\\nزار الوفـ.ـد العاصمة أمس وبحث ملفات كثيرة مع المسؤولين هناك.\\nاكتب تعليق"))
    >>> doc.title, doc.text
    ('عنوان الخبر الأول', 'زار الوفد العاصمة أمس وبحث ملفات كثيرة مع المسؤولين هناك.')
"""

from __future__ import annotations

import logging
import re

from marsad.clean.deobfuscate import deletions, deobfuscate
from marsad.clean.lines import label_lines
from marsad.clean.metadata import extract_metadata
from marsad.clean.repeats import find_repeats
from marsad.doc import NewsDoc, OffsetMap, Removed, Repair

__all__ = ["clean_document", "deobfuscate", "extract_metadata", "find_repeats", "label_lines"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_LINE_RE = re.compile(r"[^\n]+")
#: White space to strip around a line: ASCII and Unicode spaces plus the
#: invisible marks a page may leave at a line edge.
_EDGE_WS = " \t\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u200b-\u200f\ufeff"
_LEFT_WS_RE = re.compile(f"[{_EDGE_WS}]+")
_RIGHT_WS_RE = re.compile(f"[{_EDGE_WS}]+$")


class _Builder:
    """Accumulates ``text`` and its offset map from pieces of the
    de-obfuscated string ``d`` (whose index ``i`` is raw index ``d2r[i]``)."""

    __slots__ = ("d2r", "length", "offsets", "parts")

    def __init__(self, d2r: list[int]) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.offsets = OffsetMap()
        self.d2r = d2r

    def copy(self, d: str, start: int, end: int) -> int:
        """Append ``d[start:end]`` (copied); return its offset in ``text``."""
        at = self.length
        run_c, run_r, run_n = at, self.d2r[start] if start < end else 0, 0
        for i in range(start, end):
            r = self.d2r[i]
            if run_n and r == run_r + run_n:
                run_n += 1
                continue
            self.offsets.add_run(run_c, run_r, run_n)
            run_c, run_r, run_n = at + (i - start), r, 1
        self.offsets.add_run(run_c, run_r, run_n)
        self.parts.append(d[start:end])
        self.length += end - start
        return at

    def insert(self, s: str) -> None:
        """Append an inserted separator (no run: it maps to nothing)."""
        self.parts.append(s)
        self.length += len(s)

    def text(self) -> str:
        return "".join(self.parts)


def _d_to_raw(raw: str) -> list[int]:
    """Index map from the de-obfuscated string to ``raw``."""
    out: list[int] = []
    prev = 0
    for a, b, _ in deletions(raw):
        out.extend(range(prev, a))
        prev = b
    out.extend(range(prev, len(raw)))
    return out


def clean_document(doc: NewsDoc) -> NewsDoc:
    """Clean ``doc.raw`` into ``doc.text`` and fill the traceability fields.

    Sets ``text``, ``offsets`` (every copied character satisfies
    ``raw[offsets.to_raw(i)] == text[i]``), ``removed`` (each dropped line
    with its reason and raw offsets), ``repairs`` (offsets into ``text``) and
    ``title`` (the headline, repaired; ``source.title`` wins when given).

    Args:
        doc: a document whose ``raw`` holds the page text.

    Returns:
        The same document, cleaned.
    """
    raw = doc.raw
    # 1. De-obfuscate: d is raw minus the deleted junk; d2r maps it back.
    d, fixes = deobfuscate(raw)
    d2r = _d_to_raw(raw)
    # 2. Non-blank lines of d, stripped, and their labels.
    spans: list[tuple[int, int]] = []
    for m in _LINE_RE.finditer(d):
        s, e = m.start(), m.end()
        left = _LEFT_WS_RE.match(d, s, e)
        if left:
            s = left.end()
        right = _RIGHT_WS_RE.search(d, s, e)
        if right:
            e = right.start()
        if e > s:
            spans.append((s, e))
    labels = label_lines([d[s:e] for s, e in spans])
    # 3. Copy body lines, separated by the raw line breaks that follow them.
    out = _Builder(d2r)
    placed: list[tuple[int, int, int]] = []  # (d_start, d_end, text_start)
    removed: list[Removed] = []
    prev_end: int | None = None
    for k, ((s, e), reason) in enumerate(zip(spans, labels.reasons, strict=True)):
        if reason is not None:
            rs, re_ = d2r[s], d2r[e - 1] + 1
            removed.append(Removed(text=raw[rs:re_], reason=reason, raw_start=rs, raw_end=re_))
            continue
        if prev_end is not None:
            gap_end = spans[_next_line(k, spans, prev_end)][0]
            newlines = [i for i in range(prev_end, gap_end) if d[i] == "\n"][:2]
            if newlines:
                for i in newlines:
                    out.copy(d, i, i + 1)
            else:
                out.insert("\n")
        placed.append((s, e, out.copy(d, s, e)))
        prev_end = e
    doc.text = out.text()
    doc.offsets = out.offsets
    doc.removed = removed
    # Repairs inside kept lines, in text coordinates.
    repairs: list[Repair] = []
    for fix in fixes:
        for s, e, at in placed:
            if s <= fix.out_start and fix.out_end <= e:
                start = at + fix.out_start - s
                repairs.append(Repair(fix.from_, fix.to, start, start + len(fix.to)))
                break
    doc.repairs = repairs
    if doc.source.title:
        doc.title = doc.source.title
    elif labels.title_index is not None:
        s, e = spans[labels.title_index]
        doc.title = d[s:e]
    else:
        doc.title = None
    logger.info(
        "clean %s: %d lines kept, %d removed, %d repairs",
        doc.source.name,
        len(placed),
        len(removed),
        len(repairs),
    )
    return doc


def _next_line(k: int, spans: list[tuple[int, int]], prev_end: int) -> int:
    """Index of the first line after ``prev_end`` (the line right after the
    previous kept line), at most ``k``."""
    j = k
    while j > 0 and spans[j - 1][0] >= prev_end:
        j -= 1
    return j
