"""Score exported documents against gold files, as the contract's ``marsad eval`` does.

Two entry points: :func:`load_gold` reads and validates ``GOLD_DIR/*.json`` into typed
:class:`GoldFile` records, and :func:`score` compares them with documents in the
contract's exported JSON shape and returns an :class:`EvalReport`.

Counting conventions (all micro-averaged over gold files):

* ``cleaning`` and ``metadata`` are accuracies: ``tp`` counts passed items, ``fn`` failed
  ones, ``fp`` is 0, and precision = recall = F1 = ``tp / (tp + fn)``. The metadata items
  are the three contract fields (outlet, published, cites); ``title`` is reported as an
  extra accuracy only.
* ``entities``, ``events`` and ``quotes``: recall = ``tp / (tp + fn)`` over every gold file;
  precision = ``tp_precision / (tp_precision + fp)`` over only the files whose ``complete``
  names the task (``tp_precision`` is the part of ``tp`` found in those files).
* ``stories``: B-cubed precision, recall and F1 over all gold files; counts are ``None``.

A value that cannot be computed (no item to measure) is ``None`` (JSON ``null``).

Example:
    >>> report = score([], [])
    >>> report.tasks["entities"].recall is None
    True
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path, PurePath
from typing import Any

from marsad.arabic.normalize import match_key, strip_proclitic_ar

__all__ = [
    "TASKS",
    "Accuracy",
    "EvalReport",
    "FileResult",
    "GoldEntity",
    "GoldError",
    "GoldEvent",
    "GoldFile",
    "GoldQuote",
    "TaskScore",
    "load_gold",
    "score",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: The scored tasks, in report order.
TASKS: tuple[str, ...] = ("cleaning", "metadata", "entities", "events", "quotes", "stories")
#: Entity types of the contract's document shape.
ENTITY_TYPES = frozenset({"PERSON", "ORG", "LOC", "MISC"})
#: Contract: "Precision counts system entities of types PERSON, ORG and LOC".
PRECISION_ENTITY_TYPES = frozenset({"PERSON", "ORG", "LOC"})
#: The sixteen PLOVER event types named by the contract.
EVENT_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip
#: Contract statuses, plus the gold notes' "planned" (scored as "future").
EVENT_STATUSES = frozenset({"reported", "future", "planned", "hypothetical", "negated"})
#: Gold notes (003) write "planned" for a scheduled happening; the contract's value is "future".
_STATUS_ALIASES: Mapping[str, str] = {"planned": "future"}
#: Contract: an event matches when the participants' Jaccard overlap "is at least 0.5".
#: Kept as an exact fraction so that 1/2 is not lost to floating point.
EVENT_JACCARD_MIN = Fraction(1, 2)

_PUBLISHED_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EVENT_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_METADATA_FIELDS: tuple[str, ...] = ("outlet", "published", "cites")


class GoldError(ValueError):
    """A gold file is missing, unreadable or malformed; the message names file and field."""


# --------------------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """One gold entity (``entities[]`` of a gold file)."""

    key: str
    type: str
    name_ar: str
    name_en: str | None
    aliases_ar: tuple[str, ...]
    country: str | None
    roles_any: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold event (``events[]`` of a gold file)."""

    type: str
    mode: str | None
    participants: tuple[str, ...]
    location: str | None
    date: str | None
    topics_any: tuple[str, ...]
    status: str
    evidence: str


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One gold quote: a speaker key and a substring of what was said."""

    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldFile:
    """The annotations of one input document."""

    file: str
    outlet: str | None
    published: str | None
    title: str | None
    must_remove: tuple[str, ...]
    must_keep: tuple[str, ...]
    repairs: tuple[tuple[str, str], ...]
    cites: tuple[str, ...]
    entities: tuple[GoldEntity, ...]
    events: tuple[GoldEvent, ...]
    quotes: tuple[GoldQuote, ...]
    story: str | None
    complete: frozenset[str]
    notes: tuple[str, ...] = ()
    path: str | None = None


class _Reader:
    """Typed field access on one JSON object, with errors that name file and field."""

    def __init__(self, obj: Any, where: str) -> None:
        if not isinstance(obj, dict):
            raise GoldError(f"{where}: expected a JSON object, got {type(obj).__name__}")
        self.obj: dict[str, Any] = obj
        self.where = where

    def _fail(self, name: str, what: str) -> GoldError:
        return GoldError(f"{self.where}.{name}: {what}")

    def str_(
        self,
        name: str,
        *,
        optional: bool = False,
        allowed: frozenset[str] = frozenset(),
        pattern: re.Pattern[str] | None = None,
    ) -> str | None:
        if name not in self.obj:
            if optional:
                return None
            raise self._fail(name, "missing field")
        value = self.obj[name]
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self._fail(name, f"expected a non-empty string, got {value!r}")
        if allowed and value not in allowed:
            raise self._fail(name, f"{value!r} is not one of {sorted(allowed)}")
        if pattern is not None and not pattern.match(value):
            raise self._fail(name, f"{value!r} does not match {pattern.pattern}")
        return value

    def req(self, name: str, **kwargs: Any) -> str:
        value = self.str_(name, **kwargs)
        if value is None:  # only reachable with optional=True, which req never passes
            raise self._fail(name, "missing field")
        return value

    def strs(self, name: str, *, optional: bool = True) -> tuple[str, ...]:
        value = self.obj.get(name)
        if value is None:
            if optional:
                return ()
            raise self._fail(name, "missing field")
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self._fail(name, "expected a list of non-empty strings")
        return tuple(value)

    def objects(self, name: str) -> list[_Reader]:
        value = self.obj.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._fail(name, "expected a list of objects")
        return [_Reader(item, f"{self.where}.{name}[{i}]") for i, item in enumerate(value)]


def _parse_repairs(reader: _Reader) -> tuple[tuple[str, str], ...]:
    value = reader.obj.get("repairs")
    if value is None:
        return ()
    out: list[tuple[str, str]] = []
    if isinstance(value, list):
        for i, pair in enumerate(value):
            if not (
                isinstance(pair, list)
                and len(pair) == 2
                and all(isinstance(p, str) and p for p in pair)
            ):
                raise GoldError(
                    f"{reader.where}.repairs[{i}]: expected [obfuscated, repaired], got {pair!r}"
                )
            out.append((pair[0], pair[1]))
        return tuple(out)
    raise GoldError(f"{reader.where}.repairs: expected a list of [obfuscated, repaired] pairs")


def _parse_gold(obj: Any, where: str) -> GoldFile:
    top = _Reader(obj, where)
    entities: list[GoldEntity] = []
    for ent in top.objects("entities"):
        entities.append(
            GoldEntity(
                key=ent.req("key"),
                type=ent.req("type", allowed=ENTITY_TYPES),
                name_ar=ent.req("name_ar"),
                name_en=ent.str_("name_en", optional=True),
                aliases_ar=ent.strs("aliases_ar"),
                country=ent.str_("country", optional=True),
                roles_any=ent.strs("roles_any"),
            )
        )
    keys = [e.key for e in entities]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise GoldError(f"{where}.entities: duplicate keys {duplicates}")
    known = frozenset(keys)

    def known_key(reader: _Reader, name: str, value: str | None) -> None:
        if value is not None and value not in known:
            raise GoldError(f"{reader.where}.{name}: {value!r} is not a key of entities[]")

    events: list[GoldEvent] = []
    for ev in top.objects("events"):
        participants = ev.strs("participants", optional=False)
        for i, key in enumerate(participants):
            known_key(ev, f"participants[{i}]", key)
        location = ev.str_("location", optional=True)
        known_key(ev, "location", location)
        events.append(
            GoldEvent(
                type=ev.req("type", allowed=EVENT_TYPES),
                mode=ev.str_("mode", optional=True),
                participants=participants,
                location=location,
                date=ev.str_("date", optional=True, pattern=_EVENT_DATE_RE),
                topics_any=ev.strs("topics_any"),
                status=ev.req("status", allowed=EVENT_STATUSES),
                evidence=ev.str_("evidence", optional=True) or "",
            )
        )
    quotes: list[GoldQuote] = []
    for qu in top.objects("quotes"):
        speaker = qu.req("speaker")
        known_key(qu, "speaker", speaker)
        quotes.append(GoldQuote(speaker=speaker, text=qu.req("text")))
    complete = top.strs("complete")
    for i, task in enumerate(complete):
        if task not in TASKS:
            raise GoldError(f"{where}.complete[{i}]: {task!r} is not one of {list(TASKS)}")
    return GoldFile(
        file=top.req("file"),
        outlet=top.str_("outlet", optional=True),
        published=top.str_("published", optional=True, pattern=_PUBLISHED_RE),
        title=top.str_("title", optional=True),
        must_remove=top.strs("must_remove"),
        must_keep=top.strs("must_keep"),
        repairs=_parse_repairs(top),
        cites=top.strs("cites"),
        entities=tuple(entities),
        events=tuple(events),
        quotes=tuple(quotes),
        story=top.str_("story", optional=True),
        complete=frozenset(complete),
        notes=top.strs("notes"),
    )


def load_gold(gold_dir: Path) -> list[GoldFile]:
    """Read and validate every ``*.json`` gold file in ``gold_dir``, sorted by file name.

    Args:
        gold_dir: the folder holding the gold files.

    Returns:
        The gold files, in file-name order.

    Raises:
        GoldError: the folder is missing or empty, a file is not JSON, a field is missing
            or has the wrong type, or two gold files name the same ``file``.

    Example:
        >>> load_gold(Path("/nonexistent"))  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        GoldError: /nonexistent: not a folder
    """
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: not a folder")
    paths = sorted(gold_dir.glob("*.json"))
    if not paths:
        raise GoldError(f"{gold_dir}: no *.json gold files")
    out: list[GoldFile] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path.name}: cannot read gold file: {exc}") from exc
        gold = _parse_gold(obj, path.name)
        if gold.file in seen:
            raise GoldError(f"{path.name}.file: {gold.file!r} is also named by {seen[gold.file]}")
        seen[gold.file] = path.name
        out.append(replace(gold, path=str(path)))
    return out


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class Accuracy:
    """``correct`` of ``total`` scored items; ``value`` is ``None`` when nothing was scored."""

    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.value, "correct": self.correct, "total": self.total}


@dataclass(frozen=True, slots=True)
class TaskScore:
    """Precision, recall and F1 of one task, with its counts and accuracies.

    ``tp_precision`` is the part of ``tp`` counted towards precision (files whose
    ``complete`` names the task); counts are ``None`` for ``stories``.
    """

    task: str
    precision: float | None
    recall: float | None
    f1: float | None
    tp: int | None
    fp: int | None
    fn: int | None
    tp_precision: int | None = None
    accuracy: Mapping[str, Accuracy] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tp_precision": self.tp_precision,
            "accuracy": {name: acc.to_dict() for name, acc in self.accuracy.items()},
        }


@dataclass(slots=True)
class FileResult:
    """What one gold file scored: what was missed, what was spurious, and the entity map."""

    file: str
    doc_name: str | None
    cleaning_failed: list[dict[str, str]] = field(default_factory=list)
    metadata_wrong: dict[str, dict[str, Any]] = field(default_factory=dict)
    entity_map: dict[str, str] = field(default_factory=dict)
    entities_missed: list[str] = field(default_factory=list)
    entities_spurious: list[str] = field(default_factory=list)
    events_missed: list[dict[str, Any]] = field(default_factory=list)
    events_spurious: list[dict[str, Any]] = field(default_factory=list)
    quotes_missed: list[dict[str, str]] = field(default_factory=list)
    quotes_spurious: list[dict[str, Any]] = field(default_factory=list)
    story: str | None = None
    gold_story: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_name,
            "cleaning_failed": self.cleaning_failed,
            "metadata_wrong": self.metadata_wrong,
            "entity_map": self.entity_map,
            "entities_missed": self.entities_missed,
            "entities_spurious": self.entities_spurious,
            "events_missed": self.events_missed,
            "events_spurious": self.events_spurious,
            "quotes_missed": self.quotes_missed,
            "quotes_spurious": self.quotes_spurious,
            "story": self.story,
            "gold_story": self.gold_story,
        }


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The result of :func:`score`: one :class:`TaskScore` per task and per-file details."""

    tasks: Mapping[str, TaskScore]
    files: Sequence[FileResult]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict: ``tasks`` (scores, counts, accuracies) and ``files`` (details)."""
        return {
            "files_scored": len(self.files),
            "docs_found": sum(1 for f in self.files if f.doc_name is not None),
            "tasks": {name: t.to_dict() for name, t in self.tasks.items()},
            "files": {f.file: f.to_dict() for f in self.files},
        }

    def format_table(self) -> str:
        """A plain-text table of the task scores, then the accuracies."""
        found = sum(1 for f in self.files if f.doc_name is not None)
        lines = [
            f"gold files: {len(self.files)}, documents found: {found}",
            f"{'task':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
        ]
        for t in self.tasks.values():
            lines.append(
                f"{t.task:<10} {_fmt(t.precision):>6} {_fmt(t.recall):>6} {_fmt(t.f1):>6} "
                f"{_fmt_n(t.tp):>5} {_fmt_n(t.fp):>5} {_fmt_n(t.fn):>5}"
            )
        acc_lines = [
            f"{t.task + '.' + name:<20} {_fmt(acc.value):>6} ({acc.correct}/{acc.total})"
            for t in self.tasks.values()
            for name, acc in t.accuracy.items()
        ]
        if acc_lines:
            lines += ["", "accuracy", *acc_lines]
        return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _fmt_n(value: int | None) -> str:
    return "-" if value is None else str(value)


# --------------------------------------------------------------------------- helpers


def _key(text: str | None) -> str | None:
    return None if text is None else match_key(text)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _name_keys(names: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The normalised keys of ``names`` and, for the second try, the proclitic-stripped keys."""
    keys = frozenset(k for k in (match_key(n) for n in names) if k)
    stripped = frozenset(s for s in (strip_proclitic_ar(k) for k in keys) if s)
    return keys, stripped


