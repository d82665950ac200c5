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

from marsad.doc import NewsDoc, Span
from marsad.events.arguments import (
    _clause_end,
    _clause_start,
    _collect,
    _counterpart_of,
    _format_members,
    _host_place,
    _is_dual_key,
    _media_act,
    _nominal_visit,
    _origin_visit,
    _parties_before,
    _record_delegation,
    _speech_arguments,
    _speech_speakers,
)
from marsad.events.merge import (
    DATELINE_REACH,
    _antecedent,
    _compatible,
    _dateline,
    _finish,
    _has_foreign_pair,
    _inherit,
    _merge_into,
    _merge_place_date,
    _sentence_merge,
    _to_event,
)
from marsad.events.model import _QUOTES, _Cand, _DocState, _is_participle, _Trig
from marsad.events.quotes import DocIndex, SpeechAct, build_index, speech_acts
from marsad.events.status import (
    _context,
    _date_for,
    _DateHit,
    _dates,
    _future_clause,
    _future_verb,
    _status,
    _topics,
)
from marsad.events.triggers import (
    MAX_LIGHT_VERB_GAP,
    MAX_NOMINAL_ANCHOR_GAP,
    _anchored,
    _find_triggers,
    _light_verb_before,
    _masdar,
)

__all__ = ["MAX_LIGHT_VERB_GAP", "MAX_NOMINAL_ANCHOR_GAP", "extract_events"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


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
            if target is None:
                target = _antecedent(ix, state, cand)
                if target is not None:
                    _merge_place_date(target, cand)
                    continue
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


def _own_country_subject(ix: DocIndex, tr: _Trig, act: SpeechAct) -> str | None:
    """The place id when a verb inside reported words has the speaker's own country or one of
    its cities as its subject (``قال الوزير الروسي إن موسكو "تدعم …"``): the speaker states
    his government's stance, so the verb is an event of his, not only something said.

    Example:
        ``قال لافروف إن موسكو تدعم حق إيران`` -> ``"moscow"`` (Lavrov and Moscow share RUS).
    """
    k = tr.tok - 1
    while k >= act.lo and ix.toks[k].punct and ix.toks[k].text in _QUOTES:
        k -= 1
    if k < act.lo or k < 0:
        return None
    m = ix.mention_covering(k)
    if m is None or m.entity.type != "LOC" or m.entity.country is None or m.hi != k + 1:
        return None
    for sp in act.speakers:
        ent = ix.entities.get(sp)
        if ent is not None and ent.type != "LOC" and ent.country == m.entity.country:
            return m.entity.id
    return None


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
    own_place = _own_country_subject(ix, tr, act) if reported_verb and act is not None else None
    media = act is not None and _media_act(ix, act)
    if reported_verb and act is not None and not participle and not media and own_place is None:
        return None
    if e.requires_next_trigger is not None and (
        nxt is None
        or nxt.entry.type != e.requires_next_trigger
        or nxt.tok - tr.hi > MAX_NOMINAL_ANCHOR_GAP + MAX_LIGHT_VERB_GAP
    ):
        return None
    nxt_tok = _clause_end(ix, tr, nxt_tok)
    cand = _Cand(type=e.type, mode=e.mode, sent=s, trig=tr, frame=e.frame)
    if e.type == "CONSULT" and ix.is_(tr.hi, cues.multilateral_markers):
        cand.mode = "multilateral"  # ``اجتماعا ثلاثيا``: a meeting of three or more parties
    planned = False
    light: int | None = None
    cand.evidence = ix.sent_span(s)
    cand.trigger_span = Span(ix.toks[tr.tok].start, ix.toks[tr.hi - 1].end)
    if e.frame in ("speech", "content"):
        _speech_arguments(ix, cand, tr, nxt_tok, act, acts, state, prev_actor)
        if own_place is not None and act is not None:
            # ``قال لافروف إن موسكو تدعم``: the speaker states his own country's stance
            cand.actor = list(act.speakers)
            cand.recipient = [p for p in cand.recipient if p not in (own_place, *act.speakers)]
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
    if e.type == "CONSULT" and e.pos == "noun":
        _nominal_visit(ix, cand, tr, s_lo)
        if light is not None and ix.is_(light, cues.host_verbs):
            _host_place(ix, cand, light)
    if e.type == "CONSULT":
        cand.actor.extend(_counterpart_of(ix, cand, tr, s_lo, nxt_tok, act))
    if e.type == "PROTEST" and not cand.recipient:
        # ``أمام السفارة التركية``: a crowd protests against the country whose mission it faces
        for k in range(tr.hi, nxt_tok):
            cid = ix.country_of_gentilic(k)
            if cid is not None and cid not in cand.actor:
                cand.recipient.append(cid)
                break
    if e.requires_recipient and not cand.recipient:
        return None
    cand.status = _status(ix, tr, s_lo, s_hi, acts)
    if planned and cand.status == "reported":
        cand.status = "future"
    if light is not None and _future_verb(ix.toks[light].bare) and cand.status == "reported":
        cand.status = "future"  # ``ستستضيف بغداد اجتماعا``: the light verb is future
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
