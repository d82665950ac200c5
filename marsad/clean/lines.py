"""Line and block classifier: which lines of a page dump are article body.

Every line gets a *reason* (why it is dropped) or ``None`` (body). The rules
are general page signals, in two passes:

1. Context-free rules on one line (:func:`line_reason`): isolated symbols,
   Latin UI words (``icon``, ``menu``, ``share`` …), font-size widgets
   (``ع ع ع``), a site name written in both scripts (``Al-Nil News — النيل``),
   navigation bars (short items between ``|`` ``/`` ``›`` ``»``), share bars
   (a label and social-network names), copyright footers, ``label: value``
   chrome (``الوسوم: …``, ``وقت القراءة: …``), teaser cues (``اقرأ أيضاً``
   and what follows on the line), appeals, comment forms, source lines
   (``المصدر: X``), bylines (``X – فريق التحرير``, ``بواسطة: X``), picture
   captions, bare date/number lines, and lines whose ``|``-separated items
   are each one of those (``نشر في: 2024-03-05 | بواسطة: X``).
2. Context rules (:func:`label_lines`): bullet metadata blocks, a short
   Latin-only line (site name, menu) above the first paragraph or after the
   last one, a header line naming the site (``أنقرة – الرافدين نيوز``), the
   chrome tail after the last body paragraph, repeated blocks
   (:mod:`marsad.clean.repeats`), the headline and its repeats, and stray
   one- or two-word lines above the first paragraph (image alt text).

Cue vocabularies live in ``data/cues.json``; they are compared on the
contract's matching key (:func:`marsad.arabic.normalize.match_key`).

Example:
    >>> labels = label_lines(["عنوان الخبر هنا", "اقرأ أيضاً: خبر آخر",
    ...                       "نص الخبر الأول وفيه جملة كاملة تكفي ليكون فقرة من المتن."])
    >>> labels.reasons
    ['title', 'teaser', None]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.arabic.normalize import line_key as _key
from marsad.clean.repeats import find_repeats

__all__ = [
    "BULLET_RE",
    "BYLINE_PREFIX_RE",
    "BYLINE_TEAM_RE",
    "MASTHEAD_SPLIT_RE",
    "SITE_ICON_RE",
    "SOURCE_LINE_RE",
    "Cues",
    "LineLabels",
    "bar_items",
    "cues",
    "headline_like",
    "label_lines",
    "latin_only",
    "line_reason",
    "masthead_name",
    "site_name_in",
]

# -- thresholds ---------------------------------------------------------------
#: A headline has at most this many words (seed headlines: 9–17 words; news
#: headlines rarely pass 25, a lede paragraph usually does).
HEADLINE_MAX_WORDS = 30
#: Appeals, comment-form and UI lines are short: the longest seed appeal line
#: has 9 words; 12 leaves room while keeping body sentences (15+ words) out.
SHORT_CUE_MAX_WORDS = 12
#: A cue at the very start of a line (``ادعم …``, ``تابعونا …``) is trusted
#: on lines up to this length.
LEADING_CUE_MAX_WORDS = 20
#: Source lines and bylines name an outlet or a person: a few words.
SOURCE_LINE_MAX_WORDS = 10
#: Lines after the last paragraph longer than this are body; shorter lines
#: after a chrome trigger are page furniture (the seeds' donation-appeal
#: lines have 5–9 words, their shortest final paragraph 17).
TAIL_SHORT_WORDS = 12
#: The first body paragraph has at least this many words; shorter lines above
#: it are headline furniture.
FIRST_PARAGRAPH_MIN_WORDS = 10
#: Above the first paragraph, lines of at most this many words that are not
#: the headline are image alt text or captions.
HEADER_STRAY_MAX_WORDS = 2
#: Captions (place, date, credit in parentheses) are at most this long.
CAPTION_MAX_WORDS = 25
#: UI furniture lines ("Exit mobile version", "tag icon ع ع ع") are short.
WIDGET_MAX_WORDS = 8
#: A bare date line: at most this many words.
DATE_LINE_MAX_WORDS = 8
#: A site name (masthead) has at most this many words per script: outlet names
#: run 1–4 words ("الوكالة العربية السورية للأنباء"); 5 leaves one spare.
MASTHEAD_MAX_WORDS = 5
#: Navigation items are one to three words ("عربي ودولي", "اتصل بنا"); a
#: bar has at least this many items (two when it starts at "الرئيسية").
NAV_ITEM_MAX_WORDS = 3
NAV_MIN_ITEMS = 3
#: Navigation and share bars are short; 20 words holds a long menu.
BAR_MAX_WORDS = 20
#: ``label: value`` chrome (tags, section, reading time) holds a short list.
LABEL_LINE_MAX_WORDS = 20

# -- compiled patterns ---------------------------------------------------------
_ARABIC_LETTER_RE = re.compile("[\u0621-\u063a\u0641-\u064a]")
_LETTER_OR_DIGIT_RE = re.compile(r"[^\W_]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*")
_DIGIT_RE = re.compile(r"[0-9\u0660-\u0669]")
#: Bullet glyphs that open a list item.
BULLET_RE = re.compile(
    "^[\u2022\u00b7\u25aa\u25ab\u25e6\u25cf\u25a0\u25ba\u25b8\u2023\u2043*-]\\s*"
)
#: ``Site icon X`` (WordPress AMP header) – the site's name follows.
SITE_ICON_RE = re.compile(r"^site\s*icon\s*(?P<name>.+)$", re.IGNORECASE)
#: ``المصدر : X`` / ``مصدر الخبر - X`` / ``Source: X``.
SOURCE_LINE_RE = re.compile(
    r"^(?:\u0627\u0644)?(?:\u0645\u0635\u062f\u0631|\u0645\u0635\u0627\u062f\u0631)"
    r"(?:\s+\u0627\u0644\u062e\u0628\u0631)?\s*[:\uff1a\-\u2013\u2014|]\s*(?P<name>\S.*)$"
    r"|^source\s*:\s*(?P<lname>\S.*)$",
    re.IGNORECASE,
)
_DASH = "\u2013\u2014\\-|\u2012"
#: ``X – فريق التحرير`` (name, dash, newsroom cue).
BYLINE_TEAM_RE = re.compile(f"^(?P<name>[^{_DASH}]{{2,60}}?)\\s*[{_DASH}]\\s*(?P<team>.{{2,30}})$")
#: ``بقلم: X`` / ``كتب X``.
BYLINE_PREFIX_RE = re.compile(r"^(?P<cue>\S+)\s*[:\uff1a]?\s+(?P<name>.{2,60})$")
_NUMERIC_DATE_RE = re.compile(
    r"\b\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b"
)
_ONLY_NUMBER_RE = re.compile(r"^[\d\u0660-\u0669\s,.\u066b\u066c/:\-+%]+$")
_PUNCT_EDGE_RE = re.compile(r"^[\W_]+|[\W_]+$")
_URL_PREFIX_RE = re.compile(r"^(?:https?://|www\.)(?=[^\x00-\x7f])", re.IGNORECASE)
_CAPTION_DATE_RE = re.compile(r"\d{1,2}\s+(?:\u0645\u0646\s+)?\S+")
_WS_RE = re.compile(r"\s+")
#: Separators between menu items or metadata fields: a pipe (never prose),
#: or a slash, chevron, guillemet, bullet or dot with space on both sides
#: (``»`` closes quotations and ``/`` writes dates, so they need the spaces).
BAR_SEP_RE = re.compile(r"\s*[|\u00a6\uff5c]\s*|\s+[/\u203a\u00bb\u00b7\u2022>\\]\s+")
#: Menu items also stand apart by runs of spaces or in brackets
#: (``[ أخبار ] [ سياسة ]``) or after a menu glyph (``\u2630``); one space
#: separates words, so only two or more count.
NAV_SEP_RE = re.compile(
    r"\s*[|\u00a6\uff5c\[\]\u2630]\s*|\s+[/\u203a\u00bb\u00b7\u2022>\\]\s+|\s{2,}"
)
#: A bare domain name (``example.net``), the Latin side of a site tagline.
DOMAIN_RE = re.compile(
    r"^(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.[a-z]{2,6}$", re.IGNORECASE
)
#: A site name in both scripts: ``Latin – Arabic`` or ``Arabic | Latin``.
MASTHEAD_SPLIT_RE = re.compile(r"\s+[|\u2013\u2014\-\u00b7:]\s+|\s*\|\s*")
_LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SENTENCE_PUNCT_RE = re.compile('[.!?\u061f\u060c,;\u061b"\u201c\u201d\u00ab]')

_REASONS_TAIL_TRIGGER = frozenset(
    {
        "appeal",
        "comment_form",
        "widget",
        "navigation",
        "source_line",
        "share",
        "copyright",
        "masthead",
    }
)


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue vocabularies, as matching keys (see ``data/cues.json``)."""

    teaser_prefix: tuple[str, ...]
    teaser_header_only: frozenset[str]
    comment_header_only: frozenset[str]
    appeal: tuple[str, ...]
    comment_form: tuple[str, ...]
    byline_team: frozenset[str]
    byline_prefix: frozenset[str]
    metadata_words: tuple[str, ...]
    ui_latin: frozenset[str]
    ui_latin_strong: frozenset[str]
    ui_arabic: frozenset[str]
    caption_prefix: tuple[str, ...]
    months: tuple[str, ...]
    weekdays: frozenset[str]
    appeal_re: re.Pattern[str]
    comment_re: re.Pattern[str]
    metadata_re: re.Pattern[str]
    month_re: re.Pattern[str]
    teaser_re: re.Pattern[str]
    continuation_re: re.Pattern[str]
    appeal_strong_re: re.Pattern[str]
    byline_team_weak: frozenset[str]
    share_words: frozenset[str]
    share_net_re: re.Pattern[str]
    share_verbs: frozenset[str]
    chrome_label_re: re.Pattern[str]
    nav_home: frozenset[str]
    copyright_re: re.Pattern[str]


