"""Story clustering: which stored documents report the same real-world happening.

Method (deterministic, incremental):

1. near-duplicates: MinHash (datasketch) over character 5-gram shingles of the
   matching key, LSH candidates confirmed by exact Jaccard ≥
   ``near_duplicate_threshold`` → same story whatever the chrome;
2. event compatibility: two documents join when an event of one and an event
   of the other have the same PLOVER type, participants overlapping by Jaccard
   ≥ :data:`EVENT_JACCARD`, no conflicting location, and dates (stated, or the
   period implied by the dated offices of the people named) within
   ``window_days``; an announcement (status future) joins its occurrence;
3. union-find over those links; the story id is a hash of the cluster's
   earliest document, so it is stable while the cluster keeps that document;
4. events matched across documents of one story share a ``happening_id``, so an
   event knows all its reports.

Only documents that share a person/organisation or a shingle band with the new
documents are re-clustered (``update_stories``).
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from marsad.settings import Settings

__all__ = [
    "CONFIRM_BATCH",
    "EVENT_JACCARD",
    "SHINGLE",
    "NearDuplicates",
    "StoryInput",
    "cluster_stories",
    "confirm_pairs",
    "near_duplicate_pairs",
    "story_summaries",
    "update_stories",
]

#: Participant Jaccard for two events to be the same happening; the contract
#: scores event matches at 0.5, and reports of one meeting name at least half
#: of the same participants (measured on the story test corpus).
EVENT_JACCARD = 0.5
#: Character shingle length over the matching key: 5 separates Arabic words
#: with their clitics and is robust to one-word edits (datasketch practice).
SHINGLE = 5
#: Share of the people two dated reports must have in common (at least two
#: people, with a shared city or region, within the window) to be one story when
#: their events do not line up; different happenings of the same people are
#: told apart by date and place (story test corpus and demo corpus).
PERSON_JACCARD = 1 / 3
#: Representatives kept per (event family, participant) block when grouping a
#: story's events into happenings (a participant of more distinct happenings
#: than this in one story is compared with the first ones only).
MAX_HAPPENINGS_PER_BLOCK = 64
#: When the new documents are at least this share of the store (a first bulk
#: load), re-clustering everything is cheaper than finding their neighbours.
FULL_RECLUSTER_SHARE = 0.5
#: Undated reports are compared with every report sharing a participant only
#: while that participant has at most this many reports (an undated report of
#: a minister named in thousands of articles cannot be placed by events alone).
MAX_UNDATED_BLOCK = 2000
#: Event types that describe the same kind of happening in different words.
_FAMILY = {"CONSULT": "CONSULT", "AGREE": "AGREE", "SUPPORT": "SUPPORT", "COOPERATE": "AGREE"}


class StoryEvent(NamedTuple):
    """What matching two events needs of one event (compact: a story of an
    archive holds hundreds of thousands)."""

    type: str
    participants: frozenset[str]
    location: str | None
    date: str | None


def _intern(s: object) -> str | None:
    return sys.intern(str(s)) if s else None


def story_event(ev: Mapping[str, Any] | StoryEvent) -> StoryEvent:
    """The compact form of an event dict (``type``, ``actor``, ``recipient``,
    ``location``, ``date``); its strings interned (ids repeat across reports).

    Example:
        >>> sorted(story_event({"type": "CONSULT", "actor": ["a"], "recipient": ["b"]}).participants)
        ['a', 'b']
    """
    if isinstance(ev, StoryEvent):
        return ev
    parts = [*ev.get("actor", []), *ev.get("recipient", [])]
    return StoryEvent(
        sys.intern(str(ev["type"])),
        frozenset(sys.intern(str(p)) for p in parts),
        _intern(ev.get("location")),
        _intern(ev.get("date")),
    )


@dataclass(slots=True)
class StoryInput:
    """The light view of a stored document that clustering needs.

    ``entities`` (dicts with ``id`` and ``type``) and ``events`` (dicts, or
    :class:`StoryEvent`) are given as stored; on construction the events become
    :class:`StoryEvent` and the entities are reduced to the ``persons`` and
    ``places`` sets that matching reads, then dropped, so that a bulk load of
    100,000 documents holds a few hundred bytes each.
    """

    id: str
    key: str
    published: str | None = None
    outlet: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    period: tuple[str | None, str | None] = (None, None)
    persons: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.events = [story_event(ev) for ev in self.events]
        if self.entities:
            self.persons = frozenset(
                sys.intern(str(e["id"])) for e in self.entities if e.get("type") == "PERSON"
            )
            self.places = _places_of(self.entities, self.events)
            self.entities = []
        elif self.events and not self.places:
            self.places = _places_of([], self.events)
        self.published = _intern(self.published)
        self.outlet = _intern(self.outlet)


def _places_of(
    entities: Sequence[Mapping[str, Any]], events: Sequence[StoryEvent]
) -> frozenset[str]:
    """Cities and regions named (countries are too broad to tie two reports
    together), and the events' locations."""
    from marsad.entities.kb import default_kb

    kb = default_kb()
    out = {ev.location for ev in events if ev.location}
    out.update(str(e["id"]) for e in entities if e.get("type") == "LOC")
    return frozenset(
        sys.intern(p) for p in out if (entry := kb.get(p)) is None or entry.kind != "country"
    )


