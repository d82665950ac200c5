"""Participants, place and topics of an event candidate.

The subject before a verb (back to the clause start), mentions after it up to the next
trigger, ``بحضور X``, delegation heads (``وفد … برئاسة X``), side words (``الجانبان``,
``البلدين``, ``الجانب الروسي``), a visit's destination (``إلى X``) and its host, ``في X``
near the trigger; speech acts (رحب، أدان) take the speaker as actor. Package-internal.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.events.lexicon import load_lexicon
from marsad.events.model import (
    _CONJ,
    _QUOTES,
    _Cand,
    _DocState,
    _is_country,
    _is_multilateral,
    _is_participle,
    _is_visit,
    _set_location,
    _slug_of_iso,
    _Trig,
)
from marsad.events.quotes import DocIndex, MentionRef, SpeechAct, resolve_subject

__all__ = ["DISCUSSION_LOOKAHEAD", "LOCATION_NEAR"]

#: Tokens after a trigger in which ``في X`` names the event's place (``التقى في موسكو``).
LOCATION_NEAR = 3

#: Words after a comma searched for ``مع``/a name before a discussion verb's object
#: starts (``، الأربعاء مع``: 2).
DISCUSSION_LOOKAHEAD = 2


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
        if ix.is_(k, c.absence) or ix.is_(k, c.source_markers):
            absent = True  # ``بغياب X``; ``بحسب وكالة X``: a source, not a party
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
            if ix.is_(k + 1, c.speech_clause_joiners):
                return k  # ``…، فيما حذر X``: a new clause with its own subject
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
        before_qad = ix.mention_covering(tr.tok - 2) if tr.tok >= s_lo + 2 else None
        if (
            subj.kind != "named"
            and ix.toks[tr.tok - 1].key == "\u0642\u062f"
            and before_qad is not None
            and before_qad.hi == tr.tok - 1
        ):
            # ``كانت طهران قد طلبت``: the subject stands before ``قد``
            subj = type(subj)([before_qad.entity.id], "named", tr.hi)
        subj_end = subj.end if subj.kind == "named" else _object_start(ix, tr.hi, nxt_tok)
        if subj.kind != "named" and prev_actor:
            subj = type(subj)(list(prev_actor), "previous", subj.end)
        cand.actor.extend(subj.speakers)
        if not subj.speakers and act is not None:
            cand.actor.extend(act.speakers)
    if e.requires_recipient and e.type == "REQUEST":
        # ``دعا X Y إلى``: only a named direct object is addressed
        obj = subj_end if subj is not None and subj.kind == "named" else tr.hi
        lead = ix.first_mention.get(tr.hi)
        if (
            lead is not None
            and lead.entity.type == "LOC"
            and subj is not None
            and subj.kind == "named"
            and lead.entity.id not in subj.speakers
            and ix.toks[tr.tok].bare.endswith("\u062a")
        ):
            # ``طالبت مصر مجلس الأمن``: a feminine verb agrees with the country right after
            # it, its subject; the named party after that is the one addressed
            cand.actor[:] = [lead.entity.id]
            obj = lead.hi
        if obj < nxt_tok and ix.toks[obj].key == "\u0645\u0646":
            obj += 1  # ``طلبت من السعودية``: the one asked follows ``من``
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


def _nominal_visit(ix: DocIndex, cand: _Cand, tr: _Trig, s_lo: int) -> None:
    """``اعتزام شكري زيارة دمشق``: a visit noun's agent is the person named right before it
    and a place right after it (no preposition) is its destination."""
    if cand.mode != "visit":
        return
    if tr.tok > s_lo:
        before = ix.mention_covering(tr.tok - 1)
        person = before is not None and before.entity.type == "PERSON" and before.hi == tr.tok
        if person and before is not None and before.entity.id not in cand.actor:
            cand.actor.insert(0, before.entity.id)
    m = ix.first_mention.get(tr.hi)
    if m is not None and m.entity.type == "LOC" and not m.pre:
        _set_location(cand, m.entity.id, 3)
        host = m.entity.id if _is_country(ix, m.entity.id) else _country_of_city(ix, m)
        if host is not None and host not in cand.recipient:
            cand.recipient.append(host)


def _host_place(ix: DocIndex, cand: _Cand, light: int) -> None:
    """``بغداد ستستضيف … اجتماعا``: the city that hosts is the meeting's place."""
    m = ix.mention_covering(light - 1) if light > 0 else None
    if m is not None and m.entity.type == "LOC" and m.hi == light:
        _set_location(cand, m.entity.id, 3)


def _counterpart_of(
    ix: DocIndex, cand: _Cand, tr: _Trig, s_lo: int, hi: int, act: SpeechAct | None
) -> list[str]:
    """``… مع نظيره X``, ``لقاء يجمعه بنظيره X``: "his counterpart" makes the one whose
    counterpart X is a party: the speaker of the words that hold the trigger, else the
    latest person the sentence named before the trigger."""
    if not any(ix.is_(k, ix.cues.counterpart) for k in range(tr.hi, hi)):
        return []
    if act is not None and act.speakers:
        return [p for p in act.speakers if p not in cand.parts]
    for m in reversed([m for m in ix.mentions if s_lo <= m.lo and m.hi <= tr.tok]):
        if m.entity.type == "PERSON" and m.entity.id not in cand.parts:
            return [m.entity.id]
    return []
