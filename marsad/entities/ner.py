"""Statistical Arabic named-entity tagger (linear-chain CRF, python-crfsuite).

The model is trained by ``scripts/train_ner.py`` on the ANERcorp train split
(CAMeL-style, reconstructed; AQMAR and Wojood only feed the unlabeled word
clusters), and shipped as
``marsad/entities/data/ner.crfsuite`` together with the feature gazetteer
``ner_gazetteer.json``. The feature function :func:`sentence_features` is the
single place where features are defined; training and tagging both call it.

Tags are BIO over the ANERcorp types ``PERS``, ``LOC``, ``ORG`` and ``MISC``;
:meth:`NerTagger.tag_text` reports them as spans labelled ``PERSON``, ``LOC``,
``ORG`` and ``MISC`` with character offsets into the input text.

Example:
    >>> tagger = default_tagger()
    >>> [(s.label, s.text) for s in tagger.tag_text("قال الرئيس محمد علي في القاهرة .")]
    [('PERSON', 'محمد علي'), ('LOC', 'القاهرة')]
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np
import pycrfsuite

from marsad.arabic.normalize import AL, LAL, PROCLITICS, WORD_CACHE, match_key
from marsad.entities.crf import CrfWeights

__all__ = [
    "DEFAULT_GAZETTEER_PATH",
    "DEFAULT_MODEL_PATH",
    "DEFAULT_STACK_MODEL_PATH",
    "NER_LABELS",
    "EntityScore",
    "Gazetteer",
    "NerSpan",
    "NerTagger",
    "bio_spans",
    "default_tagger",
    "document_features",
    "load_gazetteer",
    "read_bio_file",
    "score_entities",
    "sentence_contexts",
    "sentence_features",
    "stacked_features",
    "tokenize",
    "vote_tables",
    "write_weights",
]

logger = logging.getLogger(__name__)

_DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_MODEL_PATH = _DATA_DIR / "ner.crfsuite"
DEFAULT_GAZETTEER_PATH = _DATA_DIR / "ner_gazetteer.json"
#: Second-pass (stacked) model; used when present.
DEFAULT_STACK_MODEL_PATH = _DATA_DIR / "ner_stack.crfsuite"
#: The packaged models' state weights as a matrix, with the attribute names and the
#: models' digest (see :func:`write_weights`); stale or missing, they are read from the
#: models.
DEFAULT_WEIGHTS_PATH = _DATA_DIR / "ner_weights.npz"

#: BIO type (ANERcorp) -> span label (contract entity type).
NER_LABELS: dict[str, str] = {"PERS": "PERSON", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}

#: Gazetteer format version written by scripts/train_ner.py.
GAZETTEER_VERSION = 1
#: Longest gazetteer phrase (in tokens) tried by the phrase matcher; the longest
#: city/country names in ../shared/data have four words.
MAX_PHRASE_TOKENS = 4
#: Window of the title/cue look-back (tokens before the current one); three covers
#: "قال وزير الخارجية <name>" style contexts.
TRIGGER_LOOKBACK = 3
#: Minimum length of a stem left after proclitic stripping (shorter stems are not
#: names and would make الـ/و-initial words collide with particles).
MIN_STEM_CHARS = 2
#: Sentences before/after the current one whose words feed the topic features
#: (a news story keeps its topic over a few sentences; on the dev slice 3/1
#: gave micro-F1 0.698, 8/4 gave 0.690).
CONTEXT_BEFORE = 3
CONTEXT_AFTER = 1
#: Sentences on either side whose first-pass labels vote for a word form in the
#: second (stacked) pass. ANERcorp has no article boundaries; +-20 sentences is
#: about one article.
VOTE_WINDOW = 20
#: The neighbour offsets whose window attributes a token sees.
_WINDOW = (-2, -1, 1, 2)
#: BIO tag -> its type ("O" for O).
_TAG_TYPE: dict[str, str] = {
    f"{p}-{t}": t for p in "BI" for t in ("PERS", "LOC", "ORG", "MISC")
} | {"O": "O"}
#: Bins of the first-pass marginal of the predicted label (0.25 wide).
MARGINAL_BINS = 4

# Tokens: numbers (with decimal or thousands separators and an optional %), runs
# of letters/marks (Arabic, Latin, digits mixed), or one punctuation character.
# Arabic comma/semicolon/question mark (\u060c \u061b \u061f), guillemets
# (\u00ab \u00bb), curly quotes (\u201c \u201d \u2018 \u2019) and dashes are split.
_TOKEN_RE = re.compile(
    r"[0-9\u0660-\u0669]+(?:[.,\u066b\u066c][0-9\u0660-\u0669]+)*%?"
    r"|[^\s0-9\u0660-\u0669.,;:!?\"'()\[\]{}<>\u060c\u061b\u061f\u00ab\u00bb"
    r"\u201c\u201d\u2018\u2019\u2013\u2014/\\*=+\-]+"
    r"|\S"
)
_ARABIC_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LATIN_RE = re.compile("[A-Za-z]")
_DIGIT_RE = re.compile(r"[0-9\u0660-\u0669]")
_PUNCT_RE = re.compile(r"^[^\w\s]+$")
# Proclitic strings tried when stripping (after match_key): conjunction و/ف,
# preposition ب/ك/ل, article ال, and ل+ال written لل.
_PROCLITICS: tuple[str, ...] = (
    "\u0648\u0628\u0627\u0644",  # وبال
    "\u0648\u0643\u0627\u0644",  # وكال
    "\u0641\u0628\u0627\u0644",  # فبال
    "\u0648\u0627\u0644",  # وال
    "\u0641\u0627\u0644",  # فال
    "\u0628\u0627\u0644",  # بال
    "\u0643\u0627\u0644",  # كال
    "\u0648\u0644\u0644",  # ولل
    "\u0641\u0644\u0644",  # فلل
    "\u0644\u0644",  # لل
    "\u0627\u0644",  # ال
    *PROCLITICS,
)
_AL = AL
_LAL = LAL


@dataclass(frozen=True, slots=True)
class NerSpan:
    """One tagged entity: ``text[start:end]`` with a contract label.

    ``score`` is the mean CRF marginal probability of the span's BIO labels
    (1.0 when no marginals were computed).
    """

    start: int
    end: int
    label: str
    text: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Lexicons used as CRF features (all entries are ``match_key`` forms).

    Attributes:
        person: person-name tokens (Wikidata name tokens, filtered).
        loc: city and country names, single- and multi-word.
        org_trigger: words that open organisation names (وزارة, جامعة, ...).
        title: title/role words that precede person names (الرئيس, السيد, ...).
        loc_cue: words that precede locations (في, مدينة, العاصمة, ...).
        clusters: word -> distributional cluster ids ("coarse-mid-fine").
        topics: topic name -> cue words; a topic whose cue occurs in the sentence
            or its context becomes a feature (sports pages turn city names into
            club names, ORG).
    """

    person: frozenset[str]
    loc: frozenset[str]
    org_trigger: frozenset[str]
    title: frozenset[str]
    loc_cue: frozenset[str]
    clusters: dict[str, str]
    topics: dict[str, frozenset[str]]
    #: Per attribute filter (None: all attributes), per word form: its features
    #: (filled while tagging; see ``_word``).
    cache: dict[frozenset[str] | None, dict[str, _Word]] = field(
        default_factory=dict, compare=False, repr=False
    )


