"""Coreference: shortened names and titles used alone join the full entity."""

from __future__ import annotations

from pathlib import Path

from _entities_kb import write_kb

from marsad.doc import NewsDoc, Source
from marsad.entities.annotate import annotate_entities
from marsad.entities.coref import PersonRef, find_short_names, find_title_mentions


def _doc(text: str) -> NewsDoc:
    doc = NewsDoc(source=Source(name="t.txt"), raw=text)
    doc.text = text
    return doc


def test_coref_surname_joins_unknown_person() -> None:
    people = [PersonRef("ar:x", ("نادر فهمي الخطيب",), (), "SYR", 0)]
    hits = find_short_names("ثم أوضح الخطيب أن فهمي الخطيب", people, [])
    assert {h.entity_id for h in hits} == {"ar:x"} and len(hits) == 2


def test_coref_title_alone_joins_by_role() -> None:
    people = [PersonRef("env", ("كريم نوري",), ("المبعوث الخاص للرئيس الروسي",), "RUS", 0)]
    text = "وعبّر المبعوث الخاص للرئيس الروسي عن أمله"
    (hit,) = find_title_mentions(text, people, [], lambda k: "RUS" if k == "الروسي" else None)
    assert hit.entity_id == "env" and text[hit.start : hit.end] == "المبعوث الخاص للرئيس الروسي"


def test_coref_title_with_country_picks_that_country() -> None:
    people = [
        PersonRef("a", ("سامي حداد",), ("وزير الخارجية السوري",), "SYR", 0),
        PersonRef("b", ("رضا كريمي",), ("وزير الخارجية الإيراني",), "IRN", 10),
    ]
    gent = {"الايراني": "IRN", "السوري": "SYR"}.get
    (hit,) = find_title_mentions("وأضاف الوزير الإيراني أن", people, [], gent)
    assert hit.entity_id == "b"


def test_coref_stage_links_surname_and_title(tmp_path: Path) -> None:
    kb = write_kb(tmp_path)
    text = (
        "استقبل وزير الخارجية الإيراني رضا كريمي في طهران ضيفه سيرغي لافروف. "
        "وقال كريمي إن المحادثات مفيدة، فيما أكد الوزير الروسي دعم بلاده."
    )
    doc = annotate_entities(_doc(text), kb=kb, tagger=None, use_default_tagger=False)
    by_id = {e.id: e for e in doc.entities}
    karimi = by_id["ar:رضا كريمي"]
    assert [m.text for m in karimi.mentions] == ["رضا كريمي", "كريمي"]
    assert karimi.country == "IRN" and karimi.roles == ["وزير الخارجية الإيراني"]
    assert "الوزير الروسي" in [m.text for m in by_id["sergey-lavrov"].mentions]
