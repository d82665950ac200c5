"""Tests of quote extraction on hand-written Arabic sentences (none from the seeds)."""

from __future__ import annotations

import re

from marsad.doc import Entity, Mention, NewsDoc, Quote, Source
from marsad.events import extract_events, extract_quotes

_NAMES: dict[str, tuple[str, str, str | None]] = {
    "سامح شكري": ("sameh-shoukry", "PERSON", "EGY"),
    "شكري": ("sameh-shoukry", "PERSON", "EGY"),
    "أيمن الصفدي": ("ayman-safadi", "PERSON", "JOR"),
    "قيس سعيد": ("kais-saied", "PERSON", "TUN"),
    "فيصل المقداد": ("faisal-mekdad", "PERSON", "SYR"),
    "سانا": ("sana", "ORG", "SYR"),
    "عمان": ("amman", "LOC", "JOR"),
}


def make_doc(text: str) -> NewsDoc:
    doc = NewsDoc(source=Source(name="q.txt"), raw=text, text=text)
    by_id: dict[str, Entity] = {}
    taken: list[tuple[int, int]] = []
    for name in sorted(_NAMES, key=len, reverse=True):
        eid, typ, country = _NAMES[name]
        pattern = r"(?<!\w)[\u0648\u0641\u0628\u0644]?(" + re.escape(name) + r")(?!\w)"
        for m in re.finditer(pattern, text):
            s, e = m.start(1), m.end(1)
            if any(s < b and a < e for a, b in taken):
                continue
            taken.append((s, e))
            ent = by_id.setdefault(eid, Entity(eid, typ, name, country=country))
            ent.mentions.append(Mention(s, e, name))
    doc.entities = list(by_id.values())
    return doc


def quotes_of(text: str) -> list[Quote]:
    return extract_quotes(extract_events(make_doc(text))).quotes


def said(quotes: list[Quote], speaker: str) -> list[str]:
    return [q.text for q in quotes if q.speaker == speaker]


def test_extract_quotes_direct_speech_after_colon() -> None:
    qs = quotes_of("وقال وزير الخارجية المصري سامح شكري: “الحل السياسي هو الطريق الوحيد”.")
    assert len(qs) == 1
    assert qs[0].speaker == "sameh-shoukry" and qs[0].cue == "وقال"
    assert qs[0].text.startswith("الحل السياسي هو الطريق الوحيد")


def test_extract_quotes_indirect_speech_after_an() -> None:
    qs = quotes_of("وأكد الرئيس التونسي قيس سعيد أن بلاده ترفض أي تدخل خارجي.")
    assert said(qs, "kais-saied") == ["بلاده ترفض أي تدخل خارجي."]


def test_extract_quotes_offsets_point_at_the_text() -> None:
    text = "وأكد الرئيس التونسي قيس سعيد أن بلاده ترفض أي تدخل خارجي."
    q = quotes_of(text)[0]
    assert text[q.start : q.end] == q.text


def test_extract_quotes_subject_before_verb() -> None:
    qs = quotes_of("شكري أوضح أن المفاوضات مستمرة رغم الصعوبات.")
    assert said(qs, "sameh-shoukry") == ["المفاوضات مستمرة رغم الصعوبات."]


def test_extract_quotes_wa_adafa_is_the_previous_speaker() -> None:
    text = "وأكد قيس سعيد أن الأزمة عابرة. وأضاف أن الحكومة ستعلن خطة جديدة."
    qs = quotes_of(text)
    assert said(qs, "kais-saied") == ["الأزمة عابرة.", "الحكومة ستعلن خطة جديدة."]


def test_extract_quotes_compound_subject_gives_one_quote_each() -> None:
    text = "وشدد سامح شكري ونظيره الأردني أيمن الصفدي على ضرورة وقف التصعيد."
    qs = quotes_of(text)
    assert {q.speaker for q in qs} == {"sameh-shoukry", "ayman-safadi"}
    assert all("ضرورة وقف التصعيد" in q.text for q in qs)


def test_extract_quotes_agency_and_al_wakala() -> None:
    text = (
        "وذكرت وكالة سانا أن الوفدين ناقشا ملف المياه. وأضافت الوكالة أن الجانبين سيلتقيان مجددا."
    )
    qs = quotes_of(text)
    assert [q.speaker for q in qs] == ["sana", "sana"]


def test_extract_quotes_unnamed_sources_give_no_quote() -> None:
    assert quotes_of("وأفادت مصادر مطلعة أن اللقاء تأجل إلى موعد لاحق.") == []


def test_extract_quotes_second_cue_in_a_sentence_splits() -> None:
    text = "واعتبر قيس سعيد أن الأزمة عابرة، وتابع: “سنتجاوزها معا”."
    qs = said(quotes_of(text), "kais-saied")
    assert len(qs) == 2
    assert qs[0].startswith("الأزمة عابرة") and "سنتجاوزها" not in qs[0]
    assert qs[1].startswith("سنتجاوزها معا")


