"""Stories: near-duplicates, multi-outlet clusters, cross-document events."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from marsad.settings import load_settings
from marsad.stories.cluster import StoryInput, cluster_stories, near_duplicate_pairs

REPO = Path(__file__).resolve().parents[1]
STORIES = REPO / "tests" / "data" / "stories"
SETTINGS = load_settings()

BODY = (
    "بحث وزير الخارجية الأردني مع نظيره العراقي في بغداد اليوم سبل تعزيز التعاون الاقتصادي "
    "والربط الكهربائي، وأكد الجانبان أهمية التنسيق المشترك لمواجهة التحديات في المنطقة. "
    "وقال الوزير الأردني في مؤتمر صحفي إن بلاده تعمل مع العراق على مشروعات للطاقة والنقل "
    "وتسهيل حركة التجارة عبر المعابر الحدودية، مشيراً إلى اجتماع مرتقب للجنة العليا المشتركة."
)


def ev(
    type_: str,
    parts: list[str],
    location: str | None = None,
    date: str | None = None,
    status: str = "reported",
) -> dict[str, object]:
    return {
        "type": type_,
        "actor": parts,
        "recipient": [],
        "location": location,
        "date": date,
        "status": status,
    }


def test_stories_near_duplicates_found_whatever_the_chrome() -> None:
    a = StoryInput("a", "موقع الأول | الرئيسية\n" + BODY)
    b = StoryInput("b", BODY + "\nتابعونا على تلغرام")
    c = StoryInput(
        "c", "خبر آخر تماماً عن الطقس والأمطار الغزيرة التي هطلت على المدن الساحلية اليوم."
    )
    pairs = near_duplicate_pairs(
        [a, b, c], SETTINGS.near_duplicate_threshold, SETTINGS.minhash_perm
    )
    assert pairs == [("a", "b")]


def test_stories_event_compatibility_joins_reports_and_keeps_other_happenings_apart() -> None:
    docs = [
        StoryInput(
            "a",
            "نص أول",
            published="2024-03-05",
            events=[ev("CONSULT", ["x", "y"], "amman", "2024-03-05")],
        ),
        StoryInput(
            "b",
            "نص ثان",
            published="2024-03-06",
            events=[ev("CONSULT", ["x", "y"], "amman", "2024-03-05")],
        ),
        # the same two people, another city, months later: another happening
        StoryInput(
            "c",
            "نص ثالث",
            published="2024-08-01",
            events=[ev("CONSULT", ["x", "y"], "cairo", "2024-08-01")],
        ),
        # announced before, then held: one story
        StoryInput(
            "d",
            "نص رابع",
            published="2024-03-01",
            events=[ev("CONSULT", ["x", "y"], "amman", "2024-03", "future")],
        ),
    ]
    stories, happenings = cluster_stories(docs, SETTINGS)
    assert stories["a"] == stories["b"] == stories["d"]
    assert stories["c"] != stories["a"]
    assert happenings[("a", 0)] == happenings[("b", 0)]


def test_stories_office_periods_keep_years_apart() -> None:
    a = StoryInput(
        "a", "أ", published="2020-10-20", events=[ev("CONSULT", ["x", "y", "z"], "tehran")]
    )
    b = StoryInput(
        "b",
        "ب",
        events=[ev("CONSULT", ["x", "y", "w"], "tehran")],
        period=("2021-08-25", "2024-05-19"),
    )
    stories, _ = cluster_stories([a, b], SETTINGS)
    assert stories["a"] != stories["b"]


def test_stories_ids_are_deterministic() -> None:
    docs = [StoryInput("a", BODY), StoryInput("b", BODY + " إضافة")]
    first, _ = cluster_stories(docs, SETTINGS)
    second, _ = cluster_stories(list(reversed(docs)), SETTINGS)
    assert first == second


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from marsad.process import process
    from marsad.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('stories') / 's.db'}"
    store = Store.open(url)
    process([str(STORIES / "docs")], store)
    store.close()
    return url


def test_stories_corpus_bcubed_and_no_cross_happening_merge(story_db: str) -> None:
    from marsad.eval.score import load_gold, score
    from marsad.store import Store

    store = Store.open(story_db)
    report = score(load_gold(STORIES / "gold"), store.iter_documents(reports=True)).to_dict()
    store.close()
    st = report["tasks"]["stories"]
    assert st["precision"] == 1.0, "two different happenings were merged"
    assert st["f1"] >= 0.9


def test_stories_copy_is_another_report_not_a_new_document(story_db: str) -> None:
    from marsad.store import Store

    store = Store.open(story_db)
    assert store.count_sources() == len(list((STORIES / "docs").glob("*.txt")))
    assert store.count_documents() == store.count_sources() - 1  # the exact syndicated copy
    store.close()


def test_stories_seeds_are_five_stories(shared: Path, tmp_path: Path) -> None:
    from marsad.process import process
    from marsad.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    process([str(shared / "seeds")], store)
    stories = {d["source"]["name"]: d["story"] for d in store.iter_documents()}
    store.close()
    assert len(set(stories.values())) == 5


def _partition(url: str) -> set[frozenset[str]]:
    from collections import defaultdict

    from marsad.store import Store

    store = Store.open(url)
    groups: dict[str, set[str]] = defaultdict(set)
    for d in store.iter_documents(reports=True):
        groups[d["story"]].add(d["source"]["name"])
    store.close()
    return {frozenset(g) for g in groups.values()}


def test_stories_incremental_equals_one_shot(story_db: str, tmp_path: Path) -> None:
    from marsad.process import process
    from marsad.store import Store

    url = f"sqlite:///{tmp_path / 'inc.db'}"
    store = Store.open(url)
    files = sorted((STORIES / "docs").glob("*.txt"))
    first, rest = files[::2], files[1::2]
    process([str(f) for f in first], store)
    before = {d["id"]: d["story"] for d in store.iter_documents()}
    process([str(f) for f in rest[:1]], store)
    after = {d["id"]: d["story"] for d in store.iter_documents()}
    # one new report touches at most its own story: every other story is unchanged
    changed = {i for i in before if before[i] != after[i]}
    assert len({before[i] for i in changed}) <= 1
    process([str(f) for f in rest[1:]], store)
    store.close()
    assert _partition(url) == _partition(story_db)


def _assignments(url: str) -> tuple[dict[str, str], dict[tuple[str, int], str]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        stories = {r[0]: r[1] for r in conn.execute(text("SELECT id, story_id FROM documents"))}
        happenings = {
            (r[0], r[1]): r[2]
            for r in conn.execute(text("SELECT doc_id, idx, happening_id FROM events"))
        }
    engine.dispose()
    return stories, happenings


@pytest.mark.parametrize(
    "dates",
    [
        "",
        # every third document loses its date (as if none were found)
        "published = NULL, data = json_set(data, '$.published', NULL) WHERE rowid % 3 = 0",
        # every second one is known to the month only
        "published = substr(published, 1, 7),"
        " data = json_set(data, '$.published', substr(published, 1, 7)) WHERE rowid % 2 = 0",
    ],
)
def test_stories_streaming_bulk_equals_in_memory(shared: Path, tmp_path: Path, dates: str) -> None:
    """The bounded-memory bulk clustering gives exactly the stories and
    happenings of clustering every document in memory, undated ones and dates
    known to the month included."""
    import shutil

    from sqlalchemy import text

    from marsad.process import process
    from marsad.store import Store
    from marsad.stories.cluster import _recluster, _recluster_all

    base = tmp_path / "base.db"
    store = Store.open(f"sqlite:///{base}")
    demo = REPO / "marsad" / "demo" / "corpus"
    process([str(STORIES / "docs"), str(shared / "seeds"), str(demo)], store, update_stories=False)
    if dates:
        with store.engine.begin() as conn:
            conn.execute(text(f"UPDATE documents SET {dates}"))
    store.close()
    results = []
    for name, run in (("memory", _recluster), ("streaming", _recluster_all)):
        path = tmp_path / f"{name}.db"
        shutil.copy(base, path)
        s = Store.open(f"sqlite:///{path}")
        n = run(s, SETTINGS, None) if run is _recluster else run(s, SETTINGS)
        s.close()
        results.append((n, _assignments(f"sqlite:///{path}")))
    (n_mem, (st_mem, hap_mem)), (n_str, (st_str, hap_str)) = results
    assert len(st_mem) > 30 and len(hap_mem) > 30
    assert None not in st_str.values() and None not in hap_str.values()
    assert 1 < n_str < len(st_str)  # some reports joined, not everything in one story
    assert (n_str, st_str, hap_str) == (n_mem, st_mem, hap_mem)


def test_stories_minhash_signature_is_datasketchs() -> None:
    """The whole-array MinHash gives datasketch's own values (and is the one used)."""
    from marsad.stories.cluster import NearDuplicates, shingle_hashes

    index = NearDuplicates(SETTINGS.near_duplicate_threshold, SETTINGS.minhash_perm)
    assert index._affine32, "datasketch's scheme changed: the slow path is in use"
    for key in (BODY, BODY[:7], "ا", BODY.replace("الأردني", "السوري")):
        hashes = shingle_hashes(key) & np.uint64(0xFFFFFFFF)
        assert np.array_equal(index.signature(key), index._datasketch_signature(hashes))


