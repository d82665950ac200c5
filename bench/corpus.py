"""Generate benchmark corpora of N Arabic news documents, streaming to disk.

Every document is a perturbed copy of a base article (the seeds in
``../shared/seeds``, the demo corpus and the story test corpus): its
paragraphs and sentences are shuffled (and sometimes mixed with another
article's), person and city names are substituted from
``../shared/data/wikidata_person_names_ar_en`` and ``world_cities_ar``, site
chrome lines are added or removed, obfuscation (``هـ.ـامة``) is inserted and
dates are changed. The output is deterministic for a given seed.

Documents are written one at a time (never held together in memory) as
``.txt`` files in folders of :data:`PER_FOLDER`, or as JSONL shards of
:data:`PER_SHARD` records; HTML pages (for the ingest comparison) as
``.html`` files.

Example:
    >>> from pathlib import Path
    >>> import tempfile
    >>> base = [Article("عنوان الخبر", ["الفقرة الأولى. الجملة الثانية."])]
    >>> g = Generator(base, names=["سامر"], cities=["حلب"], seed=1)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_txt(g, 3, Path(d))
    3
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

__all__ = [
    "PER_FOLDER",
    "PER_SHARD",
    "Article",
    "Generator",
    "load_base",
    "shared_dir",
    "write_html",
    "write_jsonl",
    "write_txt",
]

#: Files per folder of a ``.txt`` corpus (keeps directory listings fast).
PER_FOLDER = 1000
#: Records per JSONL shard: ~4 MB, far below the ingest limit of 50 MiB, and
#: the reader holds one shard at a time.
PER_SHARD = 1000
#: Probability that a name token is replaced (most names change, a few stay
#: so that some reports still share participants and cluster into stories).
P_NAME = 0.7
#: Probability that a paragraph of another article is mixed in.
P_MIX = 0.3
#: Obfuscated words inserted per document (0..this).
MAX_OBFUSCATIONS = 3
#: Shortest name token (in letters) considered for substitution: shorter
#: tokens of the name list are mostly common words too.
MIN_NAME_LEN = 4
#: A word found in this many base articles or more is a common word, even
#: when the name list has it (e.g. a transliterated given name that is also
#: an adjective); it is never substituted.
COMMON_IN = 6

#: Common words of the base articles that the name lists also hold (verbs,
#: adjectives, months): never substituted.
_COMMON_WORDS = (
    "أشار أكدا أكبر أمنية البحر البلد الجديدة الغرب الملاحة بالدور بلدي بيان تحسين ثاني "
    "جديد حوار حياة دولار دوليا رسمية شباط شرفة شريك شمال صباح عادلة عربي عربية علامة عودة "
    "غربي فوري قائم قريب قضية كانت كانون كبير مارس مايو مساعد مشار مفيدة مكان نظام ورقة "
    "وزيري واكد نصيب تولي نولي وولي سوري تركي سعودي"
)
_COMMON = frozenset(_COMMON_WORDS.split())

_REPO = Path(__file__).resolve().parents[1]
_WORD_RE = re.compile("[\u0621-\u064a]+")
_ISO_DATE_RE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_SENT_RE = re.compile(r"(?<=[.!?\u061f])\s+")
_TATWEEL = "\u0640"
_PREFIXES = ("و", "ب", "ل")
#: Chrome lines written for the benchmark (original text): navigation,
#: sharing buttons, read-more links, copyright.
_CHROME = (
    "الرئيسية | أخبار | سياسة | اقتصاد | رياضة | اتصل بنا",
    "شارك: فيسبوك | تويتر | واتساب | تيليغرام | نسخ الرابط",
    "اقرأ أيضاً: جولة جديدة من المشاورات الإقليمية الأسبوع المقبل",
    "تابعونا على قناتنا في تيليغرام لآخر الأخبار",
    "جميع الحقوق محفوظة © 2024",
    "الأكثر قراءة",
    "إعلان",
    "اشترك في النشرة البريدية",
)


def shared_dir() -> Path:
    """``$MARSAD_SHARED`` or ``<repo>/../shared``."""
    return Path(os.environ.get("MARSAD_SHARED") or _REPO.parent / "shared").resolve()


@dataclass(frozen=True, slots=True)
class Article:
    """A base article: its title line and its body paragraphs."""

    title: str
    paragraphs: list[str]


def _article(text: str) -> Article | None:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        return None
    return Article(lines[0], lines[1:])


def load_base(shared: Path | None = None) -> list[Article]:
    """The base articles: the seeds, the demo corpus and the story test corpus."""
    shared = shared or shared_dir()
    folders = [
        shared / "seeds",
        _REPO / "marsad" / "demo" / "corpus",
        _REPO / "tests" / "data" / "stories" / "docs",
    ]
    out: list[Article] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for p in sorted(folder.glob("*.txt")):
            a = _article(p.read_text("utf-8-sig"))
            if a is not None:
                out.append(a)
    if not out:
        raise FileNotFoundError(f"no base articles under {folders}")
    return out


def _common_words(base: list[Article]) -> frozenset[str]:
    """Words found in :data:`COMMON_IN` base articles or more."""
    seen: dict[str, int] = {}
    for a in base:
        for w in set(_WORD_RE.findall(" ".join([a.title, *a.paragraphs]))):
            seen[w] = seen.get(w, 0) + 1
    return frozenset(w for w, k in seen.items() if k >= COMMON_IN)


@lru_cache(maxsize=1)
def _names(shared: Path) -> tuple[str, ...]:
    """Arabic person-name tokens (Wikidata, letters joined)."""
    path = shared / "data" / "wikidata_person_names_ar_en" / "wd_arabic.normalized.aligned.tokens"
    out: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                word = parts[1].replace(" ", "")
                if len(word) >= MIN_NAME_LEN and _WORD_RE.fullmatch(word):
                    out.append(word)
    return tuple(out)


@lru_cache(maxsize=1)
def _cities(shared: Path) -> tuple[str, ...]:
    """One-word Arabic city names."""
    path = shared / "data" / "world_cities_ar" / "world-cities.csv"
    out: list[str] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("CityNameAr") or "").strip()
            if _WORD_RE.fullmatch(name) and len(name) >= MIN_NAME_LEN:
                out.append(name)
    return tuple(out)


class Generator:
    """Perturbed documents from base articles, deterministic per (seed, index).

    Args:
        base: the base articles.
        names: Arabic person-name tokens to substitute.
        cities: Arabic city names to substitute.
        seed: the random seed.
    """

    def __init__(
        self, base: list[Article], names: list[str], cities: list[str], seed: int = 0
    ) -> None:
        self.base = base
        self.names = names
        self.cities = cities
        self.seed = seed
        common = _common_words(base) | _COMMON
        self._name_set = frozenset(n for n in names if not n.startswith("ال")) - common
        self._city_set = frozenset(cities) - common

    @classmethod
    def from_shared(cls, shared: Path | None = None, seed: int = 0) -> Generator:
        """A generator over the shared folder's seeds and name lists."""
        shared = shared or shared_dir()
        return cls(load_base(shared), list(_names(shared)), list(_cities(shared)), seed)

    def _swap(self, word: str, rng: random.Random) -> str:
        for pre in ("", *_PREFIXES):
            if not word.startswith(pre):
                continue
            stem = word[len(pre) :]
            if stem in self._name_set and rng.random() < P_NAME:
                return pre + rng.choice(self.names)
            if stem in self._city_set and rng.random() < P_NAME:
                return pre + rng.choice(self.cities)
        return word

    def _obfuscate(self, text: str, rng: random.Random) -> str:
        words = [m for m in _WORD_RE.finditer(text) if len(m.group()) >= 4]
        if not words:
            return text
        for m in sorted(
            rng.sample(words, min(len(words), rng.randint(0, MAX_OBFUSCATIONS))),
            key=lambda m: -m.start(),
        ):
            w = m.group()
            k = rng.randint(1, len(w) - 2)
            text = text[: m.start()] + w[:k] + _TATWEEL + "." + _TATWEEL + w[k:] + text[m.end() :]
        return text

    def _date(self, rng: random.Random) -> str:
        return f"{rng.choice((2023, 2024))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def document(self, i: int) -> tuple[str, list[str], str]:
        """Document ``i``: (title, body paragraphs, publication date)."""
        rng = random.Random(self.seed * 1_000_003 + i)
        art = self.base[rng.randrange(len(self.base))]
        paras = list(art.paragraphs)
        # 1. sentence and paragraph shuffles, sometimes another article's paragraph
        for j, p in enumerate(paras):
            sents = _SENT_RE.split(p)
            if len(sents) > 1 and rng.random() < 0.5:
                rng.shuffle(sents)
                paras[j] = " ".join(sents)
        if len(paras) > 2:
            head, rest = paras[:1], paras[1:]
            rng.shuffle(rest)
            paras = head + rest
        if rng.random() < P_MIX:
            other = self.base[rng.randrange(len(self.base))]
            paras.insert(rng.randint(1, len(paras)), rng.choice(other.paragraphs))
        # 2. names and cities
        swap = lambda m: self._swap(m.group(), rng)  # noqa: E731
        title = _WORD_RE.sub(swap, art.title)
        paras = [_WORD_RE.sub(swap, p) for p in paras]
        # 3. dates
        when = self._date(rng)
        paras = [_ISO_DATE_RE.sub(when, p) for p in paras]
        # 4. obfuscation
        k = rng.randrange(len(paras))
        paras[k] = self._obfuscate(paras[k], rng)
        # 5. chrome: drop an existing short line, add some
        if rng.random() < 0.3:
            short = [j for j, p in enumerate(paras) if len(p) < 60]
            if short:
                del paras[rng.choice(short)]
        top = rng.sample(_CHROME, rng.randint(0, 2))
        bottom = rng.sample(_CHROME, rng.randint(0, 2))
        return title, [*top, *paras, *bottom], when

    def text(self, i: int) -> str:
        """Document ``i`` as a text dump (title line, date line, paragraphs)."""
        title, paras, when = self.document(i)
        return "\n".join([title, when, *paras]) + "\n"

    def html(self, i: int) -> str:
        """Document ``i`` as a news page with navigation, article and footer."""
        title, paras, when = self.document(i)
        t = escape(title)
        body = "\n".join(f"<p>{escape(p)}</p>" for p in paras)
        return (
            '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{t}</title>"
            f'<meta property="article:published_time" content="{when}T09:00:00+03:00">'
            '<meta property="og:site_name" content="مرصد التجريبي">'
            "</head><body>"
            '<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/p">سياسة</a></li>'
            '<li><a href="/e">اقتصاد</a></li></ul></nav>'
            f"<main><article><h1>{t}</h1><time>{when}</time>\n{body}\n</article></main>"
            '<aside><h3>الأكثر قراءة</h3><ul><li><a href="/x">خبر آخر</a></li></ul></aside>'
            "<footer><p>جميع الحقوق محفوظة © 2024</p></footer></body></html>"
        )

    def iter_texts(self, n: int) -> Iterator[str]:
        """The first ``n`` documents as text dumps, one at a time."""
        for i in range(n):
            yield self.text(i)


def write_txt(gen: Generator, n: int, out: Path) -> int:
    """Write ``n`` documents as ``.txt`` files in folders of :data:`PER_FOLDER`."""
    for i in range(n):
        folder = out / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc{i:07d}.txt").write_text(gen.text(i), "utf-8")
    return n


def write_jsonl(gen: Generator, n: int, out: Path) -> int:
    """Write ``n`` documents as JSONL shards of :data:`PER_SHARD` records."""
    out.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, PER_SHARD):
        with open(out / f"shard{start // PER_SHARD:05d}.jsonl", "w", encoding="utf-8") as fh:
            for i in range(start, min(n, start + PER_SHARD)):
                rec = {"id": f"doc{i:07d}", "text": gen.text(i)}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n


def write_html(gen: Generator, n: int, out: Path) -> int:
    """Write ``n`` documents as ``.html`` pages."""
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (out / f"page{i:06d}.html").write_text(gen.html(i), "utf-8")
    return n
