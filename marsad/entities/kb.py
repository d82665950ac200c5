"""The Marsad knowledge base: persons, organisations and places, loaded once and validated.

The data files (``persons.jsonl``, ``orgs.jsonl``, ``places.jsonl`` next to this module)
are built by ``scripts/build_kb.py``; see ``data/README.md``. Every Arabic name and alias
is indexed under its :func:`marsad.arabic.normalize.match_key`.

Example:
    >>> from marsad.arabic.normalize import match_key
    >>> kb = default_kb()
    >>> [e.id for e in kb.lookup(match_key("لافروف"))]
    ['sergey-lavrov']
    >>> kb.gentilic(match_key("الإيرانية"))
    'IRN'
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import match_key

__all__ = ["DATA_DIR", "KBEntry", "KBError", "KnowledgeBase", "Office", "default_kb"]

#: Where the shipped data files live.
DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = ("persons.jsonl", "orgs.jsonl", "places.jsonl")

TYPES = frozenset({"PERSON", "ORG", "LOC", "MISC"})
ORG_KINDS = frozenset(
    [
        "ministry",
        "news_agency",
        "outlet",
        "igo",
        "party",
        "armed_group",
        "committee",
        "government",
        "military",
        "process",
        "resolution",
        "other",
    ]
)
PLACE_KINDS = frozenset({"country", "city", "region"})
SOURCES = frozenset({"curated", "universalpetrarch", "phoenix"})
_ORG_TYPES = frozenset({"ORG", "MISC"})

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class KBError(ValueError):
    """A knowledge-base file is malformed; the message names file, line and field."""


@dataclass(frozen=True, slots=True)
class Office:
    """One dated office of a person. Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
    ``None`` means unknown (start) or still held / unknown (end)."""

    role_ar: str
    role_en: str
    org: str | None
    country: str | None
    start: str | None
    end: str | None
    role_variants_ar: tuple[str, ...] = ()

    def valid_on(self, date: str) -> bool:
        """Whether the office may be held on ``date`` (any precision, compared by prefix):
        an unknown bound never excludes a date.

        Example:
            >>> Office("r", "r", None, "RUS", "2004-03-09", None).valid_on("2021-01")
            True
        """
        if self.start and _date_end(date) < self.start:
            return False
        return not (self.end and date[: len(self.end)] > self.end)


def _date_end(date: str) -> str:
    """The last day a partial date covers, as a comparable string (``2021`` -> ``2021-99``)."""
    return date + "-99" * (2 - date.count("-"))


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One entity of the knowledge base."""

    id: str
    type: str
    kind: str | None
    name_en: str
    name_ar: str
    aliases_ar: tuple[str, ...]
    country: str | None
    offices: tuple[Office, ...] = ()
    gentilics_ar: tuple[str, ...] = ()
    population: int | None = None
    ambiguous_with: tuple[str, ...] = ()
    source: str = "curated"

    def surface_forms(self) -> tuple[str, ...]:
        """``name_ar`` followed by every alias."""
        return (self.name_ar, *self.aliases_ar)


def _fail(path: Path, lineno: int, fld: str, why: str) -> KBError:
    return KBError(f"{path.name}:{lineno}: field {fld!r}: {why}")


def _text(obj: Mapping[str, Any], fld: str, path: Path, lineno: int) -> str:
    value = obj.get(fld)
    if type(value) is not str or not value.strip():
        raise _fail(path, lineno, fld, f"expected a non-empty string, got {value!r}")
    return value


def _texts(obj: Mapping[str, Any], fld: str, path: Path, lineno: int) -> tuple[str, ...]:
    value = obj.get(fld)
    if value is None:
        return ()
    if type(value) is not list or not all(type(v) is str and v for v in value):
        raise _fail(path, lineno, fld, f"expected a list of non-empty strings, got {value!r}")
    return tuple(value)


def _iso3(value: Any, fld: str, path: Path, lineno: int) -> str | None:
    if value is not None and (type(value) is not str or not _ISO3_RE.match(value)):
        raise _fail(
            path, lineno, fld, f"expected an ISO 3166-1 alpha-3 code or null, got {value!r}"
        )
    return value