def _validated_list(data: dict[str, object], key: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"ner gazetteer: '{key}' must be a list of strings")
    return frozenset(value)


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = DEFAULT_GAZETTEER_PATH) -> Gazetteer:
    """Load and validate the feature gazetteer written by ``scripts/train_ner.py``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("version") != GAZETTEER_VERSION:
        raise ValueError(f"ner gazetteer {path}: expected version {GAZETTEER_VERSION}")
    clusters = data.get("clusters")
    if not isinstance(clusters, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in clusters.items()
    ):
        raise ValueError("ner gazetteer: 'clusters' must map strings to strings")
    topics = data.get("topics")
    if not isinstance(topics, dict):
        raise ValueError("ner gazetteer: 'topics' must map topic names to word lists")
    return Gazetteer(
        topics={name: _validated_list(topics, name) for name in topics},
        person=_validated_list(data, "person"),
        loc=_validated_list(data, "loc"),
        org_trigger=_validated_list(data, "org_trigger"),
        title=_validated_list(data, "title"),
        loc_cue=_validated_list(data, "loc_cue"),
        clusters=dict(clusters),
    )


def tokenize(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into ANERcorp-like tokens and return their character offsets.

    Words are runs of non-space, non-punctuation characters (clitics stay
    attached, as in ANERcorp); numbers keep their decimal separators; every
    punctuation mark (Arabic ones included) is a token of its own.

    Example:
        >>> t = "قال «محمد»، في القاهرة."
        >>> [t[s:e] for s, e in tokenize(t)]
        ['قال', '«', 'محمد', '»', '،', 'في', 'القاهرة', '.']
    """
    return [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _stem_variants(key: str) -> list[str]:
    """Forms of ``key`` with one proclitic string removed (longest first)."""
    return list(_stem_variants_cached(key))


@lru_cache(maxsize=WORD_CACHE)
def _stem_variants_cached(key: str) -> tuple[str, ...]:
    out: list[str] = []
    for pre in _PROCLITICS:
        if key.startswith(pre) and len(key) - len(pre) >= MIN_STEM_CHARS:
            rest = key[len(pre) :]
            out.append(rest)
            if pre.endswith(_LAL):
                out.append(_AL + rest)  # للرئيس -> الرئيس
    return tuple(out)


def _stem(key: str) -> str:
    """The longest-proclitic-stripped form of ``key`` (itself if none applies)."""
    variants = _stem_variants(key)
    return variants[0] if variants else key


def _shape(token: str) -> str:
    if _PUNCT_RE.match(token):
        return "P"
    if _DIGIT_RE.search(token):
        return "D" if not _ARABIC_RE.search(token) else "AD"
    if _LATIN_RE.search(token):
        return "L"
    if _ARABIC_RE.search(token):
        return "A"
    return "O"


def _in_lexicon(key: str, variants: Sequence[str], lexicon: frozenset[str]) -> str:
    """``"1"`` if the word is in the lexicon, ``"s"`` if a stripped form is, else ``""``."""
    if key in lexicon:
        return "1"
    for v in variants:
        if v in lexicon:
            return "s"
    return ""


@lru_cache(maxsize=4)
def _phrase_heads(lex: frozenset[str]) -> frozenset[str]:
    """The first words of the multi-word entries of ``lex``."""
    return frozenset(entry.partition(" ")[0] for entry in lex if " " in entry)


def _phrase_marks(
    keys: Sequence[str], variants: Sequence[list[str]], lex: frozenset[str]
) -> list[str]:
    """BIO marks of the longest multi-token lexicon matches (first token may carry clitics)."""
    marks = [""] * len(keys)
    starts = _phrase_heads(lex)
    i = 0
    n = len(keys)
    while i < n:
        matched = 0
        heads = [h for h in (keys[i], *variants[i]) if h in starts]
        for length in range(min(MAX_PHRASE_TOKENS, n - i), 1, -1) if heads else ():
            tail = " ".join(keys[i + 1 : i + length])
            if any(f"{head} {tail}" in lex for head in heads):
                matched = length
                break
        if matched:
            marks[i] = "B"
            for j in range(i + 1, i + matched):
                marks[j] = "I"
            i += matched
        else:
            i += 1
    return marks


def _sentence_evidence(
    keys: Sequence[str], stems: Sequence[str], gaz: Gazetteer
) -> dict[str, set[str]]:
    """Stem -> cues seen around any of its occurrences in one sentence.

    Cues: ``T`` after a title word (one or two tokens back), ``O`` after an
    organisation opener, ``C`` after a location cue, ``P`` next to a person-name
    token while being one itself. These "global" features let a name that is
    introduced once ("فريق أسيك", "الوزيرة فايزة ...") be recognised when repeated bare;
    a sentence sees the union over itself and its context sentences.
    """
    out: dict[str, set[str]] = {}
    for j, stem in enumerate(stems):
        cues: set[str] = set()
        if j > 0:
            prev, prev_stem = keys[j - 1], stems[j - 1]
            if prev in gaz.title or prev_stem in gaz.title or (j > 1 and keys[j - 2] in gaz.title):
                cues.add("T")
            if prev in gaz.org_trigger or prev_stem in gaz.org_trigger:
                cues.add("O")
            if prev in gaz.loc_cue:
                cues.add("C")
        if stem in gaz.person and (
            (j > 0 and stems[j - 1] in gaz.person)
            or (j + 1 < len(stems) and stems[j + 1] in gaz.person)
        ):
            cues.add("P")
        if cues:
            out.setdefault(stem, set()).update(cues)
    return out


@dataclass(frozen=True, slots=True)
class _Word:
    """What the features need of one word form, whatever its neighbours (cached per form)."""

    token: str
    key: str
    stem: str
    variants: list[str]
    shape: str
    person: str
    loc: str
    org: str
    title: str
    cue: str
    cluster: str


#: Word forms kept per gazetteer, and weight vectors per tagger, before the cache is
#: emptied (bounds memory: ~0.5 KB and ~0.8 KB an entry; sized like the other per-word
#: caches, :data:`marsad.arabic.normalize.WORD_CACHE`).
WORD_CACHE_SIZE = WORD_CACHE


def _word(token: str, gaz: Gazetteer, known: frozenset[str] | None) -> _Word:
    cache = gaz.cache.get(known)
    if cache is None:
        cache = gaz.cache[known] = {}
    w = cache.get(token)
    if w is not None:
        return w
    if len(cache) >= WORD_CACHE_SIZE:
        cache.clear()
    k = match_key(token)
    variants = _stem_variants(k)
    stem = variants[0] if variants else k
    w = _Word(
        token,
        k,
        stem,
        variants,
        _shape(token),
        _in_lexicon(k, variants, gaz.person),
        _in_lexicon(k, variants, gaz.loc),
        _in_lexicon(k, variants, gaz.org_trigger),
        _in_lexicon(k, variants, gaz.title),
        _in_lexicon(k, variants, gaz.loc_cue),
        gaz.clusters.get(k) or gaz.clusters.get(stem, ""),
    )
    cache[token] = w
    return w


def _attributes(w: _Word, known: frozenset[str] | None) -> tuple[list[str], dict[int, list[str]]]:
    """A word's own attributes (everything but the phrase mark and context), and
    its window attributes as seen from offsets -2, -1, +1, +2. Built when needed
    (the strings are ~20x the word's cached record): tagging sums their weights
    once per word form (:meth:`NerTagger._word_vectors`), training once per
    sentence."""
    k, stem = w.key, w.stem
    unit = [f"w={k}", f"st={stem}", f"sh={w.shape}"]
    if w.person:
        unit.append(f"gp={w.person}")
    if w.loc:
        unit.append(f"gl={w.loc}")
    if w.org:
        unit.append(f"go={w.org}")
    if w.title:
        unit.append("gt")
    if w.cue:
        unit.append("gc")
    if w.cluster:
        unit.extend(f"c{lvl}={cid}" for lvl, cid in enumerate(w.cluster.split("-")))
    own = ["b", f"raw={w.token}", *unit]
    for j in range(1, 5):
        if len(k) >= j:
            own.append(f"p{j}={k[:j]}")
            own.append(f"s{j}={k[-j:]}")
    for j in range(1, 4):
        if len(stem) > j:
            own.append(f"ss{j}={stem[-j:]}")
    if stem != k:
        own.append(f"pre={k[: len(k) - len(stem)]}")
    if k.startswith(_AL):
        own.append("al")
    own.append(f"len={min(len(k), 8)}")
    window = {off: [f"{off}:{a}" for a in unit] for off in (-2, -1, 1, 2)}
    if known is not None:  # attributes the models never weigh are left out
        own = [a for a in own if a in known]
        window = {off: [a for a in attrs if a in known] for off, attrs in window.items()}
    return own, window


@dataclass(slots=True)
class _Sentence:
    """One sentence's words and the sentence-level pieces its neighbours share."""

    words: list[_Word]
    evidence: dict[str, set[str]]
    topics: frozenset[str]


def _analyse(tokens: Sequence[str], gaz: Gazetteer, known: frozenset[str] | None) -> _Sentence:
    words = [_word(t, gaz, known) for t in tokens]
    keys = [w.key for w in words]
    stems = [w.stem for w in words]
    bag = set(keys) | set(stems)
    topics = frozenset(name for name, cues in gaz.topics.items() if not cues.isdisjoint(bag))
    return _Sentence(words, _sentence_evidence(keys, stems, gaz), topics)


def _merge_context(window: Sequence[_Sentence]) -> tuple[dict[str, set[str]], list[str]]:
    """Document evidence and sorted topics of a sentence's window (itself and its context)."""
    evidence: dict[str, set[str]] = {}
    topic_set: set[str] = set()
    for other in window:
        topic_set |= other.topics
        for stem, cues in other.evidence.items():
            evidence.setdefault(stem, set()).update(cues)
    return evidence, sorted(topic_set)


def _token_extras(
    sent: _Sentence, window: Sequence[_Sentence], gaz: Gazetteer, known: frozenset[str] | None
) -> list[list[str]]:
    """The attributes of every token of ``sent`` that depend on more than one word form:
    all but the words' own attributes and their window attributes (:class:`_Word`).

    With ``known`` (the attributes a model has weights for) the word conjunctions
    (almost all unseen in training) are filtered by it; the models score the same,
    faster.
    """
    words = sent.words
    n = len(words)
    keys = [w.key for w in words]
    loc_phrase = _phrase_marks(keys, [w.variants for w in words], gaz.loc)
    evidence, topics = _merge_context(window)
    feats: list[list[str]] = []
    for i, w in enumerate(words):
        k = w.key
        f: list[str] = []
        if loc_phrase[i]:
            f.append(f"glp={loc_phrase[i]}")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                if loc_phrase[j]:
                    f.append(f"{off}:glp={loc_phrase[j]}")
            else:
                f.append(f"{off}:PAD")
        # Conjunctions of neighbouring words and lexicon flags.
        pairs: list[str] = []
        if i > 0:
            prev = words[i - 1]
            pairs.append(f"w-1|w={prev.key}|{k}")
            pairs.append(f"st-1|st={prev.stem}|{w.stem}")
            f.append(f"gp-1|gp={prev.person}|{w.person}")
            f.append(f"sh-1|sh={prev.shape}|{w.shape}")
        if i + 1 < n:
            pairs.append(f"w|w+1={k}|{keys[i + 1]}")
            f.append(f"gp|gp+1={w.person}|{words[i + 1].person}")
        if i > 1:
            pairs.append(f"w-2|w-1={keys[i - 2]}|{keys[i - 1]}")
        f.extend(pairs if known is None else [a for a in pairs if a in known])
        # Trigger words in the look-back window (titles, location cues, org openers).
        for j in range(max(0, i - TRIGGER_LOOKBACK), i):
            if words[j].title:
                f.append(f"tt{i - j}")
            if words[j].org:
                f.append(f"to{i - j}")
        if i > 0 and words[i - 1].cue:
            f.append(f"tc={keys[i - 1]}")
        for cue_flag in sorted(evidence.get(w.stem, ())):
            f.append(f"de={cue_flag}")
            f.append(f"de={cue_flag}|sh={w.shape}")
        for tp in topics:
            f.append(f"tp={tp}")
            f.append(f"tp={tp}|gl={w.loc}|glp={loc_phrase[i]}")
            f.append(f"tp={tp}|gp={w.person}")
            if w.cluster:
                f.append(f"tp={tp}|c1={w.cluster.split('-')[1]}")
        feats.append(f)
    return feats


def _features(
    sent: _Sentence, window: Sequence[_Sentence], gaz: Gazetteer, known: frozenset[str] | None
) -> list[list[str]]:
    """Attributes of every token of ``sent``; ``window`` is it plus its context sentences:
    each word's own attributes, its neighbours' window attributes and
    :func:`_token_extras`."""
    words = sent.words
    n = len(words)
    feats: list[list[str]] = []
    attrs = [_attributes(w, known) for w in words]
    for i, extras in enumerate(_token_extras(sent, window, gaz, known)):
        f = list(attrs[i][0])
        for off in (-2, -1, 1, 2):
            if 0 <= i + off < n:
                f.extend(attrs[i + off][1][off])
        f.extend(extras)
        feats.append(f)
    return feats


def sentence_features(
    tokens: Sequence[str], gaz: Gazetteer, context: Sequence[Sequence[str]] = ()
) -> list[list[str]]:
    """CRF attributes for every token of one sentence (training and tagging share this).

    Args:
        tokens: the sentence's tokens as written.
        gaz: the feature gazetteer (see :func:`load_gazetteer`).
        context: the neighbouring sentences (see :func:`sentence_contexts`), used
            for the topic and document-evidence features.

    Returns:
        One list of ``name=value`` attribute strings per token (the same
        attributes :func:`document_features` gives the sentence).
    """
    sent = _analyse(tokens, gaz, None)
    return _features(sent, [sent, *(_analyse(c, gaz, None) for c in context)], gaz, None)


def _context_range(i: int, n: int) -> tuple[int, int]:
    """The sentences ``[lo, hi)`` around sentence ``i`` of ``n`` that form its context window
    (itself included): :data:`CONTEXT_BEFORE` before, :data:`CONTEXT_AFTER` after."""
    return max(0, i - CONTEXT_BEFORE), min(n, i + CONTEXT_AFTER + 1)


def document_features(
    sentences: Sequence[Sequence[str]], gaz: Gazetteer, known: frozenset[str] | None = None
) -> list[list[list[str]]]:
    """:func:`sentence_features` of every sentence of a run, each with its
    :func:`sentence_contexts` neighbours, analysing every sentence once.

    ``known``: keep only these word-level attributes (see :func:`_features`).
    """
    analysed = [_analyse(toks, gaz, known) for toks in sentences]
    out: list[list[list[str]]] = []
    for i, sent in enumerate(analysed):
        lo, hi = _context_range(i, len(analysed))
        out.append(_features(sent, analysed[lo:hi], gaz, known) if sent.words else [])
    return out


@lru_cache(maxsize=WORD_CACHE)
def _vote_key(token: str) -> str:
    """Word form that collects label votes ("" for punctuation, digits and one-letter words)."""
    if _shape(token) != "A" and _shape(token) != "L":
        return ""
    key = _stem(match_key(token))
    return key if len(key) >= MIN_STEM_CHARS else ""


def vote_tables(
    sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]
) -> list[dict[str, dict[str, int]]]:
    """Per sentence: word form -> first-pass label counts over the +-``VOTE_WINDOW`` sentences,
    for the word forms of that sentence (the only ones its tokens look up).

    The counts include the sentence's own tokens; :func:`stacked_features`
    subtracts each token's own vote.
    """
    per_sent: list[dict[str, dict[str, int]]] = []
    where: dict[str, list[int]] = {}  # word form -> sentences holding it, ascending
    for idx, (toks, tg) in enumerate(zip(sentences, tags, strict=True)):
        table: dict[str, dict[str, int]] = {}
        for tok, tag in zip(toks, tg, strict=True):
            key = _vote_key(tok)
            if key:
                counts = table.get(key)
                if counts is None:
                    counts = table[key] = {}
                    where.setdefault(key, []).append(idx)
                counts[tag] = counts.get(tag, 0) + 1
        per_sent.append(table)
    out: list[dict[str, dict[str, int]]] = []
    for i, table in enumerate(per_sent):
        merged: dict[str, dict[str, int]] = {}
        for key in table:
            rows = where[key]
            lo = bisect_left(rows, i - VOTE_WINDOW)
            hi = bisect_right(rows, i + VOTE_WINDOW)
            dst: dict[str, int] = {}
            for j in rows[lo:hi]:
                for tag, c in per_sent[j][key].items():
                    dst[tag] = dst.get(tag, 0) + c
            merged[key] = dst
        out.append(merged)
    return out


