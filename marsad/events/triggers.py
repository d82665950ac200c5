"""Trigger detection: lexicon forms on the tokens, and when a verbal noun is an event.

A verb opens its clause (after punctuation, ``أن``, a subject or an opener); a verbal
noun counts only when the text anchors it: a light verb (``أجرى``/``جرت``), ``بين``/``مع``,
a future cue, a named agent or a gentilic; a definite noun after ``خلال``/``عقب`` refers
back. Package-internal.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.arabic.normalize import WORD_CACHE
from marsad.events.lexicon import load_lexicon
from marsad.events.model import _CONJ, _QUOTES, _near, _Trig
from marsad.events.quotes import DocIndex

__all__ = [
    "MAX_LIGHT_SUBJECT_SPAN",
    "MAX_LIGHT_VERB_GAP",
    "MAX_NOMINAL_ANCHOR_GAP",
    "MAX_PREPOSITION_LEN",
]

#: Tokens between a verbal noun and ``بين``/``مع`` or a named agent for the noun to count
#: as anchored (``اتصال هاتفي جرى بين``: 3); calibrated on the seed articles.
MAX_NOMINAL_ANCHOR_GAP = 5

#: Tokens between a light verb (أجرى، عقد، جرت) and its noun (``أجريا أربعة اتصالات``).
MAX_LIGHT_VERB_GAP = 3

#: Tokens a light verb's subject may fill between it and the noun (``أجرى الرئيس التركي رجب
#: طيب أردوغان، أمس الأربعاء، اتصالا``: 9; a title and a full name with a date), when that
#: span names the subject.
MAX_LIGHT_SUBJECT_SPAN = 14

#: Longest key of a bare preposition (من، على، إلى) among ``requires_next`` words.
MAX_PREPOSITION_LEN = 3

_COMMAS = frozenset("\u060c,")


@lru_cache(maxsize=WORD_CACHE)
def _variants(key: str) -> tuple[tuple[str, bool, bool], ...]:
    """(stem, definite, future) readings of a token key, clitics peeled off (cached)."""
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
    return tuple(out)


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
                if e.pos == "verb" and _after_preposition(t.bare, stem):
                    continue  # ``لبحث``, ``بدعم``: a verbal noun, not a past verb
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


def _after_preposition(bare: str, stem: str) -> bool:
    """``لبحث`` read as ``بحث``: a ب/ل proclitic was peeled off a word whose rest is not a
    present-tense verb (``ليبحث`` is one: لام التعليل + يبحث)."""
    if bare[:1] not in ("\u0628", "\u0644") or bare.startswith(stem):
        return False
    return not (bare[1:].startswith(stem) and stem[:1] in "\u064a\u062a\u0646")


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
        end = min(hi, tr.hi + e.next_window)
        ok = False
        for j in range(tr.hi, end):
            w = ix.toks[j]
            if len(w.key) <= MAX_PREPOSITION_LEN and ix.is_(j + 1, ix.cues.complementizers):
                continue  # ``حذر من أن``: the preposition governs a clause (a statement)
            if w.key in e.requires_next or w.bare in e.requires_next or w.stem in e.requires_next:
                ok = True
                break
            if any(w.key.startswith(r) and len(r) == 1 for r in e.requires_next):
                ok = True
                break
        if not ok:
            return False
    return True


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
        if t.punct and t.text not in _QUOTES and t.text not in _COMMAS:
            return None  # a comma may set off a date (``أجرى X، أمس، اتصالا``)
        k -= 1
    return None


def _masdar(ix: DocIndex, k: int) -> bool:
    """A light verb used as a verbal noun (``عن عقد``, ``لإجراء``): nothing was held yet."""
    t = ix.toks[k]
    if t.key.startswith("\u0644") and not t.key.startswith("\u0644\u0645"):
        return True
    return k > 0 and ix.is_(k - 1, ix.cues.masdar_governors)