@dataclass(slots=True)
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_precision: int = 0
    gold_precision: int = 0  # gold items in files whose precision is scored
    precision_files: int = 0


class _Acc:
    """A mutable accuracy tally."""

    __slots__ = ("correct", "total")

    def __init__(self) -> None:
        self.correct = 0
        self.total = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def freeze(self) -> Accuracy:
        return Accuracy(self.correct, self.total)


def _find_doc(gold: GoldFile, docs: Mapping[str, Mapping[str, Any]]) -> tuple[str | None, Any]:
    """The document whose ``source.name`` is ``gold.file`` with or without its extension."""
    for name in (gold.file, PurePath(gold.file).stem):
        if name in docs:
            return name, docs[name]
    return None, None


# --------------------------------------------------------------------------- tasks


def _score_cleaning(gold: GoldFile, text: str | None, counts: _Counts, res: FileResult) -> None:
    key = match_key(text) if text is not None else None

    def record(ok: bool, kind: str, item: str) -> None:
        if ok:
            counts.tp += 1
        else:
            counts.fn += 1
            res.cleaning_failed.append({"kind": kind, "item": item})

    for item in gold.must_remove:
        record(key is not None and match_key(item) not in key, "must_remove", item)
    for item in gold.must_keep:
        record(key is not None and match_key(item) in key, "must_keep", item)
    for obfuscated, repaired in gold.repairs:
        # The absence test runs on the raw text: normalising would drop tatweel, and a
        # tatweel-only obfuscation (see gold 000's notes) could then never fail.
        ok = (
            text is not None
            and key is not None
            and match_key(repaired) in key
            and obfuscated not in text
        )
        record(ok, "repair", f"{obfuscated} -> {repaired}")


