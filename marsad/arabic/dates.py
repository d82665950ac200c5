"""Find Arabic date expressions with exact offsets and resolve them to ISO strings.

Two pure steps, kept apart so that a caller can inspect what was found before
anything is dated:

1. :func:`find_dates` scans a text and returns every :class:`DateExpr` (numeric
   dates, day-month-year, month names of the Egyptian/Gulf, Levantine/Iraqi,
   Maghrebi and Algerian/Tunisian systems, Hijri dates, weekdays and relative
   words such as أمس or الشهر الماضي). Matching runs on a folded copy of the
   text (no tashkeel or tatweel, unified alef/yeh/teh marbuta, Western digits)
   whose characters map back to the original, so offsets index the input.
2. :func:`resolve` turns one expression into ``YYYY-MM-DD``, ``YYYY-MM`` or
   ``YYYY`` following the contract: a date is never invented, so anything that
   needs the publication date returns ``None`` without one.

:func:`infer_year` supplies a year for an undated text from a weekday named with
a day and month, and :func:`parse_publication_date` reads a metadata line that
holds only a date.

Example:
    >>> [e.text for e in find_dates("التقى الوزيران الأربعاء في 3 آذار 2021")]
    ['الأربعاء', '3 آذار 2021']
    >>> resolve(find_dates("وصل أمس")[0], "2020-10-20")
    '2020-10-19'
"""

from __future__ import annotations

import calendar
import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from hijridate import Gregorian, Hijri

__all__ = [
    "KINDS",
    "DateExpr",
    "find_dates",
    "infer_year",
    "parse_publication_date",
    "resolve",
    "resolve_all",
]

logger = logging.getLogger(__name__)

#: Every value ``DateExpr.kind`` can take.
KINDS: frozenset[str] = frozenset(
    {
        "iso",
        "full",
        "day_month",
        "month_year",
        "month",
        "year",
        "weekday",
        "relative_day",
        "relative_week",
        "relative_month",
        "relative_year",
        "hijri",
    }
)

# --- thresholds -----------------------------------------------------------------------------
#: A bare four-digit number after a preposition (في، خلال، منذ ...) is a year only in this
#: range: news refers to the 20th and 21st centuries, while resolution numbers (2254) and
#: counts above 2100 are frequent in the same position.
PREP_YEAR_MIN = 1900
PREP_YEAR_MAX = 2100
#: After عام/سنة or a month name the year is explicit, so older years are allowed; the regex
#: accepts 1800-2100 (historical references in news rarely go further back).
NOUN_YEAR_RE = r"(?:1[89]\d\d|20\d\d|2100)"
#: Hijri years that news mentions (1300 AH = 1882 CE onwards); hijridate converts 1343-1500.
HIJRI_YEAR_RE = r"(?:1[345]\d\d)"
#: Year inference (seed 003's rule): candidate years are the latest year the text names and
#: the year after it, because news reports a recent event and may name the completed year.
INFER_WINDOW_YEARS = 1
#: A publication-date line is short: "• 2020-10-20" or "نشر في 12 آذار 2023 - 10:30 ص" stay
#: well under this; body sentences that merely contain a date are longer.
PUBLICATION_LINE_MAX_CHARS = 60
#: Week conventions (Python weekday of the first day): Saturday (much of the Arab world),
#: Sunday and Monday (ISO). A week reference resolves to the coarsest unit holding all three.
_WEEK_STARTS = (5, 6, 0)

# --- folding --------------------------------------------------------------------------------
# Characters dropped from the matching copy: tashkeel, superscript alef, Quranic marks,
# tatweel, bidi and zero-width controls, soft hyphen, BOM.
_DROP_RE = re.compile(
    "[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]"
)
# Runs of characters that _DROP_RE keeps (the same class, negated).
_KEEP_RUN_RE = re.compile(
    "[^\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]+"
)
_FOLD_TABLE = str.maketrans(
    {
        "\u0622": "\u0627",  # آ -> ا
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u06cc": "\u064a",  # Persian yeh -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
        "\u06a9": "\u0643",  # Persian kaf -> ك
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian) digits
    }
)
_TANWEEN_RE = re.compile("[\u064b\u064c\u064d]")
_SPACES_RE = re.compile(r"\s+")


