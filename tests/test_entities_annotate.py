"""The entity stage on original sentences with a small knowledge base."""

from __future__ import annotations

from pathlib import Path

from _entities_kb import write_kb

from marsad.doc import NewsDoc, Source
from marsad.entities.annotate import annotate_entities


def _run(text: str, tmp_path: Path, published: str | None = None) -> dict[str, object]:
    doc = NewsDoc(source=Source(name="t.txt"), raw=text)
    doc.text = text
    doc.published = published
    annotate_entities(doc, kb=write_kb(tmp_path), tagger=None, use_default_tagger=False)
    for e in doc.entities:
        for m in e.mentions:
            assert doc.text[m.start : m.end] == m.text
    return {e.id: e for e in doc.entities}


def test_annotate_gentilics_and_adverbs_are_not_places(tmp_path: Path) -> None:
    ents = _run("رحب الجانب الروسي بالاتفاق المدعوم روسياً وإيرانياً.", tmp_path)
    assert "russia" not in ents and "iran" not in ents


def test_annotate_ambiguous_name_by_cue(tmp_path: Path) -> None:
    ents = _run("عقدت جولة من محادثات “أستانة” في العاصمة أستانة.", tmp_path)
    assert [m.text for m in ents["astana-process"].mentions] == ["أستانة"]  # type: ignore[attr-defined]
    assert "astana" in ents


def test_annotate_agency_needs_cue_or_quotes(tmp_path: Path) -> None:
    assert "sana" in _run("ونقلت وكالة “سانا” الخبر.", tmp_path)
    assert "sana" not in _run("قالت سانا إن الطقس حار.", tmp_path)


def test_annotate_small_city_behind_clitic_needs_support(tmp_path: Path) -> None:
    assert "beira" not in _run("أبدى اهتماما بأهمية كبيرة للملف.", tmp_path)


def test_annotate_kb_office_when_text_has_no_role(tmp_path: Path) -> None:
    ents = _run("قال بوتين إن الحوار مستمر.", tmp_path, published="2021-02-01")
    putin = ents["vladimir-putin"]
    assert putin.roles == ["الرئيس الروسي"] and putin.country == "RUS"  # type: ignore[attr-defined]


def test_annotate_counterpart_role_swaps_gentilic(tmp_path: Path) -> None:
    text = "وبحث وزير الخارجية الإيراني، رضا كريمي، ونظيره الروسي، سيرغي لافروف، الملف."
    ents = _run(text, tmp_path)
    assert ents["sergey-lavrov"].roles == ["وزير الخارجية الروسي"]  # type: ignore[attr-defined]


def test_annotate_quoted_name_after_cue_is_unknown_entity(tmp_path: Path) -> None:
    ents = _run("ناقش الطرفان اجتماعات “الخماسية” المقبلة.", tmp_path)
    assert ents["ar:الخماسيه"].type == "MISC"  # type: ignore[attr-defined]
