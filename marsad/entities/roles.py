"""Office phrases (roles) written around person mentions.

A role is the title chain that ends right before a name: it starts at a head word
(وزير, مساعد, المبعوث, رأس ...) and runs over definite words, ``ل``-phrases, gentilics and
a few connectors (إلى, لدى). Appositions with a comma and names in quotes are allowed.
``نظيره الروسي، X`` and ``... والإيراني X`` copy the previous person's role with the
gentilic swapped.

Example:
    >>> from marsad.entities.match import tokenize
    >>> text = "التقى وزير الخارجية الإيراني، محمد جواد ظريف، أمس"
    >>> toks = tokenize(text)
    >>> role_before(text, toks, 4).text
    'وزير الخارجية الإيراني'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.entities.match import Token, clitic_variants, word_key

__all__ = [
    "LEXICON_PATH",
    "Lexicon",
    "RoleHit",
    "chain_ok",
    "lexicon",
    "role_before",
    "swap_gentilic",
]

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "entity_lexicon.json"
#: Longest title chain looked at before a name (the longest seed title has 9 words).
MAX_ROLE_TOKENS = 12
# Characters allowed between a title and the name it introduces (quotes, one comma).
_GAP_CHARS = frozenset(" \t\u00a0\u201c\u201d\"\u00ab\u00bb'\u060c,")
_AL = "\u0627\u0644"  # ال
_LAL = "\u0644\u0644"  # لل
_TEH_MARBUTA = "\u0629"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists for titles, cues and stop words (all as match keys)."""

    role_heads: frozenset[str]
    dual_heads: dict[str, str]
    chain_connectors: frozenset[str]
    counterpart_words: frozenset[str]
    coref_heads: frozenset[str]
    generic_heads: frozenset[str]
    stop_words: frozenset[str]
    title_words: frozenset[str]
    quoted_cues: dict[str, str]  # cue key -> type
    loc_cues: frozenset[str]
    misc_cues: frozenset[str]
    media_cues: frozenset[str]
    speech_verbs: frozenset[str]

    def is_stop(self, key: str) -> bool:
        """A stop word, also behind a proclitic (ولا, وقد)."""
        return any(rest in self.stop_words for _, rest in clitic_variants(key))


def _keys(data: dict[str, Any], name: str) -> frozenset[str]:
    value = data.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{LEXICON_PATH.name}: '{name}' must be a list of strings")
    return frozenset(word_key(v) for v in value)


@lru_cache(maxsize=1)
def lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Load and validate the entity lexicon once."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ValueError(f"{path.name}: expected an object with version 1")
    cues = data.get("quoted_cues")
    duals = data.get("dual_heads")
    if not isinstance(cues, dict) or not isinstance(duals, dict):
        raise ValueError(f"{path.name}: 'quoted_cues' and 'dual_heads' must be objects")
    quoted: dict[str, str] = {}
    for typ, words in cues.items():
        for w in _keys({"w": words}, "w"):
            quoted[w] = str(typ)
    return Lexicon(
        role_heads=_keys(data, "role_heads"),
        dual_heads={word_key(k): word_key(str(v)) for k, v in duals.items()},
        chain_connectors=_keys(data, "chain_connectors"),
        counterpart_words=_keys(data, "counterpart_words"),
        coref_heads=_keys(data, "coref_heads"),
        generic_heads=_keys(data, "generic_heads"),
        stop_words=_keys(data, "stop_words"),
        title_words=_keys(data, "title_words"),
        quoted_cues=quoted,
        loc_cues=_keys(data, "loc_cues"),
        misc_cues=_keys(data, "misc_cues"),
        media_cues=_keys(data, "media_cues"),
        speech_verbs=_keys(data, "speech_verbs"),
    )


@dataclass(frozen=True, slots=True)
class RoleHit:
    """A role found before a name.

    Attributes:
        text: the role as it is to be stored (clitic dropped, dual made singular).
        start: where the phrase starts in the text.
        end: where it ends.
        counterpart: the role is ``نظيره``/an elided gentilic and must be completed from
            the previous person's role; ``gentilic`` is the new gentilic word.
        gentilic: the gentilic word of an elliptic role (``الروسي``), else "".
        outer: for ``المبعوث الخاص للرئيس الروسي X``, the span of the outer title
            (``المبعوث الخاص للرئيس الروسي``) that names someone else, else None.
    """

    text: str
    start: int
    end: int
    counterpart: bool = False
    gentilic: str = ""
    outer: tuple[int, int] | None = None


def _head_key(key: str, lex: Lexicon) -> tuple[int, str] | None:
    """``(clitic chars, head key)`` when ``key`` is a head word, maybe after و/ف."""
    for stripped, rest in clitic_variants(key):
        if stripped <= 1 and (rest in lex.role_heads or rest in lex.counterpart_words):
            return stripped, rest
    return None


def chain_ok(key: str, lex: Lexicon, is_gentilic: Callable[[str], bool]) -> bool:
    """Whether a word may continue a title chain (definite words, لل-phrases, gentilics)."""
    if key in lex.stop_words and key not in lex.chain_connectors:
        return False
    return (
        key in lex.role_heads
        or key in lex.chain_connectors
        or key.startswith(_AL)
        or key.startswith(_LAL)
        or is_gentilic(key)
    )


