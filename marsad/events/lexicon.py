"""Load and validate the event data files: the trigger lexicon and the cue lists.

``data/triggers.json`` lists Arabic trigger words for the sixteen PLOVER event types
(verb paradigms and verbal nouns), each with its type, default mode, frame and the CAMEO
code it was seeded from. ``data/cues.json`` holds the status cues (future, negation,
hypothetical), the speech cue verbs used by quote extraction, argument cues
(``مع``, ``برئاسة``, ``الجانبان`` ...), gentilics, capitals and context keywords.

Both are read once (``functools.lru_cache``) and validated; every lookup key is the
contract's Arabic matching key (:func:`marsad.arabic.normalize.match_key`).

Example:
    >>> lex = load_lexicon()
    >>> [e.type for e in lex.lookup("التقى")]
    ['CONSULT']
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.arabic.normalize import match_key

__all__ = [
    "FRAMES",
    "PLOVER_MODES",
    "PLOVER_TYPES",
    "Cues",
    "Gentilic",
    "Lexicon",
    "LexiconError",
    "TriggerEntry",
    "load_cues",
    "load_lexicon",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: The sixteen event types of the contract (PLOVER, with ACCUSE and REQUEST names).
PLOVER_TYPES: frozenset[str] = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)

#: Modes per type, from the PLOVER manual's mode tables (draft 0.8).
PLOVER_MODES: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "RETREAT": frozenset(
        {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"}
    ),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "THREATEN": frozenset(
        {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence", "political"}
    ),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {
            "seize",
            "restrict",
            "censor",
            "curfew",
            "martial-law",
            "arrest",
            "deport",
            "withhold",
            "misinformation",
            "cyber",
        }
    ),
    "ASSAULT": frozenset(
        {
            "abduct",
            "beat",
            "torture",
            "sexual",
            "targeted",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "aerial",
            "drone",
            "heavy-weapons",
            "crowd-control",
            "unconventional",
        }
    ),
}

#: ``event``: a reported action, arguments from the clause; ``speech``: a verbal act whose
#: actor is the speaker (رحب، أدان); ``content``: counts only inside reported speech.
FRAMES: frozenset[str] = frozenset({"event", "speech", "content"})


#: Tokens after a trigger searched for its ``requires_next`` word unless the entry sets
#: ``next_window`` (``وقع على``: 1, ``حذر وزير … من``: 8).
DEFAULT_NEXT_WINDOW = 3


class LexiconError(ValueError):
    """A data file of the events package is malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One trigger lemma with its PLOVER coding."""

    lemma: str
    type: str
    mode: str | None
    pos: str  # verb | noun
    frame: str
    cameo: str
    context: tuple[str, ...]
    requires_next: frozenset[str]
    requires_next_trigger: str | None
    requires_recipient: bool
    not_before: frozenset[str]
    host_subject: bool
    origin_visit: bool
    next_window: int


@dataclass(frozen=True, slots=True)
class TriggerForm:
    """A surface form (as token keys) of an entry; ``plural`` for plural nouns."""

    keys: tuple[str, ...]
    entry: TriggerEntry
    plural: bool


@dataclass(frozen=True, slots=True)
class Gentilic:
    """A country adjective (الروسي) with its ISO code and the country's id slug."""

    iso3: str
    slug: str
    country_key: str


class Lexicon:
    """Trigger forms indexed by the key of their first token."""

    __slots__ = ("_by_first", "entries")

    def __init__(self, entries: list[tuple[TriggerEntry, list[str], list[str]]]) -> None:
        self.entries: tuple[TriggerEntry, ...] = tuple(e for e, _f, _p in entries)
        by_first: dict[str, list[TriggerForm]] = {}
        for entry, forms, plurals in entries:
            for form, plural in [(f, False) for f in forms] + [(p, True) for p in plurals]:
                keys = tuple(match_key(form).split())
                if not keys:
                    continue
                by_first.setdefault(keys[0], []).append(TriggerForm(keys, entry, plural))
        for forms_list in by_first.values():
            forms_list.sort(key=lambda f: -len(f.keys))  # longest form first
        self._by_first = by_first

    def forms(self, first_key: str) -> list[TriggerForm]:
        """Every form whose first token has this key, longest first."""
        return self._by_first.get(first_key, [])

    def lookup(self, word: str) -> list[TriggerEntry]:
        """The entries with a one-token form equal to ``word`` (as written or keyed)."""
        key = match_key(word)
        return [f.entry for f in self.forms(key) if len(f.keys) == 1]


