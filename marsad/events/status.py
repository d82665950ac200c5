"""Status, date, context and topics of an event candidate.

Status from cues (لم/لن → negated, مرتقب/المقرر/س- → future, إذا/في حال →
hypothetical); the date from :mod:`marsad.arabic.dates`, the expression nearest the
trigger in its sentence; PLOVER contexts from keywords. Package-internal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marsad.doc import NewsDoc
from marsad.events.lexicon import load_lexicon
from marsad.events.model import _QUOTES, _Cand, _near, _Trig
from marsad.events.quotes import DocIndex, SpeechAct

__all__ = ["SCHEDULE_REACH", "UNDATED_KINDS"]

#: Tokens before an event noun in which ``موعد`` (a date set for it) may stand: ``لم يحدد
#: أي موعد للقاء`` (2), ``لم يطرح أي موعد لزيارة`` (2), with room for an adjective.
SCHEDULE_REACH = 3
#: Date expressions that name no day or month of their own: a week (``الأسبوع الماضي``)
#: may straddle two months, so giving it a month would invent a date (contract rule).
UNDATED_KINDS = frozenset({"relative_week"})


def _status(ix: DocIndex, tr: _Trig, s_lo: int, s_hi: int, acts: Sequence[SpeechAct]) -> str:
    c = ix.cues
    i = tr.tok
    before = range(max(s_lo, i - c.status_window_before), i)
    if any(ix.is_(k, c.negation_before) for k in before):
        return "negated"
    for k in range(max(s_lo, i - c.negation_verb_window), i):
        if ix.is_(k, c.negation_verbs):
            return "negated"
    if _denied(ix, s_lo, i) or _unscheduled(ix, s_lo, i):
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
    after = range(tr.hi, _next_trigger(ix, tr.hi, min(s_hi, tr.hi + c.future_window_after)))
    if tr.entry.pos == "noun" and any(ix.is_(k, c.future_after) for k in after):
        return "future"
    if tr.entry.pos == "noun" and _near(ix, i - 3, i, c.future_after):
        # ``الجولات المقبلة من محادثات``
        return "future"
    if tr.entry.pos == "noun" and _near(ix, i - 6, i, c.future_before):
        return "future"
    return "reported"


def _next_trigger(ix: DocIndex, lo: int, hi: int) -> int:
    """The first token in ``[lo, hi)`` that starts another trigger (``اتصال … لاجتماع
    مرتقب``: the cue after it belongs to that noun), else ``hi``."""
    lex = load_lexicon()
    for k in range(lo, hi):
        t = ix.toks[k]
        if not t.punct and (lex.forms(t.stem) or lex.forms(t.bare)):
            return k
    return hi


def _denied(ix: DocIndex, s_lo: int, i: int) -> bool:
    """``نفى X صحة ما تداولته مواقع عن اعتزام Y زيارة``: a denial verb governs the rest
    of its clause, however long; a new finite clause (``، وأكد``) or a speech cue ends it."""
    c = ix.cues
    for k in range(i - 1, s_lo - 1, -1):
        if ix.is_(k, c.negation_verbs):
            return True
        t = ix.toks[k]
        if ix.is_(k, c.speech_finite) or (t.text in ("\u060c", ",") and _clause_opens(ix, k + 1)):
            return False
    return False


def _clause_opens(ix: DocIndex, k: int) -> bool:
    """A token that starts a new clause after a comma: ``و``/``ف`` + a verb or an opener."""
    if not 0 <= k < len(ix.toks):
        return False
    t = ix.toks[k]
    if ix.is_(k, ix.cues.verb_openers) or ix.is_(k, ix.cues.speech_finite):
        return True
    return t.key[:1] in "\u0648\u0641" and bool(load_lexicon().forms(t.bare))


def _unscheduled(ix: DocIndex, s_lo: int, i: int) -> bool:
    """``لم يحدد أي موعد للقاء``, ``لا موعد لزيارة``: no date set for the happening."""
    c = ix.cues
    for k in range(max(s_lo, i - SCHEDULE_REACH), i):
        if ix.is_(k, c.schedule_nouns):
            return any(ix.is_(j, c.negation_before) for j in range(max(s_lo, k - 4), k))
    return False


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
    hits = [
        _DateHit(e.start, e.end, v, e.kind)
        for e, v in resolve_all(doc.text, doc.published)
        if e.kind not in UNDATED_KINDS
    ]
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
