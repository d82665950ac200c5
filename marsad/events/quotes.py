"""Quotes with their speakers, and the shared reading of a document's words and mentions.

A quote is a speech cue (قال، أكد، أشار، شدد، اعتبر، أعرب …) with the words it
introduces: direct speech after a colon or quotation mark, or indirect speech after
``أن``/``إن`` or the cue's preposition (أكد على، أشار إلى، أعرب عن). The speaker is the
entity whose mention is the cue's subject:

1. verb-subject order: the first PERSON/ORG mention after the cue, before the content
   starts; a compound subject (``X ونظيره Y``) gives one quote per speaker;
2. subject-verb order: a mention just before the cue (``فيرشينين ذكر أن``);
3. a description (``المسؤول الإيراني``, ``الوكالة``) resolves to the previous speaker
   or the agency named before; collective, unnamed sources (``مصادر``) give no quote;
4. no subject at all (``وأضاف``، ``وتابع``) is the previous speaker; a dual verb
   (``أكدا``) is the two parties of the last event.

An agency that reports a named person's words (``أفادت وكالة … بأن المقداد أطلع …``)
yields the person's quote, not the agency's. The quote runs from the start of the
content to the end of the sentence, or to the next finite cue of the same sentence
(``، وتابع``), so that every statement of a sentence is its own quote.

Example:
    >>> from marsad.doc import NewsDoc, Source, Entity, Mention
    >>> text = "وقال الوزير سامي ناصر إن الحوار مستمر."
    >>> doc = NewsDoc(source=Source(name="x"), raw=text, text=text)
    >>> doc.entities = [Entity("ar:sami", "PERSON", "سامي ناصر",
    ...     mentions=[Mention(12, 21, "سامي ناصر")])]
    >>> [(q.speaker, q.text) for q in extract_quotes(doc).quotes]
    [('ar:sami', 'الحوار مستمر.')]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.arabic.normalize import WORD_CACHE, match_key
from marsad.doc import Entity, NewsDoc, Quote, Span
from marsad.events.lexicon import Cues, load_cues

__all__ = [
    "DocIndex",
    "MentionRef",
    "SpeechAct",
    "Tok",
    "build_index",
    "extract_quotes",
    "speech_acts",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Words (Arabic letters, digits, tashkeel, tatweel) or one punctuation character.
_TOKEN_RE = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+|[^\w\s]")
_CONJ = "\u0648\u0641"  # و ف
_QUOTE_OPEN = frozenset("\u201c\u00ab\"\u201d'")  # “ « " ” '
_QUOTE_CLOSE = frozenset("\u201d\u00bb\"\u201c'")
_CLAUSE_PUNCT = frozenset(".!?\u061f\u061b;:")  # . ! ? ؟ ؛ ; :
_SENT_RE = re.compile(r"[^.!?\u061f\n]+[.!?\u061f]*|\n")
#: Tokens an article prefix can take (ال، بال، لل …), longest first.
_ARTICLES = ("\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0644\u0644", "\u0627\u0644")
#: Speaker-bearing entity types.
_SPEAKER_TYPES = frozenset({"PERSON", "ORG"})
#: Words after the subject within which a cue's preposition (أكد على، أشار إلى), a colon
#: or a quotation mark starts the content; ``أن``/``إن`` may come later (``وقال فيدان في مؤتمر
#: صحفي مشترك مع نظيره … إن``).
CONTENT_PREP_REACH = 4
#: Where :func:`build_index` keeps its result on ``doc.ext`` (the events and quotes
#: stages read the same document one after the other).
_INDEX_KEY = "_events.index"
#: How many sentences back a subjectless cue may look for the previous speaker; a
#: paragraph of reported speech rarely runs longer (seed articles: at most 3).
PREVIOUS_SPEAKER_SENTENCES = 4
# tokens after a preposition inside a subject where a named person may still follow
# (``إلى سوريا فلان``: a country, then the name); set from hand-written titles
TITLE_PREP_REACH = 4


@dataclass(slots=True)
class Tok:
    """One word or punctuation character of ``doc.text`` with its matching keys.

    ``key`` is the matching key; ``bare`` the key without a leading conjunction و/ف
    (when a word of more than two letters remains); ``stem`` also without the article
    (ال، بال، لل) or a one-letter preposition; ``definite`` says an article was there.
    """

    start: int
    end: int
    text: str
    key: str
    punct: bool
    bare: str = ""
    stem: str = ""
    definite: bool = False


def _make_tok(start: int, end: int, text: str) -> Tok:
    return Tok(start, end, text, *_word_keys(text))


@lru_cache(maxsize=WORD_CACHE)
def _word_keys(text: str) -> tuple[str, bool, str, str, bool]:
    """``Tok``'s ``key``, ``punct``, ``bare``, ``stem`` and ``definite`` of a word."""
    key = match_key(text)
    bare = key[1:] if len(key) > 3 and key[0] in _CONJ else key
    stem = bare
    definite = False
    for art in _ARTICLES:
        if bare.startswith(art) and len(bare) > len(art) + 1:
            stem, definite = bare[len(art) :], True
            break
    else:
        if len(bare) > 3 and bare[0] in "\u0628\u0644\u0643":  # ب ل ك
            stem = bare[1:]
    return key, not text[0].isalnum(), bare, stem, definite