def _fold(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and return the index of each kept character.

    Example:
        >>> _fold("\u0661\u0640\u0662")
        ('12', [0, 2])
    """
    if not _DROP_RE.search(text):
        return text.translate(_FOLD_TABLE), list(range(len(text)))
    kept: list[str] = []
    index: list[int] = []
    for m in _KEEP_RUN_RE.finditer(text):
        kept.append(m.group())
        index.extend(range(m.start(), m.end()))
    return "".join(kept).translate(_FOLD_TABLE), index


def _fold_form(form: str) -> str:
    """Fold a lexicon form the way texts are folded, with single spaces."""
    return _SPACES_RE.sub(" ", _fold(form)[0].strip())


# --- the expression -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DateExpr:
    """One date expression found in a text.

    Attributes:
        start: Offset of the first character in the searched text.
        end: Offset just past the last character (``text[start:end] == self.text``).
        text: The expression as written.
        kind: One of :data:`KINDS`.
        year: The stated year (Gregorian, or Hijri when ``calendar == "hijri"``).
        month: The stated month, 1-12.
        day: The stated day; for a range ("23 و24") the first day.
        day_end: The last day of a stated range, else ``None``.
        weekday: Python weekday of a named day (Monday 0 ... Sunday 6).
        offset_days: Days from the publication date for ``relative_day`` (أمس is -1).
        qualifier: "last" (الماضي، الفائت), "current" (الجاري، الحالي) or "next"
            (المقبل، القادم).
        part: "early" (أوائل، مطلع), "mid" (منتصف) or "late" (أواخر، نهاية).
        year_offset: Years from the publication year for "... من العام الماضي" (-1) or
            "... من هذا العام" (0).
        calendar: "gregorian" or "hijri".
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day_end: int | None = None
    weekday: int | None = None
    offset_days: int | None = None
    qualifier: str | None = None
    part: str | None = None
    year_offset: int | None = None
    calendar: str = "gregorian"


# --- lexicon --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Lexicon:
    greg: dict[str, int]
    hijri: dict[str, int]
    ambiguous_folded: frozenset[str]
    ambiguous_raw: frozenset[str]
    hijri_needs_year: frozenset[str]
    day_followers: frozenset[str]
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    qualifiers: dict[str, str]
    parts: dict[str, str]
    publication_words: frozenset[str]


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"months.json: {where} must be a non-empty list of strings")
    return [v for v in value if v.strip()]


def _numbered(table: Any, where: str, lo: int, hi: int) -> dict[str, int]:
    """Map folded forms to numbers from ``{"1": [forms]}``, checking the key range."""
    if not isinstance(table, dict):
        raise ValueError(f"months.json: {where} must be an object")
    out: dict[str, int] = {}
    for key, forms in table.items():
        if not key.lstrip("-").isdigit() or not lo <= int(key) <= hi:
            raise ValueError(f"months.json: {where} key {key!r} must be an integer in [{lo}, {hi}]")
        for form in _str_list(forms, f"{where}[{key}]"):
            folded = _fold_form(form)
            if out.get(folded, int(key)) != int(key):
                raise ValueError(f"months.json: {where} form {form!r} has two values")
            out[folded] = int(key)
    return out


