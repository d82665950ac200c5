"""PLOVER events: who did what to whom, where, when, with what status.

The stage reads ``doc.text``, ``doc.entities`` (with mentions) and ``doc.published`` and
fills ``doc.events``. Per sentence:

1. find triggers of the lexicon (verbs with their clitics, verbal nouns, multi-word forms);
   a verbal noun makes an event only when the text anchors it (a light verb such as
   ``أجرى``/``جرت``, ``بين``/``مع``, a future cue, a named agent in construct state, a
   gentilic adjective); a definite noun after ``خلال``/``عقب`` refers back and is skipped;
2. collect participants around the trigger: the subject before a verb (back to the
   clause start), mentions after it up to the next trigger, ``بحضور X``, delegation heads
   (``وفد … برئاسة X``, later ``الوفد الروسي``), ``الجانبان``/``الطرفان`` (the parties of
   the last event), ``البلدين`` (their countries), ``الجانب الروسي`` (the country);
   speech acts (رحب، أدان، انتقد) take the speaker as actor;
3. location from ``إلى X`` (a visit's destination), ``الذي يزور X``, ``في X`` next to the
   trigger or ``في مدينة X``; the host country of a visited city becomes the recipient;
4. mode from the trigger (زيارة/استقبل → visit, اتصال هاتفي → phone, قمة → multilateral),
   status from cues (لم/لن → negated, مرتقب/المقرر/س- → future, إذا/في حال →
   hypothetical); future SUPPORT/COOPERATE/AID become AGREE, as PLOVER prescribes;
5. date from the date module (anchored at ``doc.published``, or at the day the text
   itself establishes), the expression nearest the trigger in its sentence;
6. merge what is one happening (same type and mode, shared participants, no conflicting
   place or date), then let statements made at a meeting inherit its place and date.

Example:
    >>> from marsad.doc import NewsDoc, Source, Entity, Mention
    >>> text = "التقى الوزير سامي ناصر في دمشق نظيره عمر خالد."
    >>> doc = NewsDoc(source=Source(name="x"), raw=text, text=text)
    >>> doc.entities = [
    ...     Entity("ar:sami", "PERSON", "سامي ناصر", mentions=[Mention(13, 22, "سامي ناصر")]),
    ...     Entity("damascus", "LOC", "دمشق", mentions=[Mention(26, 30, "دمشق")]),
    ...     Entity("ar:omar", "PERSON", "عمر خالد", mentions=[Mention(37, 45, "عمر خالد")])]
    >>> ev = extract_events(doc).events[0]
    >>> ev.type, ev.actor + ev.recipient, ev.location
    ('CONSULT', ['ar:sami', 'ar:omar'], 'damascus')
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.doc import Event, NewsDoc, Span
from marsad.events.lexicon import TriggerEntry, load_cues, load_lexicon
from marsad.events.quotes import (
    DocIndex,
    MentionRef,
    SpeechAct,
    build_index,
    resolve_subject,
    speech_acts,
)

__all__ = ["MAX_LIGHT_VERB_GAP", "MAX_NOMINAL_ANCHOR_GAP", "extract_events"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Tokens between a verbal noun and ``بين``/``مع`` or a named agent for the noun to count
#: as anchored (``اتصال هاتفي جرى بين``: 3); calibrated on the seed articles.
MAX_NOMINAL_ANCHOR_GAP = 5
#: Tokens between a light verb (أجرى، عقد، جرت) and its noun (``أجريا أربعة اتصالات``).
MAX_LIGHT_VERB_GAP = 3
#: Tokens a light verb's subject may fill between it and the noun (``أجرى الرئيس التركي رجب
#: طيب أردوغان اتصالا``: 6), when that span names the subject.
MAX_LIGHT_SUBJECT_SPAN = 9
#: Tokens after a trigger in which ``في X`` names the event's place (``التقى في موسكو``).
LOCATION_NEAR = 3
#: Sentences from the start of the text that a dateline (``موسكو، 26 كانون الثاني -``)
#: places: the lead and the next two, where news agencies put the main happening.
DATELINE_REACH = 2
#: Tokens a dateline may take before the story starts (city, date, agency).
DATELINE_MAX_TOKENS = 12
#: Words after a comma searched for ``مع``/a name before a discussion verb's object
#: starts (``، الأربعاء مع``: 2).
DISCUSSION_LOOKAHEAD = 2
#: Minimum number of country participants that make a meeting multilateral.
MULTILATERAL_MIN_COUNTRIES = 3

_QUOTES = frozenset("\u201c\u201d\u00ab\u00bb\"'")
_CONJ = "\u0648\u0641"


@dataclass(slots=True)
class _Trig:
    tok: int
    hi: int
    entry: TriggerEntry
    plural: bool
    definite: bool
    future_prefix: bool


@dataclass(slots=True)
class _Cand:
    type: str
    mode: str | None
    sent: int
    trig: _Trig
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    location: str | None = None
    loc_strength: int = 0
    date: str | None = None
    status: str = "reported"
    context: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    evidence: Span = field(default_factory=lambda: Span(0, 0))
    frame: str = "event"
    own_date: bool = False
    own_location: bool = False
    trigger_span: Span | None = None

    @property
    def parts(self) -> list[str]:
        return list(dict.fromkeys([*self.actor, *self.recipient]))


# --- 1. triggers ----------------------------------------------------------------------------
def _variants(key: str) -> list[tuple[str, bool, bool]]:
    """(stem, definite, future) readings of a token key, clitics peeled off."""
    out: list[tuple[str, bool, bool]] = [(key, False, False)]
    bases = [key]
    if len(key) > 3 and key[0] in _CONJ:
        bases.append(key[1:])
        out.append((key[1:], False, False))
    for b in bases:
        if len(b) > 3 and b[0] == "\u0633" and b[1] in "\u064a\u062a\u0646":  # سي ست سن
            out.append((b[1:], False, True))
        for art in ("\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0627\u0644"):
            if b.startswith(art) and len(b) > len(art) + 1:
                out.append((b[len(art) :], True, False))
        if b.startswith("\u0644\u0644") and len(b) > 3:  # لل
            out.append((b[2:], True, False))
        if len(b) > 3 and b[0] in "\u0628\u0644":  # ب ل
            out.append((b[1:], False, False))
    # object / possessive suffixes (استقبله، زيارته)
    for stem, d, f in list(out):
        for suf in ("\u0647\u0645\u0627", "\u0647\u0645", "\u0647\u0627", "\u0647"):
            if stem.endswith(suf) and len(stem) - len(suf) >= 3:
                out.append((stem[: -len(suf)], d, f))
                break
    return out


def _find_triggers(ix: DocIndex, lo: int, hi: int) -> list[_Trig]:
    lex = load_lexicon()
    found: list[_Trig] = []
    i = lo
    while i < hi:
        t = ix.toks[i]
        if t.punct:
            i += 1
            continue
        best: _Trig | None = None
        for stem, definite, fut in _variants(t.key):
            for form in lex.forms(stem):
                e = form.entry
                n = len(form.keys)
                if i + n > hi:
                    continue
                if any(ix.toks[i + k].key != form.keys[k] for k in range(1, n)):
                    continue
                if e.pos == "verb" and definite:
                    continue
                if e.pos == "noun" and fut:
                    continue
                cand = _Trig(i, i + n, e, form.plural, definite, fut)
                if best is None or (n > best.hi - best.tok) or _prefer(ix, cand, best):
                    best = cand
        if best is not None and best.entry.pos == "verb" and not _verb_position_ok(ix, best, lo):
            best = None
        if t.key in ix.cues.non_triggers or t.bare in ix.cues.non_triggers:
            best = None
        if best is not None and _requirements(ix, best, hi):
            found.append(best)
            i = best.hi
        else:
            i += 1
    return found


def _verb_position_ok(ix: DocIndex, tr: _Trig, lo: int) -> bool:
    """A verb opens its clause: after punctuation, ``أن``, a subject (mention, الجانبان,
    gentilic), or an opener such as ``كما``/``الذي``; a participle may stand anywhere."""
    c = ix.cues
    k = tr.tok
    t = ix.toks[k]
    if t.bare.startswith("\u0645") and t.bare.endswith("\u0627"):  # مشددا، منتقدا
        return True
    if k == lo:
        return True
    prev = ix.toks[k - 1]
    if prev.punct:
        return True
    if prev.key in c.complementizers or prev.bare in c.complementizers:
        return True
    if prev.key in c.verb_openers or prev.bare in c.verb_openers:
        return True
    if prev.key[:1] in _CONJ and (
        prev.key[1:] in c.verb_openers or prev.key[1:] in c.negation_before
    ):
        return True  # ``ولم يلتق``، ``وقد``
    if prev.key in c.speech_finite or prev.bare in c.speech_finite:
        return True
    if ix.mention_covering(k - 1) is not None or ix.country_of_gentilic(k - 1) is not None:
        return True
    return prev.key in c.gentilics or prev.bare in c.side_parties or prev.key in c.side_parties


def _prefer(ix: DocIndex, new: _Trig, old: _Trig) -> bool:
    """Between a verb and a noun reading of the same word (دعم، رفض، قصف)."""
    if new.hi - new.tok != old.hi - old.tok or new.entry.pos == old.entry.pos:
        return False
    t = ix.toks[new.tok]
    prev = ix.toks[new.tok - 1] if new.tok > 0 else None
    verb_ok = (
        t.key[0] in _CONJ
        or prev is None
        or prev.punct
        or prev.key in ix.cues.complementizers
        or ix.mention_covering(new.tok - 1) is not None
    )
    return (new.entry.pos == "verb") == verb_ok and not new.definite


def _requirements(ix: DocIndex, tr: _Trig, hi: int) -> bool:
    e = tr.entry
    if (
        e.not_before
        and tr.hi < hi
        and ix.toks[tr.hi].stem
        in e.not_before | {k[2:] for k in e.not_before if k.startswith("\u0627\u0644")}
    ):
        return False
    if e.not_before and tr.hi < hi and ix.toks[tr.hi].key in e.not_before:
        return False
    if e.requires_next:
        window = ix.toks[tr.hi : min(hi, tr.hi + e.next_window)]
        ok = False
        for w in window:
            if w.key in e.requires_next or w.bare in e.requires_next or w.stem in e.requires_next:
                ok = True
                break
            if any(w.key.startswith(r) and len(r) == 1 for r in e.requires_next):
                ok = True
                break
        if not ok:
            return False
    return True


# --- 2. anchoring verbal nouns --------------------------------------------------------------
def _near(ix: DocIndex, lo: int, hi: int, keys: frozenset[str]) -> bool:
    return any(ix.is_(k, keys) for k in range(max(lo, 0), min(hi, len(ix.toks))))


def _anchored(ix: DocIndex, tr: _Trig, s_lo: int, s_hi: int, in_speech: bool) -> bool:
    """Whether a verbal noun reports a happening rather than naming a topic."""
    c = ix.cues
    i = tr.tok
    # ``خلال/عقب المباحثات``, ``هذا اللقاء``: a reference back
    referring = tr.definite or (i > s_lo and ix.toks[i - 1].key in c.demonstratives)
    if referring and _near(ix, i - 2, i, c.anaphoric_governors | c.demonstratives):
        return False
    if _near(ix, i - 5, i, c.nominal_suppressors) and not _near(ix, i - 5, i, c.light_before):
        return False
    light_before = _light_verb_before(ix, i, s_lo) is not None
    after = range(tr.hi, min(s_hi, tr.hi + MAX_NOMINAL_ANCHOR_GAP))
    light_after = any(ix.is_(k, c.light_after) for k in after) and any(
        ix.is_(k, c.light_after - {"\u0627\u0644\u062a\u064a", "\u0627\u0644\u0630\u064a"})
        for k in range(tr.hi, min(s_hi, tr.hi + MAX_NOMINAL_ANCHOR_GAP + 1))
    )
    if light_before or light_after:
        return True
    if tr.definite:
        # ``المباحثات بين الجانبين``: a reference back that names its parties
        if tr.entry.type != "CONSULT":
            return False  # ``بالتعاون مع``: a manner, not a happening
        return any(ix.is_(k, c.with_) for k in after) and not in_speech
    if tr.plural and not _near(ix, i - 2, i, c.number_words):
        return False
    if any(ix.is_(k, c.with_) for k in after):
        return True
    if any(ix.is_(k, c.future_after) for k in after):
        return True
    if tr.hi < s_hi and ix.country_of_gentilic(tr.hi) is not None and not in_speech:
        return True
    for k in after:
        if ix.toks[k].punct and ix.toks[k].text not in _QUOTES:
            break
        m = ix.first_mention.get(k)
        if m is not None and m.entity.type in ("PERSON", "ORG"):
            return True
    return False


# --- 3. arguments ---------------------------------------------------------------------------
@dataclass(slots=True)
class _DocState:
    delegations: dict[str, list[str]] = field(default_factory=dict)  # ISO3|"" -> heads
    events: list[_Cand] = field(default_factory=list)
    formats: dict[str, list[str]] = field(default_factory=dict)  # MISC id -> countries


def _governor(ix: DocIndex, m: MentionRef) -> str:
    """The word that governs a mention: its clitic (ب، ل، و) or the token before it,
    skipping quotation marks, location heads (العاصمة، مدينة) and gentilics."""
    c = ix.cues
    if m.pre:
        p = m.pre[1:] if m.pre[0] in _CONJ and len(m.pre) > 1 else m.pre
        if p and p != "\u0648":
            return p
    k = m.lo - 1
    while k >= 0:
        t = ix.toks[k]
        if t.text in _QUOTES or t.stem in c.location_heads or t.key in c.location_heads:
            k -= 1
            continue
        if ix.country_of_gentilic(k) is not None or t.key in c.gentilics:
            k -= 1
            continue
        if t.key.startswith("\u0628") and t.stem in c.location_heads:
            return "\u0628"
        if t.key.startswith("\u0644") and t.stem in c.location_heads:
            return "\u0644"
        return t.key
    return ""


def _is_country(ix: DocIndex, ent_id: str) -> bool:
    return ent_id in ix.country_ids.values() or ent_id in _country_slugs(ix)


def _slug_of_iso(ix: DocIndex, iso: str) -> str | None:
    if iso in ix.country_ids:
        return ix.country_ids[iso]
    return next((g.slug for g in ix.cues.gentilics.values() if g.iso3 == iso), None)


def _country_slugs(ix: DocIndex) -> frozenset[str]:
    return _slugs()


@lru_cache(maxsize=1)
def _slugs() -> frozenset[str]:
    return frozenset(g.slug for g in load_cues().gentilics.values())


def _country_of_city(ix: DocIndex, m: MentionRef) -> str | None:
    """``العاصمة الإيرانية طهران`` → iran; a capital of the cue table → its country."""
    for k in range(max(1, m.lo - 2), m.lo):
        head = ix.toks[k - 1]
        cid = ix.country_of_gentilic(k)
        if cid is not None and (
            head.stem in ix.cues.location_heads or head.key in ix.cues.location_heads
        ):
            return cid
    for iso, cap in ix.cues.capitals.items():
        if cap == m.entity.id:
            return _slug_of_iso(ix, iso)
    return None


def _parties_before(state: _DocState, countries: bool, ix: DocIndex) -> list[str]:
    consults = [e for e in state.events if e.type == "CONSULT"]
    for ev in reversed(consults or state.events):
        if len(ev.parts) < 2 and not countries:
            continue
        if not countries:
            return ev.parts
        out: list[str] = []
        for p in ev.parts:
            if _is_country(ix, p):
                out.append(p)
                continue
            ent = ix.entities.get(p)
            if ent is not None and ent.country:
                slug = _slug_of_iso(ix, ent.country)
                if slug is not None:
                    out.append(slug)
        out = list(dict.fromkeys(out))
        if out and len(ev.parts) >= 2:
            return out
    return []


def _side_word(ix: DocIndex, k: int, state: _DocState) -> list[str] | None:
    """Participants a non-name word stands for (الجانبان، البلدين، الوفد الروسي)."""
    c = ix.cues
    t = ix.toks[k]
    if t.punct:
        return None
    if t.key in c.side_parties or t.bare in c.side_parties:
        return _parties_before(state, False, ix) if _bound_side(ix, k) else None
    if t.key in c.side_countries or t.bare in c.side_countries or t.stem in c.side_countries:
        return _parties_before(state, True, ix) if _bound_side(ix, k) else None
    if t.key in c.side_gentilic_heads or t.bare in c.side_gentilic_heads or t.stem in c.delegation:
        if k > 0 and (ix.toks[k - 1].key in c.title_heads or ix.toks[k - 1].bare in c.title_heads):
            return None  # ``رأس النظام السوري``: a title, the name follows
        nxt_m = next((m for m in ix.mentions if k + 2 <= m.lo <= k + 3), None)
        if (
            nxt_m is not None
            and nxt_m.entity.type == "PERSON"
            and all(ix.toks[j].text in _QUOTES for j in range(k + 2, nxt_m.lo))
        ):
            return None
        cid = ix.country_of_gentilic(k + 1)
        gent = c.gentilics.get(ix.toks[k + 1].key) if k + 1 < len(ix.toks) else None
        if t.stem in c.delegation or t.key in c.delegation or t.bare in c.delegation:
            heads = state.delegations.get(gent.iso3 if gent else "", []) or state.delegations.get(
                "", []
            )
            if heads:
                return heads
        if cid is not None:
            return [cid]
    return None


def _bound_side(ix: DocIndex, k: int) -> bool:
    """``الجانبان``/``البلدين`` as a party (subject, ``بين``/``مع``, ``رئيسي البلدين``), not
    as a genitive (``تعاون البلدين``)."""
    if k == 0:
        return True
    prev = ix.toks[k - 1]
    c = ix.cues
    if prev.punct or prev.key in c.complementizers or prev.bare in c.complementizers:
        return True
    if prev.key in c.side_binders or prev.bare in c.side_binders or prev.key in c.verb_openers:
        return True
    return bool(load_lexicon().forms(prev.bare) or load_lexicon().forms(prev.key))


def _record_delegation(ix: DocIndex, lo: int, hi: int, state: _DocState) -> None:
    c = ix.cues
    for k in range(lo, hi):
        t = ix.toks[k]
        if not (t.key in c.delegation or t.bare in c.delegation or t.stem in c.delegation):
            continue
        gent = c.gentilics.get(ix.toks[k + 1].key) if k + 1 < hi else None
        for h in range(k + 1, min(hi, k + 6)):
            if ix.is_(h, c.heads):
                heads: list[str] = []
                j = h + 1
                while j < min(hi, h + 25):
                    m = ix.first_mention.get(j)
                    if m is not None and m.entity.type == "PERSON":
                        if not _principal_mention(ix, m):
                            heads.append(m.entity.id)
                        j = m.hi
                        continue
                    tj = ix.toks[j]
                    if load_lexicon().forms(tj.bare) and heads:
                        break
                    if tj.punct and tj.text not in _QUOTES and tj.text != "\u060c":
                        break
                    j += 1
                if heads:
                    state.delegations[gent.iso3 if gent else ""] = heads
                    state.delegations.setdefault("", heads)
                break


def _clause_start(ix: DocIndex, s_lo: int, tok: int, prev_trig_end: int) -> int:
    c = ix.cues
    start = max(s_lo, prev_trig_end)
    for k in range(tok - 1, start - 1, -1):
        t = ix.toks[k]
        if t.key in c.complementizers or t.bare in c.complementizers:
            return k + 1
        if t.key in c.speech_finite or t.bare in c.speech_finite:
            return k + 1
        if t.text in (":",):
            return k + 1
        if t.text in ("\u060c", ",") and ix.is_(k + 1, c.verb_openers):
            return k + 1  # ``…، فيما تظاهر``: a new clause
    return start


def _collect(
    ix: DocIndex,
    cand: _Cand,
    lo: int,
    hi: int,
    state: _DocState,
    role: str,
) -> None:
    """Add the participants, places and topics found in tokens ``[lo, hi)``."""
    c = ix.cues
    k = lo
    topic_mode = False
    absent = False
    while k < hi:
        t = ix.toks[k]
        if ix.is_(k, c.topic_markers):
            topic_mode = True
        if ix.is_(k, c.absence):
            absent = True
        if t.punct and t.text not in _QUOTES:
            topic_mode = False
            absent = False
        m = ix.first_mention.get(k)
        if m is None:
            side = _side_word(ix, k, state)
            if side and not topic_mode and not absent:
                target = cand.actor if role == "actor" else cand.recipient
                target.extend(side)
                k += 2 if ix.country_of_gentilic(k + 1) else 1
                continue
            k += 1
            continue
        ent = m.entity
        gov = _governor(ix, m)
        gov_bare = gov[1:] if len(gov) > 2 and gov[0] == "\u0648" else gov
        if topic_mode or absent or _principal_mention(ix, m):
            if not absent:
                cand.topics.append(ix.text[ix.toks[m.lo].start : ix.toks[m.hi - 1].end])
            k = m.hi
            continue
        if ent.type == "LOC":
            is_country = _is_country(ix, ent.id)
            if _in_title(ix, m):
                k = m.hi
                continue
            to_place = gov_bare in c.destination_preps and gov_bare != "\u0644"
            if (to_place and _is_visit(cand)) or (gov_bare == "\u0644" and cand.mode == "visit"):
                _set_location(cand, ent.id, 3)
                host = ent.id if is_country else _country_of_city(ix, m)
                if host is not None:
                    cand.recipient.append(host)
            elif gov_bare in c.visit_relative:
                _set_location(cand, ent.id, 3)
                cand.mode = cand.mode or "visit"
                host = ent.id if is_country else _country_of_city(ix, m)
                if host is not None:
                    cand.recipient.append(host)
            elif gov_bare in c.location_preps or gov_bare == "\u0628":
                if _place_like(ix, m, cand) or _after_place_head(ix, m):
                    _set_location(cand, ent.id, 2 if not is_country else 1)
                else:
                    cand.topics.append(ent.name_ar)
            elif cand.trig.entry.lemma == "\u0632\u0627\u0631" and m.lo > cand.trig.tok:
                # ``ويزور X طهران``: the visited place is the verb's object
                _set_location(cand, ent.id, 3)
                host = ent.id if is_country else _country_of_city(ix, m)
                if host is not None:
                    cand.recipient.append(host)
            elif gov_bare in ("\u0645\u0646",) and cand.trig.entry.origin_visit:
                pass
            elif gov_bare in c.target_preps.get(cand.type, frozenset()) and is_country:
                cand.recipient.append(ent.id)
            elif gov_bare in c.non_participant_preps:
                cand.topics.append(ent.name_ar)
            elif is_country:
                (cand.actor if role == "actor" else cand.recipient).append(ent.id)
            k = m.hi
            continue
        if ent.type == "MISC":
            cand.topics.append(ent.name_ar)
            k = m.hi
            continue
        targets = c.target_preps.get(cand.type, frozenset())
        if gov_bare in targets or (gov_bare == "\u0644" and "\u0644" in targets):
            cand.recipient.append(ent.id)
            k = m.hi
            continue
        if gov_bare in c.non_participant_preps and gov_bare not in ("\u0628",):
            if ent.type == "ORG" and gov_bare in ("\u0641\u064a",) and _is_multilateral(cand):
                cand.recipient.append(ent.id)
            else:
                cand.topics.append(ent.name_ar)
            k = m.hi
            continue
        (cand.actor if role == "actor" else cand.recipient).append(ent.id)
        k = m.hi


def _principal_mention(ix: DocIndex, m: MentionRef) -> bool:
    """``المبعوث الخاص للرئيس X``, ``مبعوث الأمم المتحدة``: whom a title holder serves."""
    if m.entity.type == "ORG" and m.lo > 0 and not m.pre:
        prev = ix.toks[m.lo - 1]
        if prev.key in ix.cues.title_words or prev.stem in ix.cues.title_words:
            return True
    for k in range(max(0, m.lo - 3), m.lo):
        t = ix.toks[k]
        if t.punct and t.text not in _QUOTES:
            return False
        if t.key in ix.cues.principal_titles:
            return True
    return False


def _is_visit(cand: _Cand) -> bool:
    return cand.type == "CONSULT" and cand.mode in ("visit", None)


def _is_multilateral(cand: _Cand) -> bool:
    return cand.type == "CONSULT" and cand.mode == "multilateral"


def _place_like(ix: DocIndex, m: MentionRef, cand: _Cand) -> bool:
    """``في X`` names the event's place when it follows the trigger closely, or a
    participant (``… نظيره X في بكين``) rather than a topic noun (``الوضع في إدلب``)."""
    if m.lo - cand.trig.hi <= LOCATION_NEAR:
        return True
    k = m.lo - 1 if not m.pre else m.lo
    if not m.pre:
        k -= 1  # the preposition before the name
    if k < 0:
        return False
    before = ix.mention_covering(k)
    if before is not None:
        return before.entity.type in ("PERSON", "ORG")
    if _is_country(ix, m.entity.id):
        return False
    # a city after a noun that is not a topic (``أمام السفارة في عمان``)
    return not any(ix.is_(j, ix.cues.topic_nouns) for j in range(max(0, k - 2), k + 1))


def _in_title(ix: DocIndex, m: MentionRef) -> bool:
    """``المبعوث الخاص إلى سوريا``, ``سفير روسيا لدى``: a place inside a title."""
    k = m.lo - 1 if not m.pre else m.lo
    if not m.pre:
        while k >= 0 and ix.toks[k].text in _QUOTES:
            k -= 1
        k -= 1  # the preposition
    for j in range(k, max(-1, k - 2), -1):
        if j >= 0 and (
            ix.toks[j].key in ix.cues.title_words or ix.toks[j].stem in ix.cues.title_words
        ):
            return True
    return False


def _after_place_head(ix: DocIndex, m: MentionRef) -> bool:
    """``في مدينة X``, ``بالعاصمة X``: a place named as such."""
    for k in range(max(0, m.lo - 3), m.lo):
        t = ix.toks[k]
        if t.stem in ix.cues.location_heads or t.key in ix.cues.location_heads:
            return True
    return False


def _set_location(cand: _Cand, ent_id: str, strength: int) -> None:
    if strength > cand.loc_strength:
        cand.location = ent_id
        cand.loc_strength = strength
        cand.own_location = True


# --- 4. status ------------------------------------------------------------------------------
def _status(ix: DocIndex, tr: _Trig, s_lo: int, s_hi: int, acts: Sequence[SpeechAct]) -> str:
    c = ix.cues
    i = tr.tok
    before = range(max(s_lo, i - c.status_window_before), i)
    if any(ix.is_(k, c.negation_before) for k in before):
        return "negated"
    for k in range(max(s_lo, i - c.negation_verb_window), i):
        if ix.is_(k, c.negation_verbs):
            return "negated"
    if any(ix.is_(k, c.hypothetical_before) for k in before):
        return "hypothetical"
    prev = ix.toks[i - 1] if i > s_lo else None
    may = prev is not None and prev.key in c.hypothetical_present and tr.entry.pos == "verb"
    if may and ix.toks[i].bare[:1] in "\u064a\u062a\u0646":  # ``قد يلتقي``: may meet
        return "hypothetical"
    for ph in c.hypothetical_phrases:
        for k in range(max(s_lo, i - 4), i):
            if tuple(t.bare for t in ix.toks[k : k + len(ph)]) == ph:
                return "hypothetical"
    if tr.future_prefix or any(ix.is_(k, c.future_before) for k in before):
        return "future"
    after = range(tr.hi, min(s_hi, tr.hi + c.future_window_after))
    if tr.entry.pos == "noun" and any(ix.is_(k, c.future_after) for k in after):
        return "future"
    if tr.entry.pos == "noun" and _near(ix, i - 3, i, c.future_after):
        # ``الجولات المقبلة من محادثات``
        return "future"
    if tr.entry.pos == "noun" and _near(ix, i - 6, i, c.future_before):
        return "future"
    return "reported"


# --- 5. dates -------------------------------------------------------------------------------
@dataclass(slots=True)
class _DateHit:
    start: int
    end: int
    value: str | None
    kind: str


def _dates(doc: NewsDoc) -> list[_DateHit]:
    try:
        from marsad.arabic.dates import resolve_all
    except ImportError:  # the dates module is optional for this stage
        return []
    hits = [_DateHit(e.start, e.end, v, e.kind) for e, v in resolve_all(doc.text, doc.published)]
    if doc.published is None:
        # A relative day without a publication date counts from the day the text itself
        # establishes (the weekday-dated day), as the seed gold does.
        ctx = next((h.value for h in hits if h.value and len(h.value) == 10), None)
        if ctx is not None:
            for h in hits:
                if h.value is None and h.kind == "relative_day":
                    h.value = ctx
    return hits


def _date_for(
    ix: DocIndex, tr: _Trig, s_lo: int, s_hi: int, hits: Sequence[_DateHit]
) -> str | None:
    lo, hi = ix.toks[s_lo].start, ix.toks[s_hi - 1].end
    pos = ix.toks[tr.tok].start
    inside = [h for h in hits if lo <= h.start < hi]
    if not inside:
        return None
    best = min(inside, key=lambda h: abs(h.start - pos))
    return best.value


# --- 6. merging -----------------------------------------------------------------------------
def _compatible(a: _Cand, b: _Cand) -> bool:
    if a.type != b.type:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if a.location and b.location and a.location != b.location:
        return False
    if a.date and b.date and a.date != b.date:
        return False
    if {a.status, b.status} - {"reported", "future"} and a.status != b.status:
        return False
    if a.type != "CONSULT":
        return set(a.actor) == set(b.actor) and abs(a.sent - b.sent) <= 1 and a.status == b.status
    if a.status != b.status and not (a.mode == b.mode == "multilateral"):
        return False
    return bool(set(a.parts) & set(b.parts))


def _merge_into(a: _Cand, b: _Cand) -> None:
    a.mode = a.mode or b.mode
    if b.loc_strength > a.loc_strength:
        a.location, a.loc_strength = b.location, b.loc_strength
    a.date = a.date or b.date
    a.own_date = a.own_date or b.own_date
    if "future" in (a.status, b.status) and a.mode == "multilateral":
        a.status = "future"
    for p in b.actor:
        if p not in a.actor and p not in a.recipient:
            a.actor.append(p)
    for p in b.recipient:
        if p not in a.actor and p not in a.recipient:
            a.recipient.append(p)
    a.topics.extend(t for t in b.topics if t not in a.topics)
    a.context.extend(x for x in b.context if x not in a.context)


def _context(ix: DocIndex, cand: _Cand, s_lo: int, s_hi: int) -> list[str]:
    c = ix.cues
    out = list(cand.trig.entry.context) or list(c.default_context.get(cand.type, ()))
    keys = {t.key for t in ix.toks[s_lo:s_hi]} | {t.bare for t in ix.toks[s_lo:s_hi]}
    keys |= {t.stem for t in ix.toks[s_lo:s_hi]}
    for name, words in c.contexts.items():
        if keys & words and name not in out:
            out.append(name)
    return out


def _topics(ix: DocIndex, tr: _Trig, s_hi: int) -> list[str]:
    """``بشأن الملف السوري``: up to four words after a topic marker."""
    c = ix.cues
    out: list[str] = []
    for k in range(tr.hi, min(s_hi, tr.hi + 12)):
        if ix.is_(k, c.topic_markers):
            words: list[str] = []
            for j in range(k + 1, min(s_hi, k + 5)):
                t = ix.toks[j]
                if t.punct and t.text not in _QUOTES:
                    break
                if t.text in _QUOTES:
                    continue
                words.append(t.text)
            if words:
                out.append(" ".join(words))
            break
    return out


def _format_members(ix: DocIndex, state: _DocState) -> None:
    """Countries named together with a negotiation format (MISC) in one sentence."""
    for s_lo, s_hi in ix.sents:
        fmt: set[str] = set()
        countries: list[str] = []
        topic = False
        for k in range(s_lo, s_hi):
            if ix.is_(k, ix.cues.topic_markers):
                topic = True
            if ix.toks[k].punct and ix.toks[k].text not in _QUOTES and ix.toks[k].text not in "()":
                topic = False
            m = ix.first_mention.get(k)
            if m is None:
                continue
            if m.entity.type == "MISC":
                fmt.add(m.entity.id)
            elif _is_country(ix, m.entity.id) and not topic:
                gov = _governor(ix, m)
                if gov not in ix.cues.non_participant_preps:
                    countries.append(m.entity.id)
        countries = list(dict.fromkeys(countries))
        if len(countries) >= 2:
            for f in fmt:
                if len(countries) > len(state.formats.get(f, [])):
                    state.formats[f] = countries


def _dateline(ix: DocIndex) -> str | None:
    """``دمشق - سانا -`` or ``موسكو، 26 كانون الثاني (رويترز) -`` opening the text."""
    if not ix.toks:
        return None
    m = ix.first_mention.get(0)
    if m is None or m.entity.type != "LOC" or m.hi >= len(ix.toks):
        return None
    nxt = ix.toks[m.hi]
    if nxt.text not in ("\u060c", ",", "-", "\u2013", "\u2014", ":"):
        return None
    for k in range(m.hi, min(len(ix.toks), m.hi + DATELINE_MAX_TOKENS)):
        if ix.toks[k].text in ("-", "\u2013", "\u2014", ":") and k > m.hi:
            return m.entity.id
    if nxt.text in ("-", "\u2013", "\u2014", ":"):
        return m.entity.id
    return None


def _argument_countries(ix: DocIndex, lo: int, hi: int) -> list[str]:
    """Countries a sentence names outside prepositional phrases (``الدول الثلاث (روسيا
    وتركيا وإيران)``)."""
    out: list[str] = []
    topic = False
    for k in range(lo, hi):
        if ix.is_(k, ix.cues.topic_markers):
            topic = True
        t = ix.toks[k]
        if t.punct and t.text not in _QUOTES and t.text not in "()":
            topic = False
        m = ix.first_mention.get(k)
        if m is None or topic or not _is_country(ix, m.entity.id):
            continue
        gov = _governor(ix, m)
        gov = gov[1:] if len(gov) > 2 and gov[0] == "\u0648" else gov
        if gov in ix.cues.non_participant_preps or gov in ("\u0628", "\u0644"):
            continue
        out.append(m.entity.id)
    return list(dict.fromkeys(out))


def _speech_speakers(acts: Sequence[SpeechAct], tok: int) -> tuple[SpeechAct | None, bool]:
    """The speech act whose content holds token ``tok`` (and whether it is inside)."""
    inside = None
    for a in acts:
        if a.lo <= tok < a.hi:
            inside = a
    return inside, inside is not None


def _last_speaker(acts: Sequence[SpeechAct], tok: int) -> list[str]:
    prev = [a for a in acts if a.cue_tok <= tok and a.speakers]
    return prev[-1].speakers if prev else []


def extract_events(doc: NewsDoc) -> NewsDoc:
    """Fill ``doc.events`` with the PLOVER events the text states.

    Args:
        doc: a cleaned document with ``text`` and ``entities`` (mentions with offsets).

    Returns:
        The same document, with ``events`` replaced.
    """
    if not doc.text:
        doc.events = []
        return doc
    ix = build_index(doc)
    acts = speech_acts(ix)
    hits = _dates(doc)
    state = _DocState()
    _format_members(ix, state)
    for s, (s_lo, s_hi) in enumerate(ix.sents):
        _record_delegation(ix, s_lo, s_hi, state)
        trigs = [
            tr
            for tr in _find_triggers(ix, s_lo, s_hi)
            if tr.entry.pos == "verb"
            or tr.entry.frame == "content"
            or _anchored(ix, tr, s_lo, s_hi, _speech_speakers(acts, tr.tok)[1])
            or _speech_speakers(acts, tr.tok)[1]
        ]
        sent_cands: list[_Cand] = []
        prev_end = s_lo
        for n, tr in enumerate(trigs):
            nxt_tok = trigs[n + 1].tok if n + 1 < len(trigs) else s_hi
            nxt = trigs[n + 1] if n + 1 < len(trigs) else None
            prev_actor = next((c.actor for c in reversed(sent_cands) if c.actor), [])
            cand = _candidate(ix, tr, nxt, s, nxt_tok, prev_end, acts, state, hits, prev_actor)
            prev_end = tr.hi
            if cand is not None:
                sent_cands.append(cand)
        for cand in _sentence_merge(sent_cands):
            _finish(ix, cand, state)
            if not cand.parts:
                continue
            target = next((ev for ev in reversed(state.events) if _compatible(ev, cand)), None)
            if target is not None:
                _merge_into(target, cand)
            else:
                state.events.append(cand)
    dateline = _dateline(ix)
    for ev in state.events:
        lead = ev.sent <= DATELINE_REACH and not ev.trig.entry.origin_visit
        if dateline is not None and ev.location is None and ev.mode != "phone" and lead:
            ev.location = dateline
        if ev.type == "CONSULT" and ev.mode is None and _has_foreign_pair(ix, ev):
            ev.mode = "visit"
    _inherit(state)
    doc.events = [_to_event(c) for c in state.events]
    logger.debug("events: %d in %s", len(doc.events), doc.source.name)
    return doc


def _candidate(
    ix: DocIndex,
    tr: _Trig,
    nxt: _Trig | None,
    s: int,
    nxt_tok: int,
    prev_end: int,
    acts: Sequence[SpeechAct],
    state: _DocState,
    hits: Sequence[_DateHit],
    prev_actor: Sequence[str] = (),
) -> _Cand | None:
    """The event a trigger states, or ``None`` when it states none."""
    cues = ix.cues
    s_lo, s_hi = ix.sents[s]
    act, in_speech = _speech_speakers(acts, tr.tok)
    e = tr.entry
    if e.frame == "content" and not in_speech:
        return None
    promise = e.frame == "event" and in_speech and _future_clause(ix, tr, act)
    nominal = e.pos == "noun" and e.frame in ("event", "speech")
    if nominal and not _anchored(ix, tr, s_lo, s_hi, in_speech) and not promise:
        return None
    # ``أن … يهدد``: a verb inside someone else's words is what they said
    reported_verb = e.frame == "speech" and in_speech and e.pos == "verb" and act is not None
    participle = _is_participle(ix.toks[tr.tok].bare)
    if reported_verb and act is not None and not participle and not _media_act(ix, act):
        return None
    if e.requires_next_trigger is not None and (
        nxt is None
        or nxt.entry.type != e.requires_next_trigger
        or nxt.tok - tr.hi > MAX_NOMINAL_ANCHOR_GAP + MAX_LIGHT_VERB_GAP
    ):
        return None
    nxt_tok = _clause_end(ix, tr, nxt_tok)
    cand = _Cand(type=e.type, mode=e.mode, sent=s, trig=tr, frame=e.frame)
    planned = False
    cand.evidence = ix.sent_span(s)
    cand.trigger_span = Span(ix.toks[tr.tok].start, ix.toks[tr.hi - 1].end)
    if e.frame in ("speech", "content"):
        _speech_arguments(ix, cand, tr, nxt_tok, act, acts, state, prev_actor)
    elif e.pos == "verb":
        cl = _clause_start(ix, s_lo, tr.tok, prev_end)
        if tr.tok > s_lo and ix.is_(tr.tok - 1, cues.relative_pronouns):
            # ``الهجوم الذي استهدف``: the subject is the noun before the pronoun; a name
            # there (``أنصاري الذي يزور``) is the subject
            cl = tr.tok
            ante = ix.mention_covering(tr.tok - 2)
            if ante is not None and ante.entity.type in ("PERSON", "ORG"):
                cand.actor.append(ante.entity.id)
        _collect(ix, cand, cl, tr.tok, state, "actor")
        if not cand.actor and _is_dual_key(ix, tr):
            cand.actor.extend(_parties_before(state, False, ix))
        _collect(ix, cand, tr.hi, nxt_tok, state, "recipient")
        if not e.host_subject and not cand.actor and len(cand.recipient) > 0:
            # verb-subject order: the first participant after the verb is its subject
            cand.actor = cand.recipient[:1]
            cand.recipient = cand.recipient[1:]
        if e.host_subject and not cand.actor and cand.recipient:
            # VSO ``استقبل X Y``: X hosts (recipient), Y visits (actor)
            host, *visitors = cand.recipient
            cand.actor, cand.recipient = visitors, [host]
        elif e.host_subject and cand.actor:
            cand.actor, cand.recipient = cand.recipient, cand.actor
    else:
        _collect(ix, cand, tr.hi, nxt_tok, state, "actor")
        k = tr.hi
        while k < s_hi and ix.country_of_gentilic(k) is not None:
            cid = ix.country_of_gentilic(k)
            if cid and cid not in cand.actor:
                cand.actor.append(cid)
            k += 1
        light = _light_verb_before(ix, tr.tok, s_lo)
        if light is not None and _masdar(ix, light):
            planned = True  # ``حديث عن عقد لقاء``: a meeting spoken of, not held
        elif light is not None:
            # ``وفد … أجرى زيارة``, ``التي تم التوقيع عليها``: the light verb's subject,
            # before it or (``أجرى الرئيس X اتصالا``) between it and the noun
            cl = _clause_start(ix, s_lo, light, prev_end)
            _collect(ix, cand, cl, light, state, "actor")
            _collect(ix, cand, light + 1, tr.tok, state, "actor")
    if e.origin_visit:
        _origin_visit(ix, cand, tr, s_hi)
    if e.requires_recipient and not cand.recipient:
        return None
    cand.status = _status(ix, tr, s_lo, s_hi, acts)
    if planned and cand.status == "reported":
        cand.status = "future"
    if cand.status == "future" and cand.type in cues.future_to_agree:
        cand.type, cand.mode, cand.status = "AGREE", None, "reported"
    elif cand.status == "future" and cand.type in cues.future_to_concede:
        cand.type, cand.mode = "CONCEDE", None
    if in_speech and _future_clause(ix, tr, act) and cand.type in ("SUPPORT", "COOPERATE", "AID"):
        cand.type, cand.mode, cand.status = "AGREE", None, "reported"
        if act is not None and act.speakers:
            others = [p for p in cand.actor if p not in act.speakers]
            cand.actor = list(act.speakers)
            cand.recipient = list(dict.fromkeys([*cand.recipient, *others]))
    if cand.type == "AGREE" and cand.status == "future":
        cand.status = "reported"  # an offer or promise is made now (seed gold rule)
    cand.date = None if e.origin_visit else _date_for(ix, tr, s_lo, s_hi, hits)
    cand.own_date = cand.date is not None
    cand.context = _context(ix, cand, s_lo, s_hi)
    cand.topics.extend(_topics(ix, tr, s_hi))
    return cand


def _clause_end(ix: DocIndex, tr: _Trig, hi: int) -> int:
    """Where a trigger's arguments end: before ``، تم …`` or another finite clause, and for
    a discussion verb (بحث، ناقش) before its object (``…، التطورات في سوريا``)."""
    c = ix.cues
    discussion = tr.entry.pos == "verb" and tr.entry.lemma in c.discussion_lemmas
    seen_party = False
    k = tr.hi
    while k < hi:
        t = ix.toks[k]
        if k in ix.first_mention or _side_like(ix, k):
            seen_party = True
        if t.text in ("\u060c", ",") and k + 1 < hi:
            nxt = ix.toks[k + 1]
            if ix.is_(k + 1, c.light_before) or ix.is_(k + 1, c.speech_finite):
                return k
            if nxt.key == "\u062a\u0645":  # تم
                return k
            if discussion and seen_party:
                # ``خاجي، الأربعاء مع لافرنتييف``: a date before ``مع`` keeps the parties going
                ahead = range(k + 1, min(hi, k + 1 + DISCUSSION_LOOKAHEAD))
                if not any(j in ix.first_mention or ix.is_(j, c.with_ | c.presence) for j in ahead):
                    return k
        k += 1
    return hi


def _side_like(ix: DocIndex, k: int) -> bool:
    c = ix.cues
    t = ix.toks[k]
    return t.key in c.side_parties or t.bare in c.side_parties or t.key in c.side_countries


def _light_verb_before(ix: DocIndex, tok: int, s_lo: int) -> int | None:
    """The light verb (أجرى، عقد، تم) of a verbal noun: at most ``MAX_LIGHT_VERB_GAP`` words
    before it, or further when only its subject stands between (``أجرى الرئيس X اتصالا``)."""
    c = ix.cues
    k = tok - 1
    while k >= max(s_lo, tok - MAX_LIGHT_SUBJECT_SPAN):
        t = ix.toks[k]
        if ix.is_(k, c.light_before):
            if tok - k <= MAX_LIGHT_VERB_GAP:
                return k
            between = range(k + 1, tok)
            if any(ix.mention_covering(j) or ix.country_of_gentilic(j) for j in between):
                return k
            return None
        if t.punct and t.text not in _QUOTES:
            return None
        k -= 1
    return None


def _masdar(ix: DocIndex, k: int) -> bool:
    """A light verb used as a verbal noun (``عن عقد``, ``لإجراء``): nothing was held yet."""
    t = ix.toks[k]
    if t.key.startswith("\u0644") and not t.key.startswith("\u0644\u0645"):
        return True
    return k > 0 and ix.is_(k - 1, ix.cues.masdar_governors)


def _object_start(ix: DocIndex, k: int, hi: int) -> int:
    """After a described subject (``المبعوث الخاص للرئيس الروسي``), where the object
    begins: the first ``ب``-phrase, mention or complementizer."""
    for j in range(k, min(hi, k + 8)):
        t = ix.toks[j]
        if (
            t.bare.startswith("\u0628")
            or j in ix.first_mention
            or ix.is_(j, ix.cues.complementizers)
        ):
            return j
    return k


def _is_participle(bare: str) -> bool:
    return len(bare) > 3 and bare.startswith("\u0645") and bare.endswith("\u0627")


def _media_act(ix: DocIndex, act: SpeechAct) -> bool:
    for sp in act.speakers:
        ent = ix.entities.get(sp)
        if (
            ent is not None
            and ent.type == "ORG"
            and "\u0648\u0643\u0627\u0644\u0647" in (ent.name_ar.replace("\u0629", "\u0647"))
        ):
            return True
    return False


def _speech_arguments(
    ix: DocIndex,
    cand: _Cand,
    tr: _Trig,
    nxt_tok: int,
    act: SpeechAct | None,
    acts: Sequence[SpeechAct],
    state: _DocState,
    prev_actor: Sequence[str] = (),
) -> None:
    """Actor = the speaker (the verb's subject); recipient = its object. A verb or
    participle without a subject of its own (``، مطالبا``، ``وطالبت``) shares the subject
    of the sentence's previous event."""
    e = tr.entry
    s_lo, _s_hi = ix.sents[cand.sent]
    subj_end = tr.hi
    subj = None
    if e.frame == "content" and act is not None:
        cand.actor.extend(act.speakers)
    else:
        finite = not _is_participle(ix.toks[tr.tok].bare)
        subj = resolve_subject(
            ix,
            tr.tok,
            nxt_tok,
            _last_speaker(acts, tr.tok),
            None,
            lambda _t: _parties_before(state, False, ix),
            dual_ok=finite,
        )
        subj_end = subj.end if subj.kind == "named" else _object_start(ix, tr.hi, nxt_tok)
        if subj.kind != "named" and prev_actor:
            subj = type(subj)(list(prev_actor), "previous", subj.end)
        cand.actor.extend(subj.speakers)
        if not subj.speakers and act is not None:
            cand.actor.extend(act.speakers)
    if e.requires_recipient and e.type == "REQUEST":
        # ``دعا X Y إلى``: only a named direct object is addressed
        obj = subj_end if subj is not None and subj.kind == "named" else tr.hi
        m = ix.first_mention.get(obj)
        if m is None and subj is not None and subj.kind == "named" and prev_actor:
            # ``أدانت الوزارة …، وطالبت مجلس الأمن بـ``: one name after a verb that
            # continues the sentence's subject is its object
            cand.recipient.extend(subj.speakers)
            cand.actor[:] = list(prev_actor)
            return
        if m is not None and not m.pre and m.entity.type in ("PERSON", "ORG", "LOC"):
            cand.recipient.append(m.entity.id)
        return
    _collect(ix, cand, subj_end, nxt_tok, state, "recipient")
    cand.recipient = [p for p in cand.recipient if p not in cand.actor]
    # ``صوابية الرؤية السورية``: the country a gentilic names is the one commended
    for k in range(subj_end, min(nxt_tok, subj_end + 3)):
        cid = ix.country_of_gentilic(k)
        if cid is not None and k > subj_end and not ix.toks[k - 1].punct:
            cand.recipient.append(cid)
            break
    if e.frame == "content":
        start = act.lo if act is not None else s_lo
        _collect(ix, cand, start, tr.tok, state, "recipient")


def _is_dual_key(ix: DocIndex, tr: _Trig) -> bool:
    k = ix.toks[tr.tok].bare
    return (
        len(k) > 3
        and (k.endswith("\u0627") or k.endswith("\u0627\u0646"))
        and not k.endswith("\u0648\u0627")
    )


def _future_clause(ix: DocIndex, tr: _Trig, act: SpeechAct | None) -> bool:
    """A promise in reported speech: a future verb (ستواصل، سوف) before the trigger."""
    if act is None:
        return False
    for k in range(act.lo, tr.tok):
        b = ix.toks[k].bare
        if b in ix.cues.future_before or _future_verb(b):
            return True
    return False


def _future_verb(b: str) -> bool:
    """``ستواصل``, ``سيواصلون``, ``سنناقش``: س + a present prefix + a verb stem. Words
    such as سياسي/سيارة (an alef after the prefix, a nisba or feminine ending) are not."""
    return (
        len(b) >= 5
        and b[0] == "\u0633"
        and b[1] in "\u064a\u062a\u0646"
        and b[2] != "\u0627"
        and not b.endswith(("\u064a", "\u064a\u0647", "\u0647"))
    )


def _origin_visit(ix: DocIndex, cand: _Cand, tr: _Trig, s_hi: int) -> None:
    """``بظريف القادم من باكو``: the traveller visited the place he comes from."""
    cand.actor.clear()
    cand.recipient.clear()
    cand.location, cand.loc_strength = None, 0
    for m in ix.mentions:
        if m.hi <= tr.tok and tr.tok - m.hi <= 1 and m.entity.type == "PERSON":
            cand.actor.append(m.entity.id)
        if tr.hi <= m.lo < min(s_hi, tr.hi + 5) and m.entity.type == "LOC":
            _set_location(cand, m.entity.id, 3)
            break


def _sentence_merge(cands: list[_Cand]) -> list[_Cand]:
    """Triggers of one sentence that tell one happening (``أجرى زيارة … لإجراء محادثات``)."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.type == c.type and not c.parts and c.type == "CONSULT":
            # ``زيارة … لإجراء محادثات``: the purpose clause is the same happening
            c.status = prev.status
            _merge_into(prev, c)
            continue
        if prev is not None and prev.trig.entry.requires_next_trigger == c.type:
            _merge_into(prev, c)
            continue
        if (
            prev is not None
            and prev.type == c.type
            and (not prev.mode or not c.mode or prev.mode == c.mode)
            and prev.status == c.status
            and (not c.parts or set(c.parts) & set(prev.parts) or not prev.parts)
            and not (prev.location and c.location and prev.location != c.location)
            and not c.trig.entry.origin_visit
            and not prev.trig.entry.origin_visit
            and c.type == "CONSULT"
        ):
            _merge_into(prev, c)
            continue
        out.append(c)
    return out


def _finish(ix: DocIndex, cand: _Cand, state: _DocState) -> None:
    """Deduplicate participants, expand formats, settle the mode."""
    if cand.type == "CONSULT" and not cand.parts:
        for t in cand.topics:
            for f, members in state.formats.items():
                ent = ix.entities.get(f)
                if ent is not None and (t == ent.name_ar or t in ent.name_ar or ent.name_ar in t):
                    cand.actor.extend(members)
                    cand.mode = cand.mode or "multilateral"
                    break
            if cand.parts:
                break
        if not cand.parts:
            # fall back on the countries the sentence names as parties
            lo, hi = ix.sents[cand.sent]
            cand.actor.extend(_argument_countries(ix, lo, hi))
    actor = list(dict.fromkeys(cand.actor))
    recipient = [p for p in dict.fromkeys(cand.recipient) if p not in actor]
    cand.actor, cand.recipient = actor, recipient
    if cand.location and cand.location in cand.parts and not _is_country(ix, cand.location):
        cand.actor = [p for p in cand.actor if p != cand.location]
        cand.recipient = [p for p in cand.recipient if p != cand.location]
    if cand.type == "CONSULT" and cand.mode is None:
        countries = [p for p in cand.parts if _is_country(ix, p)]
        people = [p for p in cand.parts if p in ix.entities and ix.entities[p].type == "PERSON"]
        if len(countries) >= MULTILATERAL_MIN_COUNTRIES and not people:
            cand.mode = "multilateral"
    if cand.type == "CONSULT" and cand.mode == "visit" and cand.location is None:
        _host_capital(ix, cand)


def _has_foreign_pair(ix: DocIndex, cand: _Cand) -> bool:
    """Officials of two countries meeting: one of them travelled (CAMEO 042/043)."""
    countries = {
        ix.entities[p].country
        for p in cand.parts
        if p in ix.entities and ix.entities[p].type == "PERSON" and ix.entities[p].country
    }
    return len(countries) >= 2


def _host_capital(ix: DocIndex, cand: _Cand) -> None:
    """A head of state or minister receiving a visitor at home: the capital, when named."""
    if not cand.trig.entry.host_subject:
        return
    host = next((p for p in cand.recipient if p in ix.entities), None)
    ent = ix.entities.get(host) if host else None
    if ent is None or not ent.country:
        return
    cap = ix.cues.capitals.get(ent.country)
    if cap and cap in ix.entities:
        cand.location = cap


def _inherit(state: _DocState) -> None:
    """Statements at a meeting take the meeting's place and date."""
    for n, ev in enumerate(state.events):
        if ev.type == "CONSULT":
            continue
        same = [c for c in state.events if c.type == "CONSULT" and c.sent == ev.sent]
        if same and ev.location is None:
            # ``تم التوقيع عليها في زيارة …``: done during the visit the sentence tells
            ev.location = same[0].location
            ev.date = ev.date or same[0].date
            continue
        for prev in reversed(state.events[:n]):
            if prev.type != "CONSULT" or prev.sent > ev.sent:
                continue
            if set(ev.actor) & set(prev.parts):
                if ev.location is None:
                    ev.location = prev.location
                if ev.date is None:
                    ev.date = prev.date
                break
    # also events listed after later CONSULTs: order by sentence for output
    state.events.sort(key=lambda c: (c.sent, c.trig.tok))


def _to_event(c: _Cand) -> Event:
    return Event(
        type=c.type,
        evidence=c.evidence,
        mode=c.mode,
        actor=list(c.actor),
        recipient=list(c.recipient),
        location=c.location,
        date=c.date,
        context=list(dict.fromkeys(c.context)),
        topics=list(dict.fromkeys(c.topics)),
        status=c.status,
        trigger=c.trigger_span,
    )