def stacked_features(
    tokens: Sequence[str],
    base: Sequence[list[str]],
    tags: Sequence[str],
    marginals: Sequence[float],
    votes: dict[str, dict[str, int]],
) -> list[list[str]]:
    """Second-pass attributes: ``base`` plus first-pass labels, confidences and votes.

    Args:
        tokens: the sentence's tokens.
        base: :func:`sentence_features` of the sentence.
        tags: first-pass BIO tags of the sentence.
        marginals: first-pass marginal probability of each predicted tag.
        votes: the sentence's entry of :func:`vote_tables` (first-pass labels of
            the same word forms in the surrounding sentences).
    """
    extras = _stack_extras(tokens, tags, marginals, votes)
    return [[*b, *e] for b, e in zip(base, extras, strict=True)]


def _stack_extras(
    tokens: Sequence[str],
    tags: Sequence[str],
    marginals: Sequence[float],
    votes: dict[str, dict[str, int]],
) -> list[list[str]]:
    """The attributes :func:`stacked_features` adds to each token's first-pass ones."""
    n = len(tokens)
    padded = ["PAD", "PAD", *tags, "PAD", "PAD"]
    out: list[list[str]] = []
    for i in range(n):
        tag = tags[i]
        f = [
            f"l1={tag}",
            f"l1c={tag}|{min(int(marginals[i] * MARGINAL_BINS), MARGINAL_BINS - 1)}",
            f"l1-2={padded[i]}",
            f"l1-1={padded[i + 1]}",
            f"l11={padded[i + 3]}",
            f"l12={padded[i + 4]}",
        ]
        if i > 0:
            f.append(f"l1-1|l1={tags[i - 1]}|{tag}")
        if i + 1 < n:
            f.append(f"l1|l1+1={tag}|{tags[i + 1]}")
        key = _vote_key(tokens[i])
        counts = votes.get(key) if key else None
        if counts:
            # label counts by type, without the token's own vote
            types: dict[str, int] = {}
            total = 0
            for t, c in counts.items():
                if t == tag:
                    c -= 1
                if c:
                    typ = _TAG_TYPE.get(t) or t.partition("-")[2] or "O"
                    types[typ] = types.get(typ, 0) + c
                    total += c
            if total > 0:
                best = max(sorted(types), key=types.__getitem__)
                f.append(f"dv={best}")
                share = types[best] / total
                f.append(f"dv={best}|{min(int(share * MARGINAL_BINS), MARGINAL_BINS - 1)}")
                f.append(f"dv={best}|l1={tag}")
                f.extend(f"dva={typ}" for typ, c in types.items() if typ != "O" and c > 0)
                f.append(f"dvn={min(total, 5)}")
        out.append(f)
    return out


