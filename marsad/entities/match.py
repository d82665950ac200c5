"""Gazetteer matching of knowledge-base names in a cleaned text.

Names are matched as sequences of token keys (``match_key`` of each word) with a
longest-match trie walk. A text word may carry proclitics (و ف ب ل ك and their
combinations, ``لل`` standing for ``ل`` + ``ال``); the mention span then starts after the
clitic. Transliteration variants of one word (لافرنتييف / لافرينتييف, سيرغي / سيرجي,
أستانة / أستانا) are accepted by :func:`same_word`, which is length-aware so that short
names that differ by one letter (ظريف / طريف) stay apart.

Example:
    >>> same_word("لافرنتييف", "لافرينتييف")
    True
    >>> same_word("ظريف", "طريف")
    False
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from marsad.arabic.normalize import AL, LAL, PROCLITICS, WORD_CACHE, match_key

__all__ = [
    "Gazetteer",
    "Match",
    "Token",
    "clitic_variants",
    "light_key",
    "same_name",
    "same_word",
    "skeleton_key",
    "tokenize",
    "word_key",
]

# A word: letters/digits plus Arabic combining marks and tatweel (never underscore).
_WORD_RE = re.compile("(?:[^\\W_]|[\u064b-\u065f\u0670\u0640])+")
_DOUBLE_RE = re.compile(r"(.)\1+")
_LONG_VOWEL_RE = re.compile("[\u0627\u0648\u064a]")  # ا و ي
# Persian/Urdu letters folded to their Arabic neighbours in foreign names.
_LIGHT_TABLE = str.maketrans(
    {
        "\u06af": "\u063a",  # گ -> غ
        "\u067e": "\u0628",  # پ -> ب
        "\u06a4": "\u0641",  # ڤ -> ف
        "\u06a9": "\u0643",  # ک -> ك
        "\u06cc": "\u064a",  # ی -> ي
        "\u0698": "\u062c",  # ژ -> ج
    }
)
# The hard g of foreign names is written غ, ج or ق (سيرغي / سيرجي).
_G_TABLE = str.maketrans({"\u062c": "\u063a", "\u0642": "\u063a"})
_TCHE = "\u0686"  # چ
_HEH = "\u0647"
_ALEF = "\u0627"

#: A word is folded with the g-letters (ج غ ق) only from this length on: below it, the
#: folds merge different native names (نجم / نغم); checked on the variant test set.
G_FOLD_MIN_LEN = 5
#: Doubled letters are folded (ييف -> يف) only in words this long: قمم is not قم.
DOUBLE_FOLD_MIN_LEN = 5
#: Equal vowel-less skeletons merge two words only from this skeleton length on; at 4 and
#: 5 the variant test set (tests/test_entities_variants.py) showed many false merges.
SKELETON_MIN_LEN = 6
#: Fuzzy ratio (rapidfuzz, 0-100) needed to merge two long words that share first and last
#: letter; below FUZZY_MIN_LEN characters no fuzzy merge is made (ظريف / طريف).
FUZZY_MIN_RATIO = 92.0
FUZZY_MIN_LEN = 8

#: Proclitic strings, longest first. ``لل`` (ل + ال with the alef elided) is handled apart.
_CLITICS = PROCLITICS
_AL = AL
_LAL = LAL
#: Shortest remainder a clitic may leave: stripping must not leave a stub.
MIN_STEM_LEN = 3


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the text: ``text[start:end]`` and its match key."""

    start: int
    end: int
    key: str


