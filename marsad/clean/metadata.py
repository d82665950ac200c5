"""Metadata of a cleaned page: outlet, publication date, author, cited media.

Metadata often sits only in the chrome that cleaning removed, so
:func:`extract_metadata` reads ``doc.removed`` (with its reasons) as well as
``doc.text``. Given metadata (``doc.source.outlet`` / ``published``) wins.

* outlet, first found of: given; ``Site icon X``; the site name at the top
  of the page (the Arabic side of ``Latin | عربي``, or a Latin name that
  ``data/outlets.json`` knows); a byline ``X – فريق التحرير``; a source line
  ``المصدر: X`` (not when a Latin-only site name shows that the page is not
  that known medium); an appeal ``ادعم X`` / ``تبرع لـX``; a copyright line
  (``جميع الحقوق محفوظة © X``); a removed line that is only a known outlet's
  name; a dateline byline ``X – خاص`` only when X is a known outlet (it is
  usually a city). Copied as the page writes it.
* published: given, else the first date that
  :func:`marsad.arabic.dates.parse_publication_date` reads in a removed
  metadata line or one of its ``|``-separated fields.
* author: ``بقلم/بواسطة/الكاتب: X`` or a newsroom item of a metadata block.
* cites: known outlets (``data/outlets.json``) that the kept text names as a
  source — after a citation cue (``وكالة``, ``وفقاً لـ``, ``نقلاً عن``,
  ``بحسب``, ``ذكرت``, ``أفادت`` …) in the same sentence, followed by a
  reporting verb, or credited in a dateline (``دمشق، 4 آذار (رويترز) -``) —
  as canonical Arabic names, minus the outlet itself. A name that is also a
  common word (``الوطن``, ``تشرين``) counts only right after a media noun
  (``صحيفة``, ``قناة`` …) or in a variant that starts with one (``وكالة
  الأنباء القطرية``). A source line naming a known medium other than the
  outlet adds it.

Example:
    >>> from marsad.doc import NewsDoc, Source
    >>> doc = NewsDoc(source=Source(name="a"), raw="")
    >>> doc.text = "وذكرت وكالة سانا أن الوفد وصل."
    >>> extract_metadata(doc).cites
    ['سانا']
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.arabic.normalize import line_key as _key
from marsad.arabic.normalize import match_key
from marsad.clean.deobfuscate import deobfuscate
from marsad.clean.lines import (
    BULLET_RE,
    BYLINE_PREFIX_RE,
    BYLINE_TEAM_RE,
    MASTHEAD_SPLIT_RE,
    SITE_ICON_RE,
    SOURCE_LINE_RE,
    bar_items,
    cues,
    latin_only,
    masthead_name,
    site_name_in,
)
from marsad.doc import NewsDoc

__all__ = ["Outlet", "extract_metadata", "find_cites", "outlet_from_lines", "outlets"]

logger = logging.getLogger(__name__)

#: Longest outlet name read from chrome (words): outlet names are 1–4 words
#: ("الوكالة العربية السورية للأنباء" has 4); longer is a sentence.
OUTLET_MAX_WORDS = 5

_EDGE_PUNCT_RE = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_SENTENCE_END_RE = re.compile(r"[.!?\u061f\n]")
_QUOTES_RE = re.compile("[\u201c\u201d\u00ab\u00bb\"'\u2018\u2019()\\[\\]]")
#: ``ادعم X`` / ``ادعموا X`` / ``تبرع لـX`` / ``تبرعوا لـX`` on a line without
#: tashkeel and tatweel; the name runs to the next punctuation.
_APPEAL_OUTLET_RE = re.compile(
    "(?<![^\\W_])(?:[\u0627\u0623\u0625]\u062f\u0639\u0645(?:\u0648\u0627)?\\s+"
    "|\u062a\u0628\u0631\u0639(?:\u0648\u0627)?\\s+\u0644\\s*)"
    '(?P<name>[^.,:;!?\u060c\u061b\u061f()\u00ab\u00bb"|\u2013\u2014-]+)'
)
_TASHKEEL_TATWEEL_RE = re.compile("[\u064b-\u0652\u0670\u0640]")
#: A copyright footer: the phrases, ©, years and the glued ``ل`` ("محفوظة لـX").
_COPYRIGHT_JUNK_RE = re.compile(
    "(?:\u062c\u0645\u064a\u0639|\u0643\u0644)?\\s*\u0627\u0644\u062d\u0642\u0648\u0642\\s+"
    "\u0645\u062d\u0641\u0648\u0638[\u0629\u0647]"
    "|\u062d\u0642\u0648\u0642\\s+(?:\u0627\u0644\u0637\u0628\u0639\\s+\u0648)?"
    "(?:\u0627\u0644\u0646\u0634\u0631|\u0627\u0644\u0637\u0628\u0639)\\s+"
    "\u0645\u062d\u0641\u0648\u0638[\u0629\u0647]"
    "|all rights reserved|copyright|\u00a9|\\b(?:19|20)\\d{2}\\b(?:\\s*[-\u2013]\\s*(?:19|20)\\d{2})?"
    "|[\u0661\u0662][\u0660-\u0669]{3}(?:\u0647\u0640?)?|\\b14\\d{2}\\s*\u0647\u0640?",
    re.IGNORECASE,
)
#: ``لـ`` / ``ل`` left at the start of the name ("محفوظة لشرفة دمشق"), with
#: the word "site" (``لموقع X`` / ``موقع X``).
_LEADING_LAM_RE = re.compile("^(?:\u0644\u0640?\\s*)?(?:\u0645\u0648\u0642\u0639\\s+)?(?=\\S)")
#: A first word carrying the possessive "our" (``صحافتنا``, ``موقعنا``): an
#: appeal speaks of its own work, not a name.
_OUR_RE = re.compile("^\\S{3,}\u0646\u0627$")
#: A dateline credit at the start of a paragraph: ``دمشق، 4 آذار (رويترز) -``.
_DATELINE_CREDIT_RE = re.compile(
    "^[^\\n().:\u061f!?]{1,60}?\\((?P<name>[^()\\n]{1,30})\\)\\s*[-\u2013\u2014:]",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Outlet:
    """One news outlet or agency from ``data/outlets.json``."""

    name: str
    kind: str
    country: str | None
    variants: tuple[str, ...]
    needs_media_noun: bool


@dataclass(frozen=True, slots=True)
class _Tables:
    outlets: tuple[Outlet, ...]
    by_key: dict[str, Outlet]
    mention_re: re.Pattern[str]
    cue_re: re.Pattern[str]
    cue_after_re: re.Pattern[str]
    media_re: re.Pattern[str]
    not_outlet: frozenset[str]
    qualified: frozenset[str]
    window: int
    window_after: int


def _strings(data: dict[str, Any], name: str, where: str) -> list[str]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: '{name}' must be a list of non-empty strings")
    return value


def _words_alt(keys: Iterable[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(set(keys), key=len, reverse=True))


def _read_json(name: str) -> dict[str, Any]:
    raw = resources.files("marsad.clean").joinpath(f"data/{name}").read_text("utf-8")
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError(f"{name} must hold an object")
    return data


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = _read_json("outlets.json")
    entries = data.get("outlets")
    if not isinstance(entries, list) or not entries:
        raise ValueError("outlets.json: 'outlets' must be a non-empty list")
    items: list[Outlet] = []
    by_key: dict[str, Outlet] = {}
    for i, e in enumerate(entries):
        where = f"outlets.json entry {i}"
        if not isinstance(e, dict) or not isinstance(e.get("name"), str):
            raise ValueError(f"{where}: needs a 'name' string")
        variants = [e["name"], *_strings(e, "ar", where), *_strings(e, "lat", where)]
        outlet = Outlet(
            name=e["name"],
            kind=str(e.get("kind", "site")),
            country=e.get("country") if isinstance(e.get("country"), str) else None,
            variants=tuple(dict.fromkeys(variants)),
            needs_media_noun=bool(e.get("needs_media_noun", False)),
        )
        items.append(outlet)
        for v in outlet.variants:
            by_key.setdefault(_key(v), outlet)
    cite = _read_json("citation.json")
    window = cite.get("window_words", 6)
    window_after = cite.get("window_after", 3)
    if not isinstance(window, int) or not isinstance(window_after, int):
        raise ValueError("citation.json: window sizes must be integers")
    names = _words_alt(by_key)
    # Up to two proclitics (و ف ب ل ك) may be glued to a name: "لوكالة", "وبحسب".
    mention_re = re.compile(
        f"(?<![^\\W_])(?:[\u0648\u0641\u0628\u0644\u0643]{{0,2}})({names})(?![^\\W_])"
    )
    cue_keys = [_key(c) for c in _strings(cite, "cues", "citation.json")]
    cue_re = re.compile(f"(?<![^\\W_])[\u0648\u0641]?(?:{_words_alt(cue_keys)})(?![^\\W_])")
    after_keys = [_key(c) for c in _strings(cite, "cues_after", "citation.json")]
    cue_after_re = re.compile(f"(?<![^\\W_])[\u0648\u0641]?(?:{_words_alt(after_keys)})(?![^\\W_])")
    media_keys = [_key(c) for c in _strings(cite, "media_nouns", "citation.json")]
    media_re = re.compile(
        f"(?<![^\\W_])[\u0648\u0641\u0628\u0644]{{0,2}}(?:{_words_alt(media_keys)})\\s*$"
    )
    # A variant that opens with a media noun ("وكالة الأنباء القطرية") names
    # the medium unambiguously, even when its short name is a common word.
    media_start = re.compile(f"^(?:{_words_alt(media_keys)})(?![^\\W_])")
    qualified = frozenset(k for k in by_key if media_start.match(k))
    return _Tables(
        outlets=tuple(items),
        qualified=qualified,
        by_key=by_key,
        mention_re=mention_re,
        cue_re=cue_re,
        cue_after_re=cue_after_re,
        media_re=media_re,
        not_outlet=frozenset(_key(v) for v in _strings(cite, "not_outlet", "citation.json")),
        window=window,
        window_after=window_after,
    )


def outlets() -> tuple[Outlet, ...]:
    """All known outlets, as loaded (and validated) from ``data/outlets.json``."""
    return _tables().outlets


def lookup_outlet(name: str) -> Outlet | None:
    """The known outlet one of whose variants is ``name`` (matching key)."""
    return _tables().by_key.get(_key(_EDGE_PUNCT_RE.sub("", name)))


def _clean_name(name: str) -> str | None:
    name = _QUOTES_RE.sub("", name)
    name = _EDGE_PUNCT_RE.sub("", name).strip()
    if not name or len(name.split()) > OUTLET_MAX_WORDS:
        return None
    if _key(name) in _tables().not_outlet:
        return None
    return name


def _site_icon(line: str) -> str | None:
    m = SITE_ICON_RE.match(line)
    return _clean_name(m.group("name")) if m else None


def _byline_outlet(line: str) -> str | None:
    m = BYLINE_TEAM_RE.match(line)
    if not m:
        return None
    team = _key(m.group("team").strip())
    c = cues()
    if team not in c.byline_team and team not in c.byline_team_weak:
        return None
    name = _clean_name(m.group("name"))
    # "القاهرة - خاص": before a weak cue the name may be a dateline city.
    if name and team in c.byline_team_weak and lookup_outlet(name) is None and _is_place(name):
        return None
    return name


@lru_cache(maxsize=1024)
def _is_place(name: str) -> bool:
    """A place the knowledge base knows (loaded on first use, shared with
    the entity stage); ``True`` when the base cannot be read, to stay safe."""
    try:
        from marsad.entities.kb import default_kb

        entries = default_kb().lookup(match_key(name))
    except (ImportError, OSError, ValueError):  # no base to read: assume a place
        logger.warning("knowledge base unavailable: dateline names are not taken as outlets")
        return True
    return any(e.type == "LOC" for e in entries)


def _masthead_outlet(line: str) -> str | None:
    """The Arabic side of a two-script site name; a Latin-only one when known."""
    both = masthead_name(line)
    if both is not None:
        return _clean_name(both[0])
    known = lookup_outlet(line) if latin_only(line) else None
    return known.name if known is not None else None


def _source_line(line: str) -> str | None:
    m = SOURCE_LINE_RE.match(line)
    if not m:
        return None
    return _clean_name(m.group("name") or m.group("lname") or "")


def _appeal_outlet(line: str) -> str | None:
    """``ادعم X`` / ``تبرع لـX``: X up to punctuation or the next ``و`` verb."""
    plain = _TASHKEEL_TATWEEL_RE.sub("", line)
    for m in _APPEAL_OUTLET_RE.finditer(plain):
        words = m.group("name").split()
        # "ادعم بوابة المشرق وساهم …": a later word opening with و starts a new clause.
        cut = next((i for i, w in enumerate(words) if i and w.startswith("\u0648")), len(words))
        words = words[:cut]
        name = _clean_name(" ".join(words))
        if name is None or _OUR_RE.match(name.split()[0]):
            continue
        if lookup_outlet(name) is None and len(words) > OUTLET_MAX_WORDS - 1:
            continue
        return name
    return None


def _copyright_outlet(line: str) -> str | None:
    """``جميع الحقوق محفوظة © X 2024`` / ``كل الحقوق محفوظة لـX``."""
    if not cues().copyright_re.search(_key(line)):
        return None
    rest = _COPYRIGHT_JUNK_RE.sub(" ", _TASHKEEL_TATWEEL_RE.sub("", line))
    rest = _EDGE_PUNCT_RE.sub("", rest).strip()
    if lookup_outlet(rest) is None:
        rest = _LEADING_LAM_RE.sub("", rest)
    if not rest or (latin_only(rest) and lookup_outlet(rest) is None):
        return None
    return _clean_name(rest)


def _footer_named(lines: Sequence[tuple[str, str]]) -> str | None:
    """A header line (site name or tagline) whose name the copyright footer
    repeats: ``صدى الوادي | أخبار على مدار الساعة`` over
    ``جميع الحقوق محفوظة لصدى الوادي``."""
    footers = [_key(t) for t, r in lines if r == "copyright"]
    if not footers:
        return None
    for text, reason in lines:
        if reason not in ("masthead", "caption"):
            continue
        for side in MASTHEAD_SPLIT_RE.split(text):
            if site_name_in(side, footers) and (name := _clean_name(side)):
                return name
    return None


def _known_name_line(line: str) -> str | None:
    if len(line.split()) > OUTLET_MAX_WORDS:
        return None
    return _clean_name(line) if lookup_outlet(line) is not None else None


def outlet_from_lines(lines: Iterable[tuple[str, str]]) -> tuple[str | None, str | None]:
    """Read the outlet from removed lines ``(text, reason)``.

    Returns:
        ``(outlet, source_line_name)``: the outlet by the priority of the
        module docstring, and the name a source line gives (or ``None``).

    Example:
        >>> outlet_from_lines([("Sada Al-Madina | صدى المدينة", "masthead"),
        ...                    ("المصدر: وكالة الأناضول", "source_line")])
        ('صدى المدينة', 'وكالة الأناضول')
    """
    ordered = list(lines)
    source = next((n for t, r in ordered if r == "source_line" and (n := _source_line(t))), None)
    has_masthead = any(r == "masthead" for _, r in ordered)

    def source_outlet(line: str) -> str | None:
        name = _source_line(line)
        # A known medium in the source line of a page under another site name
        # is the medium cited, not the page's outlet.
        if name and has_masthead and lookup_outlet(name) is not None:
            return None
        return name

    rules: list[tuple[set[str], Callable[[str], str | None]]] = [
        ({"metadata", "widget", "navigation", "boilerplate", "masthead"}, _site_icon),
        ({"masthead"}, _masthead_outlet),
        ({"metadata"}, _byline_outlet),
        ({"source_line"}, source_outlet),
        ({"appeal", "boilerplate"}, _appeal_outlet),
        ({"copyright", "boilerplate"}, _copyright_outlet),
        ({"metadata", "boilerplate", "caption", "masthead"}, _known_name_line),
    ]
    footer_named = _footer_named(ordered)
    for reasons, rule in rules:
        if rule is _appeal_outlet and footer_named:
            return footer_named, source
        for text, reason in ordered:
            if reason in reasons:
                name = rule(text)
                if name:
                    return name, source
    return None, source


def find_cites(text: str, exclude: Iterable[str] = ()) -> list[str]:
    """Canonical names of the known outlets ``text`` names as its sources.

    Args:
        text: cleaned body text.
        exclude: names (any variant) never to report, e.g. the outlet itself.

    Returns:
        Canonical Arabic names, in order of first citation, without repeats.

    Example:
        >>> find_cites("وقالت الخارجية إن الوفد وصل، وفقاً لوكالة رويترز.")
        ['رويترز']
    """
    t = _tables()
    skip = {o.name for name in exclude if (o := lookup_outlet(name)) is not None}
    skip_keys = {_key(n) for n in exclude}
    key = _QUOTES_RE.sub(" ", _key(text))
    out: list[str] = []
    for m in t.mention_re.finditer(key):
        outlet = t.by_key.get(m.group(1))
        if outlet is None or outlet.name in skip or m.group(1) in skip_keys:
            continue
        if outlet.name in out:
            continue
        before = key[max(0, m.start() - 200) : m.start()]
        cut = max((b.end() for b in _SENTENCE_END_RE.finditer(before)), default=0)
        before_words = before[cut:].split()
        window = " ".join(before_words[-t.window :])
        glued = m.group(0)[: len(m.group(0)) - len(m.group(1))]
        near = " ".join(before_words[-3:]) + (" " + glued if glued else "")
        media_before = t.media_re.search(near.rstrip()) is not None or bool(
            t.media_re.search(" ".join(before_words[-1:]))
        )
        if outlet.needs_media_noun and not media_before and m.group(1) not in t.qualified:
            continue
        after = key[m.end() : m.end() + 120]
        after = after[: (s.start() if (s := _SENTENCE_END_RE.search(after)) else len(after))]
        after_window = " ".join(after.split()[: t.window_after])
        cued = (
            t.cue_re.search(window) is not None
            or t.cue_after_re.search(after_window) is not None
            or (glued.endswith("\u0644") and media_before is False and bool(glued))
        )
        if cued:
            out.append(outlet.name)
    # A dateline credit: "دمشق، 4 آذار (رويترز) -" at the start of a paragraph.
    for m in _DATELINE_CREDIT_RE.finditer(text):
        credited = lookup_outlet(m.group("name"))
        if credited is None or credited.name in skip or credited.name in out:
            continue
        if _key(m.group("name")) in skip_keys:
            continue
        out.append(credited.name)
    return out


def _published_from(lines: Iterable[tuple[str, str]]) -> str | None:
    try:
        from marsad.arabic.dates import parse_publication_date
    except ImportError:  # the dates module is optional for this stage
        logger.warning("marsad.arabic.dates is missing: no publication date read")
        return None
    for text, reason in lines:
        if reason != "metadata":
            continue
        item = BULLET_RE.sub("", text)
        # "نشر في: 2024-03-05 | بواسطة: X": each field on its own.
        for field in [item, *bar_items(item)]:
            date = parse_publication_date(field)
            if date:
                return date
    return None


def _author_from(lines: Iterable[tuple[str, str]]) -> str | None:
    c = cues()
    for text, reason in lines:
        if reason != "metadata":
            continue
        item = BULLET_RE.sub("", text).strip()
        for field in bar_items(item):
            m = BYLINE_PREFIX_RE.match(field)
            if m and _key(m.group("cue").rstrip(":")) in c.byline_prefix:
                return _clean_name(m.group("name"))
        m = BYLINE_TEAM_RE.match(item)
        team = _key(m.group("team").strip()) if m else ""
        if m and team in c.byline_team and team not in c.byline_team_weak:
            return m.group("team").strip()
        if BULLET_RE.match(text) and c.metadata_re.search(_key(item)) and "فريق" in item:
            return item
    return None


def extract_metadata(doc: NewsDoc) -> NewsDoc:
    """Fill ``outlet``, ``published``, ``author`` and ``cites`` of a cleaned doc.

    Args:
        doc: a document that went through :func:`marsad.clean.clean_document`.

    Returns:
        The same document.
    """
    chrome = [(deobfuscate(r.text)[0].strip(), r.reason) for r in doc.removed]
    found, source_name = outlet_from_lines(chrome)
    doc.outlet = doc.source.outlet or found
    doc.published = doc.source.published or _published_from(chrome)
    if doc.author is None:
        doc.author = _author_from(chrome)
    exclude = [doc.outlet] if doc.outlet else []
    cites = find_cites(doc.text, exclude)
    # A source line naming a known medium other than the outlet is a cite.
    if source_name and (doc.outlet is None or _key(source_name) != _key(doc.outlet)):
        known = lookup_outlet(source_name)
        if known is not None and known.name not in cites:
            cites.append(known.name)
    doc.cites = cites
    logger.info(
        "metadata %s: outlet=%s published=%s cites=%s",
        doc.source.name,
        doc.outlet,
        doc.published,
        doc.cites,
    )
    return doc