def sentence_contexts(sentences: Sequence[Sequence[str]]) -> list[list[Sequence[str]]]:
    """For each sentence, its neighbouring sentences (the ``context`` argument).

    Example:
        >>> sentence_contexts([["a"], ["b"], ["c"]])[1]
        [['a'], ['c']]
    """
    out: list[list[Sequence[str]]] = []
    for i in range(len(sentences)):
        lo, hi = _context_range(i, len(sentences))
        out.append([sentences[j] for j in range(lo, hi) if j != i])
    return out


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end_exclusive, type)`` of a BIO sequence (conlleval rules).

    An ``I-X`` that does not continue an ``X`` entity starts a new one, as in
    conlleval.

    Example:
        >>> bio_spans(["B-PERS", "I-PERS", "O", "I-LOC"])
        [(0, 2, 'PERS'), (3, 4, 'LOC')]
    """
    spans: list[tuple[int, int, str]] = []
    start = -1
    cur = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        continues = prefix == "I" and typ == cur
        if cur and not continues:
            spans.append((start, i, cur))
            cur = ""
        if prefix in ("B", "I") and not continues:
            start, cur = i, typ
    return spans


def _digest(models: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for m in models:
        h.update(m.read_bytes())
    return h.hexdigest()


def write_weights(path: Path, models: Sequence[Path]) -> int:
    """Write the state weights of ``models`` (a :class:`~marsad.entities.crf.CrfWeights`
    file) to ``path``; run by ``scripts/train_ner.py`` after training. Returns the number
    of attributes. Reading them out of the models takes ~0.6 s a model, in every process
    that tags; the file loads in a few milliseconds."""
    taggers = [_open(m) for m in models]
    weights = CrfWeights.from_models(taggers)
    weights.save(path, _digest(models))
    for t in taggers:
        t.close()
    return len(weights.index)


def _open(model: Path) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return tagger


@lru_cache(maxsize=4)
def _model_weights(path: Path, models: tuple[Path, ...]) -> tuple[CrfWeights, frozenset[str]]:
    """The models opened, their weights (from the file at ``path`` when it was written
    for them, else read out of the models) and the set of weighted attributes.

    Cached per models: taggers of the same models share these (crfsuite taggers are
    used by one thread at a time, like :func:`default_tagger`), and one attribute
    set, which keys the gazetteer's word cache: two equal sets of ~46,000
    attributes would be compared element by element on every lookup.
    """
    taggers = [_open(m) for m in models]
    weights: CrfWeights | None = None
    if path.is_file():
        try:
            weights = CrfWeights.load(path, taggers, _digest(models))
        except ValueError as e:
            logger.info("%s; reading the weights from the models", e)
    if weights is None:
        weights = CrfWeights.from_models(taggers)
    return weights, frozenset(weights.index)


class NerTagger:
    """A loaded CRF model (optionally with a stacked second pass) plus its gazetteer.

    Example:
        >>> tagger = NerTagger.load()
        >>> tagger.tag_tokens(["زار", "الرئيس", "محمد", "علي", "القاهرة"])[2]
        'B-PERS'
    """

    def __init__(
        self,
        tagger: pycrfsuite.Tagger,
        gazetteer: Gazetteer,
        stack: pycrfsuite.Tagger | None = None,
        known: frozenset[str] | None = None,
        weights: CrfWeights | None = None,
    ) -> None:
        self._tagger = tagger
        self._gaz = gazetteer
        self._stack = stack
        self._known = known
        taggers = [tagger] if stack is None else [tagger, stack]
        self._weights = weights or CrfWeights.from_models(taggers)
        #: Word form -> its own and window attributes' summed weights (rows: own, then
        #: window offsets -2, -1, +1, +2), bounded like the gazetteer's word cache.
        self._vectors: dict[str, np.ndarray] = {}

    @classmethod
    def load(
        cls,
        model_path: Path | None = None,
        gazetteer_path: Path | None = None,
        stack_path: Path | None = None,
    ) -> NerTagger:
        """Load a CRF model (default: the packaged one) and its gazetteer.

        The second-pass model ``stack_path`` defaults to the packaged one when
        ``model_path`` is not given and the file exists; otherwise tagging is
        single-pass.
        """
        path = model_path or DEFAULT_MODEL_PATH
        if not path.is_file():
            raise FileNotFoundError(
                f"NER model {path} not found: build it with `python scripts/train_ner.py`"
            )
        if stack_path is None and model_path is None and DEFAULT_STACK_MODEL_PATH.is_file():
            stack_path = DEFAULT_STACK_MODEL_PATH
        gaz = load_gazetteer(gazetteer_path or DEFAULT_GAZETTEER_PATH)
        models = (path,) if stack_path is None else (path, stack_path)
        weights, known = _model_weights(DEFAULT_WEIGHTS_PATH, models)
        logger.info("loaded NER model %s (second pass: %s)", path, stack_path)
        decoders = weights.models
        stack = decoders[1].tagger if len(decoders) > 1 else None
        return cls(decoders[0].tagger, gaz, stack, known, weights)

    def _word_vectors(self, token: str) -> np.ndarray:
        v = self._vectors.get(token)
        if v is None:
            if len(self._vectors) >= WORD_CACHE_SIZE:
                self._vectors.clear()
            own, window = _attributes(_word(token, self._gaz, self._known), self._known)
            groups = [own, *(window[o] for o in _WINDOW)]
            v = self._vectors[token] = self._weights.vectors(groups)
        return v

    def _add_extras(self, scores: np.ndarray, start: int, extras: list[list[str]]) -> None:
        """Add the weights of per-token attribute lists to ``scores[start:]``."""
        lengths = np.fromiter(map(len, extras), dtype=np.intp, count=len(extras))
        if not lengths.any():
            return
        rows = self._weights.ids_or_zero(chain.from_iterable(extras))
        starts = np.cumsum(lengths) - lengths
        some = np.flatnonzero(lengths)
        scores[start + some] += np.add.reduceat(self._weights.matrix[rows], starts[some])

    def _tag_all(self, sentences: Sequence[Sequence[str]]) -> list[tuple[list[str], list[float]]]:
        """Tags and marginals of the final pass for every sentence of a run
        (each sees its :func:`sentence_contexts` neighbours).

        The same attributes as :func:`document_features` (and, second pass,
        :func:`stacked_features`) are scored, without building them as strings
        for crfsuite: the words' own and window attributes come as cached
        summed vectors (:mod:`marsad.entities.crf`), the context-dependent
        ones are added, and crfsuite decodes the summed scores.
        """
        gaz, known = self._gaz, self._known
        bounds: list[tuple[int, int]] = []
        n = 0
        for toks in sentences:
            bounds.append((n, n + len(toks)))
            n += len(toks)
        if n == 0:
            return [([], []) for _ in sentences]
        analysed = [_analyse(toks, gaz, known) for toks in sentences]
        # 1. own attributes, and each neighbour's window attributes within the sentence
        vecs = np.stack([self._word_vectors(t) for toks in sentences for t in toks])
        scores = vecs[:, 0].copy()
        lengths = [hi - lo for lo, hi in bounds]
        first = np.repeat([lo for lo, _ in bounds], lengths)
        last = np.repeat([hi for _, hi in bounds], lengths)
        here = np.arange(n)
        for row, off in enumerate(_WINDOW, start=1):
            src = here + off
            inside = (src >= first) & (src < last)
            scores[inside] += vecs[src[inside], row]
        # 2. the context-dependent attributes
        for i, sent in enumerate(analysed):
            if sent.words:
                lo, hi = _context_range(i, len(analysed))
                extras = _token_extras(sent, analysed[lo:hi], gaz, known)
                self._add_extras(scores, bounds[i][0], extras)
        model1 = self._weights.models[0]
        first_pass = model1.decode(scores[:, model1.columns], bounds)
        if self._stack is None:
            return first_pass
        # 3. second pass: the first pass's labels, confidences and votes
        votes = vote_tables(sentences, [t for t, _ in first_pass])
        for (lo, _), toks, (tags, marg), vote in zip(
            bounds, sentences, first_pass, votes, strict=True
        ):
            if toks:
                self._add_extras(scores, lo, _stack_extras(toks, tags, marg, vote))
        model2 = self._weights.models[1]
        return model2.decode(scores[:, model2.columns], bounds)

    def tag_tokens(self, tokens: Sequence[str], context: Sequence[Sequence[str]] = ()) -> list[str]:
        """BIO tags (``B-PERS``, ``I-LOC``, ``O`` ...) for one sentence of tokens.

        ``context`` optionally gives the surrounding sentences (see
        :func:`sentence_contexts`); they inform the topic and document features
        and, with a second pass, the label votes.
        """
        if not tokens:
            return []
        if self._stack is None:
            tags: list[str] = self._tagger.tag(sentence_features(tokens, self._gaz, context))
            return tags
        return self._tag_all([tokens, *context])[0][0]

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for a run of consecutive sentences (one document or corpus).

        Each sentence sees its neighbours as context, as in training.
        """
        return [tags for tags, _ in self._tag_all(sentences)]

    def tag_text(self, text: str) -> list[NerSpan]:
        """Tokenise ``text``, tag it sentence by sentence and return entity spans.

        Offsets index ``text`` itself: ``text[span.start:span.end] == span.text``;
        ``score`` is the mean marginal probability of the span's tags.
        """
        sents = list(_sentences(text, tokenize(text)))
        token_lists = [[text[s:e] for s, e in sent] for sent in sents]
        spans: list[NerSpan] = []
        results = self._tag_all(token_lists)
        for sent, (tags, marg) in zip(sents, results, strict=True):
            for a, b, typ in bio_spans(tags):
                start, end = sent[a][0], sent[b - 1][1]
                score = sum(marg[a:b]) / (b - a)
                spans.append(NerSpan(start, end, NER_LABELS[typ], text[start:end], score))
        return spans