def _score_metadata(
    gold: GoldFile,
    doc: Mapping[str, Any] | None,
    counts: _Counts,
    accs: dict[str, _Acc],
    res: FileResult,
) -> None:
    if doc is None:
        got: dict[str, Any] = {"outlet": None, "published": None, "cites": [], "title": None}
    else:
        source = doc.get("source")
        got = {
            "outlet": _as_str(source.get("outlet")) if isinstance(source, Mapping) else None,
            "published": _as_str(doc.get("published")),
            "cites": [c for c in _as_list(doc.get("cites")) if isinstance(c, str)],
            "title": _as_str(doc.get("title")),
        }
    expected: dict[str, Any] = {
        "outlet": gold.outlet,
        "published": gold.published,
        "cites": list(gold.cites),
        "title": gold.title,
    }
    same = {
        "outlet": _key(got["outlet"]) == _key(gold.outlet),
        "published": got["published"] == gold.published,
        "cites": {match_key(c) for c in got["cites"]} == {match_key(c) for c in gold.cites},
        "title": _key(got["title"]) == _key(gold.title),
    }
    for name, ok in same.items():
        ok = ok and doc is not None
        accs[name].add(ok)
        if name in _METADATA_FIELDS:
            if ok:
                counts.tp += 1
            else:
                counts.fn += 1
        if not ok:
            res.metadata_wrong[name] = {"gold": expected[name], "system": got[name]}