def _alternation(keys: Sequence[str]) -> re.Pattern[str]:
    """A pattern matching any key as whole words (Arabic or Latin)."""
    body = "|".join(re.escape(k) for k in sorted(set(keys), key=len, reverse=True))
    return re.compile(f"(?<![^\\W_])(?:{body})(?![^\\W_])")


def _str_list(data: dict[str, Any], name: str) -> list[str]:
    value = data.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"cues.json: '{name}' must be a list of non-empty strings")
    return value


@lru_cache(maxsize=1)
def cues() -> Cues:
    """Load and validate ``data/cues.json`` once.

    Raises:
        ValueError: a list is missing or holds something other than strings.
    """
    raw = resources.files("marsad.clean").joinpath("data/cues.json").read_text("utf-8")
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("cues.json must hold an object")

    def keys(name: str) -> list[str]:
        return [_key(v) for v in _str_list(data, name)]

    appeal = keys("appeal")
    comment = keys("comment_form")
    meta = keys("metadata_words")
    months = keys("months")
    return Cues(
        teaser_prefix=tuple(sorted(set(keys("teaser_prefix")), key=len, reverse=True)),
        teaser_header_only=frozenset(keys("teaser_header_only")),
        comment_header_only=frozenset(keys("comment_header_only")),
        appeal=tuple(appeal),
        comment_form=tuple(comment),
        byline_team=frozenset(keys("byline_team")),
        byline_prefix=frozenset(keys("byline_prefix")),
        metadata_words=tuple(meta),
        ui_latin=frozenset(v.lower() for v in _str_list(data, "ui_latin")),
        ui_latin_strong=frozenset(v.lower() for v in _str_list(data, "ui_latin_strong")),
        ui_arabic=frozenset(keys("ui_arabic")),
        caption_prefix=tuple(keys("caption_prefix")),
        months=tuple(months),
        weekdays=frozenset(keys("weekdays")),
        appeal_re=_alternation(appeal),
        comment_re=_alternation(comment),
        metadata_re=_alternation(meta),
        month_re=_alternation(months),
        teaser_re=_alternation(keys("teaser_prefix")),
        continuation_re=_alternation(keys("continuation_start")),
        appeal_strong_re=_alternation(keys("appeal_strong")),
        byline_team_weak=frozenset(keys("byline_team_weak")),
        share_words=frozenset(w for v in keys("share_words") for w in v.split()),
        share_net_re=_alternation(keys("share_networks")),
        share_verbs=frozenset(keys("share_verbs")),
        chrome_label_re=re.compile(
            f"^(?:{_alternation(keys('chrome_labels')).pattern})\\s*[:\uff1a]"
        ),
        nav_home=frozenset(keys("nav_home")),
        copyright_re=re.compile(f"\u00a9|{_alternation(keys('copyright')).pattern}"),
    )


