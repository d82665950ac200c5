"""A bounded loopback load test of the REST API.

1. build an SQLite store of ``--docs`` generated documents (with entities,
   events, quotes and stories) in a temporary folder;
2. start the API on 127.0.0.1 on a free port, in a child process (so that the
   server and the clients do not share one interpreter lock), rate limit off;
3. run ``--clients`` concurrent clients (asyncio + httpx) for ``--seconds``,
   each looping over a mix of GET requests;
4. print requests/s, the error count and p50/p95/p99 latency, overall and
   per endpoint, as a markdown table; stop the server and clean up.

Usage::

    .venv/bin/python bench/load_api.py --seconds 10 --clients 200
    .venv/bin/python bench/load_api.py --db marsad-demo.db   # the demo database
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import httpx

#: Seconds to wait for the server to answer /api/health after it is started.
START_TIMEOUT_S = 60.0
#: Seconds a single request may take before it counts as an error.
REQUEST_TIMEOUT_S = 30.0

PEOPLE = [
    ("karim-haddad", "كريم الحداد", "Karim Haddad", "JOR"),
    ("ar:ليلى منصور", "ليلى منصور", None, None),
    ("ar:سامي العطار", "سامي العطار", None, None),
    ("nadia-farouk", "نادية فاروق", "Nadia Farouk", "EGY"),
    ("ar:يوسف الخطيب", "يوسف الخطيب", None, None),
    ("omar-saleh", "عمر صالح", "Omar Saleh", "IRQ"),
]
PLACES = [
    ("cairo", "القاهرة", "Cairo", "EGY"),
    ("amman", "عمان", "Amman", "JOR"),
    ("baghdad", "بغداد", "Baghdad", "IRQ"),
    ("doha", "الدوحة", "Doha", "QAT"),
]
OUTLETS = ["صحيفة الأفق", "شبكة النهر", "موقع المرصد", "وكالة الشرق", "نشرة المساء"]
TOPICS = ["ملف المياه", "التبادل التجاري", "أمن الحدود", "إعادة الإعمار", "الطاقة"]


def build_store(path: Path, n_docs: int, seed: int = 7) -> None:
    """Write ``n_docs`` generated documents (original template sentences)."""
    from marsad.doc import Entity, Event, Mention, NewsDoc, OffsetMap, Quote, Source, Span
    from marsad.ids import content_id
    from marsad.store import Store

    rnd = random.Random(seed)
    store = Store.open(f"sqlite:///{path}")
    docs: list[NewsDoc] = []
    stories: dict[str, str] = {}
    for i in range(n_docs):
        a, b = rnd.sample(PEOPLE, 2)
        place = rnd.choice(PLACES)
        topic = rnd.choice(TOPICS)
        day = f"2024-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}"
        first = f"زار {a[1]} مدينة {place[1]} والتقى {b[1]} لبحث {topic}."
        said = f"الجولة رقم {i} كانت مفيدة للطرفين"
        body = f"{first} وقال {a[1]} إن {said}. وأضافت المصادر أن اللقاء التالي سيعقد قريبا."
        doc = NewsDoc(source=Source(name=f"gen-{i:04d}.txt"), raw=body)
        doc.text = body
        doc.offsets = OffsetMap.identity(len(body))
        doc.id = content_id(body)
        doc.title = f"{a[1]} في {place[1]} ({i})"
        doc.published = day
        doc.outlet = OUTLETS[i % len(OUTLETS)]
        doc.cites = ["وكالة الشرق"] if i % 3 == 0 else []
        for eid, ar, en, country in (a, b, place):
            at = body.index(ar)
            typ = "LOC" if eid == place[0] else "PERSON"
            doc.entities.append(
                Entity(eid, typ, ar, en, country=country, mentions=[Mention(at, at + len(ar), ar)])
            )
        doc.events.append(
            Event(
                type="CONSULT",
                evidence=Span(0, len(first)),
                mode="visit",
                actor=[a[0]],
                recipient=[b[0]],
                location=place[0],
                date=day,
                topics=[topic],
            )
        )
        at = body.index(said)
        doc.quotes.append(Quote(a[0], "قال", said, at, at + len(said)))
        doc.ext["fingerprint"] = f"gen-{i}"
        docs.append(doc)
        stories[str(doc.id)] = f"s-{i // 3:04d}"
    store.write(docs)
    store.set_stories(stories, {})
    store.close()


def serve(db: str, port: int) -> None:
    """The child process: serve the API over ``db`` on 127.0.0.1:``port``."""
    import uvicorn

    from marsad.serve.api import create_app
    from marsad.settings import load_settings
    from marsad.store import Store

    app = create_app(
        Store.open(f"sqlite:///{db}", create=False), settings=load_settings(rate_limit=0)
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request_mix(
    ids: list[str], entities: list[str], stories: list[str]
) -> list[tuple[str, Callable[[random.Random], str]]]:
    """(label, url maker) pairs; labels group the latency table. Entity and
    story ids are those the served database holds."""
    return [
        ("health", lambda r: "/api/health"),
        ("documents", lambda r: f"/api/documents?limit=20&offset={r.randrange(0, 180)}"),
        ("documents?outlet", lambda r: f"/api/documents?outlet={r.choice(OUTLETS)}"),
        ("document", lambda r: f"/api/documents/{r.choice(ids)}"),
        ("search", lambda r: f"/api/search?q={r.choice(['القاهره', 'مدينه بغداد', 'الطاقه'])}"),
        ("events", lambda r: f"/api/events?participant={r.choice(PEOPLE)[0]}&limit=20"),
        ("events?date", lambda r: "/api/events?date_from=2024-03&date_to=2024-06&sort=date"),
        ("entities", lambda r: "/api/entities?limit=20"),
        ("entity", lambda r: f"/api/entities/{r.choice(entities)}"),
        ("story", lambda r: f"/api/stories/{r.choice(stories)}"),
        ("quotes", lambda r: f"/api/quotes?speaker={r.choice(PEOPLE)[0]}"),
        ("graph", lambda r: "/api/graph"),
    ]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


async def run_load(
    base: str, clients: int, seconds: float, ids: list[str], entities: list[str], stories: list[str]
) -> None:
    mix = request_mix(ids, entities, stories)
    lat: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    deadline = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        # one connection per client: a shared httpx pool of 200 connections
        # spends more CPU finding a free connection than sending requests
        rnd = random.Random(n)
        async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT_S) as http:
            while time.perf_counter() < deadline:
                label, make = rnd.choice(mix)
                t0 = time.perf_counter()
                try:
                    res = await http.get(make(rnd))
                    ok = res.status_code == 200
                except httpx.HTTPError:
                    ok = False
                lat[label].append(time.perf_counter() - t0)
                if not ok:
                    errors[label] += 1

    t_start = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(clients)))
    elapsed = time.perf_counter() - t_start
    total = sum(len(v) for v in lat.values())
    every = [x for v in lat.values() for x in v]
    print(f"\n{clients} clients, {elapsed:.1f} s, loopback, SQLite, {len(ids)} documents\n")
    print("| endpoint | requests | req/s | errors | p50 ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = [("**all**", every, sum(errors.values()))] + [
        (k, lat[k], errors[k]) for k in sorted(lat)
    ]
    for label, vals, errs in rows:
        print(
            f"| {label} | {len(vals)} | {len(vals) / elapsed:.1f} | {errs} | "
            f"{pct(vals, 0.50) * 1000:.0f} | {pct(vals, 0.95) * 1000:.0f} | "
            f"{pct(vals, 0.99) * 1000:.0f} |"
        )
    print(f"\ntotal {total} requests, {total / elapsed:.1f} req/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0, help="how long to load (default 30)")
    ap.add_argument("--clients", type=int, default=200, help="concurrent clients (default 200)")
    ap.add_argument("--docs", type=int, default=200, help="generated documents (default 200)")
    ap.add_argument(
        "--db", type=Path, help="load an existing SQLite file (e.g. marsad-demo.db) instead"
    )
    ap.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    if args.seconds <= 0 or args.clients < 1 or args.docs < 1:
        ap.error("--seconds, --clients and --docs must be positive")
    with tempfile.TemporaryDirectory(prefix="marsad-load-") as tmp:
        if args.db is not None:
            db = args.db.resolve()
            print(f"loading {db}")
        else:
            db = Path(tmp) / "load.db"
            t0 = time.perf_counter()
            build_store(db, args.docs)
            print(f"built {args.docs} documents in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--serve", str(db), str(port)],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the API server did not start")
                time.sleep(0.2)
            ids = [d["id"] for d in httpx.get(base + "/api/documents?limit=200").json()["items"]]
            ents = [e["id"] for e in httpx.get(base + "/api/entities?limit=200").json()["items"]]
            stories = [
                x["story"] for x in httpx.get(base + "/api/stories?limit=200").json()["items"]
            ]
            asyncio.run(run_load(base, args.clients, args.seconds, ids, ents, stories))
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
