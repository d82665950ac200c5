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
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from marsad.settings import Settings

__all__ = [
    "EVENT_JACCARD",
    "SHINGLE",
    "StoryInput",
    "cluster_stories",
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
#: Event types that describe the same kind of happening in different words.
_FAMILY = {"CONSULT": "CONSULT", "AGREE": "AGREE", "SUPPORT": "SUPPORT", "COOPERATE": "AGREE"}


@dataclass(slots=True)
class StoryInput:
    """The light view of a stored document that clustering needs."""

    id: str
    key: str
    published: str | None = None
    outlet: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    period: tuple[str | None, str | None] = (None, None)


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


def _participants(ev: dict[str, Any]) -> set[str]:
    return set(ev.get("actor", [])) | set(ev.get("recipient", []))


def _event_match(e1: dict[str, Any], e2: dict[str, Any], window: int) -> bool:
    if _FAMILY.get(e1["type"], e1["type"]) != _FAMILY.get(e2["type"], e2["type"]):
        return False
    p1, p2 = _participants(e1), _participants(e2)
    if not p1 or not p2:
        return False
    jac = len(p1 & p2) / len(p1 | p2)
    if jac < EVENT_JACCARD:
        return False
    l1, l2 = e1.get("location"), e2.get("location")
    if l1 and l2 and l1 != l2:
        return False
    return _dates_compatible(e1.get("date"), e2.get("date"), window)


def _docs_match(a: StoryInput, b: StoryInput, window: int) -> bool:
    if not _dates_compatible(a.published, b.published, window):
        return False
    if not _periods_compatible(a, b, window):
        return False
    return any(_event_match(e1, e2, window) for e1 in a.events for e2 in b.events)


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


def near_duplicate_pairs(
    docs: Sequence[StoryInput], threshold: float, num_perm: int
) -> list[tuple[str, str]]:
    """Pairs of documents whose shingle Jaccard is ≥ ``threshold`` (LSH + exact check)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    shingles: dict[str, set[str]] = {}
    pairs: list[tuple[str, str]] = []
    for d in docs:
        sh = _shingles(d.key)
        shingles[d.id] = sh
        mh = MinHash(num_perm=num_perm)
        mh.update_batch([s.encode("utf-8") for s in sh])
        for other in lsh.query(mh):
            o = shingles[other]
            if len(sh & o) / max(1, len(sh | o)) >= threshold:
                pairs.append((other, d.id))
        lsh.insert(d.id, mh)
    return pairs


def _story_id(members: Sequence[StoryInput]) -> str:
    first = min(members, key=lambda d: (d.published or "9999", d.id))
    return "s-" + hashlib.sha256(first.id.encode()).hexdigest()[:12]


def cluster_stories(
    docs: Sequence[StoryInput], settings: Settings
) -> tuple[dict[str, str], dict[tuple[str, int], str]]:
    """Assign a story id to each document and a happening id to each event.

    Returns:
        (doc id → story id, (doc id, event index) → happening id)
    """
    window = settings.window_days
    uf = _UnionFind(d.id for d in docs)
    # 1. near-duplicates
    for a, b in near_duplicate_pairs(
        docs, settings.near_duplicate_threshold, settings.minhash_perm
    ):
        uf.union(a, b)
    # 2. event compatibility, among documents sharing a participant
    by_participant: dict[str, list[StoryInput]] = defaultdict(list)
    for d in docs:
        for p in {p for ev in d.events for p in _participants(ev)}:
            by_participant[p].append(d)
    checked: set[tuple[str, str]] = set()
    for group in by_participant.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if pair in checked or uf.find(a.id) == uf.find(b.id):
                    continue
                checked.add(pair)
                if _docs_match(a, b, window):
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
        huf = _UnionFind(f"{doc}\t{i}" for doc, i, _ in evs)
        for j, (da, ia, ea) in enumerate(evs):
            for db, ib, eb in evs[j + 1 :]:
                if da != db and _event_match(ea, eb, window):
                    huf.union(f"{da}\t{ia}", f"{db}\t{ib}")
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
    """Re-cluster the stored documents affected by ``new_ids``; return the
    number of stories in the store."""
    rows = store.story_inputs()
    for r in rows:
        r["period"] = _period_of(r)
    docs = _inputs(rows)
    stories, happenings = cluster_stories(docs, settings)
    current = {r["id"]: r.get("story") for r in rows}
    changed = {d: s for d, s in stories.items() if current.get(d) != s}
    store.set_stories(changed, happenings)
    return len(set(stories.values()))


def story_summaries(store: Any) -> Iterator[dict[str, Any]]:
    """One row per story: its documents, outlets, agencies cited, first and last seen."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in store.iter_documents():
        groups[d["story"] or d["id"]].append(d)
    for sid in sorted(groups):
        docs = groups[sid]
        dates = sorted(d["published"] for d in docs if d["published"])
        happenings = {
            (*tuple(sorted(ev["reports"])), ev["type"]) for d in docs for ev in d["events"]
        }
        yield {
            "story": sid,
            "documents": sorted(d["id"] for d in docs),
            "titles": [d["title"] for d in docs if d["title"]],
            "outlets": sorted({d["source"]["outlet"] for d in docs if d["source"]["outlet"]}),
            "cites": sorted({c for d in docs for c in d["cites"]}),
            "first_seen": dates[0] if dates else None,
            "last_seen": dates[-1] if dates else None,
            "reports": len(docs),
            "events": len(happenings),
        }
