"""In-document coreference of person mentions.

Two kinds of later (or earlier) mention join a person named in full elsewhere in the
article: a shortened name (surname alone, first name dropped: ``خاجي``, ``أصغر خاجي``)
and a title used alone (``المبعوث الخاص للرئيس الروسي``, ``الوزير الإيراني``).
``الجانبان``/``الطرفان`` are left to the events stage.

Example:
    >>> people = [PersonRef("x", ("علي أصغر خاجي",), (), "IRN", 0)]
    >>> [f.entity_id for f in find_short_names("ثم قال خاجي إن", people, [])]
    ['x']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from marsad.arabic.normalize import match_key
from marsad.entities.match import Gazetteer, Token, clitic_variants, tokenize, word_key
from marsad.entities.roles import Lexicon, lexicon

__all__ = ["CorefHit", "PersonRef", "find_short_names", "find_title_mentions"]

#: Longest title-only phrase (words) read after a head word.
MAX_TITLE_TOKENS = 6
_AL = "\u0627\u0644"  # ال
_LAL = "\u0644\u0644"  # لل


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person of the document as coreference sees it.

    Attributes:
        entity_id: its id.
        names: full name forms (canonical name, aliases, mention texts).
        roles: role phrases (from the text and the knowledge base).
        country: ISO3 or None.
        first: offset of its first mention.
    """

    entity_id: str
    names: tuple[str, ...]
    roles: tuple[str, ...]
    country: str | None
    first: int


@dataclass(frozen=True, slots=True)
class CorefHit:
    """A mention found by coreference: ``text[start:end]`` refers to ``entity_id``."""

    entity_id: str
    start: int
    end: int


def _overlaps(a: int, b: int, taken: Sequence[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in taken)


def find_short_names(
    text: str,
    people: Sequence[PersonRef],
    taken: Sequence[tuple[int, int]],
    lex: Lexicon | None = None,
    tokens: Sequence[Token] | None = None,
) -> list[CorefHit]:
    """Shortened forms (name suffixes) of the people's multi-word names.

    A suffix that is a stop word, a title word or shared by two people is not used.
    """
    lex = lex or lexicon()
    owners: dict[str, set[str]] = {}
    forms: dict[str, str] = {}
    for p in people:
        for name in p.names:
            words = name.split()
            for i in range(1, len(words)):
                suffix = " ".join(words[i:])
                key = match_key(suffix)
                if len(words) - i == 1 and (
                    word_key(suffix) in lex.stop_words or word_key(suffix) in lex.title_words
                ):
                    continue
                owners.setdefault(key, set()).add(p.entity_id)
                forms[key] = suffix
    names = [(forms[k], next(iter(ids))) for k, ids in owners.items() if len(ids) == 1]
    if not names:
        return []
    gaz = Gazetteer(names)
    out: list[CorefHit] = []
    for m in gaz.find(text, tokens):
        if not _overlaps(m.start, m.end, taken):
            out.append(CorefHit(m.ids[0], m.start, m.end))
    return out


def _role_keys(roles: Sequence[str]) -> list[str]:
    return [k for k in (match_key(r) for r in roles) if k]


def find_title_mentions(
    text: str,
    people: Sequence[PersonRef],
    taken: Sequence[tuple[int, int]],
    gentilic: Callable[[str], str | None],
    lex: Lexicon | None = None,
    tokens: Sequence[Token] | None = None,
) -> list[CorefHit]:
    """Definite titles used alone (``المبعوث الروسي``) resolved to one of ``people``.

    The phrase joins the person whose role contains it (or is contained in it); failing
    that, the person whose role has the head word and whose country is the phrase's
    gentilic; a generic head (``المسؤول الإيراني``) takes the last person of that country
    named before it. Nothing is linked when no person fits.
    """
    lex = lex or lexicon()
    toks = list(tokenize(text) if tokens is None else tokens)
    out: list[CorefHit] = []
    i = 0
    while i < len(toks):
        head = None
        for stripped, rest in clitic_variants(toks[i].key):
            if rest in lex.coref_heads and stripped <= 1:
                head = (stripped, rest)
                break
        if head is None:
            i += 1
            continue
        j = i
        country: str | None = None
        while j + 1 < len(toks) and j + 1 - i < MAX_TITLE_TOKENS:
            nk = toks[j + 1].key
            gap = text[toks[j].end : toks[j + 1].start]
            if not gap.isspace() or not (nk.startswith(_AL) or nk.startswith(_LAL)):
                break
            if nk in lex.stop_words:
                break
            j += 1
            country = country or gentilic(nk)
        start = toks[i].start + head[0]
        end = toks[j].end
        i = j + 1
        if _overlaps(start, end, taken):
            continue
        phrase = match_key(text[start:end])
        if phrase.startswith(_LAL):
            phrase = _AL + phrase[2:]
        best = _resolve(phrase, head[1], country, start, people, lex)
        if best is not None:
            out.append(CorefHit(best, start, end))
    return out


def _resolve(
    phrase: str,
    head: str,
    country: str | None,
    at: int,
    people: Sequence[PersonRef],
    lex: Lexicon,
) -> str | None:
    """The id of the person a title phrase refers to, or None."""
    scored: list[tuple[int, int, str]] = []
    bare = head[len(_AL) :] if head.startswith(_AL) else head
    for p in people:
        keys = _role_keys(p.roles)
        before = 1 if p.first < at else 0
        if len(phrase.split()) > 1 and any(phrase in k or k in phrase for k in keys):
            scored.append((3, before, p.entity_id))
        elif country and p.country == country and any(bare in k.split() for k in keys):
            scored.append((2, before, p.entity_id))
        elif head in lex.generic_heads and country and p.country == country and before:
            scored.append((1, p.first, p.entity_id))
    if not scored:
        return None
    scored.sort(reverse=True)
    top = scored[0]
    if len(scored) > 1 and scored[1][:2] == top[:2] and top[0] > 1:
        return None  # two people fit equally: leave it
    return top[2]
