"""Metadata: outlet, publication date, author and cites (original Arabic lines)."""

from __future__ import annotations

import pytest

from marsad.clean import clean_document, extract_metadata
from marsad.clean.metadata import find_cites, lookup_outlet, outlet_from_lines, outlets
from marsad.doc import NewsDoc, Source

BODY = "افتتحت البلدية الجسر الجديد أمس بحضور المحافظ وعدد كبير من الأهالي والمسؤولين المحليين."


def _run(raw: str, **given: str) -> NewsDoc:
    return extract_metadata(clean_document(NewsDoc(source=Source(name="t", **given), raw=raw)))


@pytest.mark.parametrize(
    ("raw", "outlet"),
    [
        (f"Site icon صدى المدينة\n{BODY}", "صدى المدينة"),
        (f"صدى المدينة – فريق التحرير\n{BODY}", "صدى المدينة"),
        (f"{BODY}\nالمصدر : صدى المدينة", "صدى المدينة"),
        (f"{BODY}\nمقالات متعلقة\nادعم صدى المدينة", "صدى المدينة"),
        (f"{BODY}\nادعم الصحافة المستقلة", None),
        (BODY, None),
        (f"Sada Al-Madina | صدى المدينة\n• حلب - خاص\n{BODY}", "صدى المدينة"),
        (f"صدى المدينة — Sada Al-Madina\n{BODY}", "صدى المدينة"),
        (f"Enab Baladi\n{BODY}", "عنب بلدي"),
        (f"Sada Al-Madina\n{BODY}\nجميع الحقوق محفوظة © صدى المدينة 2023", "صدى المدينة"),
        (f"{BODY}\nكل الحقوق محفوظة لصدى المدينة", "صدى المدينة"),
        (
            f"Sada Al-Madina\n{BODY}\nاقرأ أيضاً: خبر\nساعدنا على الاستمرار: تبرع لصدى المدينة",
            "صدى المدينة",
        ),
        (
            f"{BODY}\nالمدينة تحتاج صحافة حرة.. ادعم صدى المدينة وساهم في استمرار عملنا",
            "صدى المدينة",
        ),
        (f"• حلب - خاص\n{BODY}", None),
        (f"• حلب - وكالات\n{BODY}", None),
    ],
)
def test_metadata_outlet_from_chrome(raw: str, outlet: str | None) -> None:
    doc = _run(raw)
    assert doc.outlet == outlet
    assert outlet is None or outlet not in doc.text


def test_metadata_given_values_win() -> None:
    doc = _run(
        f"{BODY}\n  • 2022-01-05\n  • 120\nالمصدر: صدى المدينة",
        outlet="نشرة",
        published="2021-01-01",
    )
    assert (doc.outlet, doc.published) == ("نشرة", "2021-01-01")


def test_metadata_published_from_bullet_block_and_author() -> None:
    doc = _run(f"{BODY}\n  • بقلم: سامر الحلبي\n  • 2022-01-05\n  • 120\n  • من الأرشيف")
    assert doc.published == "2022-01-05"
    assert doc.author == "سامر الحلبي"


def test_metadata_no_date_from_body() -> None:
    doc = _run(
        "وقالت البلدية في 5 كانون الثاني 2022 إن الجسر سيفتتح قريباً أمام حركة السيارات والمشاة."
    )
    assert doc.published is None


@pytest.mark.parametrize(
    ("text", "cites"),
    [
        ("وذكرت وكالة “سانا” أن الجسر افتتح.", ["سانا"]),
        ("وفقاً لوكالة سبوتنيك الروسية، وصل الوفد.", ["سبوتنيك"]),
        ("نقلاً عن رويترز، ارتفعت الأسعار.", ["رويترز"]),
        ("وأفادت وكالة إرنا بأن الوزير وصل، بحسب الأناضول.", ["إرنا", "الأناضول"]),
        ("قالت صحيفة الوطن إن الوزير وصل.", ["الوطن"]),
        ("وقال الوزير إن الوطن بحاجة إلى أبنائه.", []),
        ("وصل الوفد في تشرين الأول الماضي.", []),
        ("وأشارت الخارجية الروسية إلى أن المحادثات مثمرة.", []),
        ("وبث التلفزيون مشاهد من رويترز.", []),
        ("ونقلت وكالة الأنباء القطرية (قنا) أن الوفد وصل.", ["قنا"]),
        ("وقال الوزير إن قنا الري في القرية بحاجة إلى ترميم.", []),
        ("حلب، 3 أيار (رويترز) - أعلنت البلدية افتتاح الجسر.", ["رويترز"]),
        ("دمشق (أ ف ب) - وصل الوفد إلى العاصمة.", ["فرانس برس"]),
        ("حلب (الأربعاء) - وصل الوفد إلى المدينة.", []),
    ],
)
def test_metadata_find_cites(text: str, cites: list[str]) -> None:
    assert find_cites(text) == cites


def test_metadata_own_outlet_is_not_a_cite() -> None:
    doc = _run("وذكرت سانا أن الجسر افتتح أمس بحضور المحافظ وعدد من الأهالي.\nالمصدر: سانا")
    assert doc.outlet == "سانا"
    assert doc.cites == []


def test_metadata_outlets_table_is_valid() -> None:
    table = outlets()
    assert len(table) >= 100
    names = [o.name for o in table]
    assert len(names) == len(set(names))
    assert lookup_outlet("Reuters") is not None
    assert lookup_outlet("ارنا") is not None and lookup_outlet("ارنا").name == "إرنا"  # type: ignore[union-attr]


def test_metadata_fields_of_one_bar_line_give_date_and_author() -> None:
    doc = _run(f"عنوان خبر البلدية الجديد\nنشر في: 2023-05-02 | بواسطة: سامر الحلبي\n{BODY}")
    assert (doc.published, doc.author) == ("2023-05-02", "سامر الحلبي")
    assert "سامر" not in doc.text


def test_metadata_weak_newsroom_cue_is_not_an_author() -> None:
    doc = _run(f"• 2023-05-02\n• حلب - خاص\n{BODY}")
    assert doc.author is None


def test_metadata_source_agency_under_a_site_name_is_a_cite() -> None:
    doc = _run(f"Sada Al-Madina | صدى المدينة\n{BODY}\nالمصدر: وكالة الأناضول")
    assert doc.outlet == "صدى المدينة"
    assert doc.cites == ["الأناضول"]
    latin = _run(f"Sada Al-Madina\n{BODY}\nالمصدر: وكالة الأناضول")
    assert latin.outlet is None
    assert latin.cites == ["الأناضول"]


def test_outlet_from_lines_footer_names_header_not_appeal() -> None:
    lines = [
        ("صدى الوادي", "caption"),
        ("ادعم صحافتنا الحرة — تبرع الآن", "appeal"),
        ("صدى الوادي © جميع الحقوق محفوظة ١٤٤٦هـ", "copyright"),
    ]
    assert outlet_from_lines(lines)[0] == "صدى الوادي"


def test_outlet_from_lines_copyright_site_word_and_indic_year() -> None:
    lines = [("جميع الحقوق محفوظة لموقع صدى الوادي ٢٠٢٥ ©", "copyright")]
    assert outlet_from_lines(lines)[0] == "صدى الوادي"


def test_parse_publication_date_timezone_tail() -> None:
    from marsad.arabic.dates import parse_publication_date

    line = "الخميس، 9 تشرين الأول/أكتوبر 2025 - 09:30 بتوقيت مكة المكرمة"
    assert parse_publication_date(line) == "2025-10-09"
