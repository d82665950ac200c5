"""All pipeline stages, registered by name in one module (after
``spacy/registrations.py``), each declaring what it reads and writes.

A stage is a ``Callable[[NewsDoc, StageContext], NewsDoc]``: it returns the
document or raises :class:`marsad.errors.DocumentError`. Implementations are
imported lazily so that importing Marsad stays cheap.

Example:
    >>> sorted(STAGES)[:2]
    ['clean', 'entities']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from marsad.doc import NewsDoc
from marsad.errors import DocumentError, Reason
from marsad.settings import Settings

__all__ = ["STAGES", "StageContext", "StageInfo", "analyze_stages", "stage"]


@dataclass(frozen=True, slots=True)
class StageContext:
    """What a stage may read besides the document: the settings."""

    settings: Settings


StageFunc = Callable[[NewsDoc, StageContext], NewsDoc]


@dataclass(frozen=True, slots=True)
class StageInfo:
    """A registered stage: its function and the fields it reads and writes."""

    name: str
    func: StageFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    doc: str


STAGES: dict[str, StageInfo] = {}

#: Fields every ingested document has before any stage runs.
INGESTED: tuple[str, ...] = ("source", "raw")


def stage(
    name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[StageFunc], StageFunc]:
    """Register ``func`` as the stage ``name``."""

    def deco(func: StageFunc) -> StageFunc:
        STAGES[name] = StageInfo(name, func, requires, assigns, (func.__doc__ or "").strip())
        return func

    return deco


def analyze_stages(names: tuple[str, ...]) -> list[StageInfo]:
    """Resolve stage names and check that each stage's inputs are assigned
    by an earlier stage (spaCy's ``analyze_pipes``).

    Raises:
        ConfigError: for an unknown stage or an unsatisfied requirement.
    """
    from marsad.errors import ConfigError

    have = set(INGESTED)
    out: list[StageInfo] = []
    for name in names:
        info = STAGES.get(name)
        if info is None:
            raise ConfigError(f"unknown stage {name!r}; known: {sorted(STAGES)}")
        missing = [r for r in info.requires if r not in have]
        if missing:
            raise ConfigError(
                f"stage {name!r} needs {missing}, which no earlier stage assigns; "
                f"put the stages that assign them before it"
            )
        have.update(info.assigns)
        out.append(info)
    return out


_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def arabic_ratio(text: str) -> float:
    """Share of Arabic letters among all letters of ``text`` (0 when none)."""
    letters = len(_LETTER_RE.findall(text))
    if letters == 0:
        return 0.0
    return len(_ARABIC_LETTER_RE.findall(text)) / letters


@stage("clean", requires=("raw",), assigns=("text", "offsets", "removed", "repairs", "title"))
def clean_stage(doc: NewsDoc, ctx: StageContext) -> NewsDoc:
    """Drop site chrome and repeated blocks, repair obfuscated words; reject
    non-Arabic and empty documents."""
    from marsad.clean import clean_document

    if not doc.raw.strip():
        raise DocumentError(Reason.EMPTY, doc.source.name)
    if arabic_ratio(doc.raw) < ctx.settings.min_arabic_ratio:
        raise DocumentError(Reason.NOT_ARABIC, doc.source.name)
    doc = clean_document(doc)
    if len(doc.text.strip()) < ctx.settings.min_chars:
        raise DocumentError(Reason.TOO_SHORT, doc.source.name)
    doc.language = "ar"
    return doc


@stage("metadata", requires=("text", "removed"), assigns=("outlet", "published", "author", "cites"))
def metadata_stage(doc: NewsDoc, ctx: StageContext) -> NewsDoc:
    """Outlet, publication date, author and the agencies the text cites."""
    from marsad.clean.metadata import extract_metadata

    return extract_metadata(doc)


@stage("segment", requires=("text",), assigns=("sentences",))
def segment_stage(doc: NewsDoc, ctx: StageContext) -> NewsDoc:
    """Sentence spans over the cleaned text."""
    from marsad.arabic.segment import segment_sentences

    doc.sentences = segment_sentences(doc.text)
    return doc


@stage("entities", requires=("text", "sentences"), assigns=("entities",))
def entities_stage(doc: NewsDoc, ctx: StageContext) -> NewsDoc:
    """People with titles, organisations and places, linked to the knowledge base."""
    from marsad.entities.annotate import annotate_entities

    return annotate_entities(doc)


@stage("events", requires=("text", "sentences", "entities", "published"), assigns=("events",))
def events_stage(doc: NewsDoc, ctx: StageContext) -> NewsDoc:
    """PLOVER events with actor, recipient, place, date, status and evidence."""
    from marsad.events.extract import extract_events

    return extract_events(doc)


@stage("quotes", requires=("text", "sentences", "entities"), assigns=("quotes",))
def quotes_stage(doc: NewsDoc, ctx: StageContext) -> NewsDoc:
    """Statements with their speakers."""
    from marsad.events.quotes import extract_quotes

    return extract_quotes(doc)
