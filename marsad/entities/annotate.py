"""The entity stage: find, link and merge the people, organisations and places of a text.

Numbered steps of :func:`annotate_entities`:

1. knowledge-base names (:class:`~marsad.entities.match.Gazetteer`), with gentilics and
   adverbs (``الروسي``, ``روسياً``) refused as place mentions and shared names resolved by
   the word before them (``العاصمة أستانة`` a city, ``مسار أستانة`` the process);
2. unknown people named right after a title, and quoted names after a type cue
   (``وكالة “…”``, ``اجتماعات “…”``);
3. unknown names from the NER tagger, filtered;
4. roles (:mod:`marsad.entities.roles`), counterparts, knowledge-base offices;
5. coreference (:mod:`marsad.entities.coref`): shortened names and titles used alone.

Example:
    >>> from marsad.doc import NewsDoc, Source
    >>> doc = NewsDoc(source=Source(name="a"), raw="")
    >>> doc.text = "قال مسؤول"
    >>> annotate_entities(doc, kb=None, tagger=None, use_default_kb=False).entities
    []
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from marsad.arabic.normalize import match_key
from marsad.doc import Entity, Mention, NewsDoc
from marsad.entities.coref import PersonRef, find_short_names, find_title_mentions
from marsad.entities.match import Gazetteer, Match, Token, same_name, tokenize, word_key
from marsad.entities.roles import Lexicon, chain_ok, lexicon, role_before, swap_gentilic

if TYPE_CHECKING:
    from marsad.entities.kb import KBEntry, KnowledgeBase
    from marsad.entities.ner import NerTagger

__all__ = ["annotate_entities"]

logger = logging.getLogger(__name__)

#: Longest unknown person name read after a title (seed names have 2-4 words).
MAX_NAME_TOKENS = 4
#: Longest quoted name accepted after a type cue.
MAX_QUOTED_TOKENS = 3
#: A city read behind ب/ل/ك/ف (بطهران) must be at least this large to count on its own:
#: smaller towns collide with common words (كبيرة = ك + بيرة).
CLITIC_CITY_MIN_POP = 1_000_000
#: An ال-city this large (الرياض، القاهرة، الخرطوم) counts without a place cue: news
#: names capitals as actors ("القاهرة ترفض"); smaller ال-towns collide with words.
STRONG_CITY_POP = 1_000_000
_MEDIA_KINDS = frozenset({"outlet", "news_agency"})
_WAW = "\u0648"
#: Type preference when one name fits several entries and no cue decides.
_TYPE_ORDER = {"PERSON": 0, "MISC": 1, "ORG": 2, "LOC": 3}
_OPEN_QUOTES = '\u201c\u00ab"'
_CLOSE_QUOTES = '\u201d\u00bb"'
_TANWEEN_FATH = "\u064b"
_AL = "\u0627\u0644"
# A word that starts with a proclitic plus the article is never a name's first word.
_ARTICLE_CLITICS = (
    "\u0648\u0627\u0644",
    "\u0628\u0627\u0644",
    "\u0641\u0627\u0644",
    "\u0643\u0627\u0644",
    "\u0644\u0644",
)
_NER_TYPES = frozenset({"PERSON", "ORG", "LOC", "MISC"})
#: Lowest NER span score (mean CRF marginal of its labels) accepted for a name the KB
#: does not know. Calibrated on the demo corpus and the seeds: the true unknown names scored
#: >= 0.99, the noise spans (the verb نولي, the phrase حوار سوري, a clitic fragment لشكري,
#: the cut agency name الوكالة العربية السورية) 0.43-0.74; 0.75 sits between.
NER_MIN_SCORE = 0.75
# Characters that may wrap a media name as its own cue: quotes and brackets, as in
# ``الوكالة العربية السورية للأنباء (سانا)`` or a dateline ``الدوحة، 4 آذار (رويترز)``.
_MEDIA_OPEN = _OPEN_QUOTES + "("
_MEDIA_CLOSE = _CLOSE_QUOTES + ")"
# Imperfect-verb prefixes (ي ت ن) and plural/dual endings: ``يبحثون``, ``تواصلان``.
_VERB_LIKE_RE = re.compile("^[\u064a\u062a\u0646].{2,}(?:\u0648\u0646|\u0627\u0646|\u0648\u0627)$")
# Name particles that head a surname used alone (بن فرحان, أبو زيد, آل ثاني, عبد الله).
_SURNAME_PARTICLES = frozenset(
    {
        "\u0628\u0646",
        "\u0627\u0628\u0646",
        "\u0627\u0628\u0648",
        "\u0627\u0644",
        "\u0639\u0628\u062f",
    }
)


@dataclass(slots=True)
class _Cand:
    """A mention candidate before entities are assembled."""

    start: int
    end: int
    first: int
    last: int
    entity_id: str
    type: str
    name: str
    entry: KBEntry | None = None
    roles: list[str] = field(default_factory=list)
    weak: bool = False


@lru_cache(maxsize=4)
def _kb_gazetteer(kb: KnowledgeBase) -> Gazetteer:
    return Gazetteer((e_name, e.id) for e in kb for e_name in e.surface_forms())


def _tok_index(tokens: Sequence[Token]) -> dict[int, int]:
    return {t.start: i for i, t in enumerate(tokens)}


def _prev_cue(text: str, tokens: Sequence[Token], i: int, kb: KnowledgeBase) -> str | None:
    """The key of the word before token ``i``, skipping gentilics, in the same sentence."""
    k = i - 1
    while k >= 0:
        gap = text[tokens[k].end : tokens[k + 1].start]
        if any(ch in ".!?\n\u061f" for ch in gap):
            return None
        key = tokens[k].key
        if kb.gentilic(key) is None:
            for stripped, rest in _clitics(key):
                if stripped <= 2:
                    return rest
            return key
        k -= 1
    return None


def _clitics(key: str) -> list[tuple[int, str]]:
    from marsad.entities.match import clitic_variants

    return clitic_variants(key)


def _choose(entries: list[KBEntry], cue: str | None, lex: Lexicon) -> KBEntry:
    if len(entries) == 1:
        return entries[0]
    want: str | None = None
    if cue is not None:
        variants = {cue} | {r for _, r in _clitics(cue)}
        if variants & lex.loc_cues:
            want = "LOC"
        elif variants & lex.misc_cues:
            want = "MISC"

    def rank(e: KBEntry) -> tuple[int, int, int]:
        fits = 0 if want is not None and e.type == want else 1
        curated = 0 if e.source == "curated" else 1
        return fits, _TYPE_ORDER.get(e.type, 9), curated

    return sorted(entries, key=rank)[0]


def _kb_candidates(
    text: str, tokens: Sequence[Token], kb: KnowledgeBase, lex: Lexicon
) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _kb_gazetteer(kb).find(text, tokens):
        entries = [e for e in (kb.get(i) for i in m.ids) if e is not None]
        cue = _prev_cue(text, tokens, m.first, kb)
        cue_forms = {cue} | {r for _, r in _clitics(cue)} if cue is not None else set()
        entries = [e for e in entries if _entry_fits(text, m, e, cue_forms, lex)]
        if not entries or not _accept(text, m, entries, kb, lex):
            continue
        entry = _choose(entries, cue, lex)
        cand = _Cand(m.start, m.end, m.first, m.last, entry.id, entry.type, entry.name_ar, entry)
        cand.weak = _is_weak(m, entry, cue_forms, lex)
        out.append(cand)
    strong = {c.entity_id for c in out if not c.weak}
    return [c for c in out if not c.weak or c.entity_id in strong]


def _quoted(text: str, start: int, end: int, opening: str = _OPEN_QUOTES) -> bool:
    closing = _MEDIA_CLOSE if opening == _MEDIA_OPEN else _CLOSE_QUOTES
    return start > 0 and text[start - 1] in opening and text[end : end + 1] in closing


def _entry_fits(text: str, m: Match, e: KBEntry, cue: set[str], lex: Lexicon) -> bool:
    """Media names need a media cue or quotes; a ministry right after وزير is a title."""
    if e.kind in _MEDIA_KINDS:
        # A full name with a media word (الوكالة العربية السورية للأنباء) is its own cue.
        own_cue = any(word_key(w) in lex.media_cues for w in text[m.start : m.end].split())
        told = m.clitic == 1 and bool(cue & lex.speech_verbs)  # تحدث لرويترز
        return (
            own_cue
            or told
            or bool(cue & lex.media_cues)
            or _quoted(text, m.start, m.end, _MEDIA_OPEN)
        )
    if e.kind == "ministry":
        if cue & lex.role_heads:
            return False  # وزير الخارجية: part of a title
        own = match_key(text[m.start : m.end])
        if own.startswith(_AL) and any(c.startswith(_AL) for c in cue):
            return False  # العلاقات الخارجية السورية: an adjective, not the ministry
    return True


def _is_weak(m: Match, e: KBEntry, cue: set[str], lex: Lexicon) -> bool:
    """A mention that counts only when its entity is also found in a stronger one."""
    if m.first != m.last:
        return False
    if e.type == "PERSON" and e.source != "curated":
        return True
    if e.type == "LOC" and e.kind == "city":
        if (
            e.name_ar.startswith("\u0627\u0644")
            and not cue & lex.loc_cues
            and _population(e) < STRONG_CITY_POP
        ):
            return True  # an ال-town without a place cue may be a common word
        if m.clitic and _population(e) < CLITIC_CITY_MIN_POP:
            return True
    return False


def _population(e: KBEntry) -> int:
    """The population, a curated city of unknown size counting as large (it was chosen)."""
    if e.population is not None:
        return e.population
    return CLITIC_CITY_MIN_POP if e.source == "curated" else 0


def _accept(
    text: str,
    m: Match,
    entries: list[KBEntry],
    kb: KnowledgeBase,
    lex: Lexicon,
) -> bool:
    """Refuse gentilics, adverbs with tanween and common words read as names."""
    surface = text[m.start : m.end]
    key = match_key(surface)
    if m.first == m.last:
        if kb.gentilic(key) is not None and all(match_key(e.name_ar) != key for e in entries):
            return False
        if _TANWEEN_FATH in surface:
            return False
        if lex.is_stop(key) or key in lex.role_heads or key in lex.title_words:
            return False
        if all(e.source != "curated" for e in entries) and not m.exact:
            return False
    return True


def _name_after(
    text: str, tokens: Sequence[Token], n: int, lex: Lexicon, kb: KnowledgeBase
) -> int | None:
    """Index of the last token of an unknown person name starting at token ``n``."""
    start = tokens[n].start
    quoted = start > 0 and text[start - 1] in _OPEN_QUOTES
    limit = MAX_NAME_TOKENS if quoted else MAX_NAME_TOKENS - 1
    last = None
    for k in range(n, min(len(tokens), n + limit)):
        key = tokens[k].key
        if lex.is_stop(key) or key in lex.role_heads or kb.gentilic(key) is not None:
            break
        if _TANWEEN_FATH in text[tokens[k].start : tokens[k].end]:
            break  # an adverbial accusative (اتصالاً), never a name
        if k > n:
            gap = text[tokens[k - 1].end : tokens[k].start]
            if not gap.isspace():
                break
            if not quoted and k - n >= 2 and key.startswith(_AL):
                break
        last = k
        if tokens[k].end < len(text) and text[tokens[k].end] in _CLOSE_QUOTES:
            break
    if last is None or (last == n and not quoted):
        return None
    if quoted and text[tokens[last].end : tokens[last].end + 1] not in _CLOSE_QUOTES:
        return None  # a quotation, not a quoted name
    return last


def _overlaps(a: int, b: int, cands: Sequence[_Cand]) -> bool:
    return any(a < c.end and c.start < b for c in cands)


def _covered(size: int, cands: Sequence[_Cand]) -> bytearray:
    """A mask over ``size + 1`` characters: 1 inside any of ``cands``. ``[a, b)`` overlaps
    one of them when ``mask.find(1, a, b) >= 0``."""
    mask = bytearray(size + 1)
    for c in cands:
        mask[c.start : c.end] = b"\x01" * (c.end - c.start)
    return mask


def _unknown_people(
    text: str, tokens: Sequence[Token], taken: list[_Cand], kb: KnowledgeBase, lex: Lexicon
) -> list[_Cand]:
    out: list[_Cand] = []
    is_gent = _gentilic_test(kb)
    in_taken = _covered(len(text), taken)
    in_out = bytearray(len(text) + 1)
    for n in range(1, len(tokens)):
        t = tokens[n]
        if in_taken.find(1, t.start, t.end) >= 0 or in_out.find(1, t.start, t.end) >= 0:
            continue
        if lex.is_stop(t.key) or t.key in lex.role_heads or chain_ok(t.key, lex, is_gent):
            continue
        if any(t.key.startswith(p) for p in _ARTICLE_CLITICS):
            continue
        hit = role_before(text, tokens, n, is_gent, lex)
        if hit is None:
            continue
        quoted = text[t.start - 1 : t.start] in _OPEN_QUOTES
        words = hit.text.split()
        if not quoted and (
            len(words) < 2
            or (words[0].startswith(_AL) and all(is_gent(word_key(w)) for w in words[1:]))
        ):
            # One title word (رأس, كبير) or a definite title and gentilic (الوزير الروسي),
            # which is as often a title used alone, is too weak a cue for an unknown name.
            continue
        last = _name_after(text, tokens, n, lex, kb)
        if last is None:
            continue
        end = tokens[last].end
        if in_taken.find(1, t.start, end) >= 0:
            continue
        name = text[t.start : end]
        out.append(_Cand(t.start, end, n, last, "ar:" + match_key(name), "PERSON", name))
        in_out[t.start : end] = b"\x01" * (end - t.start)
    return out


def _quoted_names(
    text: str, tokens: Sequence[Token], taken: list[_Cand], kb: KnowledgeBase, lex: Lexicon
) -> list[_Cand]:
    out: list[_Cand] = []
    for n, t in enumerate(tokens):
        if t.start == 0 or text[t.start - 1] not in _OPEN_QUOTES or n == 0:
            continue
        cue = _prev_cue(text, tokens, n, kb)
        typ = None
        if cue is not None:
            for _, rest in _clitics(cue):
                typ = typ or lex.quoted_cues.get(rest)
        if typ is None:
            continue
        last = None
        for k in range(n, min(len(tokens), n + MAX_QUOTED_TOKENS)):
            if tokens[k].end < len(text) and text[tokens[k].end] in _CLOSE_QUOTES:
                last = k
                break
        if last is None:
            continue
        end = tokens[last].end
        if _overlaps(t.start, end, taken) or _overlaps(t.start, end, out):
            continue
        name = text[t.start : end]
        if all(tokens[k].key in lex.stop_words for k in range(n, last + 1)):
            continue
        out.append(_Cand(t.start, end, n, last, "ar:" + match_key(name), typ, name))
    return out


def _ner_names(
    text: str,
    tokens: Sequence[Token],
    taken: list[_Cand],
    tagger: NerTagger,
    kb: KnowledgeBase,
    lex: Lexicon,
) -> list[_Cand]:
    out: list[_Cand] = []
    index = _tok_index(tokens)
    ends = {t.end: i for i, t in enumerate(tokens)}
    for span in tagger.tag_text(text):
        if span.label not in _NER_TYPES or span.score < NER_MIN_SCORE:
            continue
        first, last = index.get(span.start), ends.get(span.end)
        if first is None or last is None:
            continue
        # Drop leading titles and stop words.
        while first <= last and (
            tokens[first].key in lex.title_words
            or tokens[first].key in lex.role_heads
            or tokens[first].key in lex.stop_words
        ):
            first += 1
        if first > last:
            continue
        keys = [tokens[k].key for k in range(first, last + 1)]
        if len(keys) == 1 and (
            keys[0] in lex.stop_words or kb.gentilic(keys[0]) is not None or len(keys[0]) < 3
        ):
            continue
        if len(keys) == 1 and span.label != "PERSON":
            continue  # single-word places/organisations the KB does not know: too noisy
        if span.label == "PERSON" and not _person_ok(text, tokens, first, last, kb, lex):
            continue
        start, end = tokens[first].start, tokens[last].end
        if span.label == "PERSON":
            # A title read before only part of the name: the tagger's fuller name wins.
            inner = [
                c
                for c in taken
                if c.entry is None and c.type == "PERSON" and start <= c.start and c.end <= end
            ]
            if inner and len(inner) == sum(1 for c in taken if c.start < end and start < c.end):
                taken[:] = [c for c in taken if c not in inner]
        if _overlaps(start, end, taken) or _overlaps(start, end, out):
            continue
        name = text[start:end]
        out.append(_Cand(start, end, first, last, "ar:" + match_key(name), span.label, name))
    return out


def _person_ok(
    text: str, tokens: Sequence[Token], first: int, last: int, kb: KnowledgeBase, lex: Lexicon
) -> bool:
    """Whether an NER person span the KB does not know reads as a name.

    Refused: a verb-like first word (``يبحثون``), a phrase ending in an indefinite
    gentilic (``حوار سوري``), and one word with no title or quotes before it (``نولي``).
    """
    keys = [tokens[k].key for k in range(first, last + 1)]
    if any(lex.is_stop(k) for k in keys) or _VERB_LIKE_RE.match(keys[0]):
        return False
    if len(keys) > 1 and not keys[-1].startswith(_AL) and kb.gentilic(keys[-1]) is not None:
        return False
    if len(keys) > 1:
        return True
    start = tokens[first].start
    if start > 0 and text[start - 1] in _OPEN_QUOTES:
        return True
    if first == 0 or not text[tokens[first - 1].end : start].isspace():
        return False
    before = tokens[first - 1].key
    if before in lex.title_words:
        return True
    return role_before(text, tokens, first, _gentilic_test(kb), lex) is not None


def _gentilic_test(kb: KnowledgeBase) -> _GentilicTest:
    return _GentilicTest(kb)


class _GentilicTest:
    __slots__ = ("_kb",)

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def __call__(self, key: str) -> bool:
        return self._kb.gentilic(key) is not None


def _role_country(roles: Sequence[str], kb: KnowledgeBase) -> str | None:
    for role in roles:
        for w in role.split():
            iso = kb.gentilic(word_key(w))
            if iso is not None:
                return iso
    return None


def _add_roles(
    text: str, tokens: Sequence[Token], cands: list[_Cand], kb: KnowledgeBase, lex: Lexicon
) -> list[tuple[int, int]]:
    """Attach text roles to person candidates; return the spans the roles cover."""
    spans: list[tuple[int, int]] = []
    is_gent = _gentilic_test(kb)
    previous: str | None = None
    for c in sorted(cands, key=lambda c: c.start):
        if c.type != "PERSON":
            continue
        hit = role_before(text, tokens, c.first, is_gent, lex)
        if hit is None:
            continue
        role = hit.text
        if hit.counterpart:
            role = (
                swap_gentilic(previous, hit.gentilic, is_gent, lex.role_heads)
                if previous and hit.gentilic
                else ""
            )
        spans.append((hit.start, hit.end))
        if role:
            c.roles.append(role)
            previous = role
        if hit.counterpart:
            c.roles.append(text[hit.start : hit.end])  # the text's own words: نظيره السوري
    return spans


def annotate_entities(
    doc: NewsDoc,
    kb: KnowledgeBase | None = None,
    tagger: NerTagger | None = None,
    *,
    use_default_kb: bool = True,
    use_default_tagger: bool = True,
) -> NewsDoc:
    """Fill ``doc.entities`` from ``doc.text`` (offsets index ``doc.text``).

    Args:
        doc: a cleaned document.
        kb: the knowledge base (default: :func:`marsad.entities.kb.default_kb`).
        tagger: the NER tagger (default: the packaged one when its model exists).
        use_default_kb: load the default KB when ``kb`` is None.
        use_default_tagger: load the default tagger when ``tagger`` is None.

    Returns:
        The same document, with ``entities`` in order of first mention.
    """
    from marsad.entities.kb import KnowledgeBase as _KB

    text = doc.text
    if kb is None:
        if use_default_kb:
            from marsad.entities.kb import default_kb

            kb = default_kb()
        else:
            kb = _KB([])
    if tagger is None and use_default_tagger:
        tagger = _load_tagger()
    lex = lexicon()
    tokens = tokenize(text)
    # 1. knowledge-base names
    cands = _kb_candidates(text, tokens, kb, lex)
    # 2. unknown people after titles, quoted names after a cue
    cands += _unknown_people(text, tokens, cands, kb, lex)
    cands += _quoted_names(text, tokens, cands, kb, lex)
    # 3. NER
    if tagger is not None:
        cands += _ner_names(text, tokens, cands, tagger, kb, lex)
    cands = _merge_unknown(cands)
    # 4. roles
    role_spans = _add_roles(text, tokens, cands, kb, lex)
    cands = _drop_bodies_in_titles(cands, role_spans)
    entities = _assemble(text, cands, kb, doc.published)
    entities = _join_short_forms(entities, kb)
    # 5. coreference
    _coref(text, tokens, entities, role_spans, kb, lex)
    entities.sort(key=lambda e: min((m.start for m in e.mentions), default=0))
    doc.entities = entities
    logger.info("entities: %d found in %s", len(entities), doc.source.name)
    return doc


def _load_tagger() -> NerTagger | None:
    try:
        from marsad.entities.ner import default_tagger

        return default_tagger()
    except (ImportError, FileNotFoundError, OSError) as exc:
        logger.warning("NER tagger unavailable (%s); knowledge-base names only", exc)
        return None


def _drop_bodies_in_titles(cands: list[_Cand], role_spans: list[tuple[int, int]]) -> list[_Cand]:
    """Drop unknown names read inside a person's title (``رئيس مجلس الوزراء X``).

    The body belongs to the role (and ``مجلس الوزراء`` after ``نائب رئيس`` is no person).
    Knowledge-base entries (a ministry named in full) stay; a body also named on its own
    elsewhere keeps that mention.
    """
    return [
        c
        for c in cands
        if c.entry is not None or not any(s <= c.start and c.end <= e for s, e in role_spans)
    ]


def _short_forms(name: str) -> set[str]:
    """Trailing parts of a multi-word name that may stand for it alone, as keys.

    ``فيصل بن فرحان`` gives ``بن فرحان`` and ``فرحان``; a part that starts inside a
    compound (``زيد`` of ``أبو زيد``) or is one particle is not a short form.
    """
    words = [word_key(w) for w in name.split() if word_key(w)]
    out: set[str] = set()
    for i in range(1, len(words)):
        if words[i - 1] in _SURNAME_PARTICLES or (
            i == len(words) - 1 and words[i] in _SURNAME_PARTICLES
        ):
            continue
        out.add(" ".join(words[i:]))
    return out


def _join_short_forms(entities: list[Entity], kb: KnowledgeBase) -> list[Entity]:
    """Merge an unknown person that is a trailing part of another person's name into it.

    ``بن فرحان`` and ``حسين`` after ``فيصل بن فرحان`` and ``فؤاد حسين`` join them; a part
    shared by two people of the document joins neither.
    """
    owners: dict[str, set[str]] = {}
    for e in entities:
        if e.type != "PERSON":
            continue
        names = {e.name_ar, *(m.text for m in e.mentions)}
        entry = kb.get(e.id)
        if entry is not None:
            names.update(entry.aliases_ar)
        for name in names:
            for form in _short_forms(name):
                owners.setdefault(form, set()).add(e.id)
    by_id = {e.id: e for e in entities}
    out: list[Entity] = []
    for e in entities:
        if e.type == "PERSON" and e.id.startswith("ar:"):
            key = " ".join(word_key(w) for w in e.name_ar.split() if word_key(w))
            ids = owners.get(key, set()) - {e.id}
            if len(ids) == 1:
                target = by_id[next(iter(ids))]
                target.mentions.extend(e.mentions)
                target.roles.extend(r for r in e.roles if r not in target.roles)
                continue
        out.append(e)
    return out


def _merge_unknown(cands: list[_Cand]) -> list[_Cand]:
    """Give variant spellings of one unknown name one id (the fullest form's)."""
    unknown = [c for c in cands if c.entry is None]
    unknown.sort(key=lambda c: -len(c.name.split()))
    canon: list[_Cand] = []
    for c in unknown:
        for k in canon:
            if k.type == c.type and same_name(k.name, c.name):
                c.entity_id = k.entity_id
                break
        else:
            canon.append(c)
    return cands


def _assemble(text: str, cands: list[_Cand], kb: KnowledgeBase, date: str | None) -> list[Entity]:
    by_id: dict[str, Entity] = {}
    for c in sorted(cands, key=lambda c: c.start):
        ent = by_id.get(c.entity_id)
        if ent is None:
            e = c.entry
            ent = Entity(
                id=c.entity_id,
                type=c.type,
                name_ar=e.name_ar if e is not None else c.name,
                name_en=e.name_en if e is not None else None,
                country=e.country if e is not None else None,
            )
            by_id[c.entity_id] = ent
        elif c.entry is None and len(c.name.split()) > len(ent.name_ar.split()):
            ent.name_ar = c.name
        ent.mentions.append(Mention(c.start, c.end, text[c.start : c.end]))
        for r in c.roles:
            if all(match_key(r) != match_key(x) for x in ent.roles):
                ent.roles.append(r)
    for ent in by_id.values():
        if ent.type != "PERSON":
            continue
        if not ent.roles:
            ent.roles = [o.role_ar for o in kb.offices_on(ent.id, date)] if ent.id in kb else []
        if ent.country is None:
            ent.country = _role_country(ent.roles, kb)
    return list(by_id.values())


def _coref(
    text: str,
    tokens: Sequence[Token],
    entities: list[Entity],
    role_spans: list[tuple[int, int]],
    kb: KnowledgeBase,
    lex: Lexicon,
) -> None:
    people: list[PersonRef] = []
    for e in entities:
        if e.type != "PERSON":
            continue
        names = {e.name_ar, *(m.text for m in e.mentions)}
        roles = list(e.roles)
        entry = kb.get(e.id)
        if entry is not None:
            names.update(entry.aliases_ar)
            for o in entry.offices:
                roles.append(o.role_ar)
                roles.extend(o.role_variants_ar)
        first = min(m.start for m in e.mentions)
        people.append(PersonRef(e.id, tuple(sorted(names)), tuple(roles), e.country, first))
    by_id = {e.id: e for e in entities}
    taken = [(m.start, m.end) for e in entities for m in e.mentions]
    for hit in find_short_names(text, people, taken, lex, tokens):
        by_id[hit.entity_id].mentions.append(Mention(hit.start, hit.end, text[hit.start : hit.end]))
        taken.append((hit.start, hit.end))
    taken += role_spans
    for hit in find_title_mentions(text, people, taken, kb.gentilic, lex, tokens):
        by_id[hit.entity_id].mentions.append(Mention(hit.start, hit.end, text[hit.start : hit.end]))
    for e in entities:
        e.mentions.sort(key=lambda m: m.start)
