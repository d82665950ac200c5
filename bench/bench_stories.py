"""Story clustering at scale: N generated documents, time and peak memory.

Run: ``.venv/bin/python bench/bench_stories.py --n 100000``

The base articles (the seeds, the demo corpus and the story test corpus) are
analysed once by the real pipeline; document ``i`` is then the perturbed text
``bench.corpus.Generator.text(i)`` (shuffled sentences, swapped names and
cities, chrome, obfuscation, a date in 2023-2024) with the analysis of its base
article, whose people are swapped for knowledge-base persons with the same
probability as the text's names. Near-duplicates are found streaming
(:class:`NearDuplicates`: only signatures are kept; candidate pairs are
confirmed on regenerated texts) and stories are clustered with
:func:`cluster_stories`. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import P_NAME, Generator

from marsad.arabic.normalize import match_key
from marsad.doc import NewsDoc, Source
from marsad.entities.kb import default_kb
from marsad.export.document import doc_to_dict
from marsad.pipeline import Pipeline
from marsad.settings import load_settings
from marsad.stories.cluster import (
    NearDuplicates,
    StoryInput,
    cluster_stories,
    confirm_pairs,
)


def rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def analyse_base(gen: Generator) -> list[dict[str, Any]]:
    """The base articles through the real pipeline, as exported dicts."""
    pipe = Pipeline()
    out = []
    for i, art in enumerate(gen.base):
        raw = "\n".join([art.title, *art.paragraphs])
        res = pipe.run_one(NewsDoc(source=Source(name=f"base{i}"), raw=raw))
        out.append(doc_to_dict(res.doc) if res.doc else {"entities": [], "events": []})
    return out


def make_input(
    i: int, gen: Generator, base: list[dict[str, Any]], persons: list[str]
) -> StoryInput:
    """Document ``i``: its id, date and the swapped analysis of its base article."""
    rng = random.Random(gen.seed * 1_000_003 + i)
    k = rng.randrange(len(gen.base))  # the same draw Generator.document makes first
    b = base[k]
    swap_rng = random.Random(i)
    mapping = {
        e["id"]: swap_rng.choice(persons)
        for e in b["entities"]
        if e["type"] == "PERSON" and swap_rng.random() < P_NAME
    }
    when = gen.document(i)[2]

    def m(x: str) -> str:
        return mapping.get(x, x)

    events = [
        {
            "type": ev["type"],
            "actor": [m(a) for a in ev["actor"]],
            "recipient": [m(r) for r in ev["recipient"]],
            "location": ev["location"],
            "date": when,
        }
        for ev in b["events"]
    ]
    ents = [{"id": m(e["id"]), "type": e["type"], "roles": e["roles"]} for e in b["entities"]]
    return StoryInput(id=f"d{i:07d}", key="", published=when, entities=ents, events=events)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--n", type=int, action="append", help="documents (repeatable); default 1000 10000 100000"
    )
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    sizes = args.n or [1000, 10000, 100000]
    settings = load_settings()
    gen = Generator.from_shared(seed=args.seed)
    t0 = time.perf_counter()
    base = analyse_base(gen)
    persons = [e.id for e in default_kb() if e.type == "PERSON"]
    print(
        f"base articles analysed: {len(base)} in {time.perf_counter() - t0:.1f} s", file=sys.stderr
    )
    rows = []
    for n in sizes:
        t0 = time.perf_counter()
        index = NearDuplicates(settings.near_duplicate_threshold, settings.minhash_perm)
        docs = []
        for i in range(n):
            index.add(f"d{i:07d}", match_key(gen.text(i)))
            docs.append(make_input(i, gen, base, persons))
        t_sig = time.perf_counter() - t0

        def keys(ids: Any) -> dict[str, str]:
            return {d: match_key(gen.text(int(d[1:]))) for d in ids}

        t1 = time.perf_counter()
        pairs = confirm_pairs(index.candidates, keys, settings.near_duplicate_threshold)
        t_pairs = time.perf_counter() - t1
        t2 = time.perf_counter()
        stories, happenings = cluster_stories(docs, settings, near_pairs=pairs)
        t_cluster = time.perf_counter() - t2
        rows.append(
            (
                n,
                t_sig,
                len(index.candidates),
                len(pairs),
                t_pairs,
                t_cluster,
                len(set(stories.values())),
                rss_mb(),
            )
        )
        del docs, index, stories, happenings
    print(
        "| N | generate + MinHash s | LSH candidates | confirmed near-dups | confirm s | cluster s | stories | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r[0]} | {r[1]:.1f} | {r[2]} | {r[3]} | {r[4]:.1f} | {r[5]:.1f} | {r[6]} | {r[7]:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