def _words(text: str) -> list[str]:
    return text.split()


def headline_like(text: str) -> bool:
    """True for a line shaped like a headline: 2–30 words, mostly Arabic,
    not ending as a sentence or a label (``.``, ``:``, ``،``), not a bullet.

    Example:
        >>> headline_like("وزير الخارجية يصل إلى العاصمة في زيارة رسمية")
        True
        >>> headline_like("وصل وزير الخارجية إلى العاصمة.")
        False
    """
    words = _words(text)
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS:
        return False
    if BULLET_RE.match(text):
        return False
    stripped = text.rstrip("\u201d\"'\u00bb) ")
    if stripped.endswith((":", "\u060c", ",", "\u061b", ";")):
        return False
    if stripped.endswith(".") and not stripped.endswith(".."):
        return False
    letters = _LETTER_OR_DIGIT_RE.findall(text)
    arabic = _ARABIC_LETTER_RE.findall(text)
    return bool(letters) and len(arabic) * 2 >= len(letters)


def _is_widget(text: str, key: str, c: Cues) -> bool:
    """UI furniture: Latin UI words, single letters (font-size ``ع ع ع``),
    symbols, or Arabic UI labels, and nothing else."""
    tokens = _WS_RE.split(_LATIN_WORD_RE.sub(lambda m: f" {m.group(0)} ", text).strip())
    ui = 0
    letters = 0
    rest = []
    for tok in tokens:
        bare = _PUNCT_EDGE_RE.sub("", tok)
        if not bare:
            continue
        low = bare.lower()
        if low in c.ui_latin:
            ui += 1 if low in c.ui_latin_strong else 0
            continue
        if len(bare) == 1 and _ARABIC_LETTER_RE.match(bare):
            letters += 1
            continue
        rest.append(bare)
    if not rest and (ui >= 1 or letters >= 2):
        return True
    if key in c.ui_arabic and len(tokens) <= 3:
        return True
    # A short all-Latin line on an Arabic page: menu, "Exit mobile version" …
    latin = _LATIN_WORD_RE.findall(text)
    if latin and not _ARABIC_LETTER_RE.search(text) and len(latin) <= 6:
        return any(w.lower() in c.ui_latin_strong for w in latin) or all(
            w.lower() in c.ui_latin for w in latin
        )
    return False