def _shingles(key: str) -> set[str]:
    key = key.replace("\n", " ")
    if len(key) <= SHINGLE:
        return {key}
    return {key[i : i + SHINGLE] for i in range(len(key) - SHINGLE + 1)}


def _day(s: str | None) -> date | None:
    if not s:
        return None
    try:
        if len(s) == 10:
            return date.fromisoformat(s)
        if len(s) == 7:
            return date.fromisoformat(s + "-15")
        if len(s) == 4:
            return date(int(s), 7, 1)
    except ValueError:
        return None
    return None


def _slack(s: str | None) -> int:
    """How many days a date of this precision may be off."""
    if not s:
        return 0
    return {10: 0, 7: 16, 4: 183}.get(len(s), 0)


def _dates_compatible(a: str | None, b: str | None, window: int) -> bool:
    da, db = _day(a), _day(b)
    if da is None or db is None:
        return True
    return abs((da - db).days) <= window + _slack(a) + _slack(b)


def _doc_date(d: StoryInput) -> str | None:
    return d.published


def _periods_compatible(a: StoryInput, b: StoryInput, window: int) -> bool:
    """Dated offices imply periods; a stated date must fall in the other's period."""
    w = timedelta(days=window)
    for x, y in ((a, b), (b, a)):
        start, end = _day(x.period[0]), _day(x.period[1])
        when = _day(_doc_date(y))
        if when is None:
            ys, ye = _day(y.period[0]), _day(y.period[1])
            if start and ye and ye + w < start:
                return False
            if end and ys and ys - w > end:
                return False
            continue
        if start and when + w < start:
            return False
        if end and when - w > end:
            return False
    return True


def _participants(ev: StoryEvent) -> frozenset[str]:
    return ev.participants


@lru_cache(maxsize=1)
def _country_ids() -> frozenset[str]:
    from marsad.entities.kb import default_kb

    return frozenset(e.id for e in default_kb() if e.kind == "country")


def _event_match(e1: StoryEvent, e2: StoryEvent, window: int, strict: bool = False) -> bool:
    """Two events are the same happening: same family, participants overlapping
    by Jaccard ≥ :data:`EVENT_JACCARD`, no conflicting place or date.

    ``strict`` (linking two *documents*): the events must also share two
    participants that are not countries — one shared minister is what two
    different meetings of his in one week have in common — or one such
    participant with the same stated place and date.
    """
    if _FAMILY.get(e1.type, e1.type) != _FAMILY.get(e2.type, e2.type):
        return False
    p1, p2 = e1.participants, e2.participants
    if not p1 or not p2:
        return False
    jac = len(p1 & p2) / len(p1 | p2)
    if jac < EVENT_JACCARD:
        return False
    l1, l2 = e1.location, e2.location
    if l1 and l2 and l1 != l2:
        return False
    if not _dates_compatible(e1.date, e2.date, window):
        return False
    if strict:
        shared = (p1 & p2) - _country_ids()
        if len(shared) >= 2:
            return True
        return len(shared) == 1 and bool(l1) and l1 == l2 and bool(e1.date) and e1.date == e2.date
    return True


def _persons(d: StoryInput) -> frozenset[str]:
    return d.persons


def _places(d: StoryInput) -> frozenset[str]:
    """Cities and regions the document names and its events' locations."""
    return d.places


