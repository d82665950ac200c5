"""Metadata of a cleaned page: outlet, publication date, author, cited media.

Metadata often sits only in the chrome that cleaning removed, so
:func:`extract_metadata` reads ``doc.removed`` (with its reasons) as well as
``doc.text``. Given metadata (``doc.source.outlet`` / ``published``) wins.

* outlet, first found of: given; ``Site icon X``; a byline ``X – فريق
  التحرير``; a source line ``المصدر: X``; an appeal ``ادعم X``; a removed
  line that is only a known outlet's name. Copied as the page writes it.
* published: given, else the first date that
  :func:`marsad.arabic.dates.parse_publication_date` reads in a removed
  metadata line (bullet block, date line, byline).
* author: ``بقلم/كتب: X`` or a newsroom item of a metadata block.
* cites: known outlets (``data/outlets.json``) that the kept text names as a
  source — after a citation cue (``وكالة``, ``وفقاً لـ``, ``نقلاً عن``,
  ``بحسب``, ``ذكرت``, ``أفادت`` …) in the same sentence, or followed by a
  reporting verb — as canonical Arabic names, minus the outlet itself. A
  name that is also a common word (``الوطن``, ``تشرين``) counts only right
  after a media noun (``صحيفة``, ``قناة`` …).

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.arabic.normalize import match_key
from marsad.clean.deobfuscate import deobfuscate
from marsad.clean.lines import (
    BULLET_RE,
    BYLINE_PREFIX_RE,
    BYLINE_TEAM_RE,
    SITE_ICON_RE,
    SOURCE_LINE_RE,
    cues,
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
_APPEAL_OUTLET_RE = re.compile(
    "^(?:\u0627\u062f\u0639\u0645|\u0627\u062f\u0639\u0645\u0648\u0627)\\s+(?P<name>.+)$"
)  # ادعم / ادعموا + name (on the matching key)


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
    window: int
    window_after: int


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return match_key(text).lower()


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
    return _Tables(
        outlets=tuple(items),
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
    if m and _key(m.group("team").strip()) in cues().byline_team:
        return _clean_name(m.group("name"))
    return None


def _source_line(line: str) -> str | None:
    m = SOURCE_LINE_RE.match(line)
    if not m:
        return None
    return _clean_name(m.group("name") or m.group("lname") or "")


def _appeal_outlet(line: str) -> str | None:
    m = _APPEAL_OUTLET_RE.match(_key(line))
    if not m:
        return None
    # Recover the name as written: same number of words at the end of the line.
    n = len(m.group("name").split())
    words = line.split()
    name = _clean_name(" ".join(words[-n:]))
    if name is None:
        return None
    if lookup_outlet(name) is None and n > 3:
        return None
    return name


def _known_name_line(line: str) -> str | None:
    if len(line.split()) > OUTLET_MAX_WORDS:
        return None
    return _clean_name(line) if lookup_outlet(line) is not None else None


def outlet_from_lines(lines: Iterable[tuple[str, str]]) -> tuple[str | None, str | None]:
    """Read the outlet from removed lines ``(text, reason)``.

    Returns:
        ``(outlet, source_line_name)``: the outlet by the priority of the
        module docstring, and the name a source line gives (or ``None``).
    """
    ordered = list(lines)
    rules: list[tuple[set[str], Callable[[str], str | None]]] = [
        ({"metadata", "widget", "navigation", "boilerplate"}, _site_icon),
        ({"metadata"}, _byline_outlet),
        ({"source_line"}, _source_line),
        ({"appeal", "boilerplate"}, _appeal_outlet),
        ({"metadata", "boilerplate", "caption"}, _known_name_line),
    ]
    found: str | None = None
    for reasons, rule in rules:
        for text, reason in ordered:
            if reason in reasons:
                name = rule(text)
                if name:
                    found = name
                    break
        if found:
            break
    source = next((n for t, r in ordered if r == "source_line" and (n := _source_line(t))), None)
    return found, source


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
        if outlet.needs_media_noun and not media_before:
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
        date = parse_publication_date(item)
        if date:
            return date
    return None


def _author_from(lines: Iterable[tuple[str, str]]) -> str | None:
    c = cues()
    for text, reason in lines:
        if reason != "metadata":
            continue
        item = BULLET_RE.sub("", text).strip()
        m = BYLINE_PREFIX_RE.match(item)
        if m and _key(m.group("cue").rstrip(":")) in c.byline_prefix:
            return _clean_name(m.group("name"))
        m = BYLINE_TEAM_RE.match(item)
        if m and _key(m.group("team").strip()) in c.byline_team:
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
    if source_name and doc.outlet and _key(source_name) != _key(doc.outlet):
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