def _is_date_line(text: str, key: str, c: Cues) -> bool:
    words = _words(text)
    if len(words) > DATE_LINE_MAX_WORDS or not _DIGIT_RE.search(text):
        return False
    if _ONLY_NUMBER_RE.match(text):
        return True
    if not (_NUMERIC_DATE_RE.search(text) or c.month_re.search(key)):
        return False
    # Everything left after removing dates, months, weekdays and metadata
    # words must be tiny (a preposition, "نشر في").
    rest = c.month_re.sub(" ", key)
    rest = c.metadata_re.sub(" ", rest)
    rest = _NUMERIC_DATE_RE.sub(" ", rest)
    left = [
        w
        for w in _words(rest)
        if _LETTER_OR_DIGIT_RE.search(w)
        and not _DIGIT_RE.search(w)
        and _PUNCT_EDGE_RE.sub("", w) not in c.weekdays
    ]
    return len(left) <= 2


def _is_caption(text: str, key: str, c: Cues) -> bool:
    low = key.lower()
    if any(low.startswith(p) for p in c.caption_prefix):
        return True
    words = _words(text)
    stripped = text.rstrip()
    # "place، day month (credit)": a short line ending in a parenthesised credit
    # and holding a day + month name.
    return (
        len(words) <= CAPTION_MAX_WORDS
        and stripped.endswith(")")
        and "(" in stripped
        and c.month_re.search(key) is not None
        and _CAPTION_DATE_RE.search(text) is not None
        and not stripped.endswith((".)", "\u061f)"))
    )