def _entities_match(a: StoryInput, b: StoryInput) -> bool:
    """Reports of one happening in other words, whose events did not line up:
    both dated within the window (checked by the caller), the same people
    (Jaccard ≥ :data:`PERSON_JACCARD`) and a shared city or region."""
    if not (a.published and b.published):
        return False  # undated reports join only through their events
    pa, pb = _persons(a), _persons(b)
    if len(pa & pb) < 2 or len(pa & pb) / len(pa | pb) < PERSON_JACCARD:
        return False
    return bool(_places(a) & _places(b))


def _docs_match(a: StoryInput, b: StoryInput, window: int) -> bool:
    if not _dates_compatible(a.published, b.published, window):
        return False
    if not _periods_compatible(a, b, window):
        return False
    if any(_event_match(e1, e2, window, strict=True) for e1 in a.events for e2 in b.events):
        return True
    return _entities_match(a, b)


#: Odd 64-bit multipliers of the shingle hash (a polynomial rolling hash over
#: code points, then the splitmix64 finaliser): deterministic across processes.
_POLY = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MASK32 = np.uint64(0xFFFFFFFF)


def shingle_hashes(key: str) -> npt.NDArray[np.uint64]:
    """The sorted, unique 64-bit hashes of the key's character shingles.

    The same set as :func:`_shingles`, hashed with numpy in one pass (~50x
    faster than building the string set; 8 bytes a shingle instead of ~80).
    Two different shingles share a hash with probability ~2^-64.
    """
    cps = np.frombuffer(key.replace("\n", " ").encode("utf-32-le"), dtype=np.uint32)
    cps = cps.astype(np.uint64)
    n = len(cps) - SHINGLE + 1
    if n < 1:
        n, width = 1, len(cps)
    else:
        width = SHINGLE
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(width):
            h = h * _POLY + cps[k : k + n] + np.uint64(1)
        h ^= h >> np.uint64(30)
        h *= _MIX1
        h ^= h >> np.uint64(27)
        h *= _MIX2
        h ^= h >> np.uint64(31)
    return np.unique(h)


