"""Per-rule tests of the line classifier and repeat detection (original Arabic lines)."""

from __future__ import annotations

import pytest

from marsad.clean.lines import headline_like, label_lines, line_reason
from marsad.clean.repeats import find_repeats

BODY = "وأعلنت البلدية أمس أنها ستفتح ثلاثة جسور جديدة فوق النهر قبل نهاية فصل الصيف المقبل."
BODY2 = (
    "وقال رئيس البلدية إن كلفة المشروع تجاوزت التقديرات الأولى بسبب ارتفاع أسعار الحديد والإسمنت."
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("×", "widget"),
        ("| » |", "widget"),
        ("menu share icon", "widget"),
        ("Exit mobile version", "widget"),
        ("tag icon ع ع ع", "widget"),
        ("ع ع ع", "widget"),
        ("شارك", "widget"),
        ("Site icon صدى المدينة", "metadata"),
        ("camera iconجسر المدينة القديم، حلب، 3 نيسان (عدسة الموقع)", "caption"),
        ("الجسر الجديد، حمص، 12 آذار (تصوير خاص)", "caption"),
        ("اقرأ أيضاً: البلدية تعلن موعد افتتاح السوق الشعبي", "teaser"),
        ("إقرأ أيضا:\u00a0ارتفاع أسعار الخبز في المدينة", "teaser"),
        ("شاهد أيضاً: فيديو للجسر الجديد", "teaser"),
        ("مواضيع ذات صلة", "teaser"),
        ("مقالات متعلقة", "teaser"),
        ("ادعم صدى المدينة", "appeal"),
        ("اضغط هنا للمساهمة في استمرار عملنا", "appeal"),
        ("تابعونا على فيسبوك وتويتر", "appeal"),
        ("http://لتصلك آخر الأخبار تابع قناتنا على التلغرام", "appeal"),
        ("اكتب تعليق", "comment_form"),
        ("جميع الحقول المشار إليها بعلامة (*) مطلوبة", "comment_form"),
        ("المصدر : صدى المدينة", "source_line"),
        ("المصدر: وكالة محلية", "source_line"),
        ("صدى المدينة – فريق التحرير", "metadata"),
        ("بقلم: سامر الحلبي", "metadata"),
        ("2021-03-04", "metadata"),
        ("نشر في 4 آذار 2021", "metadata"),
        ("Sada Al-Madina | صدى المدينة", "masthead"),
        ("نبض الساحل — Nabd Al-Sahel", "masthead"),
        ("الرئيسية | محليات | رياضة | اتصل بنا", "navigation"),
        ("الرئيسية  /  محليات  /  شؤون البلدية", "navigation"),
        ("القائمة  |  بحث  |  English", "navigation"),
        ("الرئيسية › محليات", "navigation"),
        ("شارك الخبر: فيسبوك  تويتر  واتساب", "share"),
        ("انشر عبر: تيليغرام | واتساب | لينكد إن", "share"),
        ("تابعنا على: يوتيوب | إكس", "share"),
        ("شارك هذا المقال", "share"),
        ("جميع الحقوق محفوظة © صدى المدينة 2023", "copyright"),
        ("كل الحقوق محفوظة لصدى المدينة", "copyright"),
        ("الوسوم: البلدية، الجسور، النهر", "metadata"),
        ("وقت القراءة: 3 دقائق", "metadata"),
        ("بواسطة: سامر الحلبي", "metadata"),
        ("المحرر: ريم العلي", "metadata"),
        ("الكاتب: هيئة التحرير", "metadata"),
        ("نشر في: 2023-05-02 | بواسطة: سامر الحلبي", "metadata"),
        ("2023-05-02 | 10:30", "metadata"),
        (BODY, None),
        ("وكتب المحافظ على فيسبوك أن الجسر سيفتح قريباً أمام السيارات والمشاة.", None),
        ("وتشمل الخطة ثلاثة أحياء هي: الميدان / السليمانية / الجميلية في وسط المدينة.", None),
        ("وقال الوزير - Minister of Transport - إن العمل سيبدأ في الربيع.", None),
        ("مؤتمر COP28 | الإمارات تستضيف قادة العالم لبحث المناخ", None),
        ("الجسر الجديد | صور", None),
        ("ونشر في الصحيفة المحلية مقال يشرح مراحل المشروع وكلفته.", None),
        ("وكان المصدر قد أكد أن العمل سيبدأ خلال أيام قليلة من الآن وفق الخطة المقررة.", None),
        ("وساهم المهندسون في تصميم الجسر الذي يمتد على طول مئتي متر فوق مجرى النهر.", None),
    ],
)
def test_line_reason_rules(line: str, reason: str | None) -> None:
    assert line_reason(line) == reason


