"""Throughput of the events and quotes stages on generated documents.

Builds ``--docs`` synthetic Arabic news documents (templates of meetings, calls, visits,
statements and attacks filled from small name lists, with entity mentions set by offset)
and times :func:`marsad.events.extract_events` + :func:`marsad.events.extract_quotes`.

Usage:
    .venv/bin/python bench/bench_events.py --docs 1000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

from marsad.doc import Entity, Mention, NewsDoc, Source
from marsad.events import extract_events, extract_quotes

PEOPLE = [
    ("sameh-shoukry", "سامح شكري", "EGY"),
    ("ayman-safadi", "أيمن الصفدي", "JOR"),
    ("sergey-lavrov", "سيرغي لافروف", "RUS"),
    ("hakan-fidan", "هاكان فيدان", "TUR"),
    ("faisal-mekdad", "فيصل المقداد", "SYR"),
    ("badr-albusaidi", "بدر البوسعيدي", "OMN"),
]
PLACES = [("cairo", "القاهرة"), ("amman", "عمان"), ("moscow", "موسكو"), ("ankara", "أنقرة")]
COUNTRIES = [("iran", "إيران"), ("turkey", "تركيا"), ("russia", "روسيا"), ("egypt", "مصر")]

TEMPLATES = [
    "التقى وزير الخارجية {p1} في {loc} نظيره {p2} الأربعاء لبحث التطورات الإقليمية.",
    "أجرى {p1} اتصالا هاتفيا مع {p2} تناول العلاقات الثنائية.",
    "وقال {p1} إن المحادثات كانت مثمرة، وأضاف أن الجانبين اتفقا على مواصلة التنسيق.",
    "وأكد {p2} أن بلاده ستواصل دعم الحل السياسي، مشددا على أهمية الحوار.",
    "زار {p1} العاصمة {loc} على رأس وفد رفيع المستوى.",
    "ودعا {p1} {c1} إلى وقف التصعيد، منتقدا الهجمات الأخيرة.",
    "وفرضت {c1} عقوبات جديدة على {c2} بسبب برنامجها الصاروخي.",
    "وقصفت {c1} مواقع عسكرية قرب الحدود، فيما رفضت {c2} الاتهامات.",
    "ومن المقرر أن يلتقي {p1} و{p2} في {loc} الشهر المقبل.",
    "ولم يلتق {p1} نظيره {p2} خلال زيارته إلى {loc}.",
]


def make_doc(rng: random.Random, n: int) -> NewsDoc:
    """A document of 4-8 sentences with every name annotated by offset."""
    parts: list[str] = []
    mentions: dict[str, tuple[str, str, str | None, list[Mention]]] = {}
    pos = 0
    for _ in range(rng.randint(4, 8)):
        (i1, n1, c1), (i2, n2, c2) = rng.sample(PEOPLE, 2)
        lid, lname = rng.choice(PLACES)
        (k1, cn1), (k2, cn2) = rng.sample(COUNTRIES, 2)
        fills = {
            "p1": (i1, n1, "PERSON", c1),
            "p2": (i2, n2, "PERSON", c2),
            "loc": (lid, lname, "LOC", None),
            "c1": (k1, cn1, "LOC", None),
            "c2": (k2, cn2, "LOC", None),
        }
        template = rng.choice(TEMPLATES)
        sentence = ""
        cursor = 0
        for field in _fields(template):
            start = template.index("{" + field + "}", cursor)
            sentence += template[cursor:start]
            eid, name, typ, country = fills[field]
            at = pos + len(sentence)
            entry = mentions.setdefault(eid, (name, typ, country, []))
            entry[3].append(Mention(at, at + len(name), name))
            sentence += name
            cursor = start + len(field) + 2
        sentence += template[cursor:] + " "
        parts.append(sentence)
        pos += len(sentence)
    text = "".join(parts)
    doc = NewsDoc(source=Source(name=f"gen-{n}.txt"), raw=text, text=text, published="2024-03-20")
    doc.entities = [
        Entity(eid, typ, name, country=country, mentions=ms)
        for eid, (name, typ, country, ms) in mentions.items()
    ]
    return doc


def _fields(template: str) -> list[str]:
    out: list[str] = []
    i = 0
    while (j := template.find("{", i)) >= 0:
        k = template.index("}", j)
        out.append(template[j + 1 : k])
        i = k + 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents to generate")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    docs = [make_doc(rng, n) for n in range(args.docs)]
    chars = sum(len(d.text) for d in docs)
    extract_quotes(extract_events(docs[0]))  # load the lexicons outside the timing
    t0 = time.perf_counter()
    n_events = n_quotes = 0
    for doc in docs:
        extract_quotes(extract_events(doc))
        n_events += len(doc.events)
        n_quotes += len(doc.quotes)
    dt = time.perf_counter() - t0
    result = {
        "docs": len(docs),
        "chars": chars,
        "seconds": round(dt, 3),
        "docs_per_s": round(len(docs) / dt, 1),
        "events": n_events,
        "quotes": n_quotes,
    }
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