def _match_entities(
    gold_ents: Sequence[GoldEntity], sys_ents: Sequence[Mapping[str, Any]]
) -> dict[int, int]:
    """One-to-one gold index → system index: id matches first, then names in gold order.

    A name match compares every mention text of the system entity with ``name_ar`` and the
    aliases, all normalised; when none is equal, both sides are stripped of one leading
    proclitic and ``ال`` (``strip_proclitic_ar``), exactly as the contract says (so a gold
    name whose first letter is a proclitic letter, لافروف, only matches unprefixed mentions:
    the linker keeps clitics out of mention spans).
    """
    pairs: dict[int, int] = {}
    used: set[int] = set()
    sys_ids = [_as_str(e.get("id")) for e in sys_ents]
    for gi, gent in enumerate(gold_ents):
        for si, sid in enumerate(sys_ids):
            if si not in used and sid == gent.key:
                pairs[gi] = si
                used.add(si)
                break
    sys_names = [
        _name_keys(
            t
            for m in _as_list(e.get("mentions"))
            if isinstance(m, Mapping) and isinstance(t := m.get("text"), str)
        )
        for e in sys_ents
    ]
    for gi, gent in enumerate(gold_ents):
        if gi in pairs:
            continue
        g_keys, g_stripped = _name_keys((gent.name_ar, *gent.aliases_ar))
        free = [si for si in range(len(sys_ents)) if si not in used]
        chosen = next((si for si in free if sys_names[si][0] & g_keys), None)
        if chosen is None:
            chosen = next((si for si in free if sys_names[si][1] & g_stripped), None)
        if chosen is not None:
            pairs[gi] = chosen
            used.add(chosen)
    return pairs


