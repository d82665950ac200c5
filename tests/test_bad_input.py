"""Bad inputs: every kind gives a per-document outcome with a reason code, the
rest of the batch is stored, and ``marsad process`` exits 1 naming each failure.

The corpus is generated into ``tmp_path`` by the builders below (no binary
fixtures in the repository); :data:`CASES` is the table ``kind → expected
outcomes`` and the parametrisation. ``bench/bad_input_table.py`` runs the same
table and prints it as markdown.

The per-case tests run the stages ``clean, metadata, segment`` (ingest and
cleaning decide every outcome); the one command-line run uses the default
stages (when all their modules exist), so no later stage may crash on these
inputs either.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from marsad.doc import Outcome
from marsad.process import process
from marsad.settings import Settings, load_settings
from marsad.store import Store

REPO = Path(__file__).resolve().parents[1]

#: Stages whose modules may still be missing while the pipeline is built.
_LATE_STAGE_MODULES = ("marsad.entities.annotate", "marsad.events.extract", "marsad.events.quotes")
#: Ingest and cleaning decide every outcome of the table; the per-case tests
#: run only these stages (fast), the command-line run all of them.
EARLY_STAGES = ("clean", "metadata", "segment")


def full_stages() -> tuple[str, ...] | None:
    """None (the default stages) when every stage module imports, else the early ones."""
    for mod in _LATE_STAGE_MODULES:
        try:
            if importlib.util.find_spec(mod) is None:
                return EARLY_STAGES
        except ImportError:
            return EARLY_STAGES
    return None


def early_settings(**overrides: object) -> Settings:
    """Settings with only :data:`EARLY_STAGES`."""
    return load_settings(stages=EARLY_STAGES, **overrides)  # type: ignore[arg-type]


def config_toml(
    path: Path, stages: tuple[str, ...] | None = None, batch_size: int | None = None
) -> Path:
    """Write a ``--config`` file (None: default stages); return its path."""
    lines: list[str] = []
    if stages is not None:
        lines += ["[pipeline]", "stages = [" + ", ".join(f'"{s}"' for s in stages) + "]"]
    if batch_size is not None:
        lines += ["[store]", f"batch_size = {batch_size}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli_env() -> dict[str, str]:
    """Environment for running ``python -m marsad.serve.cli`` from any folder."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("MARSAD_DB", None)
    return env


# --- original Arabic text ----------------------------------------------------------------------

_PEOPLE = (
    "سامر الحلبي",
    "ليلى منصور",
    "خالد العمري",
    "نادية الشامي",
    "يوسف الخطيب",
    "رنا القاسم",
    "عمر الزعبي",
    "هدى السيد",
    "فراس النجار",
    "منى عبد الله",
)
_CITIES = ("حمص", "حماة", "اللاذقية", "طرطوس", "درعا", "السويداء", "إدلب", "الرقة", "دير الزور")
_BODIES = (
    "وزارة الزراعة",
    "غرفة التجارة",
    "نقابة المهندسين",
    "مديرية التربية",
    "جمعية المزارعين",
    "اتحاد الحرفيين",
    "مجلس المحافظة",
)
_TOPICS = (
    "أسعار القمح",
    "إصلاح شبكة المياه",
    "ترميم المدارس",
    "تكاليف النقل",
    "دعم صغار المنتجين",
    "تنظيم الأسواق الشعبية",
    "صيانة الطرق الريفية",
)
_TEMPLATES = (
    "عقد {person} رئيس {body} اجتماعا موسعا في مدينة {city} لبحث {topic} مع ممثلي الأهالي.",
    "وقال {person} إن {body} ستخصص مبلغا قدره {n} مليون ليرة لمعالجة {topic} خلال الأشهر المقبلة.",
    "وأوضح أن عدد المستفيدين من الخطة يبلغ نحو {m} أسرة في ريف {city} وحده.",
    "وطالب المشاركون بتسريع العمل قبل حلول فصل الصيف وبنشر تقرير شهري عن سير التنفيذ.",
    "وأشار أحد الحاضرين إلى أن {topic} تأثرت بارتفاع أسعار الوقود بنسبة {p} بالمئة منذ بداية العام.",
    "واتفق الطرفان على لقاء ثان في {city} بعد {d} أيام لمتابعة ما تقرر في الاجتماع الأول.",
)