def _date(value: Any, fld: str, path: Path, lineno: int) -> str | None:
    if value is None:
        return None
    m = _DATE_RE.match(value) if type(value) is str else None
    if m is None or (m[2] and not 1 <= int(m[2]) <= 12) or (m[3] and not 1 <= int(m[3]) <= 31):
        raise _fail(path, lineno, fld, f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value  # type: ignore[no-any-return]


def _parse_office(o: Any, i: int, path: Path, lineno: int) -> Office:
    fld = f"offices[{i}]"
    if type(o) is not dict:
        raise _fail(path, lineno, fld, "expected an object")
    start = _date(o.get("start"), f"{fld}.start", path, lineno)
    end = _date(o.get("end"), f"{fld}.end", path, lineno)
    if start and end and end < start[: len(end)]:
        raise _fail(path, lineno, f"{fld}.end", f"{end} is before start {start}")
    org = o.get("org")
    if org is not None and (type(org) is not str or not _ID_RE.match(org)):
        raise _fail(path, lineno, f"{fld}.org", f"{org!r} is not an entity id")
    return Office(
        role_ar=_text(o, "role_ar", path, lineno),
        role_en=_text(o, "role_en", path, lineno),
        org=org,
        country=_iso3(o.get("country"), f"{fld}.country", path, lineno),
        start=start,
        end=end,
        role_variants_ar=_texts(o, "role_variants_ar", path, lineno),
    )


def _parse_entry(path: Path, lineno: int, obj: Any) -> KBEntry:
    """Validate one decoded line and turn it into a :class:`KBEntry`."""
    if type(obj) is not dict:
        raise KBError(f"{path.name}:{lineno}: expected a JSON object")
    eid = _text(obj, "id", path, lineno)
    if not _ID_RE.match(eid):
        raise _fail(path, lineno, "id", f"{eid!r} is not a lowercase ASCII slug")
    etype = obj.get("type")
    if etype not in TYPES:
        raise _fail(
            path, lineno, "type", f"unknown type {etype!r} (expected one of {sorted(TYPES)})"
        )
    kind = obj.get("kind")
    if etype == "LOC" and kind not in PLACE_KINDS:
        raise _fail(path, lineno, "kind", f"unknown place kind {kind!r}")
    if etype in _ORG_TYPES and kind not in ORG_KINDS:
        raise _fail(path, lineno, "kind", f"unknown organisation kind {kind!r}")
    source = obj.get("source", "curated")
    if source not in SOURCES:
        raise _fail(path, lineno, "source", f"unknown source {source!r}")
    population = obj.get("population")
    if population is not None and (type(population) is not int or population < 0):
        raise _fail(
            path, lineno, "population", f"expected a non-negative integer, got {population!r}"
        )
    raw_offices = obj.get("offices", ())
    if type(raw_offices) not in (list, tuple):
        raise _fail(path, lineno, "offices", "expected a list")
    return KBEntry(
        id=eid,
        type=etype,
        kind=kind,
        name_en=_text(obj, "name_en", path, lineno),
        name_ar=_text(obj, "name_ar", path, lineno),
        aliases_ar=_texts(obj, "aliases_ar", path, lineno),
        country=_iso3(obj.get("country"), "country", path, lineno),
        offices=tuple(_parse_office(o, i, path, lineno) for i, o in enumerate(raw_offices)),
        gentilics_ar=_texts(obj, "gentilics_ar", path, lineno),
        population=population,
        ambiguous_with=_texts(obj, "ambiguous_with", path, lineno),
        source=source,
    )


def _read_jsonl(path: Path) -> list[tuple[int, Any]]:
    """``(line number, decoded object)`` for the non-blank lines of a JSONL file.

    The whole file is decoded in one call (about twice as fast as line by line); only
    when that fails is it decoded again line by line to name the bad line.
    """
    lines = [
        (n, line)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip()
    ]
    try:
        objs = json.loads("[" + ",".join(line for _, line in lines) + "]")
    except json.JSONDecodeError:
        for n, line in lines:
            try:
                json.loads(line)
            except json.JSONDecodeError as err:
                raise KBError(f"{path.name}:{n}: invalid JSON: {err.msg}") from err
        raise KBError(f"{path.name}: invalid JSON") from None
    if len(objs) != len(lines):  # e.g. a line holding two objects separated by a comma
        raise KBError(f"{path.name}: expected one JSON object per line")
    return [(n, obj) for (n, _), obj in zip(lines, objs, strict=True)]


class KnowledgeBase:
    """Entities by id, by Arabic match key, and countries by gentilic.

    Build it with :meth:`load`; the shipped data is available as :func:`default_kb`.
    """

    __slots__ = ("_by_id", "_by_iso3", "_by_key", "_gentilics")

    def __init__(self, entries: list[KBEntry]) -> None:
        self._by_id: dict[str, KBEntry] = {}
        self._by_key: dict[str, list[KBEntry]] = {}
        self._gentilics: dict[str, str] = {}
        self._by_iso3: dict[str, KBEntry] = {}
        for e in entries:
            self._by_id[e.id] = e
            for form in e.surface_forms():
                bucket = self._by_key.setdefault(match_key(form), [])
                if e not in bucket:
                    bucket.append(e)
            if e.kind == "country" and e.country:
                self._by_iso3[e.country] = e
                for g in e.gentilics_ar:
                    self._gentilics.setdefault(match_key(g), e.country)

    @classmethod
    def load(cls, data_dir: Path | None = None) -> KnowledgeBase:
        """Read and validate ``persons.jsonl``, ``orgs.jsonl`` and ``places.jsonl``.

        Raises:
            KBError: a malformed line, an unknown type, a bad id, date or country code,
                a duplicate id, or a missing file.
        """
        folder = DATA_DIR if data_dir is None else Path(data_dir)
        entries: list[KBEntry] = []
        where: dict[str, str] = {}
        for name in FILES:
            path = folder / name
            if not path.is_file():
                raise KBError(f"{name}: missing from {folder}")
            for lineno, obj in _read_jsonl(path):
                entry = _parse_entry(path, lineno, obj)
                if entry.id in where:
                    raise KBError(
                        f"{name}:{lineno}: field 'id': duplicate id {entry.id!r} "
                        f"(first at {where[entry.id]})"
                    )
                where[entry.id] = f"{name}:{lineno}"
                entries.append(entry)
        return cls(entries)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[KBEntry]:
        return iter(self._by_id.values())

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def get(self, entry_id: str) -> KBEntry | None:
        """The entry with this id, or None."""
        return self._by_id.get(entry_id)

    def lookup(self, key: str) -> list[KBEntry]:
        """Every entry with a name or alias whose match key is ``key`` (a copy)."""
        return list(self._by_key.get(key, ()))

    def names(self) -> Iterator[tuple[str, str]]:
        """``(match_key, id)`` for every indexed surface form."""
        for key, entries in self._by_key.items():
            for e in entries:
                yield key, e.id

    def gentilic(self, key: str) -> str | None:
        """ISO3 code of the country a gentilic's match key refers to (``الايراني`` -> IRN)."""
        return self._gentilics.get(key)

    def country_entry(self, iso3: str) -> KBEntry | None:
        """The country entry for an ISO3 code."""
        return self._by_iso3.get(iso3)

    def offices_on(self, entry_id: str, date: str | None) -> list[Office]:
        """Offices of ``entry_id`` valid on ``date`` (``YYYY[-MM[-DD]]``); all when None."""
        entry = self._by_id.get(entry_id)
        if entry is None:
            return []
        if date is None:
            return list(entry.offices)
        return [o for o in entry.offices if o.valid_on(date)]

    def agencies(self) -> list[KBEntry]:
        """News agencies (kind ``news_agency``)."""
        return [e for e in self._by_id.values() if e.kind == "news_agency"]

    def outlets(self) -> list[KBEntry]:
        """News outlets (kind ``outlet``)."""
        return [e for e in self._by_id.values() if e.kind == "outlet"]


@functools.lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process."""
    return KnowledgeBase.load()
