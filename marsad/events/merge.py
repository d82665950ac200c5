"""One event per happening: merging candidates, settling mode, place and date.

Candidates of one sentence that tell one happening merge first, then candidates across
the document (same type and mode, shared participants, no conflicting place or date);
the dateline places lead events; statements made at a meeting inherit its place and
date. Package-internal.
"""

from __future__ import annotations

from marsad.doc import Event
from marsad.events.arguments import _argument_countries
from marsad.events.model import _Cand, _DocState, _is_country, _slug_of_iso
from marsad.events.quotes import DocIndex

__all__ = ["DATELINE_MAX_TOKENS", "DATELINE_REACH", "MULTILATERAL_MIN_COUNTRIES"]

#: Sentences from the start of the text that a dateline (``موسكو، 26 كانون الثاني -``)
#: places: the lead and the next two, where news agencies put the main happening.
DATELINE_REACH = 2

#: Tokens a dateline may take before the story starts (city, date, agency).
DATELINE_MAX_TOKENS = 12

#: Minimum number of country participants that make a meeting multilateral.
MULTILATERAL_MIN_COUNTRIES = 3


def _compatible(a: _Cand, b: _Cand) -> bool:
    if a.type != b.type:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if "phone" in (a.mode, b.mode) and (a.location or b.location):
        return False  # a phone call has no place: a located meeting is another happening
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


def _antecedent(ix: DocIndex, state: _DocState, cand: _Cand) -> _Cand | None:
    """``ومن المقرر أن يعقد الاجتماع``: a definite singular meeting noun whose parties (if
    any) are the countries of an earlier meeting's parties refers back to that meeting."""
    tr = cand.trig
    if cand.type != "CONSULT" or tr.entry.pos != "noun" or not tr.definite or tr.plural:
        return None
    for ev in reversed(state.events):
        if ev.type != "CONSULT" or ev.status != cand.status:
            continue
        known = set(ev.parts)
        for p in ev.parts:
            ent = ix.entities.get(p)
            slug = _slug_of_iso(ix, ent.country) if ent is not None and ent.country else None
            if slug is not None:
                known.add(slug)
        return ev if set(cand.parts) <= known else None
    return None


def _merge_place_date(a: _Cand, b: _Cand) -> None:
    """Fill what ``a`` lacks from a later reference ``b`` to it (not its parties)."""
    if a.location is None and b.location is not None:
        a.location, a.loc_strength = b.location, b.loc_strength
    a.date = a.date or b.date
    a.mode = a.mode or b.mode