@dataclass(slots=True)
class MentionRef:
    """An entity mention located on tokens ``[lo, hi)``; ``pre`` is the part of the
    first token before the mention (a clitic such as ``ب`` or ``و``)."""

    lo: int
    hi: int
    entity: Entity
    pre: str


@dataclass(slots=True)
class SpeechAct:
    """A speech cue with its speakers and the tokens ``[lo, hi)`` of what was said."""

    cue_tok: int
    cue: str
    speakers: list[str]
    lo: int
    hi: int
    sentence: int


@dataclass(slots=True)
class DocIndex:
    """Tokens, sentences and entity mentions of one document, for the event stages."""

    text: str
    toks: list[Tok]
    sents: list[tuple[int, int]]  # token ranges [lo, hi)
    mentions: list[MentionRef]
    first_mention: dict[int, MentionRef]
    entities: dict[str, Entity]
    cues: Cues
    country_ids: dict[str, str] = field(default_factory=dict)  # ISO3 -> entity id
    sent_of: list[int] = field(default_factory=list)
    named_tokens: frozenset[int] = frozenset()  # tokens inside PERSON/ORG mentions

    def is_(self, i: int, keys: frozenset[str]) -> bool:
        """True when token ``i`` (or it without a conjunction) is one of ``keys``."""
        if not 0 <= i < len(self.toks):
            return False
        t = self.toks[i]
        if t.key in keys or t.bare in keys:
            return True
        # a conjunction on a short function word (ولم، فقد)
        return len(t.key) == 3 and t.key[0] in _CONJ and t.key[1:] in keys

    def sent_span(self, s: int) -> Span:
        """The character span of sentence ``s``."""
        lo, hi = self.sents[s]
        return Span(self.toks[lo].start, self.toks[hi - 1].end)

    def mention_covering(self, i: int) -> MentionRef | None:
        """The mention whose tokens include token ``i``."""
        for m in self.mentions:
            if m.lo <= i < m.hi:
                return m
        return None

    def country_of_gentilic(self, i: int) -> str | None:
        """The entity id of the country a gentilic token (الروسي) names, if in the doc."""
        if not 0 <= i < len(self.toks):
            return None
        if i in self.named_tokens:
            return None  # ``السوداني`` as a surname, ``الخارجية الروسية`` inside a name
        t = self.toks[i]
        gent = self.cues.gentilics.get(t.key) or self.cues.gentilics.get(t.bare)
        if gent is None:
            return None
        # the country's entity in the document, else its knowledge-base slug (the contract
        # names countries by slug; a gentilic alone still names the country)
        return self.country_ids.get(gent.iso3, gent.slug)


