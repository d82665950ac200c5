"""The entity stage on original sentences with a small knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from _entities_kb import write_kb

from marsad.doc import Entity, NewsDoc, Source
from marsad.entities.annotate import annotate_entities
from marsad.entities.ner import NerSpan

if TYPE_CHECKING:
    from marsad.entities.ner import NerTagger


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
    roles = ents["sergey-lavrov"].roles  # type: ignore[attr-defined]
    assert roles == ["وزير الخارجية الروسي", "نظيره الروسي"]


def test_annotate_quoted_name_after_cue_is_unknown_entity(tmp_path: Path) -> None:
    ents = _run("ناقش الطرفان اجتماعات “الخماسية” المقبلة.", tmp_path)
    assert ents["ar:الخماسيه"].type == "MISC"  # type: ignore[attr-defined]


class _FakeTagger:
    """Tags the given phrases (first occurrence each) with a label and a score."""

    def __init__(self, spans: list[tuple[str, str, float]]) -> None:
        self._spans = spans

    def tag_text(self, text: str) -> list[NerSpan]:
        out = []
        for phrase, label, score in self._spans:
            start = 0
            while (at := text.find(phrase, start)) >= 0:
                out.append(NerSpan(at, at + len(phrase), label, phrase, score))
                start = at + len(phrase)
        return out


def _run_ner(text: str, tmp_path: Path, spans: list[tuple[str, str, float]]) -> dict[str, Entity]:
    doc = NewsDoc(source=Source(name="t.txt"), raw=text)
    doc.text = text
    tagger = cast("NerTagger", _FakeTagger(spans))
    annotate_entities(doc, kb=write_kb(tmp_path), tagger=tagger, use_default_tagger=False)
    return {e.id: e for e in doc.entities}


def test_annotate_surname_part_joins_full_name(tmp_path: Path) -> None:
    text = "التقى عادل بن ناصر بالوفد. وقال بن ناصر إن ماجد حسين وافق، وأكد حسين ذلك."
    spans = [(p, "PERSON", 0.99) for p in ("عادل بن ناصر", "بن ناصر", "ماجد حسين", "حسين")]
    ents = _run_ner(text, tmp_path, spans)
    assert set(ents) == {"ar:عادل بن ناصر", "ar:ماجد حسين"}
    assert [m.text for m in ents["ar:عادل بن ناصر"].mentions] == ["عادل بن ناصر", "بن ناصر"]
    assert len(ents["ar:ماجد حسين"].mentions) == 2


def test_annotate_abu_surname_joins_and_keeps_display_name(tmp_path: Path) -> None:
    text = "أعلن المتحدث الرسمي باسم الهيئة سامر أبو خليل أمس القرار. وقال أبو خليل إنه نهائي."
    ents = _run_ner(
        text, tmp_path, [("سامر أبو خليل", "PERSON", 0.99), ("أبو خليل", "PERSON", 1.0)]
    )
    (person,) = ents.values()
    assert person.name_ar == "سامر أبو خليل" and len(person.mentions) == 2
    assert person.roles == ["المتحدث الرسمي باسم الهيئة"]


def test_annotate_ner_noise_is_refused(tmp_path: Path) -> None:
    text = "نحن نسعى إلى تعاون عراقي واسع، وقال كريم داود إن فريد سليم غاب."
    spans = [
        ("نسعى", "PERSON", 0.95),  # one word, no title: a verb
        ("تعاون عراقي", "PERSON", 0.95),  # a noun and an indefinite gentilic
        ("كريم داود", "PERSON", 0.97),
        ("فريد سليم", "PERSON", 0.5),  # below the score threshold
    ]
    assert set(_run_ner(text, tmp_path, spans)) == {"ar:كريم داود"}


def test_annotate_body_inside_title_is_part_of_role(tmp_path: Path) -> None:
    text = "وصل نائب رئيس مجلس الوزراء وزير الخارجية سعيد كامل إلى طهران."
    ents = _run_ner(text, tmp_path, [("مجلس الوزراء", "ORG", 0.99), ("سعيد كامل", "PERSON", 0.99)])
    assert set(ents) == {"ar:سعيد كامل", "tehran"}
    assert ents["ar:سعيد كامل"].roles == ["نائب رئيس مجلس الوزراء وزير الخارجية"]


def test_annotate_agency_in_brackets_or_full_name(tmp_path: Path) -> None:
    assert "sana" in _run("ذكرت الوكالة الرسمية (سانا) أن الاجتماع انتهى.", tmp_path)
    assert "sana" in _run("دمشق، 3 أيار (سانا) - انتهى الاجتماع.", tmp_path)


def test_annotate_adverb_with_tanween_is_no_name(tmp_path: Path) -> None:
    ents = _run("أجرى الوزير الروسي اتصالاً هاتفياً مع نظيره.", tmp_path)
    assert not [k for k in ents if k.startswith("ar:")]


def test_annotate_counterpart_of_role_without_gentilic(tmp_path: Path) -> None:
    text = "بحث وزير الخارجية رضا كريمي مع نظيره الروسي سيرغي لافروف الملف."
    roles = _run(text, tmp_path)["sergey-lavrov"].roles  # type: ignore[attr-defined]
    assert roles == ["وزير الخارجية الروسي", "نظيره الروسي"]


def test_annotate_big_al_city_counts_without_a_place_cue() -> None:
    from marsad.arabic.segment import segment_sentences
    from marsad.doc import NewsDoc, Source
    from marsad.entities.annotate import annotate_entities

    text = "وقال الوزير إن القاهرة لن تقبل بأي حل يتجاهل مصالح دول الجوار."
    doc = NewsDoc(source=Source(name="x"), raw=text, text=text)
    doc.sentences = segment_sentences(text)
    ids = {e.id for e in annotate_entities(doc).entities}
    assert "cairo" in ids