def _byline(text: str, key: str, c: Cues) -> bool:
    if len(_words(text)) > SOURCE_LINE_MAX_WORDS:
        return False
    m = BYLINE_TEAM_RE.match(text)
    if m and _key(m.group("team").strip()) in c.byline_team:
        return True
    m = BYLINE_PREFIX_RE.match(text)
    return bool(m and _key(m.group("cue").rstrip(":")) in c.byline_prefix and ":" in text)


def masthead_name(text: str) -> tuple[str, str] | None:
    """``(arabic, latin)`` when ``text`` is a site name written in both
    scripts, one per side of a separator; else ``None``.

    Example:
        >>> masthead_name("Sada Al-Madina | صدى المدينة")
        ('صدى المدينة', 'Sada Al-Madina')
        >>> masthead_name("قال الوزير: نعم") is None
        True
    """
    parts = [p.strip() for p in MASTHEAD_SPLIT_RE.split(BULLET_RE.sub("", text)) if p.strip()]
    if len(parts) != 2:
        return None
    arabic = [p for p in parts if _ARABIC_LETTER_RE.search(p) and not _LATIN_LETTER_RE.search(p)]
    latin = [p for p in parts if _LATIN_LETTER_RE.search(p) and not _ARABIC_LETTER_RE.search(p)]
    if len(arabic) != 1 or len(latin) != 1:
        return None
    if any(len(p.split()) > MASTHEAD_MAX_WORDS or _SENTENCE_PUNCT_RE.search(p) for p in parts):
        return None
    return arabic[0], latin[0]


def latin_only(text: str) -> bool:
    """A line with Latin letters and no Arabic letter."""
    return bool(_LATIN_LETTER_RE.search(text)) and not _ARABIC_LETTER_RE.search(text)


def bar_items(text: str) -> list[str]:
    """The items of a line split at bar separators (``|``, spaced ``/ › »``)."""
    return [it.strip() for it in BAR_SEP_RE.split(text) if it.strip()]


def _is_share_bar(key: str, c: Cues) -> bool:
    """Share-bar words only (``شارك عبر: واتساب | فيسبوك``, ``شارك هذا المقال``),
    naming a network or opening with a share verb."""
    words = [b for w in BAR_SEP_RE.sub(" ", key).split() if (b := _PUNCT_EDGE_RE.sub("", w))]
    if not words or not all(w in c.share_words for w in words):
        return False
    return words[0] in c.share_verbs or c.share_net_re.search(key) is not None


def _is_nav_bar(text: str, c: Cues) -> bool:
    """Short menu items between separators: ``الرئيسية | أخبار | سياسة``,
    ``الرئيسية  محليات  سياسة`` (runs of spaces) or ``[ سوريا ] [ لبنان ]``."""
    items = [it.strip() for it in NAV_SEP_RE.split(text) if _LETTER_OR_DIGIT_RE.search(it)]
    if len(items) < 2:
        return False
    for it in items:
        if len(it.split()) > NAV_ITEM_MAX_WORDS or _SENTENCE_PUNCT_RE.search(it) or ":" in it:
            return False
        if not _LETTER_OR_DIGIT_RE.search(it):
            return False
    return len(items) >= NAV_MIN_ITEMS or _key(_PUNCT_EDGE_RE.sub("", items[0])) in c.nav_home


def _is_field(item: str, c: Cues) -> bool:
    """One metadata field: a date, a byline or a ``label: value``."""
    key = _key(item)
    return bool(
        _is_date_line(item, key, c) or _byline(item, key, c) or c.chrome_label_re.match(key)
    )