def _role_ok(sys_roles: Iterable[str], gold_roles: Iterable[str]) -> bool:
    s_keys = [k for k in (match_key(r) for r in sys_roles) if k]
    g_keys = [k for k in (match_key(r) for r in gold_roles) if k]
    return any(s == g or s in g or g in s for s in s_keys for g in g_keys)


def _score_entities(
    gold: GoldFile,
    sys_ents: Sequence[Mapping[str, Any]],
    counts: _Counts,
    accs: dict[str, _Acc],
    res: FileResult,
) -> dict[str, str]:
    pairs = _match_entities(gold.entities, sys_ents)
    id_map: dict[str, str] = {}
    for gi, si in pairs.items():
        gent, sent = gold.entities[gi], sys_ents[si]
        sid = _as_str(sent.get("id"))
        if sid is not None:
            id_map.setdefault(sid, gent.key)
        accs["type"].add(sent.get("type") == gent.type)
        accs["country"].add(_as_str(sent.get("country")) == gent.country)
        if gent.roles_any:
            roles = [r for r in _as_list(sent.get("roles")) if isinstance(r, str)]
            accs["role"].add(_role_ok(roles, gent.roles_any))
    res.entity_map = dict(id_map)
    counts.tp += len(pairs)
    counts.fn += len(gold.entities) - len(pairs)
    res.entities_missed = [g.key for i, g in enumerate(gold.entities) if i not in pairs]
    if "entities" in gold.complete:
        matched_sys = set(pairs.values())
        spurious = [
            str(e.get("id"))
            for i, e in enumerate(sys_ents)
            if i not in matched_sys and e.get("type") in PRECISION_ENTITY_TYPES
        ]
        counts.precision_files += 1
        counts.tp_precision += len(pairs)
        counts.gold_precision += len(gold.entities)
        counts.fp += len(spurious)
        res.entities_spurious = spurious
    return id_map