def test_headline_like_shapes() -> None:
    assert headline_like("البلدية تفتتح ثلاثة جسور جديدة فوق النهر")
    assert headline_like("“جسور جديدة”.. البلدية تعد بالمزيد!")
    assert not headline_like("البلدية تفتتح جسراً.")
    assert not headline_like("عاجل")
    assert not headline_like("• 2021-03-04")


def test_label_lines_repeated_title_kept_once() -> None:
    title = "البلدية تفتتح ثلاثة جسور جديدة فوق النهر"
    labels = label_lines([title, title, BODY, BODY2])
    assert labels.title_index == 0
    assert labels.reasons == ["title", "duplicate", None, None]


def test_label_lines_no_title_when_first_line_is_a_sentence() -> None:
    labels = label_lines([BODY, BODY2])
    assert labels.title_index is None
    assert labels.reasons == [None, None]


def test_label_lines_bullet_metadata_block_and_title_after_it() -> None:
    lines = [
        BODY,
        BODY2,
        "• فريق الموقع",
        "• 2021-03-04",
        "• 9120",
        "• من الأرشيف",
        "البلدية تفتتح ثلاثة جسور جديدة فوق النهر",
        BODY + " " + BODY2,
    ]
    labels = label_lines(lines)
    assert labels.reasons[2:6] == ["metadata"] * 4
    assert labels.reasons[6] == "title"
    assert labels.reasons[7] == "duplicate"
    assert labels.reasons[:2] == [None, None]


def test_label_lines_bullet_list_of_facts_is_body() -> None:
    lines = [BODY, "• رفع رسوم العبور عن الشاحنات الصغيرة", "• توسيع الطريق الشمالي", BODY2]
    assert label_lines(lines).reasons == [None, None, None, None]


def test_label_lines_chrome_tail_after_trigger() -> None:
    lines = [
        BODY,
        BODY2,
        "مقالات متعلقة",
        "الصحافة المحلية تحتاج إلى قرائها..",
        "ادعم صدى المدينة",
        "كل مساهمة تصنع فرقاً",
    ]
    reasons = label_lines(lines).reasons
    assert reasons[:2] == [None, None]
    assert all(r is not None for r in reasons[2:])


def test_label_lines_stray_alt_text_above_first_paragraph() -> None:
    lines = ["البلدية تفتتح ثلاثة جسور جديدة فوق النهر", "الجسر", BODY, "جسور وطرق", BODY2]
    reasons = label_lines(lines).reasons
    assert reasons[1] == "caption"
    assert reasons[3] is None  # a subheading inside the body stays


def test_find_repeats_run_on_copy_and_threshold() -> None:
    assert find_repeats([BODY, BODY2, BODY + " " + BODY2]) == [2]
    assert find_repeats([BODY, BODY2]) == []
    assert find_repeats(["قصير جدا", "قصير جدا"]) == []
    with pytest.raises(ValueError, match="threshold"):
        find_repeats([BODY], threshold=1.5)


def test_label_lines_title_after_stray_section_name() -> None:
    lines = ["أخبار", "البلدية تفتتح ثلاثة جسور جديدة فوق النهر", BODY, BODY2]
    labels = label_lines(lines)
    assert labels.title_index == 1
    assert labels.reasons[0] == "caption"


def test_label_lines_lede_without_full_stop_is_not_a_title() -> None:
    lede = "قال رئيس البلدية إن الجسور الثلاثة ستفتح أمام السيارات قبل نهاية الصيف"
    labels = label_lines([lede, "وأضاف أن الكلفة تجاوزت التقديرات الأولى بسبب ارتفاع الأسعار."])
    assert labels.title_index is None
    assert labels.reasons == [None, None]


QUOTE_THANKS = "وقال المحافظ لرئيس البلدية: أشكرك على دعمك للمشروع منذ البداية."
TAIL_APPEAL = (
    "صحافتنا المحلية تحتاج إلى دعمك اليوم كي تستمر في نقل أخبار المدينة إلى قرائها كل صباح"
)


def test_label_lines_latin_site_name_above_the_title_is_masthead() -> None:
    title = "البلدية تفتتح ثلاثة جسور جديدة فوق النهر"
    labels = label_lines(["Sada Al-Madina", "الرئيسية | محليات | رياضة", title, BODY, BODY2])
    assert labels.reasons == ["masthead", "navigation", "title", None, None]
    assert labels.title_index == 2