def arabic_article(seed: int, sentences: int = 6) -> str:
    """An original Arabic news paragraph set, distinct for each ``seed``.

    Example:
        >>> arabic_article(1) != arabic_article(2)
        True
    """
    rnd = random.Random(seed)
    vals = {
        "person": rnd.choice(_PEOPLE),
        "city": rnd.choice(_CITIES),
        "body": rnd.choice(_BODIES),
        "topic": rnd.choice(_TOPICS),
        "n": str(rnd.randint(10, 9999)),
        "m": str(rnd.randint(100, 99999)),
        "p": str(rnd.randint(5, 95)),
        "d": str(rnd.randint(2, 30)),
    }
    lines = [t.format(**vals) for t in _TEMPLATES[: max(1, sentences)]]
    # The seed itself, spelled out, makes every article unique.
    lines.append(f"وبلغ عدد الطلبات المسجلة لدى {vals['body']} حتى الآن {seed + 1000} طلبا.")
    return "\n\n".join(lines) + "\n"


def arabic_html(seed: int, title: str = "خبر محلي") -> str:
    """A small HTML page around :func:`arabic_article`."""
    paras = "".join(f"<p>{p}</p>" for p in arabic_article(seed).split("\n\n") if p.strip())
    return (
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><nav><a href='/'>الرئيسية</a></nav>"
        f"<article><h1>{title}</h1>{paras}</article><footer>جميع الحقوق محفوظة</footer>"
        "</body></html>"
    )


_ENGLISH = (
    "The city council met on Tuesday to discuss the repair of the old water network. "
    "Officials said the work would start next month and last until the end of the year. "
    "Residents asked for a weekly report on the progress of the project and its costs.\n"
)
_FRENCH = (
    "Le conseil municipal s'est réuni mardi pour examiner la réparation du vieux réseau "
    "d'eau. Les responsables ont déclaré que les travaux commenceraient le mois prochain "
    "et dureraient jusqu'à la fin de l'année, a précisé un élu présent à la séance.\n"
)
_CHROME = "الرئيسية\nأخبار\nاتصل بنا\nاكتب تعليق\nشارك\nتابعونا\n"


# --- builders: each makes its files in ``d`` and returns the command-line inputs --------------

Builder = Callable[[Path], list[str]]


def _file(d: Path, name: str, data: bytes | str) -> list[str]:
    p = d / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return [str(p)]


def _seed(d: Path) -> int:
    """A per-case seed, so the good documents of different cases differ."""
    return sum(ord(c) * (i + 1) for i, c in enumerate(d.name))


def _png(d: Path) -> list[str]:
    rnd = random.Random(7)
    return _file(
        d, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(4096))
    )


def _truncated_utf8(d: Path) -> list[str]:
    data = arabic_article(_seed(d)).rstrip().rstrip(".").encode("utf-8")
    assert data[-2] in range(0xD8, 0xDC)  # the last letter is two bytes
    return _file(d, "cut.txt", data[:-1])  # cut between them


def _encoded(encoding: str, bom: bytes = b"") -> Builder:
    def build(d: Path) -> list[str]:
        return _file(d, "article.txt", bom + arabic_article(_seed(d)).encode(encoding))

    return build


def _too_large(d: Path) -> list[str]:
    p = d / "huge.txt"
    with open(p, "wb") as fh:  # sparse: no 50 MB written
        fh.truncate(load_settings().max_bytes + 1)
    return [str(p)]


def _html_deep(d: Path) -> list[str]:
    depth = 10_000
    return _file(d, "deep.html", "<html><body>" + "<div>" * depth + "نص" + "</div>" * depth)


def _html_flat(d: Path) -> list[str]:
    paras = arabic_article(_seed(d)).split("\n\n")
    body = "<br>" * 3000 + "".join(f"<p>{p}" for p in paras * 300)
    return _file(d, "flat.html", f"<html><body><article>{body}</article></body></html>")