def test_stories_summaries_stream_story_by_story(story_db: str) -> None:
    """Stories read in batches hold the same reports as grouping every report."""
    from collections import defaultdict

    from marsad.store import Store
    from marsad.stories import story_summaries

    store = Store.open(story_db)
    expected: dict[str, list[dict[str, object]]] = defaultdict(list)
    for d in store.iter_documents(reports=True):
        expected[d["story"] or d["id"]].append(d)
    for batch in (1, 3, 500):
        got = list(store.iter_story_documents(batch=batch))
        assert [k for k, _ in got] == sorted(expected)
        assert dict(got) == dict(expected)
    summaries = list(story_summaries(store))
    store.close()
    assert [s["story"] for s in summaries] == sorted(expected)
    assert sum(s["reports"] for s in summaries) == sum(len(v) for v in expected.values())
    assert any(s["reports"] > 1 and s["events"] >= 1 for s in summaries)


def test_stories_near_duplicate_tables_give_datasketchs_candidates() -> None:
    """The compact band tables find what datasketch's MinHashLSH finds (same
    banding, same representatives, same candidate pairs)."""
    from datasketch import MinHash, MinHashLSH

    from marsad.stories.cluster import ESTIMATE_SLACK, MAX_LINKS, NearDuplicates

    words = BODY.split()
    keys = {}
    for i in range(60):  # near copies: a few words dropped or swapped per copy
        w = list(words)
        for k in range(i % 7):
            j = (i * 13 + k * 29) % len(w)
            w[j] = w[(j + i) % len(w)]
        keys[f"d{i:03d}"] = " ".join(w[: len(w) - (i % 5)])
    threshold, perm = SETTINGS.near_duplicate_threshold, SETTINGS.minhash_perm
    index = NearDuplicates(threshold, perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=perm)
    reps: dict[str, MinHash] = {}
    expected: list[tuple[str, str]] = []
    for doc_id, key in keys.items():
        index.add(doc_id, key)
        mh = MinHash(
            num_perm=perm, hashvalues=index.signature(key).astype(np.uint64), scheme="affine32"
        )
        scored = sorted(((mh.jaccard(reps[o]), o) for o in lsh.query(mh)), reverse=True)
        close = [(j, o) for j, o in scored if j >= threshold - ESTIMATE_SLACK]
        expected.extend((o, doc_id) for _j, o in close[:MAX_LINKS])
        if not (close and close[0][0] >= threshold):
            lsh.insert(doc_id, mh)
            reps[doc_id] = mh
    assert len(expected) > 20 and 1 < len(reps) < len(keys)
    assert index.candidates == expected
