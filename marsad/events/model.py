"""Event candidates and the small helpers every event module shares.

A :class:`_Cand` is one event in the making (type, mode, participants, place, date,
status); a :class:`_Trig` the trigger that started it; :class:`_DocState` what the
extraction remembers across sentences (delegation heads, events so far, negotiation
formats and their members). Package-internal: :mod:`marsad.events.extract` is the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from marsad.doc import Span
from marsad.events.lexicon import TriggerEntry, load_cues
from marsad.events.quotes import DocIndex

__all__ = []

_QUOTES = frozenset("\u201c\u201d\u00ab\u00bb\"'")

_CONJ = "\u0648\u0641"


@dataclass(slots=True)
class _Trig:
    tok: int
    hi: int
    entry: TriggerEntry
    plural: bool
    definite: bool
    future_prefix: bool


@dataclass(slots=True)
class _Cand:
    type: str
    mode: str | None
    sent: int
    trig: _Trig
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    location: str | None = None
    loc_strength: int = 0
    date: str | None = None
    status: str = "reported"
    context: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    evidence: Span = field(default_factory=lambda: Span(0, 0))
    frame: str = "event"
    own_date: bool = False
    own_location: bool = False
    trigger_span: Span | None = None

    @property
    def parts(self) -> list[str]:
        return list(dict.fromkeys([*self.actor, *self.recipient]))


def _near(ix: DocIndex, lo: int, hi: int, keys: frozenset[str]) -> bool:
    return any(ix.is_(k, keys) for k in range(max(lo, 0), min(hi, len(ix.toks))))


@dataclass(slots=True)
class _DocState:
    delegations: dict[str, list[str]] = field(default_factory=dict)  # ISO3|"" -> heads
    events: list[_Cand] = field(default_factory=list)
    formats: dict[str, list[str]] = field(default_factory=dict)  # MISC id -> countries


def _is_country(ix: DocIndex, ent_id: str) -> bool:
    return ent_id in ix.country_ids.values() or ent_id in _country_slugs(ix)


def _slug_of_iso(ix: DocIndex, iso: str) -> str | None:
    if iso in ix.country_ids:
        return ix.country_ids[iso]
    return next((g.slug for g in ix.cues.gentilics.values() if g.iso3 == iso), None)


def _country_slugs(ix: DocIndex) -> frozenset[str]:
    return _slugs()


@lru_cache(maxsize=1)
def _slugs() -> frozenset[str]:
    return frozenset(g.slug for g in load_cues().gentilics.values())


def _is_visit(cand: _Cand) -> bool:
    return cand.type == "CONSULT" and cand.mode in ("visit", None)


def _is_multilateral(cand: _Cand) -> bool:
    return cand.type == "CONSULT" and cand.mode == "multilateral"


def _set_location(cand: _Cand, ent_id: str, strength: int) -> None:
    if strength > cand.loc_strength:
        cand.location = ent_id
        cand.loc_strength = strength
        cand.own_location = True


def _is_participle(bare: str) -> bool:
    return len(bare) > 3 and bare.startswith("\u0645") and bare.endswith("\u0627")
