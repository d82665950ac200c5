"""The one typed document object that flows through every stage.

``NewsDoc`` keeps three layers (STYLE rule 2): ``raw`` (what was read,
never changed), ``text`` (the cleaned body, every annotation offset indexes
into it) and the matching key computed on demand. ``offsets`` maps each
character of ``text`` back to ``raw``.

Example:
    >>> doc = NewsDoc(source=Source(name="a.txt"), raw="نص")
    >>> doc.text == ""
    True
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Entity",
    "Event",
    "Mention",
    "NewsDoc",
    "OffsetMap",
    "Outcome",
    "Quote",
    "Removed",
    "Repair",
    "Source",
    "Span",
]


@dataclass(slots=True)
class Source:
    """Where a document came from, and metadata given with it (JSONL, feeds)."""

    name: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    record_id: str | None = None
    crawled: str | None = None
    kind: str = "text"  # text | html | jsonl | rss | warc


@dataclass(slots=True)
class Span:
    """A half-open character range ``[start, end)`` into ``NewsDoc.text``."""

    start: int
    end: int


@dataclass(slots=True)
class Removed:
    """A piece of the raw input that cleaning dropped, with its reason."""

    text: str
    reason: str
    raw_start: int = -1
    raw_end: int = -1


@dataclass(slots=True)
class Repair:
    """A de-obfuscated word: ``from_`` as written (raw), ``to`` in ``text``."""

    from_: str
    to: str
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    """One place in ``text`` that names an entity."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """An entity of one document with all its mentions."""

    id: str
    type: str
    name_ar: str
    name_en: str | None = None
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    """A PLOVER event with its arguments and the text that states it."""

    type: str
    evidence: Span
    mode: str | None = None
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    location: str | None = None
    date: str | None = None
    context: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    status: str = "reported"
    trigger: Span | None = None
    reports: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """A statement with its speaker (an entity id) and its span in ``text``."""

    speaker: str | None
    cue: str
    text: str
    start: int
    end: int


class OffsetMap:
    """Maps offsets of the cleaned text back to the raw text.

    Built from runs: each run says that ``text[c:c+n] == raw[r:r+n]``.
    Characters of ``text`` in no run were inserted (separators) and map to the
    raw position of the preceding run's end.

    Example:
        >>> m = OffsetMap()
        >>> m.add_run(0, 5, 3)
        >>> m.to_raw(1)
        6
    """

    __slots__ = ("_clean_starts", "_runs")

    def __init__(self) -> None:
        self._runs: list[tuple[int, int, int]] = []
        self._clean_starts: list[int] = []

    def add_run(self, clean_start: int, raw_start: int, length: int) -> None:
        """Declare ``text[clean_start:+length] == raw[raw_start:+length]``."""
        if length <= 0:
            return
        if self._runs:
            pc, pr, pn = self._runs[-1]
            if pc + pn == clean_start and pr + pn == raw_start:
                self._runs[-1] = (pc, pr, pn + length)
                return
        self._runs.append((clean_start, raw_start, length))
        self._clean_starts.append(clean_start)

    @property
    def runs(self) -> list[tuple[int, int, int]]:
        """The runs ``(clean_start, raw_start, length)`` in order."""
        return list(self._runs)

    def is_copied(self, clean: int) -> bool:
        """True when ``text[clean]`` was copied from raw (not inserted)."""
        i = bisect.bisect_right(self._clean_starts, clean) - 1
        if i < 0:
            return False
        c, _r, n = self._runs[i]
        return c <= clean < c + n

    def to_raw(self, clean: int) -> int:
        """The raw offset of clean offset ``clean``."""
        i = bisect.bisect_right(self._clean_starts, clean) - 1
        if i < 0:
            return 0
        c, r, n = self._runs[i]
        if clean < c + n:
            return r + (clean - c)
        return r + n

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span to the smallest raw span that covers it."""
        if end <= start:
            pos = self.to_raw(start)
            return pos, pos
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def to_json(self) -> list[list[int]]:
        """The runs as a JSON-friendly list."""
        return [list(r) for r in self._runs]

    @classmethod
    def from_json(cls, data: list[list[int]]) -> OffsetMap:
        """Rebuild from :meth:`to_json` output."""
        m = cls()
        for c, r, n in data:
            m.add_run(int(c), int(r), int(n))
        return m

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """A map where text and raw are the same string of ``length``."""
        m = cls()
        m.add_run(0, 0, length)
        return m


@dataclass(slots=True)
class Outcome:
    """What happened to one input: stored, skipped (with why) or failed."""

    source: str
    status: str  # stored | duplicate | skipped | failed
    reason: str | None = None
    message: str | None = None
    doc_id: str | None = None


@dataclass(slots=True)
class NewsDoc:
    """One news document passing through the pipeline."""

    source: Source
    raw: str
    raw_html: str | None = None
    text: str = ""
    offsets: OffsetMap = field(default_factory=OffsetMap)
    id: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None
    cites: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    story: str | None = None
    language: str | None = None
    #: Extension data of stages; keys starting with ``_`` are scratch for one run
    #: (dropped by the pipeline once its stages are done).
    ext: dict[str, Any] = field(default_factory=dict)