def test_label_lines_latin_line_on_a_latin_page_is_kept() -> None:
    lines = ["City News", "The council opened three new bridges over the river yesterday morning."]
    assert label_lines(lines).reasons[0] != "masthead"


def test_label_lines_latin_widget_after_the_last_paragraph() -> None:
    lines = ["البلدية تفتتح ثلاثة جسور جديدة فوق النهر", BODY, BODY2, "Back to top"]
    assert label_lines(lines).reasons[-1] == "widget"


def test_label_lines_header_line_naming_the_site_is_metadata() -> None:
    lines = [
        "صدى المدينة | Sada Al-Madina",
        "البلدية تفتتح ثلاثة جسور جديدة فوق النهر",
        "• حلب – صدى المدينة",
        BODY,
        BODY2,
    ]
    reasons = label_lines(lines).reasons
    assert reasons == ["masthead", "title", "metadata", None, None]


def test_label_lines_reader_appeal_counts_outside_the_body_only() -> None:
    title = "البلدية تفتتح ثلاثة جسور جديدة فوق النهر"
    reasons = label_lines([title, BODY, QUOTE_THANKS, BODY2, TAIL_APPEAL]).reasons
    assert reasons[2] is None  # "دعمك" inside reported speech stays
    assert reasons[4] == "appeal"
    after_teaser = label_lines(
        [title, BODY, BODY2, "اقرأ أيضاً: خبر آخر", "ساعدنا على الاستمرار: تبرع لصدى المدينة"]
    ).reasons
    assert after_teaser[-1] == "appeal"


def test_label_lines_copyright_starts_the_tail() -> None:
    lines = [BODY, BODY2, "جميع الحقوق محفوظة © صدى المدينة 2023", "سياسة الخصوصية"]
    assert label_lines(lines).reasons == [None, None, "copyright", "boilerplate"]


@pytest.mark.parametrize("line", ["التعليقات", "تعليقات القراء", "التعليقات:"])
def test_clean_lines_comment_section_heading(line: str) -> None:
    assert line_reason(line) == "comment_form"


def test_clean_lines_sentence_about_comments_is_body() -> None:
    assert (
        line_reason("التعليقات على الاتفاق تباينت بين المسؤولين في البلدين خلال الأيام الماضية.")
        is None
    )


def test_line_reason_nav_bar_spaced_or_bracketed() -> None:
    assert line_reason("القائمة \u2630   أخبار   رياضة   ثقافة") == "navigation"
    assert line_reason("[ الصفحة الأولى ] [ مصر ] [ الخليج ] [ آراء ]") == "navigation"
    assert line_reason("تكبير الخط  أ+  أ-") == "navigation"
    assert line_reason("عاد الوفد  إلى القاهرة بعد جولة طويلة من المحادثات.") is None


def test_line_reason_feedback_and_small_donation_appeal() -> None:
    assert line_reason("هل وجدت هذا الخبر مفيداً؟  نعم  لا") == "appeal"
    assert line_reason("ساعد في بقاء الموقع حراً: ادعمنا بتبرع بسيط") == "appeal"


def test_label_lines_date_line_with_weekday_and_timezone_is_metadata() -> None:
    assert line_reason("الخميس، 9 أيار/مايو 2025 - 09:30 بتوقيت مكة") == "metadata"
    assert line_reason("الجمعة 3 رمضان 1446هـ") == "metadata"


def test_label_lines_footer_site_name_tagline_not_title() -> None:
    lines = [
        "صدى الوادي | أخبار على مدار الساعة",
        "الوزير يفتتح محطة المياه الجديدة في المدينة الشرقية",
        "افتتح وزير الموارد المائية صباح اليوم محطة جديدة لتحلية المياه في المدينة الشرقية.",
        "وقال الوزير إن المحطة ستخدم أكثر من مئة ألف نسمة في الأحياء المجاورة لها.",
        "جميع الحقوق محفوظة لموقع صدى الوادي ٢٠٢٥",
    ]
    labels = label_lines(lines)
    assert labels.reasons[0] == "masthead"
    assert labels.title_index == 1


def test_label_lines_domain_tagline_is_masthead() -> None:
    lines = [
        "sadaalwadi.net — موقع إخباري",
        "الوزير يفتتح محطة المياه الجديدة في المدينة الشرقية",
        "افتتح وزير الموارد المائية صباح اليوم محطة جديدة لتحلية المياه في المدينة الشرقية.",
        "وقال الوزير إن المحطة ستخدم أكثر من مئة ألف نسمة في الأحياء المجاورة لها.",
    ]
    assert label_lines(lines).reasons[0] == "masthead"
