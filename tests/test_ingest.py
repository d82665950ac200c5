"""Ingest readers: HTML pages written for the project, RSS/Atom, WARC, JSONL."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from marsad.doc import NewsDoc, Outcome, Source
from marsad.ingest import iter_documents
from marsad.ingest.html import read_html
from marsad.registry import StageContext, clean_stage
from marsad.settings import load_settings

BODY_1 = (
    "استقبل وزير الخارجية الأردني في عمان اليوم نظيره العراقي، وبحث الجانبان سبل تعزيز "
    "التعاون في مجالات الطاقة والنقل والربط الكهربائي بين البلدين."
)
BODY_2 = (
    "وقال الوزير في مؤتمر صحفي مشترك إن المباحثات كانت مثمرة، مؤكداً أن بلاده تدعم كل "
    "الجهود الرامية إلى تحقيق الاستقرار في المنطقة وتوسيع التبادل التجاري."
)


def page(meta_date: str | None) -> str:
    meta = f'<meta property="article:published_time" content="{meta_date}">' if meta_date else ""
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>وزير الخارجية يستقبل نظيره العراقي | شبكة الأفق</title>{meta}
<meta property="og:site_name" content="شبكة الأفق"></head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<article><h1>وزير الخارجية يستقبل نظيره العراقي</h1><p>{BODY_1}</p><p>{BODY_2}</p></article>
<aside><h3>أخبار ذات صلة</h3><ul><li><a href="/a">ارتفاع أسعار الذهب في الأسواق المحلية</a></li>
<li><a href="/b">افتتاح معرض الكتاب الدولي بمشاركة واسعة</a></li></ul></aside>
<section id="comments"><h3>التعليقات</h3><form><textarea>اكتب تعليقك</textarea>
<button>إرسال</button></form><div class="comment">تعليق من زائر: مقال ممتاز جداً</div></section>
<footer><p>جميع الحقوق محفوظة © 2019 شبكة الأفق</p><p>سياسة الخصوصية | اتصل بنا</p></footer>
</body></html>"""


def test_ingest_html_keeps_body_drops_chrome_and_takes_meta_date() -> None:
    doc = read_html(page("2023-05-24T10:00:00+03:00").encode("utf-8"), Source(name="p.html"))
    doc = clean_stage(doc, StageContext(load_settings()))
    assert "نظيره العراقي، وبحث الجانبان" in doc.text
    assert "المباحثات كانت مثمرة" in doc.text
    for chrome in (
        "الرئيسية",
        "أسعار الذهب",
        "اكتب تعليقك",
        "مقال ممتاز",
        "جميع الحقوق",
        "سياسة الخصوصية",
    ):
        assert chrome not in doc.text
    assert doc.source.published == "2023-05-24"
    assert doc.source.outlet == "شبكة الأفق"
    assert doc.raw_html is not None


def test_ingest_html_copyright_footer_is_not_a_date() -> None:
    doc = read_html(page(None).encode("utf-8"), Source(name="p.html"))
    assert doc.source.published is None


def test_ingest_html_offsets_map_back_to_the_extracted_text() -> None:
    doc = clean_stage(read_html(page(None), Source(name="p.html")), StageContext(load_settings()))
    for i, ch in enumerate(doc.text):
        if doc.offsets.is_copied(i):
            assert doc.raw[doc.offsets.to_raw(i)] == ch


def rss() -> bytes:
    item = f"<item><title>خبر أول</title><link>https://example.invalid/1</link><pubDate>Tue, 20 Oct 2020 08:00:00 GMT</pubDate><description><![CDATA[<p>{BODY_1}</p><p>{BODY_2}</p>]]></description></item>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>شبكة الأفق</title>{item}</channel></rss>'.encode()


def test_ingest_rss_feed_yields_entries_with_url_and_date(tmp_path: Path) -> None:
    f = tmp_path / "feed.xml"
    f.write_bytes(rss())
    docs = [d for d in iter_documents([str(f)]) if isinstance(d, NewsDoc)]
    assert len(docs) == 1
    d = docs[0]
    assert d.source.url == "https://example.invalid/1"
    assert d.source.published == "2020-10-20"
    assert d.source.outlet == "شبكة الأفق"
    assert d.source.kind == "rss"
    assert BODY_1[:30] in d.raw


def warc(records: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, html in records:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
        )
        writer.write_record(rec)
    return buf.getvalue()


def test_ingest_warc_yields_one_document_per_html_response(tmp_path: Path) -> None:
    f = tmp_path / "crawl.warc.gz"
    f.write_bytes(
        warc(
            [
                ("https://example.invalid/a", page("2023-05-24")),
                ("https://example.invalid/b", page(None)),
            ]
        )
    )
    items = list(iter_documents([str(f)]))
    docs = [d for d in items if isinstance(d, NewsDoc)]
    assert [d.source.url for d in docs] == [
        "https://example.invalid/a",
        "https://example.invalid/b",
    ]
    assert all(d.source.crawled for d in docs)
    assert len({d.ext["fingerprint"] for d in docs}) == 2


def test_ingest_truncated_warc_keeps_what_was_read(tmp_path: Path) -> None:
    data = gzip.decompress(warc([("https://example.invalid/a", page(None))]))
    f = tmp_path / "bad.warc"
    f.write_bytes(data + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    items = list(iter_documents([str(f)]))
    assert any(isinstance(i, NewsDoc) for i in items)
    assert any(isinstance(i, Outcome) and i.reason == "bad_warc" for i in items)


def test_ingest_jsonl_uses_given_metadata(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    rows = [
        {
            "id": "r1",
            "text": BODY_1,
            "outlet": "صحيفة النهار",
            "published": "2024-01-02",
            "title": "عنوان",
        },
        {"id": "r2", "html": page(None), "url": "https://example.invalid/x"},
        {"id": "r3"},
    ]
    f.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n",
        encoding="utf-8",
    )
    items = list(iter_documents([str(f)]))
    docs = [i for i in items if isinstance(i, NewsDoc)]
    fails = [i for i in items if isinstance(i, Outcome)]
    assert [d.source.name for d in docs] == ["r1", "r2"]
    assert docs[0].source.outlet == "صحيفة النهار" and docs[0].source.published == "2024-01-02"
    assert sorted(f.reason or "" for f in fails) == ["bad_json", "bad_record"]