def _norm_status(status: str | None) -> str | None:
    return _STATUS_ALIASES.get(status, status) if status is not None else None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> Fraction:
    union = a | b
    return Fraction(len(a & b), len(union)) if union else Fraction(1)


def _score_events(
    gold: GoldFile,
    sys_events: Sequence[Mapping[str, Any]],
    id_map: Mapping[str, str],
    counts: _Counts,
    accs: dict[str, _Acc],
    res: FileResult,
) -> None:
    def mapped(value: Any) -> str | None:
        ident = _as_str(value)
        return id_map.get(ident, ident) if ident is not None else None

    sys_parts = [
        frozenset(
            m
            for m in (mapped(x) for x in [*_as_list(e.get("actor")), *_as_list(e.get("recipient"))])
            if m is not None
        )
        for e in sys_events
    ]
    candidates: list[tuple[Fraction, int, int]] = []
    for gi, gev in enumerate(gold.events):
        g_parts = frozenset(gev.participants)
        for si, sev in enumerate(sys_events):
            if sev.get("type") != gev.type:
                continue
            overlap = _jaccard(sys_parts[si], g_parts)
            if overlap >= EVENT_JACCARD_MIN:
                candidates.append((overlap, gi, si))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _overlap, gi, si in candidates:
        if gi not in pairs and si not in used:
            pairs[gi] = si
            used.add(si)
    for gi, si in sorted(pairs.items()):
        gev, sev = gold.events[gi], sys_events[si]
        accs["mode"].add(_as_str(sev.get("mode")) == gev.mode)
        accs["location"].add(mapped(sev.get("location")) == gev.location)
        accs["date"].add(_as_str(sev.get("date")) == gev.date)
        accs["status"].add(_norm_status(_as_str(sev.get("status"))) == _norm_status(gev.status))
    counts.tp += len(pairs)
    counts.fn += len(gold.events) - len(pairs)
    res.events_missed = [
        {"type": g.type, "participants": list(g.participants), "evidence": g.evidence}
        for i, g in enumerate(gold.events)
        if i not in pairs
    ]
    if "events" in gold.complete:
        spurious = [
            {"type": e.get("type"), "participants": sorted(sys_parts[i])}
            for i, e in enumerate(sys_events)
            if i not in used
        ]
        counts.precision_files += 1
        counts.tp_precision += len(pairs)
        counts.gold_precision += len(gold.events)
        counts.fp += len(spurious)
        res.events_spurious = spurious