#: The MurmurHash3 32-bit finaliser (datasketch's "affine32" pre-mix).
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def _affine32_minhash(
    hashes: npt.NDArray[np.uint64], perms: tuple[Any, Any]
) -> npt.NDArray[np.uint32]:
    """MinHash values under datasketch's "affine32" scheme: each 32-bit input
    hash pre-mixed by the MurmurHash3 finaliser, then ``a·h + b`` (mod 2^32) per
    permutation, minimum over the inputs."""
    a, b = (np.asarray(x, dtype=np.uint32) for x in perms)
    if hashes.size == 0:
        return np.full(a.shape, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    s1, m1, s2, m2 = _FMIX32
    h = hashes.astype(np.uint32)
    with np.errstate(over="ignore"):
        h = h ^ (h >> s1)
        h = h * m1
        h = h ^ (h >> s2)
        h = h * m2
        h = h ^ (h >> s1)
        out: npt.NDArray[np.uint32] = (np.multiply.outer(h, a) + b).min(axis=0)
    return out


def _identity(x: int) -> int:
    return x


class NearDuplicates:
    """Streaming near-duplicate candidates: documents are added one at a time.

    Only *representatives* are indexed: a document whose MinHash estimate says
    it is a near copy of an indexed one records a candidate pair with (at most
    :data:`MAX_LINKS`) best such representatives and is not indexed itself, so
    a story syndicated a thousand times costs a thousand pairs, not half a
    million. Memory is ~1.4 KB per representative (its signature and band keys).

    Args:
        threshold: the Jaccard threshold of the LSH index.
        num_perm: MinHash permutations.
    """

    def __init__(self, threshold: float, num_perm: int) -> None:
        from datasketch import MinHash, MinHashLSH

        self._minhash = MinHash
        self.num_perm = num_perm
        self.threshold = threshold
        # datasketch's LSH banding for this threshold, applied to compact tables:
        # per band, the hash of a representative's band values -> its position(s);
        # its signatures in one array (~1.4 KB a representative; MinHashLSH with
        # MinHash objects held ~4.5 KB)
        self._bands: list[tuple[int, int]] = list(
            MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges
        )
        self._tables: list[dict[int, int | list[int]]] = [{} for _ in self._bands]
        self._rep_ids: list[str] = []
        self._rep_sigs: npt.NDArray[np.unsignedinteger[Any]] | None = None
        proto = MinHash(num_perm=num_perm, hashfunc=_identity)
        self._scheme = proto.scheme
        self._perms = proto.permutations
        # datasketch's "affine32" scheme computed on whole arrays (its update_batch
        # calls the hash function once per shingle: ~40% of the story step);
        # used only when it gives datasketch's own values on a sample
        sample = (
            shingle_hashes("\u0645\u0631\u0635\u062f \u0627\u0644\u0623\u062e\u0628\u0627\u0631 1")
            & _MASK32
        )
        self._affine32 = False
        if self._scheme == "affine32":
            fast = _affine32_minhash(sample, self._perms)
            self._affine32 = bool(np.array_equal(fast, self._datasketch_signature(sample)))
        #: (representative id, later doc id) pairs to confirm exactly.
        self.candidates: list[tuple[str, str]] = []

    def signature(self, key: str) -> npt.NDArray[np.unsignedinteger[Any]]:
        """The MinHash values of a matching key (compact: 4 bytes a permutation
        under datasketch's 32-bit schemes)."""
        hashes = shingle_hashes(key) & _MASK32
        if self._affine32:
            return _affine32_minhash(hashes, self._perms)
        return self._datasketch_signature(hashes)

    def _datasketch_signature(
        self, hashes: npt.NDArray[np.uint64]
    ) -> npt.NDArray[np.unsignedinteger[Any]]:
        mh = self._minhash(
            num_perm=self.num_perm,
            hashfunc=_identity,
            permutations=self._perms,
            scheme=self._scheme,
        )
        mh.update_batch(hashes.tolist())
        wide = self._scheme == "affine64"  # the 32-bit schemes give values < 2**32
        return np.asarray(mh.hashvalues, dtype=np.uint64 if wide else np.uint32)

    def add(self, doc_id: str, key: str) -> None:
        """Index one document's matching key; record its candidate pairs."""
        self.add_signature(doc_id, self.signature(key))

    def add_signature(self, doc_id: str, values: npt.NDArray[np.unsignedinteger[Any]]) -> None:
        """Index one document by its :meth:`signature`; record its candidate pairs.

        The result depends on the order documents are added in (the first of
        near copies becomes their representative); callers add in id order.
        """
        keys = [hash(values[a:b].tobytes()) for a, b in self._bands]
        found: set[int] = set()
        for table, key in zip(self._tables, keys, strict=True):
            hit = table.get(key)
            if isinstance(hit, int):
                found.add(hit)
            elif hit is not None:
                found.update(hit)
        sigs = self._rep_sigs
        scored = sorted(
            (
                (np.count_nonzero(sigs[o] == values) / self.num_perm, self._rep_ids[o])
                for o in found
                if sigs is not None
            ),
            reverse=True,
        )
        close = [(j, o) for j, o in scored if j >= self.threshold - ESTIMATE_SLACK]
        for _j, other in close[:MAX_LINKS]:
            self.candidates.append((other, doc_id))
        if close and close[0][0] >= self.threshold:
            return  # represented by an indexed near copy
        pos = len(self._rep_ids)
        self._rep_ids.append(doc_id)
        if sigs is None or pos == len(sigs):  # grow by half
            grown = np.empty((max(1024, pos + pos // 2), self.num_perm), dtype=values.dtype)
            if sigs is not None:
                grown[:pos] = sigs
            self._rep_sigs = sigs = grown
        sigs[pos] = values
        for table, key in zip(self._tables, keys, strict=True):
            hit = table.get(key)
            if hit is None:
                table[key] = pos
            elif isinstance(hit, int):
                table[key] = [hit, pos]
            else:
                hit.append(pos)


#: MinHash with 128 permutations estimates Jaccard with a standard error of
#: about 0.035 (1/sqrt(128) * sqrt(J(1-J))): candidates within 0.1 below the
#: threshold are still confirmed exactly.
ESTIMATE_SLACK = 0.1
#: Representatives a near copy is linked to (the story union needs one; a
#: few more survive an estimate that was too high).
MAX_LINKS = 3


#: Candidate pairs confirmed per round when keys are fetched on demand (bounds
#: the shingle sets held at once).
CONFIRM_BATCH = 2000


def confirm_pairs(
    pairs: Sequence[tuple[str, str]],
    keys: Callable[[Sequence[str]], dict[str, str]],
    threshold: float,
) -> list[tuple[str, str]]:
    """The candidate pairs whose exact shingle Jaccard is ≥ ``threshold``.

    ``keys`` returns the matching keys of some document ids; it is called
    once per :data:`CONFIRM_BATCH` pairs.
    """
    out: list[tuple[str, str]] = []
    for i in range(0, len(pairs), CONFIRM_BATCH):
        chunk = pairs[i : i + CONFIRM_BATCH]
        found = keys(sorted({x for pair in chunk for x in pair}))
        sh = {d: shingle_hashes(k) for d, k in found.items()}
        for a, b in chunk:
            sa, sb = sh.get(a), sh.get(b)
            if sa is None or sb is None:
                continue
            inter = np.intersect1d(sa, sb, assume_unique=True).size
            if inter / max(1, sa.size + sb.size - inter) >= threshold:
                out.append((a, b))
    return out


def near_duplicate_pairs(
    docs: Sequence[StoryInput], threshold: float, num_perm: int
) -> list[tuple[str, str]]:
    """Pairs of documents whose shingle Jaccard is ≥ ``threshold`` (LSH + exact check)."""
    index = NearDuplicates(threshold, num_perm)
    by_id = {d.id: d.key for d in docs}
    for d in docs:
        index.add(d.id, d.key)
    return confirm_pairs(
        index.candidates, lambda ids: {i: by_id[i] for i in ids if i in by_id}, threshold
    )


def _story_id(members: Sequence[StoryInput]) -> str:
    first = min(members, key=lambda d: (d.published or "9999", d.id))
    return "s-" + hashlib.sha256(first.id.encode()).hexdigest()[:12]


def _block_keys(d: StoryInput, countries: frozenset[str]) -> set[str]:
    """The participants a document is compared by: its events' participants and
    the people it names, countries aside (too broad to tie two reports)."""
    return ({p for ev in d.events for p in _participants(ev)} | _persons(d)) - countries


def _happenings(group: Sequence[StoryInput], window: int) -> dict[tuple[str, int], str]:
    """The happening id of each event of one story's documents: events matched
    across the documents share one."""
    story = _StoryHappenings(window)
    for d in sorted(group, key=lambda x: x.id):
        story.add(d.id, d.events)
    return dict(story.ids())


class _StoryHappenings:
    """One story's events, added document by document in id order, grouped
    into happenings.

    Only events of one family that share a participant can match; within such
    a block each event is compared with one representative of each happening
    already formed there (not with every event), so a story of thousands of
    reports costs events x happenings, not events squared, and holds the
    representatives' events and a few ints an event.
    """

    def __init__(self, window: int, sid: str = "") -> None:
        self.window = window
        self.sid = sid
        self.docs: list[str] = []  # per event: its document's id and its index there
        self.idx: list[int] = []
        self.links = _Links(0)
        self.reps: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.rep_events: dict[int, StoryEvent] = {}

    def add(self, doc_id: str, events: Sequence[StoryEvent]) -> None:
        """The events of the story's next document (documents in id order)."""
        for i, ev in enumerate(events):
            j = self.links.add()
            self.docs.append(doc_id)
            self.idx.append(i)
            fam = _FAMILY.get(ev.type, ev.type)
            joined = False
            for p in sorted(_participants(ev)):
                block = self.reps[(fam, p)]
                for k in block:
                    if (
                        self.docs[k] != doc_id
                        and self.links.find(k) != self.links.find(j)
                        and _event_match(self.rep_events[k], ev, self.window)
                    ):
                        self.links.union(k, j)
                        joined = True
                        break
                if not joined and len(block) < MAX_HAPPENINGS_PER_BLOCK:
                    block.append(j)
                    self.rep_events[j] = ev

    def ids(self) -> Iterator[tuple[tuple[str, int], str]]:
        """``((doc id, event index), happening id)`` of every event added; the id
        is a hash of the happening's least ``doc id<TAB>index`` key."""
        least: dict[int, str] = {}
        n = len(self.docs)
        for j in range(n):
            r = self.links.find(j)
            key = f"{self.docs[j]}\t{self.idx[j]}"
            if r not in least or key < least[r]:
                least[r] = key
        for j in range(n):
            hid = "h-" + hashlib.sha256(least[self.links.find(j)].encode()).hexdigest()[:12]
            yield (self.docs[j], self.idx[j]), hid


def cluster_stories(
    docs: Sequence[StoryInput],
    settings: Settings,
    near_pairs: Iterable[tuple[str, str]] | None = None,
) -> tuple[dict[str, str], dict[tuple[str, int], str]]:
    """Assign a story id to each document and a happening id to each event.

    Args:
        docs: the documents to cluster.
        settings: the settings (window, thresholds).
        near_pairs: near-duplicate pairs found beforehand (by
            :class:`NearDuplicates` while streaming); computed from the
            documents' keys when None.

    Returns:
        (doc id → story id, (doc id, event index) → happening id)
    """
    window = settings.window_days
    at = {d.id: i for i, d in enumerate(docs)}
    links = _Links(len(docs))
    # 1. near-duplicates
    if near_pairs is None:
        near_pairs = near_duplicate_pairs(
            docs, settings.near_duplicate_threshold, settings.minhash_perm
        )
    for x, y in near_pairs:
        links.union(at[x], at[y])
    # 2. event and entity compatibility, among documents sharing a participant
    #    that is not a country (the strict links need one); dated documents are
    #    compared only with those published within the window (sorted sweep),
    #    so the work grows with the reports of one week, not of the archive.
    countries = _country_ids()
    doc_blocks: dict[str, list[StoryInput]] = defaultdict(list)
    for d in docs:
        for p in _block_keys(d, countries):
            doc_blocks[p].append(d)
    span = window
    for group in doc_blocks.values():
        dated = sorted(
            ((day, d) for d in group if (day := _day(d.published)) is not None),
            key=lambda x: (x[0], x[1].id),
        )
        for i, (day_a, a) in enumerate(dated):
            for day_b, b in dated[i + 1 :]:
                if (day_b - day_a).days > span:
                    break
                i, j = at[a.id], at[b.id]
                if links.find(i) != links.find(j) and _docs_match(a, b, window):
                    links.union(i, j)
        undated = [d for d in group if _day(d.published) is None]
        if len(group) > MAX_UNDATED_BLOCK:
            continue  # a participant of thousands of reports: undated ones stay apart
        for a in undated:
            for b in group:
                i, j = at[a.id], at[b.id]
                if b is not a and links.find(i) != links.find(j) and _docs_match(a, b, window):
                    links.union(i, j)
    # 3. story ids
    members: dict[int, list[StoryInput]] = defaultdict(list)
    for d in docs:
        members[links.find(at[d.id])].append(d)
    stories: dict[str, str] = {}
    happenings: dict[tuple[str, int], str] = {}
    for group in members.values():
        sid = _story_id(group)
        for d in group:
            stories[d.id] = sid
        happenings.update(_happenings(group, window))
    return stories, happenings


def _period_of(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    """The period implied by the dated offices of the people the document names
    with a role (e.g. a foreign minister named as such)."""
    try:
        from marsad.entities.periods import implied_period
    except ImportError:  # the entity layer provides it
        return (None, None)
    return implied_period(doc)


def _inputs(rows: Iterable[dict[str, Any]]) -> list[StoryInput]:
    out = []
    for r in rows:
        out.append(
            StoryInput(
                id=r["id"],
                key=r["key"],
                published=r.get("published"),
                outlet=r.get("outlet"),
                entities=list(r.get("entities", [])),
                events=list(r.get("events", [])),
                period=r.get("period") or (None, None),
            )
        )
    return out


def update_stories(store: Any, settings: Settings, new_ids: Sequence[str] = ()) -> int:
    """Cluster the new documents into stories, touching only the stories they
    can join; return the number of stories in the store.

    The affected set is the new (and any unclustered) documents, the documents
    that name one of their people, organisations or places (countries aside)
    and are undated or published within the window, and every member of those
    documents' stories. Clustering that set gives the same stories as a full
    re-clustering would for them; stories outside it cannot change. With no
    new document, everything is re-clustered (a full rebuild).
    """
    fresh = sorted(set(new_ids) | set(store.unclustered_ids()))
    if not fresh or len(fresh) >= FULL_RECLUSTER_SHARE * store.count_documents():
        return _recluster_all(store, settings)  # a rebuild, or a first bulk load
    neighbours = store.neighbour_ids(fresh, _country_ids(), settings.window_days)
    affected = store.story_member_ids(sorted(neighbours | set(fresh)))
    return _recluster(store, settings, sorted(affected))


def _recluster(store: Any, settings: Settings, ids: Sequence[str] | None) -> int:
    """Cluster the documents ``ids`` (all when None) and write what changed.

    Streams the light inputs from the store in its storage order: each
    document's matching key is MinHashed as it arrives and dropped, so memory
    holds signatures (512 bytes a document, until indexed in id order) and the
    compact event view, not the texts; candidate near-duplicates are confirmed
    with keys fetched again in batches.
    """
    index = NearDuplicates(settings.near_duplicate_threshold, settings.minhash_perm)
    docs: list[StoryInput] = []
    current: dict[str, str | None] = {}
    sigs: list[tuple[str, npt.NDArray[np.unsignedinteger[Any]]]] = []
    # read in the store's order (a sequential scan), index in id order (the
    # representatives, hence the result, do not depend on the store's layout)
    for r in store.iter_story_inputs(ids=ids, disk_order=True):
        r["period"] = _period_of(r)
        sigs.append((r["id"], index.signature(r["key"])))
        r["key"] = ""
        docs.extend(_inputs([r]))
        current[r["id"]] = r.get("story")
    sigs.sort(key=lambda x: x[0])
    for doc_id, values in sigs:
        index.add_signature(doc_id, values)
    del sigs
    docs.sort(key=lambda d: d.id)
    pairs = confirm_pairs(index.candidates, store.search_keys, settings.near_duplicate_threshold)
    stories, happenings = cluster_stories(docs, settings, near_pairs=pairs)
    changed = {d: s for d, s in stories.items() if current.get(d) != s}
    store.set_stories(changed, happenings)
    return int(store.count_stories())


class _Links:
    """Union-find over positions: of documents, or of a story's events (ints: a
    bulk load of millions of documents holds a few bytes each)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def add(self) -> int:
        """One more element, in a set of its own; its position."""
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _recluster_all(store: Any, settings: Settings) -> int:
    """Cluster every stored document, in memory bounded by the reports of one
    window rather than by the archive (a first bulk load, or a rebuild).

    Gives the stories and happenings :func:`cluster_stories` gives over all the
    documents (a test compares the two), in three streaming passes:

    1. in id order, the matching keys: near-duplicate candidates (MinHash LSH of
       the representatives), confirmed exactly;
    2. in date order, the light inputs: each dated document is compared with
       the documents of its blocks published within the window before it, held
       in a sliding window; undated documents (usually few) are held and
       compared at the end, as :func:`cluster_stories` compares them;
    3. story by story, in batches: story ids, happenings, and the changes written.

    What stays for the whole run is a few dozen bytes a document (ids, dates,
    the union-find) and the near-duplicate representatives' signatures.
    """
    window = settings.window_days
    countries = _country_ids()
    # 1. near-duplicates
    index = NearDuplicates(settings.near_duplicate_threshold, settings.minhash_perm)
    ids: list[str] = []
    pubs: list[str | None] = []
    current: list[str | None] = []  # the stored story ids
    days: list[int] = []  # date ordinals, -1 undated
    for doc_id, published, stored, key in store.iter_search_keys():
        ids.append(doc_id)
        pubs.append(_intern(published))
        current.append(_intern(stored))
        when = _day(published)
        days.append(when.toordinal() if when is not None else -1)
        index.add(doc_id, key)
    pairs = confirm_pairs(index.candidates, store.search_keys, settings.near_duplicate_threshold)
    del index
    n = len(ids)
    links = _Links(n)
    paired = {x for pair in pairs for x in pair}
    pos = {doc_id: i for i, doc_id in enumerate(ids) if doc_id in paired}
    for x, y in pairs:
        links.union(pos[x], pos[y])
    del paired, pos
    # 2. event and entity links in date order (undated first), as cluster_stories
    #    sweeps each block: by day, then id
    order = sorted(range(n), key=lambda i: (days[i], ids[i]))
    held: dict[int, StoryInput] = {}  # undated documents
    undated_by_key: dict[str, list[int]] = defaultdict(list)
    block_size: dict[str, int] = defaultdict(int)  # documents per key of an undated document
    pending: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (undated, dated) matches
    recent: dict[str, deque[tuple[int, int, StoryInput]]] = {}
    expiry: deque[tuple[int, str]] = deque()
    for i, d in _inputs_in(store, ids, order):
        keys = _block_keys(d, countries)
        if days[i] < 0:
            held[i] = d
            for p in keys:
                undated_by_key[p].append(i)
                block_size[p] += 1
            continue
        day = days[i]
        while expiry and day - expiry[0][0] > window:
            _old, p = expiry.popleft()
            q = recent[p]
            q.popleft()
            if not q:
                del recent[p]
        for p in sorted(keys):
            q = recent.setdefault(p, deque())
            for _day_b, j, b in q:
                if links.find(j) != links.find(i) and _docs_match(b, d, window):
                    links.union(j, i)
            q.append((day, i, d))
            expiry.append((day, p))
            if p in undated_by_key:
                block_size[p] += 1
                if block_size[p] <= MAX_UNDATED_BLOCK:
                    pending[p].extend(
                        (u, i) for u in undated_by_key[p] if _docs_match(held[u], d, window)
                    )
    recent.clear()
    expiry.clear()
    for p, members in undated_by_key.items():
        if block_size[p] > MAX_UNDATED_BLOCK:
            continue
        for u, i in pending.get(p, ()):
            links.union(u, i)
        for u in members:
            for v in members:
                if (
                    u != v
                    and links.find(u) != links.find(v)
                    and _docs_match(held[u], held[v], window)
                ):
                    links.union(u, v)
    held.clear()
    # 3. story ids, then happenings story by story (documents in id order)
    first: dict[int, int] = {}  # story root -> its earliest document
    for i in range(n):
        r = links.find(i)
        f = first.get(r)
        if f is None or (pubs[i] or "9999", ids[i]) < (pubs[f] or "9999", ids[f]):
            first[r] = i
    by_story = sorted(range(n), key=lambda i: (first[links.find(i)], ids[i]))
    stories: dict[str, str] = {}
    happenings: dict[tuple[str, int], str] = {}

    def flush(force: bool = False) -> None:
        if force or len(stories) + len(happenings) >= WRITE_BATCH:
            store.set_stories(stories, happenings)
            stories.clear()
            happenings.clear()

    def close(story: _StoryHappenings | None) -> None:
        for key, hid in story.ids() if story is not None else ():
            happenings[key] = hid
            flush()

    story: _StoryHappenings | None = None
    root = -1
    for k in range(0, n, READ_BATCH):
        chunk = by_story[k : k + READ_BATCH]
        events = store.story_events([ids[i] for i in chunk])
        for i in chunk:
            if story is None or links.find(i) != root:
                close(story)
                root = links.find(i)
                sid = "s-" + hashlib.sha256(ids[first[root]].encode()).hexdigest()[:12]
                story = _StoryHappenings(window, sid)
            story.add(ids[i], [story_event(ev) for ev in events[ids[i]]])
            if current[i] != story.sid:
                stories[ids[i]] = story.sid
        flush()
    close(story)
    flush(force=True)
    return int(store.count_stories())


#: Story and happening assignments written per transaction by :func:`_recluster_all`.
WRITE_BATCH = 5000
#: Documents read per query in :func:`_recluster_all`'s date-ordered pass.
READ_BATCH = 500


def _inputs_in(
    store: Any, ids: Sequence[str], order: Sequence[int]
) -> Iterator[tuple[int, StoryInput]]:
    """The story inputs of the documents at positions ``order``, in that order."""
    for k in range(0, len(order), READ_BATCH):
        chunk = order[k : k + READ_BATCH]
        rows = {
            r["id"]: r
            for r in store.iter_story_inputs(ids=[ids[i] for i in chunk], disk_order=True)
        }
        for i in chunk:
            r = rows[ids[i]]
            r["period"] = _period_of(r)
            r["key"] = ""
            yield i, _inputs([r])[0]


def story_summaries(store: Any) -> Iterator[dict[str, Any]]:
    """One row per story, by story id: its documents, outlets, agencies cited,
    first and last seen (streamed: memory holds a batch of stories)."""
    for sid, docs in store.iter_story_documents():  # syndicated copies count as reports
        dates = sorted(d["published"] for d in docs if d["published"])
        happenings = {
            (*tuple(sorted(ev["reports"])), ev["type"]) for d in docs for ev in d["events"]
        }
        yield {
            "story": sid,
            "documents": sorted({d["id"] for d in docs}),
            "titles": [d["title"] for d in docs if d["title"]],
            "outlets": sorted({d["source"]["outlet"] for d in docs if d["source"]["outlet"]}),
            "cites": sorted({c for d in docs for c in d["cites"]}),
            "first_seen": dates[0] if dates else None,
            "last_seen": dates[-1] if dates else None,
            "reports": len(docs),
            "events": len(happenings),
        }
