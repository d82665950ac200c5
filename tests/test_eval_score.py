"""Tests for marsad.eval.score: each contract scoring rule on tiny hand-made gold/system pairs.

All Arabic here is made up for these tests.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from marsad.eval import GoldError, GoldFile, load_gold, score

# --------------------------------------------------------------------------- builders


def shared_dir() -> Path:
    """The shared folder: env MARSAD_SHARED, else <repo>/../shared."""
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


def gold_dict(file: str = "a.txt", **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "file": file,
        "outlet": None,
        "published": None,
        "title": None,
        "must_remove": [],
        "must_keep": [],
        "repairs": [],
        "cites": [],
        "entities": [],
        "events": [],
        "quotes": [],
        "story": file,
        "complete": ["entities", "events", "quotes"],
    }
    base.update(over)
    return base


def g_ent(
    key: str,
    name: str,
    aliases: tuple[str, ...] = (),
    type_: str = "PERSON",
    country: str | None = None,
    roles: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "key": key,
        "type": type_,
        "name_ar": name,
        "name_en": None,
        "aliases_ar": list(aliases),
        "country": country,
        "roles_any": list(roles),
    }


def g_event(
    parts: tuple[str, ...],
    type_: str = "CONSULT",
    mode: str | None = None,
    location: str | None = None,
    date: str | None = None,
    status: str = "reported",
) -> dict[str, Any]:
    return {
        "type": type_,
        "mode": mode,
        "participants": list(parts),
        "location": location,
        "date": date,
        "topics_any": [],
        "status": status,
        "evidence": "دليل",
    }


def s_ent(
    ident: str,
    *mentions: str,
    type_: str = "PERSON",
    country: str | None = None,
    roles: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "id": ident,
        "type": type_,
        "name_ar": mentions[0] if mentions else ident,
        "roles": list(roles),
        "country": country,
        "mentions": [{"start": 0, "end": len(m), "text": m} for m in mentions],
    }


def s_event(
    actor: tuple[str, ...],
    recipient: tuple[str, ...] = (),
    type_: str = "CONSULT",
    **over: Any,
) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": type_,
        "mode": None,
        "actor": list(actor),
        "recipient": list(recipient),
        "location": None,
        "date": None,
        "status": "reported",
    }
    base.update(over)
    return base


def doc(name: str = "a", **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source": {"name": name, "outlet": None},
        "title": None,
        "published": None,
        "text": "",
        "cites": [],
        "entities": [],
        "events": [],
        "quotes": [],
        "story": None,
    }
    base.update(over)
    return base


def load(tmp_path: Path, *golds: dict[str, Any]) -> list[GoldFile]:
    for i, g in enumerate(golds):
        (tmp_path / f"{i:03d}.json").write_text(json.dumps(g, ensure_ascii=False), "utf-8")
    return load_gold(tmp_path)


def entity_pairs(tmp_path: Path, gold_name: str, mention: str) -> int:
    gold = load(tmp_path, gold_dict(entities=[g_ent("x", gold_name)]))
    report = score(gold, [doc(entities=[s_ent("sys", mention)])])
    tp = report.tasks["entities"].tp
    assert tp is not None
    return tp


# --------------------------------------------------------------------------- cleaning


def test_eval_score_cleaning_normalised_presence(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(
            must_keep=["أحمد زار المكتبة الكبرى", "سطر مفقود تماما"],
            must_remove=["إعلان ممول", "اشترك في النشرة"],
        ),
    )
    text = "\n".join(["احمد  زارَ", "المكتبه الكبري", "إعلان مموَّل"])
    report = score(gold, [doc(text=text)])
    cleaning = report.tasks["cleaning"]
    # kept 1 of 2 (normalised match), removed 1 of 2 ("إعلان ممول" survives with tashkeel)
    assert (cleaning.tp, cleaning.fp, cleaning.fn) == (2, 0, 2)
    assert cleaning.precision == cleaning.recall == cleaning.f1 == 0.5
    failed = {f["item"] for f in report.files[0].cleaning_failed}
    assert failed == {"سطر مفقود تماما", "إعلان ممول"}


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("زرت المكتبة أمس", True),  # repaired, obfuscation gone
        ("زرت مكتـــبة أمس", False),  # tatweel-only obfuscation survives: raw test fails it
        ("زرت المكتبة ومكتـــبة", False),  # repaired present but obfuscation too
        ("زرت الجامعة أمس", False),  # repaired word absent
    ],
)
def test_eval_score_cleaning_repair_tatweel_only(tmp_path: Path, text: str, ok: bool) -> None:
    gold = load(tmp_path, gold_dict(repairs=[["مكتـــبة", "مكتبة"]]))
    cleaning = score(gold, [doc(text=text)]).tasks["cleaning"]
    assert cleaning.tp == int(ok)
    assert cleaning.fn == int(not ok)


def test_eval_score_cleaning_repair_with_dot_obfuscation(tmp_path: Path) -> None:
    gold = load(tmp_path, gold_dict(repairs=[["مفـ.ـاوضات", "مفاوضات"]]))
    assert score(gold, [doc(text="بدأت المفاوضات")]).tasks["cleaning"].recall == 1.0
    assert score(gold, [doc(text="بدأت المفـ.ـاوضات")]).tasks["cleaning"].recall == 0.0


# --------------------------------------------------------------------------- metadata


def test_eval_score_metadata_fields(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(
            outlet="الشبكة الإخبارية",
            published="2021-03-04",
            title="عنوان الخبر",
            cites=["وكالة الأنباء", "رويترز"],
        ),
    )
    system = doc(
        source={"name": "a.txt", "outlet": "الشبكه الاخبارية"},
        published="2021-03-05",
        title="عنوانٌ الخبر",
        cites=["رويترز", "وكالة الانباء", "رويترز"],
    )
    report = score(gold, [system])
    meta = report.tasks["metadata"]
    assert (meta.tp, meta.fp, meta.fn) == (2, 0, 1)  # title is not one of the three
    assert meta.precision == meta.recall == pytest.approx(2 / 3)
    acc = {name: a.value for name, a in meta.accuracy.items()}
    assert acc == {"outlet": 1.0, "published": 0.0, "cites": 1.0, "title": 1.0}
    assert set(report.files[0].metadata_wrong) == {"published"}


def test_eval_score_metadata_cites_set_must_be_equal(tmp_path: Path) -> None:
    gold = load(tmp_path, gold_dict(cites=["رويترز"]))
    report = score(gold, [doc(cites=["رويترز", "فرانس برس"])])
    assert report.tasks["metadata"].accuracy["cites"].value == 0.0
    # null == null scores for outlet and published
    assert report.tasks["metadata"].accuracy["outlet"].value == 1.0


# --------------------------------------------------------------------------- entities


@pytest.mark.parametrize(
    ("gold_name", "mention"),
    [
        ("أحمد", "احمد"),  # alef with hamza
        ("إسماعيل", "اسماعيل"),
        ("آمنة", "امنه"),  # madda and teh marbuta
        ("مصطفى", "مصطفي"),  # alef maksura
        ("سامي حدّاد", "سامي حداد"),  # shadda
        ("رُؤى", "روي"),  # damma, waw hamza, alef maksura
        ("سامي  حداد", "سامي حداد"),  # white space
    ],
)
def test_eval_score_entities_normalisation(tmp_path: Path, gold_name: str, mention: str) -> None:
    assert entity_pairs(tmp_path, gold_name, mention) == 1


@pytest.mark.parametrize(
    ("gold_name", "mention", "found"),
    [
        ("ظريف", "وظريف", True),
        ("ظريف", "بظريف", True),
        ("ظريف", "فظريف", True),
        ("الأسد", "والأسد", True),
        ("الأسد", "أسد", True),  # ال stripped on the gold side
        ("الأسد", "كالأسد", True),
        ("لطيف", "ولطيف", False),  # literal contract rule: gold "لطيف" strips to "طيف"
        ("ظريف", "وبظريف", False),  # only one proclitic
        ("ظريف", "ظريفي", False),
        ("ظريف", "تظريف", False),  # ت is no proclitic
    ],
)
def test_eval_score_entities_proclitic(
    tmp_path: Path, gold_name: str, mention: str, found: bool
) -> None:
    assert entity_pairs(tmp_path, gold_name, mention) == int(found)


def test_eval_score_entities_alias_match(tmp_path: Path) -> None:
    assert entity_pairs(tmp_path, "نادر", "نادر") == 1
    gold = load(tmp_path, gold_dict(entities=[g_ent("k", "كريم نادر", aliases=("نادر",))]))
    assert score(gold, [doc(entities=[s_ent("z", "ونادر")])]).tasks["entities"].tp == 1


def test_eval_score_entities_exact_before_stripped(tmp_path: Path) -> None:
    gold = load(tmp_path, gold_dict(entities=[g_ent("amin", "أمين"), g_ent("al-amin", "الأمين")]))
    system = [s_ent("s1", "الأمين"), s_ent("s2", "أمين")]
    report = score(gold, [doc(entities=system)])
    assert report.files[0].entity_map == {"s2": "amin", "s1": "al-amin"}


def test_eval_score_entities_one_to_one(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(
            entities=[
                g_ent("samir-haddad", "سمير حداد", aliases=("حداد",)),
                g_ent("rami-haddad", "رامي حداد", aliases=("حداد",)),
            ]
        ),
    )
    one = score(gold, [doc(entities=[s_ent("ar:حداد", "حداد", "حداد")])])
    assert one.tasks["entities"].tp == 1
    assert one.files[0].entities_missed == ["rami-haddad"]  # first in gold order wins
    # an id match is assigned before any name match
    two = score(gold, [doc(entities=[s_ent("rami-haddad", "حداد"), s_ent("x", "حداد")])])
    assert two.tasks["entities"].tp == 2
    assert two.files[0].entity_map == {"rami-haddad": "rami-haddad", "x": "samir-haddad"}


def test_eval_score_entities_precision_only_when_complete(tmp_path: Path) -> None:
    ents = [g_ent("k", "كريم")]
    system = [s_ent("k"), s_ent("extra1", "زياد"), s_ent("extra2", "وليد")]
    (tmp_path / "one").mkdir()
    gold_partial = load(tmp_path / "one", gold_dict(entities=ents, complete=[]))
    r = score(gold_partial, [doc(entities=system)]).tasks["entities"]
    assert (r.tp, r.fp, r.fn, r.precision, r.recall) == (1, 0, 0, None, 1.0)
    assert r.f1 is None

    # two files, only the second exhaustive: precision counts only its tp and fp
    (tmp_path / "two").mkdir()
    gold_two = load(
        tmp_path / "two",
        gold_dict("a.txt", entities=ents, complete=[]),
        gold_dict("b.txt", entities=ents, complete=["entities"]),
    )
    docs = [doc("a", entities=system), doc("b", entities=system)]
    r2 = score(gold_two, docs).tasks["entities"]
    assert (r2.tp, r2.tp_precision, r2.fp, r2.fn) == (2, 1, 2, 0)
    assert r2.precision == pytest.approx(1 / 3)
    assert r2.recall == 1.0


def test_eval_score_entities_misc_precision_exemption(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(entities=[g_ent("k", "كريم"), g_ent("forum", "منتدى الحوار", type_="ORG")]),
    )
    system = [
        s_ent("k", "كريم"),
        s_ent("ar:منتدى", "منتدى الحوار", type_="MISC"),  # matched MISC: counts for recall
        s_ent("ar:مبادره", "المبادرة", type_="MISC"),  # unmatched MISC: costs nothing
        s_ent("ar:لجنه", "اللجنة", type_="ORG"),  # unmatched ORG: a false positive
    ]
    r = score(gold, [doc(entities=system)])
    ents = r.tasks["entities"]
    assert (ents.tp, ents.fp, ents.fn) == (2, 1, 0)
    assert ents.precision == pytest.approx(2 / 3)
    assert r.files[0].entities_spurious == ["ar:لجنه"]
    assert ents.accuracy["type"].value == 0.5


def test_eval_score_entities_attribute_accuracy(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(
            entities=[
                g_ent("a", "عادل", country="EGY", roles=("وزير الخارجية المصري",)),
                g_ent("b", "باسل", country="JOR", roles=("رئيس الوزراء",)),
                g_ent("c", "القاهرة", type_="LOC", country="EGY"),  # no roles: not scored
            ]
        ),
    )
    system = [
        s_ent("a", "عادل", country="EGY", roles=("وزير الخارجية",)),  # contained in gold role
        s_ent("b", "باسل", country="LBN", roles=("مستشار",)),
        s_ent("c", "القاهرة", type_="PERSON", country="EGY"),
    ]
    acc = score(gold, [doc(entities=system)]).tasks["entities"].accuracy
    assert (acc["type"].correct, acc["type"].total) == (2, 3)
    assert (acc["country"].correct, acc["country"].total) == (2, 3)
    assert (acc["role"].correct, acc["role"].total) == (1, 2)


# --------------------------------------------------------------------------- events

EVENT_ENTS = [g_ent(k, n) for k, n in [("a", "عادل"), ("b", "باسل"), ("c", "جمال"), ("d", "داود")]]
SYS_ENTS = [s_ent("s-" + k, n) for k, n in [("a", "عادل"), ("b", "باسل"), ("c", "جمال")]]


@pytest.mark.parametrize(
    ("actor", "recipient", "matched"),
    [
        (("s-a",), ("s-b",), True),  # 2/2, ids mapped through the entity matching
        (("s-a", "s-b", "s-c"), ("unknown",), True),  # 2/4 = 0.5 exactly
        (("s-a", "s-b", "s-c"), ("u1", "u2"), False),  # 2/5 < 0.5
        (("s-a",), (), True),  # 1/2
        (("s-c",), (), False),  # 0/3
    ],
)
def test_eval_score_events_jaccard_threshold(
    tmp_path: Path, actor: tuple[str, ...], recipient: tuple[str, ...], matched: bool
) -> None:
    gold = load(tmp_path, gold_dict(entities=EVENT_ENTS, events=[g_event(("a", "b"))]))
    system = doc(entities=SYS_ENTS, events=[s_event(actor, recipient)])
    ev = score(gold, [system]).tasks["events"]
    assert (ev.tp, ev.fp, ev.fn) == (int(matched), int(not matched), int(not matched))


def test_eval_score_events_type_must_agree(tmp_path: Path) -> None:
    gold = load(tmp_path, gold_dict(entities=EVENT_ENTS, events=[g_event(("a", "b"))]))
    system = doc(entities=SYS_ENTS, events=[s_event(("s-a", "s-b"), type_="AGREE")])
    assert score(gold, [system]).tasks["events"].tp == 0


def test_eval_score_events_best_overlap_first(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(
            entities=EVENT_ENTS,
            events=[g_event(("a", "b", "c"), mode="visit"), g_event(("a", "b"), mode="phone")],
        ),
    )
    # Taken in gold order, the first gold event would claim the only system event
    # (overlap 2/3); best overlap first gives it to the second gold event (overlap 1).
    system = doc(entities=SYS_ENTS, events=[s_event(("s-a", "s-b"), mode="phone")])
    report = score(gold, [system])
    ev = report.tasks["events"]
    assert (ev.tp, ev.fp, ev.fn) == (1, 0, 1)
    assert ev.accuracy["mode"].value == 1.0
    assert report.files[0].events_missed[0]["participants"] == ["a", "b", "c"]

    both = doc(
        entities=SYS_ENTS,
        events=[
            s_event(("s-a", "s-b"), mode="phone"),
            s_event(("s-a", "s-b", "s-c"), mode="visit"),
        ],
    )
    ev2 = score(gold, [both]).tasks["events"]
    assert (ev2.tp, ev2.fp, ev2.fn) == (2, 0, 0)
    assert ev2.accuracy["mode"].value == 1.0


def test_eval_score_events_attribute_accuracy(tmp_path: Path) -> None:
    ents = [*EVENT_ENTS, g_ent("amman", "عمان", type_="LOC")]
    gold = load(
        tmp_path,
        gold_dict(
            entities=ents,
            events=[
                g_event(
                    ("a", "b"), mode="visit", location="amman", date="2022-05", status="planned"
                ),
                g_event(("c", "d"), type_="AGREE", date="2022-05-01"),
            ],
        ),
    )
    system = doc(
        entities=[*SYS_ENTS, s_ent("s-amman", "بعمان", type_="LOC")],
        events=[
            s_event(
                ("s-a",),
                ("s-b",),
                mode="visit",
                location="s-amman",
                date="2022-05",
                status="future",
            ),
            s_event(("s-c", "d"), type_="AGREE", mode="meet", date="2022", status="negated"),
        ],
    )
    acc = score(gold, [system]).tasks["events"].accuracy
    assert {name: (a.correct, a.total) for name, a in acc.items()} == {
        "mode": (1, 2),
        "location": (2, 2),  # mapped s-amman -> amman; null == null
        "date": (1, 2),
        "status": (1, 2),  # gold "planned" scores as "future"
    }


# --------------------------------------------------------------------------- quotes


def test_eval_score_quotes_speaker_and_containment(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(
            entities=EVENT_ENTS,
            quotes=[
                {"speaker": "a", "text": "الحوار هو الطريق الوحيد"},
                {"speaker": "a", "text": "الحوار هو الطريق الوحيد"},  # compound speaker twice
                {"speaker": "b", "text": "نرفض هذه الخطوة"},
            ],
        ),
    )
    system = doc(
        entities=SYS_ENTS,
        quotes=[
            {"speaker": "s-a", "text": "وقال إن الحوارَ هو الطّريق الوحيد للحل"},
            {"speaker": "s-a", "text": "نرفض هذه الخطوة"},  # wrong speaker
        ],
    )
    report = score(gold, [system])
    q = report.tasks["quotes"]
    assert (q.tp, q.fp, q.fn) == (1, 1, 2)
    assert [m["speaker"] for m in report.files[0].quotes_missed] == ["a", "b"]


def test_eval_score_quotes_one_to_one_maximum(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(
            entities=EVENT_ENTS,
            quotes=[{"speaker": "a", "text": "السلام"}, {"speaker": "a", "text": "السلام العادل"}],
        ),
    )
    # the first gold quote fits both system quotes, the second only the first one
    system = doc(
        entities=SYS_ENTS,
        quotes=[{"speaker": "s-a", "text": "السلام العادل"}, {"speaker": "s-a", "text": "السلام"}],
    )
    assert score(gold, [system]).tasks["quotes"].tp == 2


# --------------------------------------------------------------------------- stories


def test_eval_score_stories_bcubed_by_hand(tmp_path: Path) -> None:
    labels = ["A", "A", "B", "B", "C"]
    gold = load(tmp_path, *(gold_dict(f"{i}.txt", story=s) for i, s in enumerate(labels)))
    # system clusters: {0,1,2} "x"; 3 has story null; 4 has no document at all
    docs = [doc("0", story="x"), doc("1", story="x"), doc("2", story="x"), doc("3")]
    st = score(gold, docs).tasks["stories"]
    # precision per item: 2/3, 2/3, 1/3, 1, 1 -> 11/15; recall: 1, 1, 1/2, 1/2, 1 -> 4/5
    assert st.precision == pytest.approx(11 / 15)
    assert st.recall == pytest.approx(4 / 5)
    assert st.f1 == pytest.approx(88 / 115)
    assert (st.tp, st.fp, st.fn) == (None, None, None)


# --------------------------------------------------------------------------- documents


def test_eval_score_missing_document(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        gold_dict(
            "a.txt",
            must_remove=["إعلان"],
            must_keep=["خبر"],
            entities=EVENT_ENTS,
            events=[g_event(("a", "b"))],
            quotes=[{"speaker": "a", "text": "كلام"}],
        ),
        gold_dict("b.txt", entities=[g_ent("k", "كريم")]),
    )
    report = score(gold, [doc("b.txt", entities=[s_ent("k")]), doc("unrelated")])
    t = report.tasks
    assert (t["entities"].tp, t["entities"].fn) == (1, 4)
    assert (t["events"].tp, t["events"].fn) == (0, 1)
    assert (t["quotes"].tp, t["quotes"].fn) == (0, 1)
    assert (t["cleaning"].tp, t["cleaning"].fn) == (0, 2)  # must_remove fails too
    assert t["metadata"].tp == 3  # b's three fields; a's all fail
    files = report.to_dict()["files"]
    assert files["a.txt"]["doc"] is None
    assert files["a.txt"]["entities_missed"] == ["a", "b", "c", "d"]
    assert files["b.txt"]["doc"] == "b.txt"


def test_eval_score_doc_name_without_extension(tmp_path: Path) -> None:
    gold = load(tmp_path, gold_dict("x.txt", must_keep=["خبر"]))
    assert score(gold, [doc("x", text="خبر")]).tasks["cleaning"].tp == 1
    assert score(gold, [doc("x.txt", text="خبر")]).tasks["cleaning"].tp == 1
    assert score(gold, [doc("x.html", text="خبر")]).tasks["cleaning"].tp == 0


def test_eval_score_report_json_and_table(tmp_path: Path) -> None:
    gold = load(tmp_path, gold_dict(entities=[g_ent("k", "كريم")], must_keep=["خبر"]))
    report = score(gold, [doc(text="خبر", entities=[s_ent("k")])])
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert set(data["tasks"]) == {"cleaning", "metadata", "entities", "events", "quotes", "stories"}
    assert data["tasks"]["entities"]["f1"] == 1.0
    assert data["tasks"]["metadata"]["accuracy"]["title"]["accuracy"] == 1.0
    table = report.format_table()
    assert "entities" in table
    assert "events.status" in table


# --------------------------------------------------------------------------- load_gold


@pytest.mark.parametrize(
    ("gold", "message"),
    [
        ({**gold_dict(), "file": None}, "000.json.file"),
        (gold_dict(entities=[{"key": "k", "type": "PERSON"}]), "000.json.entities[0].name_ar"),
        (gold_dict(entities=[g_ent("k", "كريم", type_="PER")]), "000.json.entities[0].type"),
        (gold_dict(events=[g_event(("nobody",))]), "000.json.events[0].participants[0]"),
        (gold_dict(quotes=[{"speaker": "x", "text": "t"}]), "000.json.quotes[0].speaker"),
        (gold_dict(repairs=[["only-one"]]), "000.json.repairs[0]"),
        (gold_dict(published="2021/01/02"), "000.json.published"),
        (gold_dict(complete=["everything"]), "000.json.complete[0]"),
        (gold_dict(entities=[g_ent("k", "أ"), g_ent("k", "ب")]), "duplicate keys"),
    ],
)
def test_eval_score_load_gold_errors(tmp_path: Path, gold: dict[str, Any], message: str) -> None:
    with pytest.raises(GoldError, match=re.escape(message)):
        load(tmp_path, gold)


def test_eval_score_load_gold_empty_or_bad_json(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match=re.escape("no *.json")):
        load_gold(tmp_path)
    (tmp_path / "bad.json").write_text("{", "utf-8")
    with pytest.raises(GoldError, match=re.escape("bad.json")):
        load_gold(tmp_path)


# --------------------------------------------------------------------------- seeds


def perfect_doc(g: GoldFile, opaque_ids: bool) -> dict[str, Any]:
    """A system output built from the gold itself."""
    ids = {e.key: (f"sys-{i}" if opaque_ids else e.key) for i, e in enumerate(g.entities)}
    return {
        "source": {"name": g.file, "outlet": g.outlet},
        "title": g.title,
        "published": g.published,
        "text": "\n".join([*g.must_keep, *(repaired for _, repaired in g.repairs)]),
        "cites": list(g.cites),
        "entities": [
            {
                "id": ids[e.key],
                "type": e.type,
                "name_ar": e.name_ar,
                "roles": list(e.roles_any[:1]),
                "country": e.country,
                "mentions": [{"text": t} for t in (e.name_ar, *e.aliases_ar)],
            }
            for e in g.entities
        ],
        "events": [
            {
                "type": ev.type,
                "mode": ev.mode,
                "actor": [ids[p] for p in ev.participants],
                "recipient": [],
                "location": ids[ev.location] if ev.location else None,
                "date": ev.date,
                "status": ev.status,
            }
            for ev in g.events
        ],
        "quotes": [{"speaker": ids[q.speaker], "text": q.text} for q in g.quotes],
        "story": g.story,
    }


@pytest.mark.parametrize("opaque_ids", [False, True])
def test_eval_score_seeds_perfect_system(opaque_ids: bool) -> None:
    seeds = shared_dir() / "gold" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"shared gold seeds not found at {seeds}")
    gold = load_gold(seeds)
    report = score(gold, [perfect_doc(g, opaque_ids) for g in gold])
    for task in ("entities", "events", "quotes", "stories"):
        assert report.tasks[task].f1 == 1.0, (task, report.to_dict()["files"])
    assert report.tasks["cleaning"].f1 == 1.0
    assert report.tasks["metadata"].f1 == 1.0
    for name in ("type", "country", "role"):
        assert report.tasks["entities"].accuracy[name].value == 1.0
    for name in ("mode", "location", "date", "status"):
        assert report.tasks["events"].accuracy[name].value == 1.0