def _labelled(table: Any, where: str, labels: set[str]) -> dict[str, str]:
    if not isinstance(table, dict) or set(table) != labels:
        raise ValueError(f"months.json: {where} must have exactly the keys {sorted(labels)}")
    return {_fold_form(f): label for label, forms in table.items() for f in _str_list(forms, where)}


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Load and validate ``data/months.json`` once."""
    raw = json.loads(
        resources.files("marsad.arabic").joinpath("data/months.json").read_text(encoding="utf-8")
    )
    greg_systems = raw.get("gregorian")
    if not isinstance(greg_systems, dict) or not greg_systems:
        raise ValueError("months.json: 'gregorian' must map system names to month tables")
    greg: dict[str, int] = {}
    for system, table in greg_systems.items():
        for form, num in _numbered(table, f"gregorian.{system}", 1, 12).items():
            if greg.get(form, num) != num:
                raise ValueError(f"months.json: {form!r} names two Gregorian months")
            greg[form] = num
    if set(greg.values()) != set(range(1, 13)):
        raise ValueError("months.json: every Gregorian month needs at least one form")
    hijri = _numbered(raw.get("hijri"), "hijri", 1, 12)
    ambiguous = _str_list(raw.get("ambiguous"), "ambiguous")
    return _Lexicon(
        greg=greg,
        hijri=hijri,
        ambiguous_folded=frozenset(_fold_form(a) for a in ambiguous),
        ambiguous_raw=frozenset(_DROP_RE.sub("", a) for a in ambiguous),
        # صفر is also "zero" (a score "3 صفر"): a Hijri month only with a year or هـ.
        hijri_needs_year=frozenset(
            _fold_form(a) for a in _str_list(raw.get("hijri_needs_year"), "hijri_needs_year")
        ),
        # Words after اليوم that make it "the day" rather than "today" (اليوم الأول، اليوم ذاته).
        day_followers=frozenset(
            _fold_form(a) for a in _str_list(raw.get("day_followers"), "day_followers")
        ),
        weekdays=_numbered(raw.get("weekdays"), "weekdays", 0, 6),
        relative_days=_numbered(raw.get("relative_days"), "relative_days", -2, 2),
        qualifiers=_labelled(
            raw.get("relative_qualifiers"), "relative_qualifiers", {"last", "current", "next"}
        ),
        parts=_labelled(raw.get("parts"), "parts", {"early", "mid", "late"}),
        # Words that may stand beside a date on a metadata line ("نشر في", "آخر تحديث").
        publication_words=frozenset(
            _fold_form(w).lower() for w in _str_list(raw.get("publication_words"), "publication")
        ),
    )


def _alt(forms: Iterable[str]) -> str:
    """A regex alternation of folded forms, longest first, inner spaces flexible."""
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(r"\s+".join(re.escape(w) for w in f.split(" ")) for f in ordered)


@dataclass(frozen=True, slots=True)
class _Grammar:
    iso: re.Pattern[str]
    dmy: re.Pattern[str]
    hijri: re.Pattern[str]
    hijri_year: re.Pattern[str]
    full: re.Pattern[str]
    month: re.Pattern[str]
    rel_day: re.Pattern[str]
    rel_period: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    prep_before: re.Pattern[str]
    definite_before: re.Pattern[str]
    time_cue_before: re.Pattern[str]


# Prepositions that make a following month name or four-digit number a date.
_YEAR_PREPS = r"في|خلال|منذ|حتي|الي|قبل|بعد|بحلول"
_PREPS = _YEAR_PREPS + r"|مطلع|اواخر|اوائل|منتصف|نهايه|بدايه"
_CLITIC = r"(?:[وف]?[بلك]?)"
_LEFT = r"(?<![\w.,:/\-])"
_YEAR_NOUNS = r"عام|العام|سنه|السنه|عامي"
_NOT_NUMBER_AFTER = r"(?!\s*(?:%|٪|\d|[.,]\d|دولار|يورو|ليره|ريال|درهم|دينار|جنيه|روبل))"


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    """Compile the patterns once from the lexicon."""
    lex = _lexicon()
    greg = _alt(lex.greg)
    hij = _alt(lex.hijri)
    wd = _alt(lex.weekdays)
    qual = _alt(lex.qualifiers)
    part = _alt(lex.parts)
    rel = _alt(lex.relative_days)

    wd_prefix = rf"(?:(?P<wd>{wd})\s*[,،]?\s*(?:(?:الموافق|الموافقه)\s+)?)?"
    day = r"(?P<day>\d{1,2})(?!\d)"
    day2 = r"(?:\s*(?:و|-|–|الي|حتي)\s*(?P<day2>\d{1,2})(?!\d))?"
    pair = rf"(?:\s*[/(]\s*(?P<m2>{greg})(?!\w)(?:\s*\))?)?"
    year_tail = (
        rf"(?:\s*[,،]?\s*(?:من\s+)?(?:(?:{_YEAR_NOUNS})\s+)?(?P<year>{NOUN_YEAR_RE})(?!\d)"
        r"(?:\s*م(?!\w))?)?"
    )
    rel_year = (
        r"(?:\s+من\s+(?:(?P<ythis>هذا\s+العام|هذه\s+السنه)|(?:العام|السنه)\s+"
        rf"(?P<yq>{qual})(?!\w)))?"
    )
    post_q = rf"(?:\s+(?P<q>{qual})(?!\w))?"
    part_pre = rf"(?:(?P<part>{part})\s+)?"

    return _Grammar(
        iso=re.compile(
            rf"{_LEFT}(?P<x>(?P<y>\d{{4}})(?P<sep>[-/.])(?P<mo>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}))"
            r"(?![\d/])"
        ),
        dmy=re.compile(
            rf"{_LEFT}(?P<x>(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<mo>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}))"
            r"(?![\d/])"
        ),
        hijri=re.compile(
            rf"(?<!\w){_CLITIC}(?P<x>{wd_prefix}{part_pre}(?:{day}{day2}\s*(?:من\s+)?)?"
            rf"(?P<shahr>شهر\s+)?(?P<m1>{hij})(?!\w)"
            rf"(?:\s*[,،]?\s*(?:من\s+)?(?:(?:{_YEAR_NOUNS})\s+)?(?P<year>{HIJRI_YEAR_RE})(?!\d))?"
            r"(?:\s*(?P<h>ه|هجري|هجريه|للهجره)(?!\w))?)"
        ),
        hijri_year=re.compile(
            rf"(?<!\w){_CLITIC}(?P<x>(?:(?:{_YEAR_NOUNS})\s+)?(?P<year>{HIJRI_YEAR_RE})"
            r"\s*(?:ه|هجري|هجريه|للهجره)(?!\w))"
        ),
        full=re.compile(
            rf"(?<![\w.,:/\-]){_CLITIC}(?P<x>{wd_prefix}{day}{day2}\s*(?:من\s+)?(?:شهر\s+)?"
            rf"(?P<m1>{greg})(?!\w){pair}{year_tail}{rel_year}{post_q})"
        ),
        month=re.compile(
            rf"(?<!\w)(?P<cl>{_CLITIC})(?P<x>{part_pre}(?P<shahr>شهر\s+)?(?P<m1>{greg})(?!\w)"
            rf"{pair}{year_tail}{rel_year}{post_q})"
        ),
        rel_day=re.compile(rf"(?<!\w)(?P<cl>{_CLITIC})(?P<x>{rel})(?!\w)"),
        rel_period=re.compile(
            rf"(?<!\w){_CLITIC}(?P<x>{part_pre}(?:(?P<unit>الاسبوع|الشهر|العام|السنه)\s+"
            rf"(?P<q>{qual})|(?P<this>هذا\s+(?:الاسبوع|الشهر|العام)|هذه\s+السنه))(?!\w))"
        ),
        year=re.compile(
            rf"(?<!\w){_CLITIC}(?:(?P<prep>{_YEAR_PREPS})\s+)?(?P<x>{part_pre}"
            rf"(?:(?P<noun>{_YEAR_NOUNS})\s*)?(?P<year>\d{{4}})(?![\d/.\-]\d)(?!\d)"
            rf"(?:\s*(?P<ad>م)(?!\w))?){_NOT_NUMBER_AFTER}"
        ),
        weekday=re.compile(rf"(?<!\w){_CLITIC}(?P<x>(?P<wd>{wd}){post_q})(?!\w)"),
        prep_before=re.compile(rf"(?:^|[^\w])(?:[وف]?(?:{_PREPS}))\s+$"),
        definite_before=re.compile(r"(?:^|[^\w])[وفبلك]?ال\w+\s+$"),
        time_cue_before=re.compile(r"(?:^|[^\w])(?:صباح|مساء|ظهر|فجر|ليل|ليله|يوم|عصر)\s+$"),
    )


# --- finding --------------------------------------------------------------------------------
class _Scan:
    """Accepted spans of one text, in folded coordinates, kept free of overlaps."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.index = _fold(text)
        self.taken: list[tuple[int, int]] = []
        self.found: list[DateExpr] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def before(self, s: int, width: int = 24) -> str:
        return self.folded[max(0, s - width) : s]

    def original(self, s: int, e: int) -> tuple[int, int]:
        """Map a folded span to the original, taking trailing marks (tanween) along."""
        start = self.index[s]
        end = self.index[e - 1] + 1
        while end < len(self.text) and _DROP_RE.match(self.text[end]):
            end += 1
        return start, end

    def add(self, s: int, e: int, kind: str, **parts: Any) -> None:
        if s >= e or not self.free(s, e):
            return
        start, end = self.original(s, e)
        self.taken.append((s, e))
        self.found.append(DateExpr(start, end, self.text[start:end], kind, **parts))