def line_reason(text: str) -> str | None:
    """The reason to drop one line judged on its own, or ``None``.

    Args:
        text: one line, stripped of surrounding white space.

    Returns:
        ``widget``, ``caption``, ``masthead``, ``metadata``, ``teaser``,
        ``share``, ``navigation``, ``copyright``, ``comment_form``,
        ``appeal``, ``source_line`` or ``None``.

    Example:
        >>> line_reason("المصدر: وكالة محلية")
        'source_line'
        >>> line_reason("وصل الوفد إلى العاصمة صباح اليوم.") is None
        True
    """
    c = cues()
    if not _LETTER_OR_DIGIT_RE.search(text):
        return "widget"
    body = _URL_PREFIX_RE.sub("", text)
    key = _key(body)
    bare_key = _PUNCT_EDGE_RE.sub("", key)
    n_words = len(_words(body))
    if SITE_ICON_RE.match(body):
        return "metadata"
    if _is_caption(body, key, c):
        return "caption"
    if n_words <= WIDGET_MAX_WORDS and _is_widget(body, key, c):
        return "widget"
    if n_words <= MASTHEAD_MAX_WORDS * 2 and masthead_name(body) is not None:
        return "masthead"
    if bare_key in c.comment_header_only:
        return "comment_form"  # the heading of a comments section, alone on its line
    m = c.teaser_re.match(bare_key)
    if m and not (m.group(0) in c.teaser_header_only and n_words > len(m.group(0).split()) + 1):
        return "teaser"
    if n_words <= BAR_MAX_WORDS:
        if _is_share_bar(key, c):
            return "share"
        if _is_nav_bar(body, c):
            return "navigation"
    if n_words <= LABEL_LINE_MAX_WORDS:
        if c.copyright_re.search(key):
            return "copyright"
        if c.chrome_label_re.match(key):
            return "metadata"
        items = bar_items(body)
        if len(items) >= 2 and all(_is_field(it, c) for it in items):
            return "metadata"
    if n_words <= LEADING_CUE_MAX_WORDS:
        m = c.comment_re.search(key)
        if m and (m.start() == 0 or n_words <= SHORT_CUE_MAX_WORDS * 2):
            return "comment_form"
        m = c.appeal_re.search(key)
        if m and (m.start() <= 1 or n_words <= SHORT_CUE_MAX_WORDS):
            return "appeal"
    if n_words <= SOURCE_LINE_MAX_WORDS and SOURCE_LINE_RE.match(body):
        return "source_line"
    if _byline(body, key, c):
        return "metadata"
    if _is_date_line(body, key, c):
        return "metadata"
    return None


def _bullet_item_is_metadata(item: str, c: Cues) -> bool:
    key = _key(item)
    if _is_date_line(item, key, c) or _ONLY_NUMBER_RE.match(item):
        return True
    if c.metadata_re.search(key):
        return True
    return _byline(item, key, c)


@dataclass(slots=True)
class LineLabels:
    """The verdict on each line: ``reasons[i]`` is ``None`` for body lines and
    ``"title"`` for the headline (dropped from the body, kept as metadata)."""

    reasons: list[str | None]
    title_index: int | None = None