# Sentence ends: period, question/exclamation marks and line breaks.
_SENT_END = frozenset({".", "?", "!", "\u061f"})


def _sentences(text: str, offsets: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    cur: list[tuple[int, int]] = []
    for idx, (s, e) in enumerate(offsets):
        cur.append((s, e))
        nxt = offsets[idx + 1][0] if idx + 1 < len(offsets) else len(text)
        if text[s:e] in _SENT_END or "\n" in text[e:nxt]:
            yield cur
            cur = []
    if cur:
        yield cur


@lru_cache(maxsize=1)
def default_tagger() -> NerTagger:
    """The packaged tagger, loaded once per process."""
    return NerTagger.load()


def read_bio_file(path: Path) -> list[tuple[list[str], list[str]]]:
    """Read a ``token TAG`` file with blank lines between sentences.

    Only the first tag column is used (Wojood's nested tags are ignored).
    """
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split()
        if not parts:
            if toks:
                sents.append((toks, tags))
                toks, tags = [], []
            continue
        toks.append(parts[0])
        tags.append(parts[1] if len(parts) > 1 else "O")
    if toks:
        sents.append((toks, tags))
    return sents


@dataclass(frozen=True, slots=True)
class EntityScore:
    """Entity-level exact-match counts and scores for one type (or micro over all)."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_entities(
    gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]
) -> dict[str, EntityScore]:
    """conlleval-style entity scores: per type and ``"micro"`` over all types.

    Example:
        >>> s = score_entities([["B-LOC", "O"]], [["B-LOC", "O"]])
        >>> s["micro"].f1
        1.0
    """
    tp: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    for g, p in zip(gold, pred, strict=True):
        gs = set(bio_spans(g))
        ps = set(bio_spans(p))
        for span in gs:
            n_gold[span[2]] = n_gold.get(span[2], 0) + 1
        for span in ps:
            n_pred[span[2]] = n_pred.get(span[2], 0) + 1
            if span in gs:
                tp[span[2]] = tp.get(span[2], 0) + 1
    types = sorted(set(n_gold) | set(n_pred))
    out = {t: EntityScore(tp.get(t, 0), n_pred.get(t, 0), n_gold.get(t, 0)) for t in types}
    out["micro"] = EntityScore(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out