def _keys(values: Any, where: str) -> frozenset[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LexiconError(f"{where}: expected a list of strings")
    return frozenset(match_key(v) for v in values)


def _entry(obj: Any, index: int) -> tuple[TriggerEntry, list[str], list[str]]:
    where = f"triggers.json entries[{index}]"
    if not isinstance(obj, dict):
        raise LexiconError(f"{where}: expected an object")
    typ = obj.get("type")
    if typ not in PLOVER_TYPES:
        raise LexiconError(f"{where}: type {typ!r} is not one of the sixteen PLOVER types")
    mode = obj.get("mode")
    if mode is not None and mode not in PLOVER_MODES.get(typ, frozenset()):
        raise LexiconError(f"{where}: mode {mode!r} is not a PLOVER mode of {typ}")
    pos = obj.get("pos")
    if pos not in ("verb", "noun"):
        raise LexiconError(f"{where}: pos must be 'verb' or 'noun', not {pos!r}")
    frame = obj.get("frame", "event")
    if frame not in FRAMES:
        raise LexiconError(f"{where}: frame {frame!r} must be one of {sorted(FRAMES)}")
    forms = obj.get("forms")
    if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
        raise LexiconError(f"{where}: forms must be a non-empty list of strings")
    plurals = obj.get("plural_forms", [])
    if not isinstance(plurals, list) or not all(isinstance(f, str) for f in plurals):
        raise LexiconError(f"{where}: plural_forms must be a list of strings")
    nxt_trigger = obj.get("requires_next_trigger")
    if nxt_trigger is not None and nxt_trigger not in PLOVER_TYPES:
        raise LexiconError(f"{where}: requires_next_trigger {nxt_trigger!r} is not a type")
    entry = TriggerEntry(
        lemma=str(obj.get("lemma", forms[0])),
        type=typ,
        mode=mode,
        pos=pos,
        frame=frame,
        cameo=str(obj.get("cameo", "")),
        context=tuple(str(c) for c in obj.get("context", [])),
        requires_next=_keys(obj.get("requires_next", []), where + ".requires_next"),
        requires_next_trigger=nxt_trigger,
        requires_recipient=bool(obj.get("requires_recipient", False)),
        not_before=_keys(obj.get("not_before", []), where + ".not_before"),
        host_subject=bool(obj.get("host_subject", False)),
        origin_visit=bool(obj.get("origin_visit", False)),
        next_window=int(obj.get("next_window", DEFAULT_NEXT_WINDOW)),
    )
    return entry, list(forms), list(plurals)


def _read(name: str) -> Any:
    try:
        text = resources.files("marsad.events").joinpath("data", name).read_text("utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise LexiconError(f"cannot read marsad/events/data/{name}: {exc}") from exc


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and validate ``data/triggers.json`` once.

    Raises:
        LexiconError: the file is missing or an entry is malformed.
    """
    data = _read("triggers.json")
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise LexiconError("triggers.json: 'entries' must be a non-empty list")
    parsed = [_entry(obj, i) for i, obj in enumerate(entries)]
    missing = PLOVER_TYPES - {e.type for e, _f, _p in parsed}
    if missing:
        raise LexiconError(f"triggers.json: no trigger for {sorted(missing)}")
    return Lexicon(parsed)


@dataclass(frozen=True, slots=True)
class Cues:
    """Every cue list of ``data/cues.json`` as frozensets of matching keys."""

    future_before: frozenset[str]
    future_after: frozenset[str]
    negation_before: frozenset[str]
    negation_verbs: frozenset[str]
    hypothetical_before: frozenset[str]
    hypothetical_phrases: tuple[tuple[str, ...], ...]
    hypothetical_present: frozenset[str]
    status_window_before: int
    future_window_after: int
    negation_verb_window: int
    speech_finite: frozenset[str]
    speech_split: frozenset[str]
    speech_participle: frozenset[str]
    speech_typo_initial: frozenset[str]
    speech_preps: frozenset[str]
    speech_briefing: frozenset[str]
    speech_relay: frozenset[str]
    speech_relay_source: frozenset[str]
    speech_attribution_before: frozenset[str]
    speech_clause_joiners: frozenset[str]
    speech_report_nouns: frozenset[str]
    min_content_words: int
    complementizers: frozenset[str]
    max_subject_tokens: int
    collective_unnamed: frozenset[str]
    descriptive: frozenset[str]
    agency: frozenset[str]
    agency_heads: frozenset[str]
    side_parties: frozenset[str]
    side_countries: frozenset[str]
    side_gentilic_heads: frozenset[str]
    delegation: frozenset[str]
    heads: frozenset[str]
    presence: frozenset[str]
    with_: frozenset[str]
    principal_titles: frozenset[str]
    topic_markers: frozenset[str]
    non_participant_preps: frozenset[str]
    destination_preps: frozenset[str]
    location_preps: frozenset[str]
    location_heads: frozenset[str]
    visit_relative: frozenset[str]
    light_before: frozenset[str]
    light_after: frozenset[str]
    anaphoric_governors: frozenset[str]
    nominal_suppressors: frozenset[str]
    demonstratives: frozenset[str]
    absence: frozenset[str]
    non_triggers: frozenset[str]
    verb_openers: frozenset[str]
    masdar_governors: frozenset[str]
    title_words: frozenset[str]
    side_binders: frozenset[str]
    discussion_lemmas: frozenset[str]
    title_heads: frozenset[str]
    relative_pronouns: frozenset[str]
    topic_nouns: frozenset[str]
    number_words: frozenset[str]
    source_markers: frozenset[str]
    counterpart: frozenset[str]
    host_verbs: frozenset[str]
    schedule_nouns: frozenset[str]
    capitals: dict[str, str]
    gentilics: dict[str, Gentilic]
    contexts: dict[str, frozenset[str]]
    default_context: dict[str, tuple[str, ...]]
    future_to_agree: frozenset[str]
    future_to_concede: frozenset[str]
    multilateral_markers: frozenset[str]
    target_preps: dict[str, frozenset[str]]


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise LexiconError(f"cues.json: section {name!r} must be an object")
    return value


def _int(section: dict[str, Any], name: str, where: str) -> int:
    value = section.get(name)
    if not isinstance(value, int) or value < 0:
        raise LexiconError(f"cues.json {where}.{name}: expected a non-negative integer")
    return value


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Read and validate ``data/cues.json`` once.

    Raises:
        LexiconError: the file is missing or a section is malformed.
    """
    data = _read("cues.json")
    if not isinstance(data, dict):
        raise LexiconError("cues.json: expected an object")
    st = _section(data, "status")
    scope = _section(data, "scope")
    sp = _section(data, "speech")
    sub = _section(data, "subjects")
    arg = _section(data, "arguments")
    gentilics: dict[str, Gentilic] = {}
    for i, g in enumerate(data.get("gentilics", [])):
        if not isinstance(g, dict) or not all(
            isinstance(g.get(k), str) for k in ("iso3", "slug", "country_ar")
        ):
            raise LexiconError(f"cues.json gentilics[{i}]: needs iso3, slug and country_ar")
        gent = Gentilic(g["iso3"], g["slug"], match_key(g["country_ar"]))
        for key in _keys(g.get("forms", []), f"cues.json gentilics[{i}].forms"):
            gentilics[key] = gent
    contexts = {
        str(name): _keys(words, f"cues.json contexts.{name}")
        for name, words in _section(data, "contexts").items()
    }
    capitals = {str(k): str(v) for k, v in _section(data, "capitals").items()}
    default_ctx = {
        str(k): tuple(str(c) for c in v) for k, v in _section(data, "default_context").items()
    }
    target_preps = {
        str(k): _keys(v, f"cues.json target_preps.{k}")
        for k, v in _section(data, "target_preps").items()
    }
    for typ in [*default_ctx, *target_preps]:
        if typ not in PLOVER_TYPES:
            raise LexiconError(f"cues.json default_context: unknown type {typ!r}")
    return Cues(
        future_before=_keys(st.get("future_before"), "status.future_before"),
        future_after=_keys(st.get("future_after"), "status.future_after"),
        negation_before=_keys(st.get("negation_before"), "status.negation_before"),
        negation_verbs=_keys(st.get("negation_verbs"), "status.negation_verbs"),
        hypothetical_before=_keys(st.get("hypothetical_before"), "status.hypothetical_before"),
        hypothetical_present=_keys(
            st.get("hypothetical_present", []), "status.hypothetical_present"
        ),
        hypothetical_phrases=tuple(
            tuple(match_key(p).split()) for p in st.get("hypothetical_phrases", [])
        ),
        status_window_before=_int(scope, "status_window_before", "scope"),
        future_window_after=_int(scope, "future_window_after", "scope"),
        negation_verb_window=_int(scope, "negation_verb_window", "scope"),
        speech_finite=_keys(sp.get("finite"), "speech.finite"),
        speech_split=_keys(sp.get("finite_split"), "speech.finite_split"),
        speech_participle=_keys(sp.get("participle"), "speech.participle"),
        speech_typo_initial=_keys(sp.get("typo_initial"), "speech.typo_initial"),
        speech_preps=_keys(sp.get("prepositions"), "speech.prepositions"),
        speech_briefing=_keys(sp.get("briefing"), "speech.briefing"),
        speech_relay=_keys(sp.get("relay", []), "speech.relay"),
        speech_relay_source=_keys(sp.get("relay_source", []), "speech.relay_source"),
        speech_attribution_before=_keys(
            sp.get("attribution_before", []), "speech.attribution_before"
        ),
        speech_clause_joiners=_keys(sp.get("clause_joiners", []), "speech.clause_joiners"),
        speech_report_nouns=_keys(sp.get("report_nouns", []), "speech.report_nouns"),
        min_content_words=_int(sp, "min_content_words", "speech"),
        complementizers=_keys(sp.get("complementizers"), "speech.complementizers"),
        max_subject_tokens=_int(sp, "max_subject_tokens", "speech"),
        collective_unnamed=_keys(sub.get("collective_unnamed"), "subjects.collective_unnamed"),
        descriptive=_keys(sub.get("descriptive"), "subjects.descriptive"),
        agency=_keys(sub.get("agency"), "subjects.agency"),
        agency_heads=_keys(sub.get("agency_heads"), "subjects.agency_heads"),
        side_parties=_keys(arg.get("side_parties"), "arguments.side_parties"),
        side_countries=_keys(arg.get("side_countries"), "arguments.side_countries"),
        side_gentilic_heads=_keys(arg.get("side_gentilic_heads"), "arguments.side_gentilic_heads"),
        delegation=_keys(arg.get("delegation"), "arguments.delegation"),
        heads=_keys(arg.get("heads"), "arguments.heads"),
        presence=_keys(arg.get("presence"), "arguments.presence"),
        with_=_keys(arg.get("with"), "arguments.with"),
        principal_titles=_keys(arg.get("principal_titles"), "arguments.principal_titles"),
        topic_markers=_keys(arg.get("topic_markers"), "arguments.topic_markers"),
        non_participant_preps=_keys(
            arg.get("non_participant_preps"), "arguments.non_participant_preps"
        ),
        destination_preps=_keys(arg.get("destination_preps"), "arguments.destination_preps"),
        location_preps=_keys(arg.get("location_preps"), "arguments.location_preps"),
        location_heads=_keys(arg.get("location_heads"), "arguments.location_heads"),
        visit_relative=_keys(arg.get("visit_relative"), "arguments.visit_relative"),
        light_before=_keys(arg.get("light_verbs_before"), "arguments.light_verbs_before"),
        light_after=_keys(arg.get("light_verbs_after"), "arguments.light_verbs_after"),
        anaphoric_governors=_keys(arg.get("anaphoric_governors"), "arguments.anaphoric_governors"),
        nominal_suppressors=_keys(arg.get("nominal_suppressors"), "arguments.nominal_suppressors"),
        demonstratives=_keys(arg.get("demonstratives"), "arguments.demonstratives"),
        absence=_keys(arg.get("absence", []), "arguments.absence"),
        non_triggers=_keys(arg.get("non_triggers", []), "arguments.non_triggers"),
        verb_openers=_keys(arg.get("verb_openers", []), "arguments.verb_openers"),
        masdar_governors=_keys(arg.get("masdar_governors", []), "arguments.masdar_governors"),
        title_words=_keys(arg.get("title_words", []), "arguments.title_words"),
        side_binders=_keys(arg.get("side_binders", []), "arguments.side_binders"),
        discussion_lemmas=frozenset(arg.get("discussion_lemmas", [])),
        title_heads=_keys(arg.get("title_heads", []), "arguments.title_heads"),
        relative_pronouns=_keys(arg.get("relative_pronouns", []), "arguments.relative_pronouns"),
        topic_nouns=_keys(arg.get("topic_nouns", []), "arguments.topic_nouns"),
        number_words=_keys(arg.get("number_words", []), "arguments.number_words"),
        source_markers=_keys(arg.get("source_markers", []), "arguments.source_markers"),
        counterpart=_keys(arg.get("counterpart", []), "arguments.counterpart"),
        host_verbs=_keys(arg.get("host_verbs", []), "arguments.host_verbs"),
        schedule_nouns=_keys(arg.get("schedule_nouns", []), "arguments.schedule_nouns"),
        capitals=capitals,
        gentilics=gentilics,
        contexts=contexts,
        default_context=default_ctx,
        future_to_agree=_keys(data.get("future_to_agree", []), "future_to_agree"),
        future_to_concede=_keys(data.get("future_to_concede", []), "future_to_concede"),
        multilateral_markers=_keys(data.get("multilateral_markers", []), "multilateral_markers"),
        target_preps=target_preps,
    )
