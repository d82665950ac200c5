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
from collections import defaultdict
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


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {x: x for x in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


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


def _identity(x: int) -> int:
    return x


class NearDuplicates:
    """Streaming near-duplicate candidates: documents are added one at a time.

    Only *representatives* are indexed: a document whose MinHash estimate says
    it is a near copy of an indexed one records a candidate pair with (at most
    :data:`MAX_LINKS`) best such representatives and is not indexed itself, so
    a story syndicated a thousand times costs a thousand pairs, not half a
    million. Memory is one MinHash signature (~1 KB) per representative.

    Args:
        threshold: the Jaccard threshold of the LSH index.
        num_perm: MinHash permutations.
    """

    def __init__(self, threshold: float, num_perm: int) -> None:
        from datasketch import MinHash, MinHashLSH

        self._minhash = MinHash
        self.num_perm = num_perm
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        proto = MinHash(num_perm=num_perm, hashfunc=_identity)
        self._scheme = proto.scheme
        self._perms = proto.permutations
        self._sigs: dict[str, Any] = {}
        #: (representative id, later doc id) pairs to confirm exactly.
        self.candidates: list[tuple[str, str]] = []

    def signature(self, key: str) -> npt.NDArray[np.unsignedinteger[Any]]:
        """The MinHash values of a matching key (compact: 4 bytes a permutation
        under datasketch's 32-bit schemes)."""
        mh = self._minhash(
            num_perm=self.num_perm,
            hashfunc=_identity,
            permutations=self._perms,
            scheme=self._scheme,
        )
        mh.update_batch((shingle_hashes(key) & _MASK32).tolist())
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
        mh = self._minhash(
            num_perm=self.num_perm,
            hashfunc=_identity,
            hashvalues=values.astype(np.uint64),
            permutations=self._perms,
            scheme=self._scheme,
        )
        scored = sorted(((mh.jaccard(self._sigs[o]), o) for o in self.lsh.query(mh)), reverse=True)
        close = [(j, o) for j, o in scored if j >= self.threshold - ESTIMATE_SLACK]
        for _j, other in close[:MAX_LINKS]:
            self.candidates.append((other, doc_id))
        if close and close[0][0] >= self.threshold:
            return  # represented by an indexed near copy
        self.lsh.insert(doc_id, mh)
        self._sigs[doc_id] = mh


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
    uf = _UnionFind(d.id for d in docs)
    # 1. near-duplicates
    if near_pairs is None:
        near_pairs = near_duplicate_pairs(
            docs, settings.near_duplicate_threshold, settings.minhash_perm
        )
    for x, y in near_pairs:
        uf.union(x, y)
    # 2. event and entity compatibility, among documents sharing a participant
    #    that is not a country (the strict links need one); dated documents are
    #    compared only with those published within the window (sorted sweep),
    #    so the work grows with the reports of one week, not of the archive.
    countries = _country_ids()
    doc_blocks: dict[str, list[StoryInput]] = defaultdict(list)
    for d in docs:
        block_keys = {p for ev in d.events for p in _participants(ev)} | _persons(d)
        for p in block_keys - countries:
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
                if uf.find(a.id) != uf.find(b.id) and _docs_match(a, b, window):
                    uf.union(a.id, b.id)
        undated = [d for d in group if _day(d.published) is None]
        if len(group) > MAX_UNDATED_BLOCK:
            continue  # a participant of thousands of reports: undated ones stay apart
        for a in undated:
            for b in group:
                if b is not a and uf.find(a.id) != uf.find(b.id) and _docs_match(a, b, window):
                    uf.union(a.id, b.id)
    # 3. story ids
    members: dict[str, list[StoryInput]] = defaultdict(list)
    for d in docs:
        members[uf.find(d.id)].append(d)
    stories: dict[str, str] = {}
    happenings: dict[tuple[str, int], str] = {}
    for group in members.values():
        sid = _story_id(group)
        for d in group:
            stories[d.id] = sid
        # 4. happenings: events matched across the story's documents
        evs = [
            (d.id, i, ev)
            for d in sorted(group, key=lambda x: x.id)
            for i, ev in enumerate(d.events)
        ]
        keys = [f"{doc}\t{i}" for doc, i, _ in evs]
        huf = _UnionFind(keys)
        # only events of one family that share a participant can match; within
        # such a block each event is compared with one representative of each
        # happening already formed there (not with every event), so a story of
        # thousands of reports costs events x happenings, not events squared
        reps: dict[tuple[str, str], list[int]] = defaultdict(list)
        for j, (doc, _i, ev) in enumerate(evs):
            fam = _FAMILY.get(ev.type, ev.type)
            joined = False
            for p in sorted(_participants(ev)):
                block = reps[(fam, p)]
                for k in block:
                    if (
                        evs[k][0] != doc
                        and huf.find(keys[k]) != huf.find(keys[j])
                        and _event_match(evs[k][2], ev, window)
                    ):
                        huf.union(keys[k], keys[j])
                        joined = True
                        break
                if not joined and len(block) < MAX_HAPPENINGS_PER_BLOCK:
                    block.append(j)
        for doc, i, _ev in evs:
            root = huf.find(f"{doc}\t{i}")
            happenings[(doc, i)] = "h-" + hashlib.sha256(root.encode()).hexdigest()[:12]
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
        return _recluster(store, settings, None)  # a rebuild, or a first bulk load
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


def story_summaries(store: Any) -> Iterator[dict[str, Any]]:
    """One row per story: its documents, outlets, agencies cited, first and last seen."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in store.iter_documents(reports=True):  # syndicated copies count as reports
        groups[d["story"] or d["id"]].append(d)
    for sid in sorted(groups):
        docs = groups[sid]
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