def _segment(text: str) -> list[Span]:
    try:
        from marsad.arabic.segment import segment_sentences
    except ImportError:  # the segmenter is optional: split on sentence punctuation
        return [Span(m.start(), m.end()) for m in _SENT_RE.finditer(text) if m.group().strip()]
    return list(segment_sentences(text))


def _country_ids(entities: Sequence[Entity], cues: Cues) -> dict[str, str]:
    by_slug = {g.slug: g for g in cues.gentilics.values()}
    by_name = {g.country_key: g for g in cues.gentilics.values()}
    out: dict[str, str] = {}
    for ent in entities:
        if ent.type != "LOC":
            continue
        gent = by_slug.get(ent.id) or by_name.get(match_key(ent.name_ar))
        if gent is not None:
            out.setdefault(gent.iso3, ent.id)
    return out


def _implausible(ent: Entity, text: str, cues: Cues) -> bool:
    """A mention of an unknown (``ar:``) person or organisation that cannot be a name:
    a prepositional phrase (للشؤون، بالتقدم), a title word (الخاص), or, for a person,
    only definite words (السياسية الخاصة). Such mentions are left out of the arguments."""
    if not ent.id.startswith("ar:") or ent.type not in _SPEAKER_TYPES:
        return False
    words = match_key(text).split()
    if not words:
        return True
    first = words[0]
    if first.startswith(("\u0644\u0644", "\u0628\u0627\u0644", "\u0644\u0627")):
        return True  # لل… بال… لا…
    if len(first) > 3 and first[0] == "\u0644" and first[1] != "\u0627":
        return True  # لحل، لأزمة
    if first in cues.title_words or first in cues.descriptive:
        return True
    if any(w.startswith("\u0644\u0644") for w in words):
        return True
    definite = all(w.startswith("\u0627\u0644") for w in words)
    return ent.type == "PERSON" and definite


def build_index(doc: NewsDoc) -> DocIndex:
    """Tokenise ``doc.text``, place sentences and entity mentions on the tokens.

    Sentences come from ``doc.sentences`` when set, else from the segmenter.
    """
    fingerprint = (hash(doc.text), tuple((e.id, len(e.mentions)) for e in doc.entities))
    cached = doc.ext.get(_INDEX_KEY)
    if isinstance(cached, tuple) and cached[0] == fingerprint and doc.sentences == cached[2]:
        index: DocIndex = cached[1]
        return index
    index = _build_index(doc)
    doc.ext[_INDEX_KEY] = (fingerprint, index, list(doc.sentences))
    return index