def test_extract_quotes_participle_takes_the_sentence_subject() -> None:
    qs = quotes_of("ورحب سامح شكري بالمبادرة الجديدة، مؤكدا أهمية الحوار بين الأطراف.")
    assert any("أهمية الحوار" in t for t in said(qs, "sameh-shoukry"))


def test_extract_quotes_agency_reporting_a_named_person() -> None:
    qs = quotes_of("وأفادت وكالة سانا بأن فيصل المقداد أطلع نظيره على نتائج الزيارة الأخيرة.")
    assert [q.speaker for q in qs] == ["faisal-mekdad"]
    assert qs[0].text.startswith("نتائج الزيارة الأخيرة")


def test_extract_quotes_dual_verb_is_the_two_parties() -> None:
    text = "التقى سامح شكري أيمن الصفدي في عمان. وأكدا أهمية التنسيق المشترك."
    qs = quotes_of(text)
    assert {q.speaker for q in qs} == {"sameh-shoukry", "ayman-safadi"}


def test_extract_quotes_empty_text() -> None:
    doc = NewsDoc(source=Source(name="e"), raw="", text="")
    assert extract_quotes(doc).quotes == []


def test_extract_quotes_relay_gives_the_quoted_person() -> None:
    qs = quotes_of("ونقلت وكالة سانا عن فيصل المقداد قوله إن الحوار مع الجيران ضروري للمنطقة.")
    assert said(qs, "faisal-mekdad") == ["الحوار مع الجيران ضروري للمنطقة."]
    assert said(qs, "sana") == []


def test_extract_quotes_relay_from_an_unnamed_source_gives_no_quote() -> None:
    text = "قال سامح شكري إن الزيارة مهمة. ونقلت وكالة أخرى عن مصدر مطلع أن الموعد لم يحدد بعد."
    qs = quotes_of(text)
    assert said(qs, "sameh-shoukry") == ["الزيارة مهمة."]


def test_extract_quotes_source_clause_is_not_a_quote() -> None:
    qs = quotes_of("قال أيمن الصفدي إن الحدود آمنة. وزار الوفد المعبر، بحسب ما أفادت به سانا.")
    assert [q.speaker for q in qs] == ["ayman-safadi"]


def test_extract_quotes_one_word_content_is_dropped() -> None:
    qs = quotes_of("قال أيمن الصفدي إن الحدود آمنة. وتحدث شكري لسانا.")
    assert said(qs, "sameh-shoukry") == []


def test_extract_quotes_named_clause_inside_a_report_is_its_own_quote() -> None:
    text = "وذكرت سانا أن الجانبين ناقشا ملف المياه، وأن فيصل المقداد شدد على رفض أي شروط مسبقة."
    qs = quotes_of(text)
    assert any(t.startswith("الجانبين ناقشا ملف المياه") for t in said(qs, "sana"))
    assert any("رفض أي شروط مسبقة" in t for t in said(qs, "faisal-mekdad"))


def test_extract_quotes_fima_joins_a_second_speaker() -> None:
    text = "وأكد سامح شكري أن الحل سياسي، فيما حذر أيمن الصفدي من أن التصعيد يهدد الجميع."
    qs = quotes_of(text)
    assert said(qs, "sameh-shoukry") and "حذر" not in said(qs, "sameh-shoukry")[0]
    assert any("التصعيد يهدد الجميع" in t for t in said(qs, "ayman-safadi"))


def test_extract_quotes_title_with_preposition_reaches_the_name() -> None:
    text = (
        "وقال فيصل المقداد إن الحل قريب. وفي القاهرة، أكد المبعوث الخاص للرئيس التونسي "
        'إلى عمان قيس سعيد أن بلاده "لا تمانع" من نقل المحادثات إلى مكان آخر.'
    )
    qs = quotes_of(text)
    assert any(t.startswith("بلاده") for t in said(qs, "kais-saied"))
    assert not any("لا تمانع" in t for t in said(qs, "faisal-mekdad"))


def test_extract_quotes_report_noun_clause_is_not_speech() -> None:
    text = (
        "وقال فيصل المقداد إن الحل قريب. من جهة أخرى، نفى أيمن الصفدي صحة أنباء تحدثت "
        'عن اجتماع سري في عمان، معتبرا أن هذه الأنباء "جزء من حملة تضليل".'
    )
    qs = quotes_of(text)
    assert not any("اجتماع سري" in t for t in said(qs, "faisal-mekdad"))
    assert any("حملة تضليل" in t for t in said(qs, "ayman-safadi"))