@lru_cache(maxsize=WORD_CACHE)
def word_key(word: str) -> str:
    """The match key of one word (no white space inside)."""
    return match_key(word).replace(" ", "")


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with offsets and keys; punctuation is not a token.

    Example:
        >>> [t.key for t in tokenize("قال “لافروف”، أمس")]
        ['قال', 'لافروف', 'امس']
    """
    out: list[Token] = []
    for m in _WORD_RE.finditer(text):
        key = word_key(m.group())
        if key:
            out.append(Token(m.start(), m.end(), key))
    return out


@lru_cache(maxsize=WORD_CACHE)
def light_key(key: str) -> str:
    """Fold spelling-only differences: Persian letters, doubled letters, final ه → ا."""
    k = key.translate(_LIGHT_TABLE).replace(_TCHE, "\u062a\u0634")
    if len(k) >= DOUBLE_FOLD_MIN_LEN:
        k = _DOUBLE_RE.sub(r"\1", k)
    if len(k) > 2 and k.endswith(_HEH):
        k = k[:-1] + _ALEF
    return k


@lru_cache(maxsize=WORD_CACHE)
def _g_key(key: str) -> str:
    return light_key(key).translate(_G_TABLE)


@lru_cache(maxsize=WORD_CACHE)
def skeleton_key(key: str) -> str:
    """The light key without inner long vowels (first and last letters kept)."""
    k = _g_key(key)
    if len(k) <= 2:
        return k
    return k[0] + _LONG_VOWEL_RE.sub("", k[1:-1]) + k[-1]


def same_word(a: str, b: str) -> bool:
    """Whether two words (any form; keyed here) are spellings of one name.

    Example:
        >>> same_word("سيرغي", "سيرجي"), same_word("أستانة", "أستانا")
        (True, True)
    """
    a, b = word_key(a), word_key(b)
    if a == b:
        return True
    la, lb = light_key(a), light_key(b)
    if la == lb:
        return True
    shortest = min(len(la), len(lb))
    if shortest >= G_FOLD_MIN_LEN and _g_key(a) == _g_key(b):
        return True
    sa = skeleton_key(a)
    if sa == skeleton_key(b) and len(sa) >= SKELETON_MIN_LEN:
        return True
    if shortest >= FUZZY_MIN_LEN and la[0] == lb[0] and la[-1] == lb[-1]:
        return fuzz.ratio(_g_key(a), _g_key(b)) >= FUZZY_MIN_RATIO
    return False


def _join_compounds(words: Sequence[str]) -> list[str]:
    """Join ``عبد``/``ابو`` to the next word, as in عبد اللهيان → عبداللهيان."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in _COMPOUND_HEADS and i + 1 < len(words):
            out.append(w + words[i + 1])
            i += 2
        else:
            out.append(w)
            i += 1
    return out


_COMPOUND_HEADS = frozenset({"\u0639\u0628\u062f", "\u0627\u0628\u0648"})  # عبد ابو


def same_name(a: str, b: str) -> bool:
    """Whether two multi-word names are spellings of one name, word by word.

    Example:
        >>> same_name("حسين أمير عبد اللهيان", "حسين امير عبداللهيان")
        True
    """
    wa = _join_compounds([word_key(w) for w in a.split() if word_key(w)])
    wb = _join_compounds([word_key(w) for w in b.split() if word_key(w)])
    return len(wa) == len(wb) and all(same_word(x, y) for x, y in zip(wa, wb, strict=True))


def clitic_variants(key: str) -> list[tuple[int, str]]:
    """``(chars stripped, remainder)`` for each proclitic reading of a word key
    (a fresh list; the readings are computed once per key)."""
    return list(_clitic_variants(key))