def _warc_record(url: str, html: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    body = html.encode("utf-8")
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(rec)
    return buf.getvalue()


def _warc_gz_truncated(d: Path) -> list[str]:
    s = _seed(d)
    one = gzip.compress(_warc_record(f"http://example.org/{d.name}/1", arabic_html(s)))
    two = gzip.compress(_warc_record(f"http://example.org/{d.name}/2", arabic_html(s + 1)))
    return _file(d, "cut.warc.gz", one + two[: len(two) // 2])


def _warc_one_broken(d: Path) -> list[str]:
    s = _seed(d)
    good = _warc_record(f"http://example.org/{d.name}/good", arabic_html(s))
    bad = _warc_record(f"http://example.org/{d.name}/bad", arabic_html(s + 1))
    bad = bad.replace(b"WARC/1.0", b"WXRC/9.9", 1)  # a corrupt record header
    return _file(d, "mixed.warc", good + bad)


def _warc_no_html(d: Path) -> list[str]:
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    writer.write_record(writer.create_warcinfo_record("x.warc", {"software": "test"}))
    return _file(d, "info.warc", buf.getvalue())


def _jsonl(*lines: object) -> Callable[[Path], list[str]]:
    def build(d: Path) -> list[str]:
        s = _seed(d)
        out = []
        for i, line in enumerate(lines):
            if line == "GOOD":
                out.append(json.dumps({"id": f"{d.name}-{i}", "text": arabic_article(s + i)}))
            elif isinstance(line, str):
                out.append(line)
            else:
                out.append(json.dumps(line, ensure_ascii=False))
        return _file(d, "records.jsonl", "\n".join(out) + "\n")

    return build


def _jsonl_surrogate(d: Path) -> list[str]:
    text = arabic_article(_seed(d)).replace("اجتماعا", "اجتمSURROGATEاعا")
    line = json.dumps({"id": d.name, "text": text}).replace("SURROGATE", "\\ud800")
    return _file(d, "records.jsonl", line + "\n")


def _rss(d: Path) -> list[str]:
    s = _seed(d)
    good = "".join(f"<p>{p}</p>" for p in arabic_article(s).split("\n\n") if p.strip())
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>موقع تجريبي</title><link>http://example.org/</link><description>x</description>"
        f"<item><title>خبر جيد</title><link>http://example.org/{d.name}/good</link>"
        f"<description><![CDATA[{good}]]></description></item>"
        f"<item><title></title><link>http://example.org/{d.name}/broken</link>"
        "<description><![CDATA[<script>var a = 1;</script>]]></description></item>"
        "</channel></rss>"
    )
    return _file(d, "feed.xml", feed)


def _bidi(d: Path) -> list[str]:
    text = arabic_article(_seed(d))
    marks = ("\u200f", "\u200e", "\u202b", "\u202c", "\u200b", "\u200c", "\u2067", "\u2069")
    rnd = random.Random(3)
    chars = list(text)
    for i in sorted(rnd.sample(range(len(chars)), 40), reverse=True):
        chars.insert(i, rnd.choice(marks))
    return _file(d, "bidi.txt", "".join(chars))


def _mixed(d: Path) -> list[str]:
    text = arabic_article(_seed(d)).replace(
        "اجتماعا", "اجتماعا (meeting) بحضور UNICEF وممثل عن World Food Programme"
    )
    return _file(d, "mixed.txt", text)


def _duplicate(d: Path) -> list[str]:
    text = arabic_article(_seed(d))
    return _file(d, "first.txt", text) + _file(d, "second.txt", "\n" + text + "\n\n")


def _twice(d: Path) -> list[str]:
    p = _file(d, "twice.txt", arabic_article(_seed(d)))
    return p + p


def _symlink_loop(d: Path) -> list[str]:
    sub = d / "folder"
    sub.mkdir()
    (sub / "good.txt").write_text(arabic_article(_seed(d)), encoding="utf-8")
    os.symlink("..", sub / "loop")
    return [str(sub)]


def _self_link(d: Path) -> list[str]:
    p = d / "self.txt"
    os.symlink("self.txt", p)
    return [str(p)]


def _broken_link(d: Path) -> list[str]:
    p = d / "gone.txt"
    os.symlink(d / "missing.txt", p)
    return [str(p)]


def _fifo(d: Path) -> list[str]:
    p = d / "pipe.txt"
    os.mkfifo(p)
    return [str(p)]


def _chmod_000(d: Path) -> list[str]:
    p = Path(_file(d, "locked.txt", arabic_article(_seed(d)))[0])
    p.chmod(0)
    return [str(p)]


def _dir_txt(d: Path) -> list[str]:
    p = d / "x.txt"
    p.mkdir()
    return [str(p)]


def _dir_txt_in_folder(d: Path) -> list[str]:
    (d / "x.txt").mkdir()
    (d / "good.txt").write_text(arabic_article(_seed(d)), encoding="utf-8")
    return [str(d)]


def _unknown_ext(d: Path) -> list[str]:
    (d / "report.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    (d / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (d / "good.txt").write_text(arabic_article(_seed(d)), encoding="utf-8")
    return [str(d)]


def _empty_folder(d: Path) -> list[str]:
    sub = d / "nothing"
    sub.mkdir()
    (sub / "readme.md").write_text("no inputs here\n", encoding="utf-8")
    return [str(sub)]


def _long_line(d: Path) -> list[str]:
    text = " ".join(arabic_article(_seed(d) + i).replace("\n", " ") for i in range(60))
    return _file(d, "long.txt", text)


def _nul(d: Path) -> list[str]:
    text = arabic_article(_seed(d))
    return _file(d, "nul.txt", text[:50] + "\x00" + text[50:120] + "\x00\x00" + text[120:])


def _crlf(d: Path) -> list[str]:
    return _file(d, "crlf.txt", arabic_article(_seed(d)).replace("\n", "\r\n").encode("utf-8"))


def _indic_digits(d: Path) -> list[str]:
    table = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    return _file(d, "digits.txt", arabic_article(_seed(d)).translate(table))


def _gzip_txt(d: Path) -> list[str]:
    return _file(d, "packed.txt", gzip.compress(arabic_article(_seed(d)).encode("utf-8")))


@dataclass(frozen=True)
class Case:
    """One kind of input and the outcomes it must give.

    ``expect`` lists ``(status, reason)`` per outcome, in any order; ``""`` is
    no reason (stored).
    """

    kind: str
    build: Builder
    expect: tuple[tuple[str, str], ...]
    skip: str | None = None


STORED = ("stored", "")


def _f(reason: str) -> tuple[str, str]:
    return ("failed", reason)


_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

#: kind → expected outcomes: the table of the issue note.
CASES: tuple[Case, ...] = (
    Case(
        "good text (control)", lambda d: _file(d, "good.txt", arabic_article(_seed(d))), (STORED,)
    ),
    Case("good HTML (control)", lambda d: _file(d, "good.html", arabic_html(_seed(d))), (STORED,)),
    Case("empty file", lambda d: _file(d, "empty.txt", b""), (_f("empty"),)),
    Case("whitespace only", lambda d: _file(d, "blank.txt", " \n\t\n \r\n"), (_f("empty"),)),
    Case("binary (PNG header + random bytes)", _png, (_f("binary"),)),
    Case("gzip bytes named .txt", _gzip_txt, (_f("binary"),)),
    Case("truncated UTF-8 (cut mid-character)", _truncated_utf8, (STORED,)),
    Case("Windows-1256 Arabic, no BOM", _encoded("cp1256"), (STORED,)),
    Case("UTF-16 LE, no BOM", _encoded("utf-16-le"), (STORED,)),
    Case("UTF-16 BE, no BOM", _encoded("utf-16-be"), (STORED,)),
    Case("UTF-16 with BOM", _encoded("utf-16"), (STORED,)),
    Case("UTF-8 with BOM", _encoded("utf-8", b"\xef\xbb\xbf"), (STORED,)),
    Case("BOM only", lambda d: _file(d, "bom.txt", b"\xef\xbb\xbf"), (_f("empty"),)),
    Case("over the size limit (sparse 50 MiB + 1)", _too_large, (_f("too_large"),)),
    Case("HTML nested 10,000 deep", _html_deep, (_f("bad_html"),)),
    Case(
        "HTML with no body text",
        lambda d: _file(
            d, "nobody.html", "<html><head><title>عنوان</title></head><body></body></html>"
        ),
        (_f("empty"),),
    ),
    Case(
        "HTML with script-only content",
        lambda d: _file(
            d, "script.html", "<html><body><script>var x = 'نص';</script></body></html>"
        ),
        (_f("empty"),),
    ),
    Case(
        "malformed WARC (garbage, .warc)",
        lambda d: _file(d, "junk.warc", b"not a warc\n" * 50),
        (_f("bad_warc"),),
    ),
    Case("truncated .warc.gz (2nd record cut)", _warc_gz_truncated, (STORED, _f("bad_warc"))),
    Case("WARC: one good, one broken record", _warc_one_broken, (STORED, _f("bad_warc"))),
    Case("WARC without HTML responses", _warc_no_html, (_f("empty"),)),
    Case("empty .warc.gz", lambda d: _file(d, "zero.warc.gz", b""), (_f("empty"),)),
    Case(
        "JSONL: bad JSON line among good ones",
        _jsonl("GOOD", "{bad json", "GOOD"),
        (STORED, STORED, _f("bad_json")),
    ),
    Case(
        "JSONL: record without text/html",
        _jsonl("GOOD", {"id": "x", "title": "عنوان"}),
        (STORED, _f("bad_record")),
    ),
    Case(
        "JSONL: wrong field types",
        _jsonl({"text": 5}, {"text": "نص", "title": ["a"]}, {"text": "نص", "url": 7}),
        (_f("bad_record"),) * 3,
    ),
    Case(
        "JSONL: published not YYYY-MM-DD",
        _jsonl({"text": "نص", "published": "14/10/2020"}),
        (_f("bad_record"),),
    ),
    Case(
        "JSONL: non-object line",
        _jsonl("[1, 2, 3]", '"just a string"', "GOOD"),
        (_f("bad_record"), _f("bad_record"), STORED),
    ),
    Case("JSONL: lone surrogate escape", _jsonl_surrogate, (STORED,)),
    Case("JSONL: only blank lines", lambda d: _file(d, "blank.jsonl", "\n  \n\n"), (_f("empty"),)),
    Case("RSS: one broken item, one good", _rss, (STORED, _f("empty"))),
    Case(
        "non-feed .xml",
        lambda d: _file(d, "config.xml", '<?xml version="1.0"?><config><a>1</a></config>'),
        (_f("bad_feed"),),
    ),
    Case("bidi and zero-width controls in Arabic", _bidi, (STORED,)),
    Case("mixed Latin–Arabic text", _mixed, (STORED,)),
    Case("English article", lambda d: _file(d, "english.txt", _ENGLISH), (_f("not_arabic"),)),
    Case(
        "French article",
        lambda d: _file(d, "french.txt", _FRENCH.encode("latin-1")),
        (_f("not_arabic"),),
    ),
    Case("Arabic page chrome only", lambda d: _file(d, "chrome.txt", _CHROME), (_f("too_short"),)),
    Case("same content under two names", _duplicate, (STORED, ("duplicate", "duplicate"))),
    Case("same file twice on the command line", _twice, (STORED,)),
    Case("symlink loop (folder → its parent)", _symlink_loop, (STORED, _f("symlink_loop"))),
    Case("symlink to itself", _self_link, (_f("symlink_loop"),)),
    Case("broken symlink", _broken_link, (_f("not_found"),)),
    Case("FIFO named .txt", _fifo, (_f("unreadable"),)),
    Case(
        "unreadable file (chmod 000)",
        _chmod_000,
        (_f("unreadable"),),
        skip="running as root: chmod 000 does not block reading (the FIFO case covers it)"
        if _AS_ROOT
        else None,
    ),
    Case("directory named x.txt", _dir_txt, (_f("not_found"),)),
    Case("directory named x.txt inside a folder", _dir_txt_in_folder, (STORED,)),
    Case("folder with no supported files", _empty_folder, (_f("not_found"),)),
    Case("missing file", lambda d: [str(d / "nope.txt")], (_f("not_found"),)),
    Case("glob matching nothing", lambda d: [str(d / "*.nothing.txt")], (_f("not_found"),)),
    Case("URL, connection refused", lambda d: ["http://127.0.0.1:9/"], (_f("fetch_failed"),)),
    Case("unknown extensions inside a folder (ignored)", _unknown_ext, (STORED,)),
    Case("very long single line", _long_line, (STORED,)),
    Case("NUL bytes in text", _nul, (STORED,)),
    Case("CRLF line endings", _crlf, (STORED,)),
    Case("Arabic-Indic digits", _indic_digits, (STORED,)),
    Case(
        "only tatweels and dots",
        lambda d: _file(d, "dots.txt", "ـــــ....ـــ\n.....\nـــ...ـــ\n"),
        (_f("too_short"),),
    ),
    Case("HTML with 3,000 <br> and unclosed <p>", _html_flat, (STORED,)),
)


def slug(kind: str) -> str:
    """A folder name for a case."""
    return re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")[:40] or "case"


def build_case(case: Case, root: Path) -> tuple[Path, list[str]]:
    """Make the case's folder under ``root`` and its inputs."""
    d = root / slug(case.kind)
    d.mkdir(parents=True, exist_ok=True)
    return d, case.build(d)


def run_case(case: Case, root: Path, store: Store, settings: Settings) -> list[tuple[str, str]]:
    """Process one case through the library; its outcomes as sorted ``(status, reason)``."""
    _d, inputs = build_case(case, root)
    seen: list[Outcome] = []
    summary = process(inputs, store, settings, on_item=seen.append, update_stories=False)
    got = [(o.status, o.reason or "") for o in seen]
    got += [("skipped", "already_stored")] * summary.skipped
    return sorted(got)


# --- tests -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    root = tmp_path_factory.mktemp("bad")
    store = Store.open(f"sqlite:///{root / 'bad.db'}")
    yield store, root
    store.close()


def test_bad_input_at_least_forty_kinds() -> None:
    assert len(CASES) >= 40
    assert len({slug(c.kind) for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[slug(c.kind) for c in CASES])
def test_bad_input_outcome(case: Case, bad_store: tuple[Store, Path]) -> None:
    if case.skip:
        pytest.skip(case.skip)
    store, root = bad_store
    assert run_case(case, root, store, early_settings()) == sorted(case.expect)


def test_bad_input_cleaned_text_has_no_controls(bad_store: tuple[Store, Path]) -> None:
    store, root = bad_store
    for kind in ("bidi and zero-width controls in Arabic", "NUL bytes in text"):
        case = next(c for c in CASES if c.kind == kind)
        if not (root / slug(kind)).exists():
            run_case(case, root, store, early_settings())
    with sqlite3.connect(root / "bad.db") as conn:
        rows = conn.execute(
            "SELECT d.raw, d.text FROM documents d JOIN sources s ON s.doc_id = d.id "
            "WHERE s.name IN ('bidi.txt', 'nul.txt')"
        ).fetchall()
    assert len(rows) == 2
    for raw, text in rows:
        assert "\x00" not in raw
        assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", text)


def test_bad_input_cli_exit_code_and_stderr(tmp_path: Path) -> None:
    """One ``marsad process`` over the whole corpus: exit 1, each failure named
    on stderr with its reason, every good document stored once."""
    root = tmp_path / "corpus"
    inputs: list[str] = []
    markers: dict[str, list[str]] = {}
    active = [c for c in CASES if not c.skip]
    for case in active:
        d, ins = build_case(case, root)
        inputs += ins
        markers[case.kind] = [str(d), f"/{d.name}/", *ins]
    db = tmp_path / "cli.db"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "marsad.serve.cli",
            "process",
            *inputs,
            "--db",
            f"sqlite:///{db}",
            "--config",
            str(config_toml(tmp_path / "cfg.toml", full_stages())),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=cli_env(),
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("failed: ")]
    for case in active:
        want = Counter(r for s, r in case.expect if s == "failed")
        got = Counter(
            reason
            for ln in lines
            for reason in re.findall(r": ([a-z_]+)(?: \(|$)", ln)[-1:]
            if any(m in ln for m in markers[case.kind])
        )
        assert got == want, (case.kind, lines)
    stored = sum(1 for c in active for s, _ in c.expect if s == "stored")
    dups = sum(1 for c in active for s, _ in c.expect if s == "duplicate")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == stored
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == stored + dups
    assert f"{stored} stored" in proc.stdout


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("cp1256", b""),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-16", b""),
        ("utf-8", b"\xef\xbb\xbf"),
    ],
)
def test_bad_input_encodings_decode_to_the_original(encoding: str, bom: bytes) -> None:
    from marsad.ingest.encoding import decode_bytes

    text = arabic_article(11)
    assert decode_bytes(bom + text.encode(encoding))[0] == text


def test_bad_input_damaged_utf8_is_not_read_as_cp1256() -> None:
    from marsad.ingest.encoding import decode_bytes

    text = arabic_article(12).rstrip().rstrip(".")
    assert decode_bytes(text.encode("utf-8")[:-1]) == (text[:-1], "utf-8")
    data = (text * 5).encode("utf-8")
    damaged = data[:301] + b"\xff" + data[301:]
    decoded, enc = decode_bytes(damaged)
    assert enc == "utf-8"
    assert decoded.replace("\ufffd", "") == text * 5