def _construct_ok(tokens: Sequence[Token], k: int, j: int, lex: Lexicon) -> bool:
    """An indefinite noun inside a title (``رئيس مجلس الوزراء``, ``باسم وزارة الخارجية``).

    It is governed by an indefinite head word or connector before it (the construct state)
    and annexed to a definite word after it; the body it names is part of the title.
    """
    if k == 0 or k >= j:
        return False
    key, before, after = tokens[k].key, tokens[k - 1].key, tokens[k + 1].key
    if key in lex.stop_words or not after.startswith(_AL):
        return False
    if before.startswith(_AL):
        return False  # a definite word is never in construct: الوزير أجرى ...
    return _head_key(before, lex) is not None or before in lex.chain_connectors


def _gap_ok(text: str, a: int, b: int, allow_comma: bool) -> bool:
    gap = text[a:b]
    if not gap or any(ch not in _GAP_CHARS for ch in gap):
        return False
    commas = gap.count("\u060c") + gap.count(",")
    return commas == 0 or (allow_comma and commas == 1)


def _no_gentilic(_key: str) -> bool:
    return False


def role_before(
    text: str,
    tokens: Sequence[Token],
    name_index: int,
    is_gentilic: Callable[[str], bool] = _no_gentilic,
    lex: Lexicon | None = None,
) -> RoleHit | None:
    """The role phrase that ends right before token ``name_index``, if any.

    Args:
        text: the cleaned text.
        tokens: its tokens (:func:`marsad.entities.match.tokenize`).
        name_index: index of the first token of the person's name.
        is_gentilic: tells whether a word key is a gentilic (الروسي, الإيرانية).
        lex: the lexicon (default: the packaged one).
    """
    lex = lex or lexicon()
    if name_index <= 0:
        return None
    j = name_index - 1
    if not _gap_ok(text, tokens[j].end, tokens[name_index].start, allow_comma=True):
        return None
    first_ok: int | None = None
    k = j
    while k >= 0 and name_index - k <= MAX_ROLE_TOKENS:
        key = tokens[k].key
        head = _head_key(key, lex)
        if head is not None:
            first_ok = k
            if head[1] in lex.counterpart_words:
                break  # ``ونظيره الروسي``: the nearest counterpart word opens the phrase
        elif not chain_ok(key, lex, is_gentilic) and not _construct_ok(tokens, k, j, lex):
            break
        if k == 0 or not text[tokens[k - 1].end : tokens[k].start].isspace():
            break
        k -= 1
    if first_ok is None:
        # ``والإيراني X``: an elided title, completed from the previous person.
        for stripped, rest in clitic_variants(tokens[j].key):
            if stripped == 1 and is_gentilic(rest) and rest.startswith(_AL):
                t = tokens[j]
                return RoleHit(
                    "", t.start, t.end, counterpart=True, gentilic=text[t.start + 1 : t.end]
                )
        return None
    head = _head_key(tokens[first_ok].key, lex)
    if head is None:  # pragma: no cover - first_ok is only set on a head word
        return None
    stripped, head_word = head
    start_tok = tokens[first_ok]
    start = start_tok.start + stripped
    end = tokens[j].end
    if head_word in lex.counterpart_words:
        gent = ""
        for t in tokens[first_ok + 1 : j + 1]:
            if is_gentilic(t.key):
                gent = text[t.start : t.end]
        return RoleHit("", start, end, counterpart=True, gentilic=gent)
    # An inner ل-title followed only by gentilics names the person: للرئيس الروسي X.
    for m in range(first_ok + 1, j + 1):
        mk = tokens[m].key
        if (
            mk.startswith(_LAL)
            and (_AL + mk[2:]) in lex.role_heads
            and all(is_gentilic(t.key) for t in tokens[m + 1 : j + 1])
        ):
            inner = _AL + text[tokens[m].start + 2 : end]
            return RoleHit(inner, tokens[m].start, end, outer=(start, end))
    words = text[start:end]
    dual = lex.dual_heads.get(head_word)
    if dual is not None:
        first_word = text[start : start_tok.end]
        words = _singular(first_word) + text[start_tok.end : end]
    return RoleHit(words, start, end)


def _singular(word: str) -> str:
    """وزيري → وزير, رئيسا → رئيس (drop the dual ending letter)."""
    return word[:-1]


def swap_gentilic(
    role: str,
    new_gentilic: str,
    is_gentilic: Callable[[str], bool],
    heads: frozenset[str] = frozenset(),
) -> str:
    """Replace the first gentilic word of ``role`` by ``new_gentilic`` (gender kept).

    A role with no gentilic keeps its last title (from the last word in ``heads``) and
    takes the new gentilic: ``نائب رئيس الوزراء وزير الخارجية`` → ``وزير الخارجية التركي``.

    Example:
        >>> swap_gentilic("وزير الخارجية الإيراني", "الروسي", lambda k: k.endswith("ي"))
        'وزير الخارجية الروسي'
    """
    words = role.split()
    new = new_gentilic.strip()
    if not new.startswith(_AL):
        new = _AL + new
    for i, w in enumerate(words):
        if is_gentilic(word_key(w)):
            if w.endswith(_TEH_MARBUTA) and not new.endswith(_TEH_MARBUTA):
                new = new + _TEH_MARBUTA
            words[i] = new
            return " ".join(words)
    last_head = max((i for i, w in enumerate(words) if word_key(w) in heads), default=0)
    return " ".join([*words[last_head:], new])