@lru_cache(maxsize=WORD_CACHE)
def _clitic_variants(key: str) -> tuple[tuple[int, str], ...]:
    """The proclitic readings of a word key, computed once per key.

    The unstripped word comes first; ``لل`` gives back the article (للأمم → الامم, 1).

    Example:
        >>> clitic_variants("وللامم")[1]
        (2, 'الامم')
    """
    out: list[tuple[int, str]] = [(0, key)]
    for pre in ("\u0648", "\u0641", ""):  # و ف
        if key.startswith(pre + _LAL) and len(key) - len(pre) - 2 >= MIN_STEM_LEN - 2:
            out.append((len(pre) + 1, _AL + key[len(pre) + 2 :]))
    for clitic in _CLITICS:
        rest = key[len(clitic) :]
        if key.startswith(clitic) and len(rest) >= MIN_STEM_LEN:
            if clitic.endswith("\u0644") and rest.startswith("\u0644"):
                continue  # covered by the لل reading above
            out.append((len(clitic), rest))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer hit: tokens ``[first, last]``, the span in the text, the ids named."""

    start: int
    end: int
    first: int
    last: int
    ids: tuple[str, ...]
    exact: bool
    clitic: int


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    by_skeleton: dict[str, list[str]] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)


class Gazetteer:
    """A longest-match trie over name token keys.

    Example:
        >>> g = Gazetteer([("لافرنتييف", "lavrentiev"), ("طهران", "tehran")])
        >>> [(m.ids, m.start) for m in g.find("ولافرينتييف في طهران")]
        [(('lavrentiev',), 1), (('tehran',), 15)]
    """

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """Build from ``(name, id)`` pairs; names are keyed here."""
        self._root = _Node()
        # first steps from the root, per word key (most tokens start no name)
        self._root_steps: dict[str, list[tuple[_Node, bool]]] = {}
        for name, entity_id in names:
            words = [w for w in (word_key(x) for x in name.split()) if w]
            if not words:
                continue
            self._add(words, entity_id)
            joined = _join_compounds(words)
            if joined != words:
                self._add(joined, entity_id)

    def _add(self, words: Sequence[str], entity_id: str) -> None:
        node = self._root
        for w in words:
            nxt = node.children.get(w)
            if nxt is None:
                nxt = node.children[w] = _Node()
                node.by_skeleton.setdefault(skeleton_key(w), []).append(w)
            node = nxt
        if entity_id not in node.ids:
            node.ids.append(entity_id)

    def _step(self, node: _Node, key: str) -> list[tuple[_Node, bool]]:
        exact = node.children.get(key)
        if exact is not None:
            return [(exact, True)]
        out: list[tuple[_Node, bool]] = []
        for cand in node.by_skeleton.get(skeleton_key(key), ()):
            if same_word(key, cand):
                out.append((node.children[cand], False))
        if not out and len(key) >= FUZZY_MIN_LEN and len(node.children) <= _SCAN_CHILDREN_MAX:
            out = [(child, False) for w, child in node.children.items() if same_word(key, w)]
        return out

    def _walk(
        self, tokens: Sequence[Token], text: str, i: int, first_key: str
    ) -> tuple[int, list[str], bool] | None:
        """Longest match starting at token ``i`` read as ``first_key``."""
        best: tuple[int, list[str], bool] | None = None
        frontier = self._root_steps.get(first_key)
        if frontier is None:
            if len(self._root_steps) >= ROOT_STEP_CACHE:
                self._root_steps.clear()
            frontier = self._root_steps[first_key] = self._step(self._root, first_key)
        j = i
        while frontier:
            for node, exact in sorted(frontier, key=lambda p: not p[1]):
                if node.ids:
                    best = (j, list(node.ids), exact)
                    break
            if j + 1 >= len(tokens) or not _only_space(text, tokens[j].end, tokens[j + 1].start):
                break
            j += 1
            nxt: list[tuple[_Node, bool]] = []
            for node, exact in frontier:
                nxt.extend((n, exact and e) for n, e in self._step(node, tokens[j].key))
            frontier = nxt
        return best

    def find(self, text: str, tokens: Sequence[Token] | None = None) -> list[Match]:
        """Every longest, non-overlapping match in ``text``, left to right."""
        toks = tokenize(text) if tokens is None else tokens
        out: list[Match] = []
        i = 0
        while i < len(toks):
            found: Match | None = None
            for stripped, first_key in clitic_variants(toks[i].key):
                hit = self._walk(toks, text, i, first_key)
                if hit is None:
                    continue
                last, ids, exact = hit
                offsets = _key_offsets(text[toks[i].start : toks[i].end])
                start = toks[i].start + offsets[min(stripped, len(offsets) - 1)]
                cand = Match(start, toks[last].end, i, last, tuple(ids), exact, stripped)
                if found is None or _better(cand, found):
                    found = cand
            if found is not None:
                out.append(found)
                i = found.last + 1
            else:
                i += 1
        return out


#: Word keys whose first step from the root is remembered per gazetteer (then the
#: memory starts again), like the other per-word caches.
ROOT_STEP_CACHE = WORD_CACHE
#: A trie node with more children than this is not scanned word by word for fuzzy
#: matches (only through the skeleton index); keeps the root lookup fast.
_SCAN_CHILDREN_MAX = 64


def _better(a: Match, b: Match) -> bool:
    """Longer first, then exact over variant, then the shorter clitic."""
    return (a.last, a.exact, -a.clitic) > (b.last, b.exact, -b.clitic)


def _only_space(text: str, a: int, b: int) -> bool:
    return a < b and text[a:b].isspace()


@lru_cache(maxsize=WORD_CACHE)
def _key_offsets(word: str) -> tuple[int, ...]:
    """For each character of ``word_key(word)``, its index in ``word``."""
    out = tuple(i for i, ch in enumerate(word) if word_key(ch))
    return out or (0,)