def _max_matching(edges: Sequence[Sequence[int]]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths), left index → right index.

    Left nodes are tried in order and each one's edges in the given order, so the result
    is deterministic.
    """
    right_of: dict[int, int] = {}  # right index -> left index

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in right_of or augment(right_of[right], seen):
                right_of[right] = left
                return True
        return False

    for left in range(len(edges)):
        augment(left, set())
    return {left: right for right, left in right_of.items()}


def _score_quotes(
    gold: GoldFile,
    sys_quotes: Sequence[Mapping[str, Any]],
    id_map: Mapping[str, str],
    counts: _Counts,
    res: FileResult,
) -> None:
    sys_items: list[tuple[str | None, str]] = []
    for q in sys_quotes:
        speaker = _as_str(q.get("speaker"))
        sys_items.append(
            (
                id_map.get(speaker, speaker) if speaker else None,
                match_key(_as_str(q.get("text")) or ""),
            )
        )
    edges = [
        [
            si
            for si, (speaker, text) in enumerate(sys_items)
            if speaker == gq.speaker and match_key(gq.text) in text
        ]
        for gq in gold.quotes
    ]
    pairs = _max_matching(edges)
    counts.tp += len(pairs)
    counts.fn += len(gold.quotes) - len(pairs)
    res.quotes_missed = [
        {"speaker": g.speaker, "text": g.text} for i, g in enumerate(gold.quotes) if i not in pairs
    ]
    if "quotes" in gold.complete:
        matched = set(pairs.values())
        spurious = [
            {"speaker": q.get("speaker"), "text": q.get("text")}
            for i, q in enumerate(sys_quotes)
            if i not in matched
        ]
        counts.precision_files += 1
        counts.tp_precision += len(pairs)
        counts.gold_precision += len(gold.quotes)
        counts.fp += len(spurious)
        res.quotes_spurious = spurious


def _bcubed(gold_labels: Sequence[str | None], sys_labels: Sequence[str | None]) -> TaskScore:
    """B-cubed precision and recall; a ``None`` label is a singleton cluster of its own."""
    n = len(gold_labels)
    if n == 0:
        return TaskScore("stories", None, None, None, None, None, None)

    def clusters(labels: Sequence[str | None]) -> list[frozenset[int]]:
        by_label: dict[str, set[int]] = {}
        for i, label in enumerate(labels):
            if label is not None:
                by_label.setdefault(label, set()).add(i)
        return [
            frozenset(by_label[label]) if label is not None else frozenset({i})
            for i, label in enumerate(labels)
        ]

    g_cl, s_cl = clusters(gold_labels), clusters(sys_labels)
    precision = sum(len(g_cl[i] & s_cl[i]) / len(s_cl[i]) for i in range(n)) / n
    recall = sum(len(g_cl[i] & s_cl[i]) / len(g_cl[i]) for i in range(n)) / n
    return TaskScore("stories", precision, recall, _f1(precision, recall), None, None, None)


def _prf(task: str, c: _Counts, accs: Mapping[str, _Acc]) -> TaskScore:
    recall = c.tp / (c.tp + c.fn) if c.tp + c.fn else None
    if c.precision_files == 0:
        precision = None
    elif c.tp_precision + c.fp:
        precision = c.tp_precision / (c.tp_precision + c.fp)
    else:  # no system item in the exhaustive files: perfect only if gold had none either
        precision = 1.0 if c.gold_precision == 0 else 0.0
    return TaskScore(
        task,
        precision,
        recall,
        _f1(precision, recall),
        c.tp,
        c.fp,
        c.fn,
        c.tp_precision,
        {name: a.freeze() for name, a in accs.items()},
    )


def _accuracy_task(task: str, c: _Counts, accs: Mapping[str, _Acc]) -> TaskScore:
    acc = c.tp / (c.tp + c.fn) if c.tp + c.fn else None
    return TaskScore(
        task, acc, acc, acc, c.tp, c.fp, c.fn, None, {name: a.freeze() for name, a in accs.items()}
    )


def _objects(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in _as_list(value) if isinstance(v, Mapping)]


def score(gold: Sequence[GoldFile], docs: Iterable[Mapping[str, Any]]) -> EvalReport:
    """Score documents (the contract's exported JSON shape) against gold files.

    Args:
        gold: the gold files, e.g. from :func:`load_gold`.
        docs: exported documents; each is matched to the gold file whose ``file`` equals
            its ``source.name`` with or without the extension. Documents no gold file
            names are ignored; a gold file with no document scores as all missed.

    Returns:
        The report: per task precision, recall, F1, counts and accuracies, and per file
        what was missed.

    Example:
        >>> g = GoldFile(file="a.txt", outlet=None, published=None, title=None,
        ...     must_remove=(), must_keep=("نص",), repairs=(), cites=(), entities=(),
        ...     events=(), quotes=(), story="s", complete=frozenset())
        >>> doc = {"source": {"name": "a"}, "text": "نصٌّ قصير", "story": "x"}
        >>> score([g], [doc]).tasks["cleaning"].recall
        1.0
    """
    by_name: dict[str, Mapping[str, Any]] = {}
    for doc in docs:
        source = doc.get("source")
        name = _as_str(source.get("name")) if isinstance(source, Mapping) else None
        if name is None:
            logger.warning("document %r has no source.name; not scored", doc.get("id"))
            continue
        if name in by_name:
            logger.warning("two documents named %r; scoring the first", name)
            continue
        by_name[name] = doc

    counts = {task: _Counts() for task in TASKS}
    accs: dict[str, dict[str, _Acc]] = {
        "metadata": {name: _Acc() for name in (*_METADATA_FIELDS, "title")},
        "entities": {name: _Acc() for name in ("type", "country", "role")},
        "events": {name: _Acc() for name in ("mode", "location", "date", "status")},
    }
    results: list[FileResult] = []
    sys_stories: list[str | None] = []
    for g in gold:
        doc_name, doc = _find_doc(g, by_name)
        if doc is None:
            logger.info("gold file %s: no document named %r", g.file, g.file)
        res = FileResult(file=g.file, doc_name=doc_name, gold_story=g.story)
        text = _as_str(doc.get("text")) if doc is not None else None
        _score_cleaning(g, text, counts["cleaning"], res)
        _score_metadata(g, doc, counts["metadata"], accs["metadata"], res)
        sys_ents = _objects(doc.get("entities")) if doc is not None else []
        id_map = _score_entities(g, sys_ents, counts["entities"], accs["entities"], res)
        sys_events = _objects(doc.get("events")) if doc is not None else []
        _score_events(g, sys_events, id_map, counts["events"], accs["events"], res)
        sys_quotes = _objects(doc.get("quotes")) if doc is not None else []
        _score_quotes(g, sys_quotes, id_map, counts["quotes"], res)
        res.story = _as_str(doc.get("story")) if doc is not None else None
        sys_stories.append(res.story)
        results.append(res)

    tasks: dict[str, TaskScore] = {
        "cleaning": _accuracy_task("cleaning", counts["cleaning"], {}),
        "metadata": _accuracy_task("metadata", counts["metadata"], accs["metadata"]),
    }
    for task in ("entities", "events", "quotes"):
        tasks[task] = _prf(task, counts[task], accs.get(task, {}))
    tasks["stories"] = _bcubed([g.story for g in gold], sys_stories)
    return EvalReport(tasks=tasks, files=results)