def _bullet_blocks(lines: Sequence[str], reasons: list[str | None], c: Cues) -> None:
    """Lists of short bullet items mostly made of author/date/count/archive
    labels are a metadata block."""
    i = 0
    while i < len(lines):
        if not BULLET_RE.match(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and BULLET_RE.match(lines[j]):
            j += 1
        items = [BULLET_RE.sub("", lines[k]) for k in range(i, j)]
        meta = sum(_bullet_item_is_metadata(it, c) for it in items if it)
        short = all(len(_words(it)) <= SOURCE_LINE_MAX_WORDS for it in items)
        if short and meta * 2 >= len(items) and (meta >= 2 or len(items) == 1):
            for k in range(i, j):
                reasons[k] = "metadata"
        i = j


def _is_list_header(line: str) -> bool:
    """A teaser line that is only the cue (``مقالات متعلقة``): a list of
    links follows, not one inline headline."""
    bare = _PUNCT_EDGE_RE.sub("", _key(line))
    return bare in cues().teaser_prefix


_DASH_SPLIT_RE = re.compile(f"\\s[{_DASH}]\\s")


def _site_lines(lines: Sequence[str], reasons: list[str | None]) -> None:
    """Chrome that only position shows. Above the first paragraph or after
    the last one (paragraphs that appeal to the reader do not count): an
    appeal that quoted speech could also hold (``ساعدنا``, ``دعمك``); on an
    Arabic page a short Latin-only line (the site name above, a widget
    below). A short header line one side of whose dash is the site's Arabic
    name (``أنقرة – الرافدين نيوز``) is a dateline byline (``metadata``)."""
    c = cues()
    strong = [
        reason is None
        and len(_words(line)) <= LEADING_CUE_MAX_WORDS
        and c.appeal_strong_re.search(_key(line)) is not None
        for line, reason in zip(lines, reasons, strict=True)
    ]
    first = len(lines)
    last = -1
    for i, (line, reason) in enumerate(zip(lines, reasons, strict=True)):
        if reason is None and not strong[i]:
            n = len(_words(line))
            if n >= FIRST_PARAGRAPH_MIN_WORDS and first == len(lines):
                first = i
            if n > TAIL_SHORT_WORDS:
                last = i
    # Appeals to the reader ("الصحافة المستقلة تحتاج إلى دعمك") outside the body.
    for i, is_strong in enumerate(strong):
        if is_strong and (i < first or i > last):
            reasons[i] = "appeal"
    candidates = [
        i
        for i in [*range(first), *range(max(last + 1, first), len(lines))]
        if reasons[i] is None and latin_only(lines[i])
    ]
    if candidates and _arabic_page(lines):
        for i in candidates:
            n = len(_words(lines[i]))
            if i < first and n <= MASTHEAD_MAX_WORDS:
                reasons[i] = "masthead"
            elif i > last and n <= WIDGET_MAX_WORDS:
                reasons[i] = "widget"
    names = {
        _key(m[0])
        for i, r in enumerate(reasons)
        if r == "masthead" and (m := masthead_name(lines[i]))
    }
    names |= _footer_site_names(lines, reasons, first)
    if not names:
        return
    for i in range(first):
        if reasons[i] is None and len(_words(lines[i])) <= SOURCE_LINE_MAX_WORDS:
            sides = _DASH_SPLIT_RE.split(BULLET_RE.sub("", lines[i]))
            if any(_key(_PUNCT_EDGE_RE.sub("", side)) in names for side in sides):
                reasons[i] = "metadata"


def site_name_in(side: str, footers: Sequence[str]) -> bool:
    """True when ``side`` (a short header fragment) is the site's name: the
    copyright footer ``footers`` (matching keys) names it as a whole word.

    Example:
        >>> site_name_in("صدى الوادي", [_key("جميع الحقوق محفوظة لموقع صدى الوادي 2023")])
        True
    """
    key = _key(_PUNCT_EDGE_RE.sub("", side))
    if not key or len(key.split()) > MASTHEAD_MAX_WORDS or not _ARABIC_LETTER_RE.search(key):
        return False
    pattern = re.compile(f"(?<![^\\W_]){re.escape(key)}(?![^\\W_])")
    return any(pattern.search(f) for f in footers)


def _footer_site_names(lines: Sequence[str], reasons: list[str | None], first: int) -> set[str]:
    """Header lines above the first paragraph that are the site's name or
    tagline: the name the copyright footer repeats (``صدى الوادي``,
    ``صدى الوادي | أخبار على مدار الساعة``), or a bare domain on one side of a
    separator (``example.net — موقع إخباري``). They become ``masthead``; the
    names found are returned (keys) for the dateline rule."""
    footers = [_key(line) for line, r in zip(lines, reasons, strict=True) if r == "copyright"]
    names: set[str] = set()
    for i in range(min(first, len(lines))):
        if reasons[i] not in (None, "caption") or len(_words(lines[i])) > SOURCE_LINE_MAX_WORDS:
            continue
        sides = [p.strip() for p in MASTHEAD_SPLIT_RE.split(lines[i]) if p.strip()]
        named = [p for p in sides if footers and site_name_in(p, footers)]
        if named or (len(sides) == 2 and any(DOMAIN_RE.match(p) for p in sides)):
            reasons[i] = "masthead"
            names.update(_key(_PUNCT_EDGE_RE.sub("", p)) for p in named)
    return names


def _arabic_page(lines: Sequence[str]) -> bool:
    """More Arabic letters than Latin ones on the page."""
    arabic = sum(len(_ARABIC_LETTER_RE.findall(line)) for line in lines)
    latin = sum(len(_LATIN_LETTER_RE.findall(line)) for line in lines)
    return arabic > latin


def _tail(lines: Sequence[str], reasons: list[str | None]) -> None:
    """After the last long body line, everything from the first chrome
    trigger (appeal, widget, comment form, source line, a teaser list header)
    on is page furniture."""
    last_long = -1
    for i, (line, reason) in enumerate(zip(lines, reasons, strict=True)):
        if reason is None and len(_words(line)) > TAIL_SHORT_WORDS:
            last_long = i
    if last_long < 0:  # no long paragraph: the tail starts after the first body line
        last_long = next((i for i, r in enumerate(reasons) if r is None), len(lines))
    trigger = None
    for i in range(last_long + 1, len(lines)):
        r = reasons[i]
        if r in _REASONS_TAIL_TRIGGER or (r == "teaser" and _is_list_header(lines[i])):
            trigger = i
            break
    if trigger is None:
        return
    for i in range(trigger + 1, len(lines)):
        if reasons[i] is None:
            reasons[i] = "boilerplate"


def _next_index(reasons: Sequence[str | None], start: int, wanted: set[str | None]) -> int | None:
    for j in range(start, len(reasons)):
        if reasons[j] in wanted:
            return j
    return None


def _find_title(lines: Sequence[str], reasons: list[str | None]) -> int | None:
    body = [i for i, r in enumerate(reasons) if r is None]
    # Stray one- or two-word lines (section names, alt text) above the headline.
    while body and len(_words(lines[body[0]])) <= HEADER_STRAY_MAX_WORDS:
        body = body[1:]
    if not body:
        return None
    first = body[0]
    # A next line that continues reported speech ("وأضاف …") shows that the
    # first line is the lede sentence, not a headline.
    continues = len(body) > 1 and bool(cues().continuation_re.match(_key(lines[body[1]])))
    if headline_like(lines[first]) and len(body) > 1 and not continues:
        return first
    # A headline standing right after a metadata block or right before a
    # repeated copy of the body (the page printed title + article again).
    for i in body[1:]:
        if not headline_like(lines[i]):
            continue
        prev = next((reasons[k] for k in range(i - 1, -1, -1)), None)
        nxt = reasons[i + 1] if i + 1 < len(reasons) else None
        if prev == "metadata" or nxt == "duplicate":
            return i
    return None


def label_lines(lines: Sequence[str]) -> LineLabels:
    """Label every (non-blank, stripped) line of a page.

    Args:
        lines: the page's non-blank lines, in order, stripped.

    Returns:
        A :class:`LineLabels` with one reason per line and the headline index.
    """
    c = cues()
    reasons: list[str | None] = [line_reason(line) for line in lines]
    # 1. Bullet metadata blocks.
    _bullet_blocks(lines, reasons, c)
    # 2. Site names and menus known by position, then the chrome tail.
    _site_lines(lines, reasons)
    _tail(lines, reasons)
    # 3. Repeated blocks (a body pasted twice, a headline printed twice).
    body = [i for i, r in enumerate(reasons) if r is None]
    for k in find_repeats([lines[i] for i in body]):
        reasons[body[k]] = "duplicate"
    # 4. The headline; later lines equal to it are repeats.
    title = _find_title(lines, reasons)
    if title is not None:
        reasons[title] = "title"
        tkey = _key(lines[title])
        for i in range(len(lines)):
            if i != title and reasons[i] in (None, "duplicate") and _key(lines[i]) == tkey:
                reasons[i] = "duplicate"
    # 5. Stray one- or two-word lines above the first paragraph (alt text).
    for i, r in enumerate(reasons):
        if r is not None:
            continue
        n = len(_words(lines[i]))
        if n >= FIRST_PARAGRAPH_MIN_WORDS:
            break
        if n <= HEADER_STRAY_MAX_WORDS:
            reasons[i] = "caption"
    return LineLabels(reasons=reasons, title_index=title)