def _valid_day(year: int | None, month: int, day: int) -> bool:
    # 2000 is a leap year, so 29 February stays possible when the year is unknown.
    return 1 <= day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def _valid_ymd(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= year <= 9999 and _valid_day(year, month, day)


def _month_of(lex_map: dict[str, int], m: re.Match[str], group: str) -> int | None:
    found = m.group(group)
    return None if found is None else lex_map.get(_SPACES_RE.sub(" ", found))


def _rel_fields(m: re.Match[str], lex: _Lexicon) -> dict[str, Any]:
    """Qualifier, part and year offset groups shared by the month patterns."""
    q = m.group("q")
    part = m.group("part") if "part" in m.re.groupindex else None
    fields: dict[str, Any] = {
        "qualifier": lex.qualifiers.get(q) if q else None,
        "part": lex.parts.get(_SPACES_RE.sub(" ", part)) if part else None,
    }
    if m.group("ythis"):
        fields["year_offset"] = 0
    elif m.group("yq"):
        fields["year_offset"] = {"last": -1, "current": 0, "next": 1}[lex.qualifiers[m["yq"]]]
    return fields


def _scan_numeric(sc: _Scan, g: _Grammar) -> None:
    for pattern in (g.iso, g.dmy):
        for m in pattern.finditer(sc.folded):
            y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
            if PREP_YEAR_MIN <= y <= PREP_YEAR_MAX and _valid_ymd(y, mo, d):
                sc.add(*m.span("x"), "iso", year=y, month=mo, day=d)


def _scan_hijri(sc: _Scan, g: _Grammar, lex: _Lexicon) -> None:
    for m in g.hijri.finditer(sc.folded):
        month = _month_of(lex.hijri, m, "m1")
        if month is None:
            continue
        year = int(m["year"]) if m["year"] else None
        day = int(m["day"]) if m["day"] else None
        needs_year = _SPACES_RE.sub(" ", m["m1"]) in lex.hijri_needs_year
        # A Hijri month name alone is usually a person's name (رمضان، رجب): take it only
        # with a year, the هـ mark, شهر, or a day number before it.
        if not (year or m["h"] or ((m["shahr"] or day) and not needs_year)):
            continue
        if day is not None and not 1 <= day <= 30:
            continue
        s, e = m.span("x")
        if m["wd"] is None and m["part"] is None and m["day"] is None and m["shahr"] is None:
            s = m.start("m1")
        sc.add(
            s,
            e,
            "hijri",
            year=year,
            month=month,
            day=day,
            day_end=int(m["day2"]) if m["day2"] else None,
            weekday=lex.weekdays.get(m["wd"]) if m["wd"] else None,
            part=lex.parts.get(_SPACES_RE.sub(" ", m["part"])) if m["part"] else None,
            calendar="hijri",
        )
    for m in g.hijri_year.finditer(sc.folded):
        sc.add(*m.span("x"), "hijri", year=int(m["year"]), calendar="hijri")


def _scan_full(sc: _Scan, g: _Grammar, lex: _Lexicon) -> None:
    for m in g.full.finditer(sc.folded):
        month = _month_of(lex.greg, m, "m1")
        if month is None:
            continue
        year = int(m["year"]) if m["year"] else None
        day = int(m["day"])
        day2 = int(m["day2"]) if m["day2"] else None
        if not _valid_day(year, month, day) or (day2 is not None and not day < day2 <= 31):
            continue
        fields = _rel_fields(m, lex)
        fields.pop("part")
        sc.add(
            *m.span("x"),
            "full" if year else "day_month",
            year=year,
            month=month,
            day=day,
            day_end=day2,
            weekday=lex.weekdays.get(m["wd"]) if m["wd"] else None,
            **fields,
        )


def _scan_month(sc: _Scan, g: _Grammar, lex: _Lexicon) -> None:
    for m in g.month.finditer(sc.folded):
        month = _month_of(lex.greg, m, "m1")
        if month is None:
            continue
        year = int(m["year"]) if m["year"] else None
        name = _SPACES_RE.sub(" ", m["m1"])
        if name in lex.ambiguous_folded and not year:
            # "مارس" (he practised), "آب"/"أب" (father), "نيسان" (a car maker): a month only
            # when paired, qualified or after a preposition, unattached, in a listed spelling.
            s0, e0 = sc.original(*m.span("m1"))
            raw = _DROP_RE.sub("", sc.text[s0:e0])
            cued = bool(
                m["m2"] or m["part"] or m["shahr"] or m["q"] or m["ythis"] or m["yq"]
            ) or bool(g.prep_before.search(sc.before(m.start("x"))))
            if m["cl"] or raw not in lex.ambiguous_raw or not cued:
                continue
        kind = "month_year" if year else "month"
        sc.add(*m.span("x"), kind, year=year, month=month, **_rel_fields(m, lex))


def _scan_relative(sc: _Scan, g: _Grammar, lex: _Lexicon) -> None:
    for m in g.rel_day.finditer(sc.folded):
        word = _SPACES_RE.sub(" ", m["x"])
        s, e = m.span("x")
        after = sc.folded[e : e + 24]
        if word == "اليوم":
            # "اليوم التالي", "اليوم الوطني", "اليوم الأول", "اليوم ذاته": an ordinal, a
            # nisba adjective or a demonstrative follows, so it is "the day", not today.
            nxt = re.match(r"\s+(\w+)", after)
            follower = nxt.group(1) if nxt else ""
            if follower in lex.day_followers or (
                follower.startswith("ال") and follower.endswith("ي") and len(follower) > 4
            ):
                continue
        elif word in ("غدا", "غد", "الغد", "الامس"):
            # غدا without tanween is also the verb "became"; الغد/الأمس alone also mean
            # "the future"/"the past". Require tanween, a time noun before, or بـ (بالأمس).
            start, end = sc.original(s, e)
            cued = bool(g.time_cue_before.search(sc.before(s)))
            if word == "غدا":
                ok = bool(_TANWEEN_RE.search(sc.text[start:end])) or cued
                ok = ok or bool(re.match(r"\s*(?:[.،,؛:!?]|$)", after))
            else:
                ok = cued or m["cl"].endswith("ب")
            if not ok:
                continue
        sc.add(s, e, "relative_day", offset_days=lex.relative_days[word])
    for m in g.rel_period.finditer(sc.folded):
        s, e = m.span("x")
        unit = m["unit"] or m["this"].split()[-1]
        if unit in ("العام", "السنه") and m["unit"] and g.definite_before.search(sc.before(s)):
            continue  # "الأمين العام الحالي": العام is the adjective "general"
        qualifier = lex.qualifiers[m["q"]] if m["q"] else "current"
        kind = {"الاسبوع": "relative_week", "الشهر": "relative_month"}.get(unit, "relative_year")
        part = lex.parts.get(_SPACES_RE.sub(" ", m["part"])) if m["part"] else None
        sc.add(s, e, kind, qualifier=qualifier, part=part)


def _scan_year(sc: _Scan, g: _Grammar, lex: _Lexicon) -> None:
    for m in g.year.finditer(sc.folded):
        year = int(m["year"])
        if m["noun"] or m["part"]:
            ok = 1800 <= year <= PREP_YEAR_MAX
        else:
            ok = bool(m["prep"] or m["ad"]) and PREP_YEAR_MIN <= year <= PREP_YEAR_MAX
        if ok:
            part = lex.parts.get(_SPACES_RE.sub(" ", m["part"])) if m["part"] else None
            sc.add(*m.span("x"), "year", year=year, part=part)


def _scan_weekday(sc: _Scan, g: _Grammar, lex: _Lexicon) -> None:
    for m in g.weekday.finditer(sc.folded):
        s, e = m.span("x")
        wd = lex.weekdays[m["wd"]]
        after = sc.folded[e : e + 8]
        if wd == 6 and re.match(r"\s+عشر", after):
            continue  # الأحد عشر: eleven
        if wd == 0 and re.search(r"(?:^|\W)ال\w+(?:ين|ان)\s+$", sc.before(s)):
            continue  # "الطرفين الاثنين": both, not Monday
        q = m["q"]
        sc.add(s, e, "weekday", weekday=wd, qualifier=lex.qualifiers.get(q) if q else None)


def find_dates(text: str) -> list[DateExpr]:
    """Find every date expression in ``text``, in order of position.

    Args:
        text: Any string; Arabic-Indic digits, tashkeel and tatweel are handled.

    Returns:
        Non-overlapping expressions; ``text[e.start:e.end] == e.text`` for each.

    Example:
        >>> [(e.kind, e.text) for e in find_dates("صدر القرار 2254 خلال عام 2015")]
        [('year', 'عام 2015')]
    """
    if not text:
        return []
    g, lex = _grammar(), _lexicon()
    sc = _Scan(text)
    # Most specific first; a later pattern never overlaps an accepted span.
    _scan_numeric(sc, g)
    _scan_hijri(sc, g, lex)
    _scan_full(sc, g, lex)
    _scan_month(sc, g, lex)
    _scan_relative(sc, g, lex)
    _scan_year(sc, g, lex)
    _scan_weekday(sc, g, lex)
    return sorted(sc.found, key=lambda e: (e.start, e.end))


# --- resolving ------------------------------------------------------------------------------
def _parse_anchor(anchor: str | None) -> date | None:
    if anchor is None:
        return None
    try:
        return date.fromisoformat(anchor[:10])
    except ValueError as err:
        raise ValueError(f"anchor must be an ISO date YYYY-MM-DD, got {anchor!r}") from err


def _iso(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _year_for_month(month: int, qualifier: str | None, ref: date) -> int:
    """The year of a named month relative to ``ref`` (the contract's nearest-not-after rule)."""
    if qualifier == "current":
        return ref.year
    if qualifier == "next":
        return ref.year if month > ref.month else ref.year + 1
    if qualifier == "last":
        return ref.year if month < ref.month else ref.year - 1
    return ref.year if month <= ref.month else ref.year - 1


def _coarsen(first: date, last: date) -> str | None:
    """The finest of YYYY-MM-DD, YYYY-MM, YYYY that holds both ends, else None."""
    if first == last:
        return _iso(first)
    if (first.year, first.month) == (last.year, last.month):
        return _ym(first.year, first.month)
    return f"{first.year:04d}" if first.year == last.year else None


_OFFSET = {"last": -1, "current": 0, "next": 1, None: 0}


def _resolve_hijri(expr: DateExpr, ref: date | None) -> str | None:
    month, day, year = expr.month, expr.day, expr.year
    if month is None:
        if year is None:
            return None
        return _coarsen(_h2d(year, 1, 1), _hijri_month_end(year, 12))
    if year is None:
        if ref is None:
            return None
        h = Gregorian(ref.year, ref.month, ref.day).to_hijri()
        key, now = (month, day or 1), (h.month, h.day if day else 1)
        year = h.year if key <= now else h.year - 1
    if day is not None:
        return _iso(_h2d(year, month, day))
    return _coarsen(_h2d(year, month, 1), _hijri_month_end(year, month))


def _h2d(year: int, month: int, day: int) -> date:
    """Hijri (Umm al-Qura, via hijridate) to a plain ``datetime.date``."""
    g = Hijri(year, month, day).to_gregorian()
    return date(g.year, g.month, g.day)


def _hijri_month_end(year: int, month: int) -> date:
    return _h2d(year, month, Hijri(year, month, 1).month_length())


def _resolve_week(qualifier: str | None, ref: date) -> str | None:
    shift = 7 * _OFFSET[qualifier]
    starts = [ref - timedelta(days=(ref.weekday() - s) % 7 - shift) for s in _WEEK_STARTS]
    return _coarsen(min(starts), max(starts) + timedelta(days=6))


def _resolve_weekday(expr: DateExpr, ref: date) -> str:
    wd = expr.weekday if expr.weekday is not None else ref.weekday()
    back = (ref.weekday() - wd) % 7
    if expr.qualifier == "next":
        return _iso(ref + timedelta(days=(wd - ref.weekday()) % 7 or 7))
    if expr.qualifier == "last" and back == 0:
        back = 7
    return _iso(ref - timedelta(days=back))


def _resolve_named(expr: DateExpr, anchor: date | None, ref: date | None) -> str | None:
    """Kinds that carry a month name: month, month_year, day_month."""
    if expr.month is None:
        return None
    year = expr.year
    if year is None and expr.year_offset is not None:
        year = None if anchor is None else anchor.year + expr.year_offset
    elif year is None and ref is not None:
        year = _year_for_month(expr.month, expr.qualifier, ref)
    if year is None:
        return None
    if expr.day is None:
        return _ym(year, expr.month)
    return (
        _iso(date(year, expr.month, expr.day)) if _valid_day(year, expr.month, expr.day) else None
    )


def _resolve(expr: DateExpr, anchor: date | None, ref: date | None) -> str | None:
    kind = expr.kind
    if kind in ("iso", "full") and expr.year and expr.month and expr.day:
        return _iso(date(expr.year, expr.month, expr.day))
    if kind == "year" and expr.year is not None:
        return f"{expr.year:04d}"
    if kind in ("month", "month_year", "day_month"):
        return _resolve_named(expr, anchor, ref)
    if kind == "hijri":
        return _resolve_hijri(expr, ref)
    if anchor is None:
        return None  # everything below counts from the publication date
    if kind == "weekday":
        return _resolve_weekday(expr, anchor)
    if kind == "relative_day" and expr.offset_days is not None:
        return _iso(anchor + timedelta(days=expr.offset_days))
    if kind == "relative_week":
        return _resolve_week(expr.qualifier, anchor)
    if kind == "relative_month":
        months = anchor.year * 12 + anchor.month - 1 + _OFFSET[expr.qualifier]
        return _ym(months // 12, months % 12 + 1)
    if kind == "relative_year":
        return f"{anchor.year + _OFFSET[expr.qualifier]:04d}"
    return None


def resolve(expr: DateExpr, anchor: str | None, *, context: str | None = None) -> str | None:
    """Resolve one expression to ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, or ``None``.

    Args:
        expr: An expression from :func:`find_dates`.
        anchor: The publication date (``YYYY-MM-DD``) or ``None`` when unknown.
        context: A date the text itself establishes (see :func:`infer_year`). It stands in
            for the anchor only for month names without a year ("شباط المقبل"), never for
            weekdays or words like أمس, which count from the publication date.

    Returns:
        The ISO string, or ``None`` when the expression cannot be dated without inventing.

    Raises:
        ValueError: ``anchor`` or ``context`` is not an ISO date.

    Example:
        >>> resolve(find_dates("الأربعاء")[0], "2020-10-20")
        '2020-10-14'
        >>> resolve(find_dates("شباط المقبل")[0], None) is None
        True
    """
    a = _parse_anchor(anchor)
    ref = a if a is not None else _parse_anchor(context)
    try:
        return _resolve(expr, a, ref)
    except (ValueError, OverflowError) as err:
        # A date outside the calendar's range (year 10000, a Hijri year hijridate lacks).
        logger.debug("cannot resolve %r: %s", expr.text, err)
        return None


def _weekday_dated(exprs: Iterable[DateExpr]) -> Iterator[DateExpr]:
    for e in exprs:
        if e.kind == "day_month" and e.weekday is not None and e.day and e.month:
            yield e


def infer_year(text: str, exprs: Sequence[DateExpr] | None = None) -> int | None:
    """Infer the year of an undated text from a weekday named with a day and month.

    The candidates are the latest Gregorian year the text names and the year after it
    (:data:`INFER_WINDOW_YEARS`); a candidate survives when every "weekday day month" in
    the text falls on that weekday. Exactly one survivor is returned.

    Args:
        text: The text; searched with :func:`find_dates` when ``exprs`` is not given.
        exprs: Expressions already found in ``text``.

    Returns:
        The year, or ``None`` when the text names no year, has no weekday-dated day, or
        more or fewer than one candidate fits.

    Example:
        >>> infer_year("اتصالات خلال عام 2020 ثم لقاء الثلاثاء 26 من كانون الثاني")
        2021
    """
    found = list(exprs) if exprs is not None else find_dates(text)
    targets = list(_weekday_dated(found))
    named = [e.year for e in found if e.year is not None and e.calendar == "gregorian"]
    if not targets or not named:
        return None
    latest = max(named)
    fits = [
        y
        for y in range(latest, latest + INFER_WINDOW_YEARS + 1)
        if all(
            e.month is not None
            and e.day is not None
            and _valid_day(y, e.month, e.day)
            and date(y, e.month, e.day).weekday() == e.weekday
            for e in targets
        )
    ]
    return fits[0] if len(fits) == 1 else None


def resolve_all(text: str, anchor: str | None) -> list[tuple[DateExpr, str | None]]:
    """Find and resolve every date expression in ``text``.

    Without an anchor, a year from :func:`infer_year` dates the weekday-named day, and that
    day serves as ``context`` for the other month names of the text.

    Example:
        >>> [v for _, v in resolve_all("زار الوفد طهران الأربعاء", "2020-10-20")]
        ['2020-10-14']
    """
    exprs = find_dates(text)
    context: str | None = None
    if anchor is None:
        year = infer_year(text, exprs)
        first = next(_weekday_dated(exprs), None)
        if year is not None and first is not None and first.month and first.day:
            context = _iso(date(year, first.month, first.day))
    return [(e, resolve(e, anchor, context=context)) for e in exprs]


# --- publication date -----------------------------------------------------------------------
_BULLET_RE = re.compile(r"^[\s•·*\-–—|>]+")
_TIME_RE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*(?:ص|م|am|pm|AM|PM)(?!\w))?"
    r"|T(?=\d)|(?:[+-]\d{2}:?\d{2}|Z)(?!\w)"
)
_WORD_RE = re.compile(r"\w+")
#: A time-zone tail after the clock time: "بتوقيت مكة المكرمة", "توقيت غرينتش", "GMT".
_TIMEZONE_RE = re.compile(r"ب?توقيت(?:\s+[^\s\d]+){1,2}\s*$|\b(?:GMT|UTC)\b", re.IGNORECASE)


def parse_publication_date(text: str) -> str | None:
    """Read a publication date from a short line that holds only a date.

    Accepted lines: "• 2020-10-20", "نشر في 12 آذار 2023", "2023/05/24 - 10:30". A line
    with © or حقوق is a footer and is skipped; a date inside a sentence is not taken.

    Returns:
        ``YYYY-MM-DD`` of the first such line, or ``None``.

    Example:
        >>> parse_publication_date("عنوان الخبر\\n• 2020-10-20\\n• 14463")
        '2020-10-20'
    """
    lex = _lexicon()
    for raw_line in text.splitlines():
        line = _BULLET_RE.sub("", raw_line).strip()
        if not line or len(line) > PUBLICATION_LINE_MAX_CHARS:
            continue
        if "\u00a9" in line or "حقوق" in _fold(line)[0]:
            continue
        exprs = find_dates(line)
        dated = [
            e
            for e in exprs
            if (e.kind in ("iso", "full") or (e.kind == "hijri" and e.year and e.day))
        ]
        if not dated:
            continue
        rest = list(line)
        for e in exprs:
            rest[e.start : e.end] = [" "] * (e.end - e.start)
        leftover = _TIME_RE.sub(" ", _fold("".join(rest))[0])
        leftover = _TIMEZONE_RE.sub(" ", leftover.strip())
        if all(w.lower() in lex.publication_words for w in _WORD_RE.findall(leftover)):
            return resolve(dated[0], None)
    return None
