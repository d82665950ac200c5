"""Tests for marsad.arabic.dates: finding, resolving and inferring Arabic dates.

Every sentence here is written for the tests; the seed articles are read at run time only.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.dates import (
    KINDS,
    DateExpr,
    find_dates,
    infer_year,
    parse_publication_date,
    resolve,
    resolve_all,
)

ISO_SHAPE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ANCHOR = "2020-10-20"  # a Tuesday


def shared_dir() -> Path | None:
    env = os.environ.get("MARSAD_SHARED")
    path = Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"
    return path if path.is_dir() else None


def spans(text: str) -> list[tuple[str, str]]:
    return [(e.kind, e.text) for e in find_dates(text)]


def one(text: str) -> DateExpr:
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


# --- finding --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل الوفد في 2020-10-20 إلى العاصمة", [("iso", "2020-10-20")]),
        ("الاجتماع المقرر 20/10/2020 تأجل", [("iso", "20/10/2020")]),
        ("صدر البيان 2020/10/20 مساء", [("iso", "2020/10/20")]),
        ("انعقدت القمة ٢٠٢١-٠٣-١٥ في الرياض", [("iso", "٢٠٢١-٠٣-١٥")]),
        ("وقع الاتفاق في 5 حزيران 2019 بدمشق", [("full", "5 حزيران 2019")]),
        (
            "انطلقت الجلسات يومي 11 و12 من شباط 2019",
            [("full", "11 و12 من شباط 2019")],
        ),
        ("التقيا يوم الخميس 4 من شباط", [("day_month", "الخميس 4 من شباط")]),
        ("قال في مؤتمر صحفي، الأحد 7 من آذار، إن", [("day_month", "الأحد 7 من آذار")]),
        ("عقد الاجتماع في 19 أيار/ مايو الفائت", [("day_month", "19 أيار/ مايو الفائت")]),
        ("زار الرئيس البلاد في آذار/مارس الفائت", [("month", "آذار/مارس الفائت")]),
        (
            "جرت الاتصالات في أوائل أكتوبر/تشرين الاول الجاري",
            [("month", "أوائل أكتوبر/تشرين الاول الجاري")],
        ),
        ("ينتظر عقد جولة في شباط المقبل", [("month", "شباط المقبل")]),
        ("تراجع الإنتاج في يونيه 2019 بشكل حاد", [("month_year", "يونيه 2019")]),
        ("أجرى الطرفان اتصالات خلال عام 2020", [("year", "عام 2020")]),
        ("تتواصل الأزمة منذ 2011 دون حل", [("year", "2011")]),
        ("تأسست الحركة سنة 1987 في غزة", [("year", "سنة 1987")]),
        ("وافق البرلمان في 1 جانفي 2020 على القانون", [("full", "1 جانفي 2020")]),
        (
            "تظاهر المحتجون في 3 جويلية و14 جوان",
            [("day_month", "3 جويلية"), ("day_month", "14 جوان")],
        ),
        ("أعلنت الحكومة في 20 غشت 2019 عن خطة", [("full", "20 غشت 2019")]),
        ("افتتح المعرض يوم 12 شتنبر", [("day_month", "12 شتنبر")]),
        ("صدر المرسوم في 15 رمضان 1444 هـ", [("hijri", "15 رمضان 1444 هـ")]),
        ("تبدأ الإجازة مع حلول شهر رمضان", [("hijri", "شهر رمضان")]),
        ("قال الوزير أمس إن الوضع هادئ", [("relative_day", "أمس")]),
        ("اجتمع المجلس أول أمس في جلسة طارئة", [("relative_day", "أول أمس")]),
        ("يصل المبعوث غداً إلى بيروت", [("relative_day", "غداً")]),
        ("تعقد الجلسة بعد غد في جنيف", [("relative_day", "بعد غد")]),
        ("أعلن الجيش اليوم السيطرة على البلدة", [("relative_day", "اليوم")]),
        ("زار الوفد موسكو الأسبوع الماضي", [("relative_week", "الأسبوع الماضي")]),
        ("تنتهي المهلة منتصف الشهر الجاري", [("relative_month", "منتصف الشهر الجاري")]),
        ("ارتفعت الأسعار خلال العام الماضي", [("relative_year", "العام الماضي")]),
        ("بحث الطرفان الاربعاء ملف اللاجئين", [("weekday", "الاربعاء")]),
        ("سيعود الخميس المقبل إلى عمان", [("weekday", "الخميس المقبل")]),
        ("أجريت الانتخابات في 9 أيلول من العام الماضي", [("day_month", "9 أيلول من العام الماضي")]),
    ],
)
def test_dates_find_kinds(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "طالب بتنفيذ القرار الأممي 2254 عبر الحوار",
        "بلغ عدد المشاهدات 14463 مشاهدة",
        "قتل أربعة مدنيين في القصف",
        "ارتفعت النسبة إلى 20% هذا الموسم",
        "بلغت الكلفة 2000 دولار للطن",
        "بدأ اللقاء في الساعة 10:30 صباحا",
        "مارس الضغط على الحكومة طوال أشهر",
        "حضر الأب والابن الحفل",
        "اشترى سيارة نيسان مستعملة",
        "غدا الأمر أكثر تعقيدا",
        "في اليوم التالي عاد الوفد",
        "قال الأمين العام الحالي للمنظمة",
        "اتفق الطرفين الاثنين على التهدئة",
        "انتهت المباراة بنتيجة 3 صفر",
        "وصل رمضان قديروف إلى المدينة",
    ],
)
def test_dates_not_a_date(text: str) -> None:
    assert find_dates(text) == []


def test_dates_offsets_survive_tashkeel_and_tatweel() -> None:
    text = "وصل أمسِ، ثم عُقد اللقاء في 3 أيـــار 2021"
    found = find_dates(text)
    assert [(e.kind, e.text) for e in found] == [
        ("relative_day", "أمسِ"),
        ("full", "3 أيـــار 2021"),
    ]
    assert all(text[e.start : e.end] == e.text for e in found)


def test_dates_parsed_parts() -> None:
    e = one("بدأت الجولة الثلاثاء 26 من كانون الثاني")
    assert (e.day, e.month, e.year, e.weekday) == (26, 1, None, 1)
    r = one("في 23 و24 من تموز 2018")
    assert (r.day, r.day_end, r.month, r.year) == (23, 24, 7, 2018)
    q = one("في أوائل أكتوبر/تشرين الاول الجاري")
    assert (q.month, q.part, q.qualifier) == (10, "early", "current")
    h = one("صدر المرسوم في 15 رمضان 1444 هـ")
    assert (h.calendar, h.year, h.month, h.day) == ("hijri", 1444, 9, 15)


# Every month in every naming system, checked as "day month year".
MONTH_FORMS = {
    1: ["يناير", "كانون الثاني", "جانفي"],
    2: ["فبراير", "شباط", "فيفري"],
    3: ["مارس", "آذار"],
    4: ["أبريل", "ابريل", "نيسان", "أفريل"],
    5: ["مايو", "أيار", "ماي"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "تموز", "يوليوز", "جويلية"],
    8: ["أغسطس", "اغسطس", "آب", "غشت", "أوت"],
    9: ["سبتمبر", "أيلول", "شتنبر"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول"],
    11: ["نوفمبر", "تشرين الثاني", "نونبر"],
    12: ["ديسمبر", "كانون الأول", "دجنبر"],
}


@pytest.mark.parametrize(
    ("month", "form"), [(m, f) for m, forms in MONTH_FORMS.items() for f in forms]
)
def test_dates_every_gregorian_month_form(month: int, form: str) -> None:
    e = one(f"جرى ذلك في 7 {form} 2022 بحسب البيان")
    assert (e.kind, e.month) == ("full", month)
    assert resolve(e, None) == f"2022-{month:02d}-07"


HIJRI_FORMS = {
    1: "محرم",
    2: "صفر",
    3: "ربيع الأول",
    4: "ربيع الآخر",
    5: "جمادى الأولى",
    6: "جمادى الآخرة",
    7: "رجب",
    8: "شعبان",
    9: "رمضان",
    10: "شوال",
    11: "ذو القعدة",
    12: "ذي الحجة",
}


@pytest.mark.parametrize(("month", "form"), sorted(HIJRI_FORMS.items()))
def test_dates_every_hijri_month_form(month: int, form: str) -> None:
    e = one(f"صدر القرار في 10 {form} 1445 هـ")
    assert (e.kind, e.calendar, e.month, e.day, e.year) == ("hijri", "hijri", month, 10, 1445)
    assert e.month is not None
    assert resolve(e, None) is not None


@pytest.mark.parametrize(
    ("form", "weekday"),
    [
        ("الاثنين", 0),
        ("الإثنين", 0),
        ("الثلاثاء", 1),
        ("الأربعاء", 2),
        ("الخميس", 3),
        ("الجمعة", 4),
        ("السبت", 5),
        ("الأحد", 6),
    ],
)
def test_dates_every_weekday(form: str, weekday: int) -> None:
    e = one(f"وصل الوفد {form} إلى المدينة")
    assert (e.kind, e.weekday) == ("weekday", weekday)


# --- resolving ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("بحث الطرفان الأربعاء الملف", ANCHOR, "2020-10-14"),
        ("بحث الطرفان الثلاثاء الملف", ANCHOR, "2020-10-20"),
        ("بحث الطرفان الثلاثاء الماضي الملف", ANCHOR, "2020-10-13"),
        ("يعود الأحد المقبل", ANCHOR, "2020-10-25"),
        ("قال أمس", ANCHOR, "2020-10-19"),
        ("أعلن اليوم", ANCHOR, "2020-10-20"),
        ("يصل غداً", ANCHOR, "2020-10-21"),
        ("اجتمعوا أول من أمس", ANCHOR, "2020-10-18"),
        ("جرت في أوائل أكتوبر/تشرين الاول الجاري", ANCHOR, "2020-10"),
        ("زار البلاد في آذار/مارس الفائت", ANCHOR, "2020-03"),
        ("وقع الحادث في كانون الأول", ANCHOR, "2019-12"),
        ("وقع الحادث في أيلول", ANCHOR, "2020-09"),
        ("تعقد الجولة في شباط المقبل", ANCHOR, "2021-02"),
        ("تعقد الجولة في تشرين الثاني القادم", ANCHOR, "2020-11"),
        ("عقد الاجتماع في 19 أيار/ مايو الفائت", ANCHOR, "2020-05-19"),
        ("جرى في 9 أيلول من العام الماضي", ANCHOR, "2019-09-09"),
        ("ارتفعت الأسعار خلال العام الماضي", ANCHOR, "2019"),
        ("تنتهي المهلة منتصف الشهر المقبل", ANCHOR, "2020-11"),
        ("زار الوفد موسكو الأسبوع الماضي", ANCHOR, "2020-10"),
        # Saturday-, Sunday- and Monday-start weeks disagree on the month, not the year.
        ("زار الوفد موسكو الأسبوع الماضي", "2020-10-03", "2020"),
        ("زار الوفد موسكو الأسبوع الماضي", "2021-01-03", None),
        ("أجرى الطرفان اتصالات خلال عام 2020", None, "2020"),
        ("انعقدت في 11 و12 من شباط 2019", None, "2019-02-11"),
        ("صدر المرسوم في 15 رمضان 1444 هـ", None, "2023-04-06"),
        ("احتفل الناس في 1 شوال", "2023-05-01", "2023-04-21"),
        ("التقيا في ١٢ آذار ٢٠٢٣", None, "2023-03-12"),
        ("تراجع الإنتاج في يونيه 2019", None, "2019-06"),
    ],
)
def test_dates_resolve_against_anchor(text: str, anchor: str | None, expected: str | None) -> None:
    assert resolve(one(text), anchor) == expected


@pytest.mark.parametrize(
    "text",
    [
        "بحث الطرفان الأربعاء الملف",
        "قال أمس",
        "أعلن اليوم",
        "زار البلاد في آذار/مارس الفائت",
        "عقد الاجتماع في 19 أيار/ مايو الفائت",
        "تعقد الجولة في شباط المقبل",
        "زار الوفد موسكو الأسبوع الماضي",
        "ارتفعت الأسعار خلال العام الماضي",
        "احتفل الناس في 1 شوال",
    ],
)
def test_dates_resolve_none_without_anchor(text: str) -> None:
    assert resolve(one(text), None) is None


def test_dates_resolve_context_only_for_month_names() -> None:
    ctx = "2021-01-26"
    assert resolve(one("في شباط المقبل"), None, context=ctx) == "2021-02"
    assert resolve(one("قال أمس"), None, context=ctx) is None
    assert resolve(one("بحث الطرفان الأربعاء"), None, context=ctx) is None


def test_dates_resolve_rejects_malformed_anchor() -> None:
    with pytest.raises(ValueError, match="ISO date"):
        resolve(one("قال أمس"), "20/10/2020")


# --- year inference -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 26 January is a Tuesday in 2021, a Sunday in 2020.
        ("أجريا أربعة اتصالات خلال عام 2020، ثم التقيا الثلاثاء 26 من كانون الثاني", 2021),
        # 5 March is a Thursday in 2020 and a Friday in 2021.
        ("بعد جولات عام 2020 التقى الطرفان الخميس 5 آذار", 2020),
        # No year named: a weekday alone cannot choose among the 28-year cycle.
        ("التقى الطرفان الثلاثاء 26 من كانون الثاني", None),
        # Tuesday 26 January fits neither 2018 nor 2019.
        ("بعد محادثات عام 2018 التقيا الثلاثاء 26 من كانون الثاني", None),
        # No weekday with the day.
        ("خلال عام 2020 ثم في 26 من كانون الثاني", None),
    ],
)
def test_dates_infer_year_by_weekday(text: str, expected: int | None) -> None:
    assert infer_year(text, find_dates(text)) == expected
    assert infer_year(text) == expected


def test_dates_resolve_all_uses_inferred_year() -> None:
    text = (
        "التقى الوزيران الثلاثاء 26 من كانون الثاني، واتفقا على جولة في شباط المقبل."
        " وكانا أجريا اتصالات خلال عام 2020. وقال أحدهما أمس إن"
    )
    got = [(e.text, v) for e, v in resolve_all(text, None)]
    assert got == [
        ("الثلاثاء 26 من كانون الثاني", "2021-01-26"),
        ("شباط المقبل", "2021-02"),
        ("عام 2020", "2020"),
        ("أمس", None),
    ]


def test_dates_resolve_all_with_anchor() -> None:
    got = [v for _, v in resolve_all("بحث الجانبان الاربعاء، وتابعا أمس", ANCHOR)]
    assert got == ["2020-10-14", "2020-10-19"]


# --- publication date -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عنوان الخبر\n  • فريق التحرير\n  • 2020-10-20\n  • 14463\n", "2020-10-20"),
        ("نشر في 12 آذار 2023\nنص الخبر يبدأ هنا", "2023-03-12"),
        ("2023/05/24 - 10:30\nنص", "2023-05-24"),
        ("تاريخ النشر: ١٢/٠٣/٢٠٢٣", "2023-03-12"),
        ("الثلاثاء، 20 أكتوبر 2020 10:30 ص", "2020-10-20"),
        ("© 2023 جميع الحقوق محفوظة", None),
        ("التقى الوزير نظيره في 12 آذار 2023 في دمشق لبحث الملفات المشتركة", None),
        ("خبر بلا تاريخ\nقال الوزير أمس", None),
    ],
)
def test_dates_parse_publication_date(text: str, expected: str | None) -> None:
    assert parse_publication_date(text) == expected


# --- seeds (read at run time) ---------------------------------------------------------------
def test_dates_seed_gold_dates() -> None:
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared folder with the seed articles is absent")
    for gold_path in sorted((shared / "gold" / "seeds").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (shared / "seeds" / gold["file"]).read_text(encoding="utf-8")
        published = parse_publication_date(text)
        assert published == gold["published"], gold["file"]
        resolved = {v for _, v in resolve_all(text, published) if v is not None}
        wanted = {e["date"] for e in gold["events"] if e["date"] is not None}
        assert wanted <= resolved, (gold["file"], wanted - resolved)


# --- properties -----------------------------------------------------------------------------
VOCAB = [
    "الثلاثاء", "الأربعاء", "أمس", "اليوم", "غداً", "كانون الثاني", "شباط", "أيار/ مايو",
    "الفائت", "المقبل", "الجاري", "أوائل", "منتصف", "عام", "سنة", "في", "من", "و", "رمضان",
    "هـ", "1444", "2020", "2254", "26", "٢٠٢١", "30", "31", "2020-10-20", "20/10/2020",
    "الأسبوع", "الشهر", "العام", "الماضي", "شهر", "،", "/", "-", "\u0640", "\u064b", " ",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(VOCAB), max_size=14).map(" ".join),
    st.lists(st.sampled_from(VOCAB), max_size=14).map("".join),
)
anchors = st.dates().filter(lambda d: 1900 <= d.year <= 2100).map(lambda d: d.isoformat())


@settings(max_examples=200, deadline=None)
@given(texts)
def test_dates_find_never_raises_and_offsets_valid(text: str) -> None:
    found = find_dates(text)
    last_end = 0
    for e in found:
        assert text[e.start : e.end] == e.text
        assert e.kind in KINDS
        assert e.start >= last_end  # sorted, no overlaps
        last_end = e.end


@settings(max_examples=200, deadline=None)
@given(texts, st.one_of(st.none(), anchors))
def test_dates_resolve_is_iso_shaped(text: str, anchor: str | None) -> None:
    for _, value in resolve_all(text, anchor):
        assert value is None or ISO_SHAPE.match(value)
    published = parse_publication_date(text)
    assert published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)