def _build_index(doc: NewsDoc) -> DocIndex:
    text = doc.text
    cues = load_cues()
    toks = [_make_tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    starts = [t.start for t in toks]
    spans = doc.sentences or _segment(text)
    sents: list[tuple[int, int]] = []
    sent_of = [-1] * len(toks)
    import bisect

    for sp in spans:
        lo = bisect.bisect_left(starts, sp.start)
        hi = bisect.bisect_left(starts, sp.end)
        if hi > lo:
            for i in range(lo, hi):
                sent_of[i] = len(sents)
            sents.append((lo, hi))
    # tokens no sentence covers form sentences of their own runs
    i = 0
    while i < len(toks):
        if sent_of[i] == -1:
            j = i
            while j < len(toks) and sent_of[j] == -1:
                j += 1
            for k in range(i, j):
                sent_of[k] = len(sents)
            sents.append((i, j))
            i = j
        else:
            i += 1
    order = sorted(range(len(sents)), key=lambda s: sents[s][0])
    remap = {old: new for new, old in enumerate(order)}
    sents = [sents[s] for s in order]
    sent_of = [remap[s] for s in sent_of]

    mentions: list[MentionRef] = []
    for ent in doc.entities:
        for men in ent.mentions:
            if _implausible(ent, men.text, cues):
                continue
            lo = bisect.bisect_right(starts, men.start) - 1
            hi = bisect.bisect_left(starts, men.end)
            if lo < 0 or hi <= lo:
                continue
            pre = text[toks[lo].start : men.start] if toks[lo].start < men.start else ""
            mentions.append(MentionRef(lo, hi, ent, match_key(pre)))
    mentions.sort(key=lambda m: (m.lo, -(m.hi - m.lo)))
    kept: list[MentionRef] = []
    last_hi = -1
    for m in mentions:
        if m.lo >= last_hi:
            kept.append(m)
            last_hi = m.hi
    return DocIndex(
        text=text,
        toks=toks,
        sents=sents,
        mentions=kept,
        first_mention={m.lo: m for m in kept},
        entities={e.id: e for e in doc.entities},
        cues=cues,
        country_ids=_country_ids(doc.entities, cues),
        sent_of=sent_of,
        named_tokens=frozenset(
            i for m in kept if m.entity.type in _SPEAKER_TYPES for i in range(m.lo, m.hi)
        ),
    )


# --- speech acts ----------------------------------------------------------------------------
def _is_cue(ix: DocIndex, i: int, at_sentence_start: bool) -> str | None:
    """``finite`` / ``participle`` / ``typo`` when token ``i`` is a speech cue."""
    c = ix.cues
    t = ix.toks[i]
    if t.punct:
        return None
    if t.key in c.speech_finite or t.bare in c.speech_finite:
        kind = "finite"
    elif t.key in c.speech_participle or t.bare in c.speech_participle:
        kind = "participle"
    elif at_sentence_start and t.key in c.speech_typo_initial:
        kind = "typo"
    else:
        return None
    if i > 0 and ix.is_(i - 1, c.speech_attribution_before):
        return None  # ``وفق ما أفادت به``, ``بحسب ما ذكرت``: a source, not a statement
    if i > 0 and ix.is_(i - 1, c.speech_report_nouns):
        return None  # ``أنباء تحدثت عن``: a relative clause on a report noun, nobody speaks
    return kind


def _is_dual(key: str) -> bool:
    k = key[1:] if len(key) > 3 and key[0] in _CONJ else key
    return len(k) > 3 and k.endswith("\u0627") and not k.endswith("\u0648\u0627")


def _compound(ix: DocIndex, first: MentionRef, limit: int) -> list[MentionRef]:
    """``first`` and the mentions coordinated with it (``X ونظيره الروسي Y``, ``X وY``)."""
    out = [first]
    cur = first
    for m in ix.mentions:
        if m.lo < cur.hi or m.lo >= limit:
            continue
        if m.entity.type not in _SPEAKER_TYPES:
            break
        gap = ix.toks[cur.hi : m.lo]
        joined = m.pre.startswith("\u0648") or any(
            not g.punct and g.key.startswith("\u0648") for g in gap
        )
        if joined and len(gap) <= 4 and not any(g.key in ix.cues.complementizers for g in gap):
            out.append(m)
            cur = m
            continue
        break
    return out


def _principal(ix: DocIndex, m: MentionRef) -> bool:
    """True for ``المبعوث الخاص للرئيس الروسي X``: X is the principal, not the actor."""
    for k in range(max(0, m.lo - 3), m.lo):
        if ix.toks[k].punct and ix.toks[k].text not in _QUOTE_OPEN:
            return False
        if ix.toks[k].key in ix.cues.principal_titles:
            return True
    return False


@dataclass(slots=True)
class _Subject:
    speakers: list[str]
    kind: str  # named | previous | unnamed | dual | none
    end: int  # token after the subject


def resolve_subject(
    ix: DocIndex,
    verb: int,
    limit: int,
    previous: Sequence[str],
    last_agency: str | None,
    parties: Callable[[int], list[str]] | None = None,
    dual_ok: bool = True,
) -> _Subject:
    """The subject of the verb at token ``verb``, searched up to token ``limit``."""
    c = ix.cues
    if dual_ok and parties is not None and _is_dual(ix.toks[verb].key):
        # a dual verb (أكدا، بحثا) carries its subject: the two parties named before
        got = parties(verb)
        if got:
            return _Subject(got, "dual", verb + 1)
    svo = _svo_subject(ix, verb)
    if svo is not None:
        return _Subject([svo.entity.id], "named", verb + 1)
    stop = min(limit, verb + 1 + c.max_subject_tokens)
    named: MentionRef | None = None
    j = verb + 1
    while j < stop:
        t = ix.toks[j]
        m = ix.first_mention.get(j)
        if m is not None and m.entity.type in _SPEAKER_TYPES and not _principal(ix, m):
            named = m
            break
        if m is not None:
            j = m.hi
            continue
        if t.text in _QUOTE_OPEN and j + 1 in ix.first_mention:
            j += 1
            continue
        if _boundary(ix, j) and _title_prep(ix, j, stop):
            j += 1  # ``المبعوث الخاص للرئيس الروسي إلى سوريا فلان أن``: a title goes on
            continue
        if _boundary(ix, j) or (j > verb + 1 and t.bare.startswith("\u0628\u0627\u0644")):
            break
        unnamed = t.key in c.collective_unnamed or t.bare in c.collective_unnamed
        if unnamed and (j == verb + 1 or ix.toks[j - 1].punct):
            return _Subject([], "unnamed", j + 1)
        if t.stem in c.collective_unnamed and j == verb + 1:
            return _Subject([], "unnamed", j + 1)
        j += 1
    if named is not None and named.entity.type == "ORG":
        # ``نائب وزير الخارجية الروسية سيرغي ريابكوف``: the ministry is part of a title
        after = next((m for m in ix.mentions if named.hi <= m.lo <= named.hi + 1), None)
        if after is not None and after.entity.type == "PERSON":
            named = after
    if named is not None:
        group = _compound(ix, named, stop)
        ids = list(dict.fromkeys(m.entity.id for m in group))
        return _Subject(ids, "named", group[-1].hi)
    # subject-verb order: a mention ending just before the cue
    for m in ix.mentions:
        if m.hi <= verb and verb - m.hi <= 1 and m.entity.type in _SPEAKER_TYPES:
            between = ix.toks[m.hi : verb]
            plain = all(not b.punct or b.text in _QUOTE_CLOSE for b in between)
            if plain and ix.sent_of[m.lo] == ix.sent_of[verb]:
                return _Subject([m.entity.id], "named", verb + 1)
    first = ix.toks[verb + 1] if verb + 1 < len(ix.toks) else None
    if first is not None and not first.punct:
        if first.key in c.agency or first.bare in c.agency:
            return _Subject([last_agency] if last_agency else [], "previous", verb + 2)
        if first.key in c.descriptive or first.stem in c.descriptive:
            by_role = _described(ix, verb, stop)
            if by_role is not None:
                return _Subject([by_role], "previous", verb + 2)
            return _Subject(list(previous[:1]), "previous", verb + 2)
        if first.stem in c.side_parties or first.key in c.side_parties:
            got = parties(verb) if parties is not None else []
            return _Subject(got, "dual", verb + 2)
    if dual_ok and _is_dual(ix.toks[verb].key) and parties is not None:
        got = parties(verb)
        if got:
            return _Subject(got, "dual", verb + 1)
    return _Subject(list(previous[:1]), "previous", verb + 1)


def _title_prep(ix: DocIndex, j: int, stop: int) -> bool:
    """True when the preposition at ``j`` belongs to a title: a person is named right after.

    ``المبعوث إلى سوريا فلان أن``: within :data:`TITLE_PREP_REACH` tokens a person mention
    follows that is itself followed by a complementizer or a colon, so ``إلى`` does not open
    what was said.
    """
    t = ix.toks[j]
    if t.key not in ix.cues.speech_preps:
        return False
    k = j + 1
    while k < min(stop, j + 1 + TITLE_PREP_REACH):
        m = ix.first_mention.get(k)
        if m is None:
            if ix.toks[k].punct:
                return False
            k += 1
            continue
        if m.entity.type == "PERSON":
            if m.hi >= len(ix.toks):
                return False
            nxt = ix.toks[m.hi]
            return nxt.text == ":" or nxt.key in ix.cues.complementizers
        k = m.hi
    return False


def _svo_subject(ix: DocIndex, verb: int) -> MentionRef | None:
    """``… أن “عبد اللهيان هنأ``: a mention right before the verb that opens its clause."""
    if verb == 0:
        return None
    m = ix.mention_covering(verb - 1)
    if m is None or m.entity.type not in _SPEAKER_TYPES or m.hi != verb:
        return None
    if ix.sent_of[m.lo] != ix.sent_of[verb]:
        return None
    before = m.lo - 1
    while before >= 0 and ix.toks[before].text in _QUOTE_OPEN:
        before -= 1
    if before < 0 or ix.sent_of[before] != ix.sent_of[verb]:
        return m
    t = ix.toks[before]
    if t.punct or t.key in ix.cues.complementizers or t.bare in ix.cues.complementizers:
        return m
    if t.key in ix.cues.verb_openers or t.bare in ix.cues.verb_openers:
        return m
    return None


def _described(ix: DocIndex, verb: int, stop: int) -> str | None:
    """``الرئيس الروسي``: the latest person named before whose role and country fit."""
    words = [t for t in ix.toks[verb + 1 : stop] if not t.punct][:4]
    if not words:
        return None
    head = words[0].stem
    iso = None
    for t in words[1:]:
        gent = ix.cues.gentilics.get(t.key)
        if gent is not None:
            iso = gent.iso3
            break
    for m in reversed([m for m in ix.mentions if m.hi <= verb]):
        ent = m.entity
        if ent.type != "PERSON":
            continue
        if iso is not None and ent.country not in (None, iso):
            continue
        if any(head in match_key(r) for r in ent.roles):
            return ent.id
    return None


def _boundary(ix: DocIndex, k: int) -> bool:
    """True where what was said starts: أن/إن, a colon, a quotation mark, على/إلى/عن."""
    c = ix.cues
    t = ix.toks[k]
    if t.text == ":" or t.text in _QUOTE_OPEN:
        return True
    if t.key in c.complementizers or t.bare in c.complementizers:
        return True
    return t.key in c.speech_preps


def _content_start(ix: DocIndex, j: int, hi: int) -> int:
    """First token of what was said, searching from token ``j`` (after the subject)."""
    while j < hi and ix.toks[j].text in _QUOTE_CLOSE and j > 0 and ix.mention_covering(j - 1):
        j += 1
    k = j
    for n in range(j, min(hi, j + ix.cues.max_subject_tokens)):
        t = ix.toks[n]
        near = n < j + CONTENT_PREP_REACH
        far_ok = t.key in ix.cues.complementizers or t.bare in ix.cues.complementizers
        if _boundary(ix, n) and (near or far_ok):
            k = n + 1
            break
    # skip a following complementizer / quotation mark
    while k < hi and _boundary(ix, k) and ix.toks[k].key not in ix.cues.speech_preps:
        k += 1
    return min(k, hi)


def _is_media(ent: Entity, ix: DocIndex, m: MentionRef) -> bool:
    if ent.type != "ORG":
        return False
    if any(w in match_key(ent.name_ar) for w in ("\u0648\u0643\u0627\u0644\u0647",)):
        return True
    for k in range(max(0, m.lo - 2), m.lo):
        if ix.toks[k].key in ix.cues.agency_heads or ix.toks[k].stem in ix.cues.agency_heads:
            return True
    return False


def speech_acts(ix: DocIndex, parties: Callable[[int], list[str]] | None = None) -> list[SpeechAct]:
    """Every speech cue of the document with its resolved speakers and content.

    Args:
        ix: the document index.
        parties: given a token, the participants of the last event before it (for dual
            verbs and ``الجانبان``); optional.
    """
    c = ix.cues
    acts: list[SpeechAct] = []
    previous: list[str] = []
    prev_sent = -10
    last_agency: str | None = None
    for s, (lo, hi) in enumerate(ix.sents):
        cue_toks: list[tuple[int, str]] = []
        for i in range(lo, hi):
            kind = _is_cue(ix, i, at_sentence_start=(i == lo))
            if kind is not None:
                cue_toks.append((i, kind))
        if s - prev_sent > PREVIOUS_SPEAKER_SENTENCES:
            previous = []
        # keep the first cue, later finite cues that open a new statement; participles
        # only when no finite cue came before them in the sentence
        chosen: list[tuple[int, str]] = []
        for i, kind in cue_toks:
            if not chosen:
                chosen.append((i, kind))
                continue
            t = ix.toks[i]
            splits = kind == "finite" and (t.key in c.speech_split or t.bare in c.speech_split)
            joined = (
                t.key[0] in _CONJ
                or ix.toks[i - 1].punct
                or ix.toks[i - 1].key == "\u0648"
                or ix.is_(i - 1, c.speech_clause_joiners)  # ``، فيما حذر X``
            )
            if (splits and joined) or (kind == "finite" and _nested_cue(ix, i)):
                chosen.append((i, kind))
        for n, (i, kind) in enumerate(chosen):
            end = chosen[n + 1][0] if n + 1 < len(chosen) else hi
            # the content of a split cue ends before its ``و``-joined successor
            subj = resolve_subject(
                ix, i, end, previous, last_agency, parties, dual_ok=(kind == "finite")
            )
            if kind == "participle" and n == 0 and i > lo:
                # ``ورحب المبعوث …، معربا عن``: the sentence's subject speaks
                head = resolve_subject(ix, lo, i, previous, last_agency, parties, dual_ok=False)
                if head.kind == "named" or (head.speakers and subj.kind != "named"):
                    subj = _Subject(head.speakers, head.kind, subj.end)
            if ix.is_(i, c.speech_relay):
                subj = _relayed(ix, subj, end)
            start = _content_start(ix, subj.end, end)
            words = sum(1 for t in ix.toks[start:end] if not t.punct)
            if words < c.min_content_words:
                continue  # ``أفادت وكالة الأنباء (واع).``: a source line, nothing said
            speakers = [sp for sp in subj.speakers if sp]
            # an agency reporting a named person's words: the person speaks
            agency_ids = {
                sp
                for sp in speakers
                for m in ix.mentions
                if m.entity.id == sp and _is_media(m.entity, ix, m)
            }
            if speakers and set(speakers) <= agency_ids:
                last_agency = speakers[0]
                nested = _nested_speaker(ix, start, end)
                if nested is not None:
                    person, inner_start, has_cue = nested
                    previous = [person]
                    prev_sent = s
                    if not has_cue:
                        continue
                    speakers = [person]
                    start = inner_start
            for sp in speakers:
                ent = ix.entities.get(sp)
                if ent is not None and ent.type == "ORG":
                    for m in ix.mentions:
                        if m.entity.id == sp and _is_media(ent, ix, m):
                            last_agency = sp
                            break
            if start >= end:
                continue
            acts.append(SpeechAct(i, ix.toks[i].text, speakers, start, end, s))
            if speakers:
                previous = speakers
                prev_sent = s
    return acts


def _nested_cue(ix: DocIndex, i: int) -> bool:
    """``… أن الجانبين بحثا …، وأن المقداد شدد على``: a cue whose named subject opens a
    clause introduced by ``أن``/``إن`` inside someone else's report starts its own quote."""
    m = _svo_subject(ix, i)
    if m is None:
        return False
    k = m.lo - 1
    while k >= 0 and ix.toks[k].text in _QUOTE_OPEN:
        k -= 1
    if k < 0:
        return False
    t = ix.toks[k]
    return t.key in ix.cues.complementizers or t.bare in ix.cues.complementizers


def _relayed(ix: DocIndex, subj: _Subject, end: int) -> _Subject:
    """``نقلت الوكالة عن X قوله``: the words are X's, not the relaying agency's.

    ``عن`` after the relaying subject (a name, an abbreviation in brackets, or an agency
    the entities do not know) names the speaker: a mention, a description (``عن ولي
    العهد``) resolved to the person named before, or an unnamed source (``عن مصدر``),
    which gives no speaker."""
    c = ix.cues
    verb = subj.end - 1 if subj.kind != "named" else subj.end
    k = verb
    stop = min(end, verb + c.max_subject_tokens)
    while k < stop and not ix.is_(k, c.speech_relay_source):
        t = ix.toks[k]
        if t.text == ":" or t.key in c.complementizers or t.bare in c.complementizers:
            return subj  # ``نقلت قنا أن …``: the agency's own report
        k += 1
    if k >= stop:
        return subj
    m = ix.first_mention.get(k + 1)
    if m is not None and m.entity.type in _SPEAKER_TYPES:
        return _Subject([m.entity.id], "named", m.hi)
    by_role = _described(ix, k, min(end, k + 1 + c.max_subject_tokens))
    if by_role is not None:
        return _Subject([by_role], "named", k + 2)
    return _Subject([], "unnamed", k + 2)


def _nested_speaker(ix: DocIndex, start: int, end: int) -> tuple[str, int, bool] | None:
    """``أن المقداد أطلع عبد اللهيان على …``: the person, where their words start, and
    whether a speech cue of theirs follows."""
    k = start
    while k < end and (ix.toks[k].text in _QUOTE_OPEN):
        k += 1
    m = ix.first_mention.get(k)
    if m is None or m.entity.type != "PERSON":
        return None
    j = m.hi
    while j < end and ix.toks[j].punct and ix.toks[j].text != ".":
        j += 1
    if j < end and (_is_cue(ix, j, False) is not None):
        return m.entity.id, _content_start(ix, j + 1, end), True
    return m.entity.id, start, False


def _trim_end(ix: DocIndex, hi: int, lo: int) -> int:
    """Drop a trailing ``و`` clause joiner and punctuation before a split cue."""
    k = hi
    while k > lo and ix.toks[k - 1].punct and ix.toks[k - 1].text not in ".!?\u061f\u201d\u00bb":
        k -= 1
    return k


def extract_quotes(doc: NewsDoc) -> NewsDoc:
    """Fill ``doc.quotes`` with one quote per statement and speaker.

    Runs after :func:`marsad.events.extract.extract_events` when possible: the events'
    participants resolve dual verbs (``أكدا``) and ``الجانبان``.

    Args:
        doc: a document with ``text`` and ``entities`` (and optionally ``events``).

    Returns:
        The same document, with ``quotes`` replaced.
    """
    if not doc.text:
        doc.quotes = []
        return doc
    ix = build_index(doc)
    events = sorted(doc.events, key=lambda e: e.evidence.start)

    def parties(tok: int) -> list[str]:
        lo = ix.toks[ix.sents[ix.sent_of[tok]][0]].start
        for ev in reversed(events):
            if ev.evidence.end <= lo:
                people = [
                    p
                    for p in [*ev.actor, *ev.recipient]
                    if (e := ix.entities.get(p)) is not None and e.type in _SPEAKER_TYPES
                ]
                if len(people) >= 2:
                    return list(dict.fromkeys(people))
        return []

    quotes: list[Quote] = []
    seen: set[tuple[str, int]] = set()
    for act in speech_acts(ix, parties):
        hi = _trim_end(ix, act.hi, act.lo)
        if hi <= act.lo:
            continue
        start, end = ix.toks[act.lo].start, ix.toks[hi - 1].end
        for sp in act.speakers:
            if (sp, start) in seen:
                continue
            seen.add((sp, start))
            quotes.append(Quote(sp, act.cue, doc.text[start:end], start, end))
    doc.quotes = quotes
    logger.debug("quotes: %d in %s", len(quotes), doc.source.name)
    return doc
