"""Train the Arabic NER CRF shipped as ``marsad/entities/data/ner.crfsuite``.

Rebuild (about 4-5 minutes on one core):

    .venv/bin/python scripts/train_ner.py

Steps:
    1. Read ANERcorp CAMeL-style train (and test, for the final report only)
       from ``../shared/data``; AQMAR (tags mapped to PERS/LOC/ORG/MISC) is added
       to training only with ``--aqmar`` (it lowered dev F1).
    2. Build ``ner_gazetteer.json``: city and country names (world_cities_ar,
       country_names_ar), Wikidata person-name tokens (filtered against words
       that are almost always ``O`` in the training text), hand lists of title
       words, location cues and organisation openers, and distributional word
       clusters (PPMI + SVD + k-means) from the unlabeled text of the training
       corpora (never the test split, never newsfane_gold).
    3. Optionally (``--tune``) grid-search c1/c2 on a dev slice (last 10% of the
       train split), training on the first 90%.
    4. Train on all of train, evaluate on test (conlleval-style exact
       entity match), print micro and per-type P/R/F1 and tagging speed.

Uses one core (BLAS threads are pinned to 1 before numpy is imported).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pycrfsuite
from scipy import sparse  # type: ignore[import-untyped]
from scipy.sparse.linalg import svds  # type: ignore[import-untyped]

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from marsad.arabic.normalize import match_key  # noqa: E402
from marsad.entities.ner import (  # noqa: E402
    DEFAULT_GAZETTEER_PATH,
    DEFAULT_MODEL_PATH,
    GAZETTEER_VERSION,
    EntityScore,
    Gazetteer,
    load_gazetteer,
    read_bio_file,
    score_entities,
    sentence_contexts,
    sentence_features,
)

Sentence = tuple[list[str], list[str]]

# --- hyper-parameters (values chosen with --tune on the dev slice; see NER.md) ---
C1 = 0.05
C2 = 0.05
MAX_ITERATIONS = 150
DEV_FRACTION = 0.1  # last 10% of train sentences = dev slice for --tune
TUNE_GRID = ((0.05, 0.01), (0.05, 0.05), (0.1, 0.05), (0.2, 0.05), (0.05, 0.1))
# Cluster settings: words seen at least CLUSTER_MIN_FREQ times get a cluster;
# contexts are the CONTEXT_VOCAB most frequent words on either side.
CLUSTER_MIN_FREQ = 2
CONTEXT_VOCAB = 3000
SVD_DIMS = 100
CLUSTER_SIZES = (32, 128, 512)
KMEANS_ITERATIONS = 12
# A Wikidata name token is dropped when it occurs at least this often in the
# training text and is tagged O at least this share of the time (في, من, ...).
PERSON_FILTER_MIN_FREQ = 3
PERSON_FILTER_O_SHARE = 0.9

TITLE_WORDS = (
    "الرئيس رئيس وزير الوزير وزيرة السيد السيدة الشيخ المبعوث مبعوث مساعد قال قالت "
    "أعلن أكد صرح أضاف الملك الأمير الأميرة العاهل الزعيم زعيم النائب نائب السفير "
    "سفير المستشار مستشار الجنرال اللواء العقيد العميد الفريق المشير الدكتور د. "
    "البروفيسور الأستاذ المتحدث الناطق المدرب اللاعب الكاتب الشاعر الفنان الممثل "
    "المطرب الأمين الأب البابا الإمام القس الحاخام المرشد القائد قائد المدير مدير "
    "رئيسة المفوض المندوب الموفد ولي عهد السلطان الملكة المستشارة الرئيسة"
)
LOC_CUES = (
    "في إلى الى من مدينة المدينة العاصمة عاصمة بلدة قرية ولاية محافظة منطقة إقليم "
    "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط ضواحي قرب بالقرب أنحاء حدود "
    "جزيرة جزر نهر بحر خليج جبل مطار ميناء شوارع شارع ساحة حي"
)
ORG_TRIGGERS = (
    "وزارة وكالة جامعة حزب شركة منظمة مؤسسة هيئة مجلس جمعية اتحاد لجنة حركة جبهة "
    "بنك مصرف نادي نقابة مركز معهد صندوق البنك الجامعة الحزب الشركة المنظمة "
    "المؤسسة الهيئة المجلس الجمعية الاتحاد اللجنة الحركة الجبهة النادي النقابة "
    "المركز المعهد الصندوق الوكالة الوزارة محكمة المحكمة جيش الجيش قوات القوات "
    "صحيفة الصحيفة مجموعة المجموعة منتدى المنتدى برلمان البرلمان رابطة الرابطة "
    "تلفزيون إذاعة قناة القناة كتائب سرايا ائتلاف الائتلاف تحالف التحالف"
)
# Topic cue words (any of them in the sentence or its neighbours sets the topic).
TOPICS = {
    "sport": "مباراة المباراة مباريات فريق الفريق فريقه الدوري دوري كأس الكأس هدف هدفا أهداف "
    "المدرب مدرب اللاعب لاعب لاعبي اللاعبين بطولة البطولة نادي النادي منتخب المنتخب "
    "مرمى المرمى الملعب ملعب الشوط تعادل فاز الفوز هزيمة بطل البطل أبطال مونديال "
    "المونديال الموسم الذهاب الإياب نقاط نقطة جولة المرحلة ركلة المهاجم الحارس",
    "econ": "شركة الشركة شركات أسهم سهم البورصة بورصة الأسواق السوق أرباح الأرباح مبيعات "
    "المبيعات الاستثمار استثمار مصرف بنك البنك سيارات السيارات النفط برميل التجارة "
    "الاقتصاد اقتصاد الاقتصادي المالية دولار مليار",
    "politics": "الحكومة حكومة البرلمان الانتخابات انتخابات الحزب حزب وزير الوزير الرئيس "
    "المعارضة السياسي السياسية المفاوضات الأمن مجلس",
}
# Words dropped from city names to get the bare name ("ولاية هرات" -> "هرات").
CITY_PREFIXES = ("ولاية", "مدينة", "محافظة", "إقليم", "منطقة", "مقاطعة", "بلدية")


def shared_dir() -> Path:
    """``$MARSAD_SHARED`` or ``<repo>/../shared``."""
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else (REPO / ".." / "shared").resolve()


def log(msg: str) -> None:
    """Progress line on stderr (this is a script, printing is its job)."""
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- data


def _aqmar_tag(tag: str) -> str:
    tag = tag.replace("--", "-").rstrip("`")
    if tag in ("O", "OO", "IO") or "-" not in tag:
        return "O"
    prefix, _, typ = tag.partition("-")
    if prefix not in ("B", "I"):
        return "O"
    if typ == "PER":
        return f"{prefix}-PERS"
    if typ in ("LOC", "ORG"):
        return f"{prefix}-{typ}"
    return f"{prefix}-MISC"


def read_aqmar(folder: Path) -> list[Sentence]:
    """All AQMAR articles with tags mapped to ANERcorp types."""
    out: list[Sentence] = []
    for path in sorted(folder.glob("*.txt")):
        for toks, tags in read_bio_file(path):
            out.append((toks, [_aqmar_tag(t) for t in tags]))
    return out


def read_wojood_tokens(folder: Path) -> list[list[str]]:
    """Wojood tokens only (used as unlabeled text for the clusters)."""
    out: list[list[str]] = []
    for name in ("train.txt", "val.txt", "test.txt"):
        path = folder / name
        if path.is_file():
            out.extend(toks for toks, _ in read_bio_file(path))
    return out


# ------------------------------------------------------------------------ gazetteer


def _keys(text: str) -> str:
    return " ".join(match_key(w) for w in text.split())


def build_locations(data: Path) -> set[str]:
    """City and country names (match keys), with and without administrative prefixes."""
    names: set[str] = set()
    with (data / "world_cities_ar" / "world-cities.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            for col in ("CountryNameAr", "CityNameAr"):
                name = row[col].strip()
                if not name:
                    continue
                names.add(_keys(name))
                first, _, rest = name.partition(" ")
                if first in CITY_PREFIXES and rest:
                    names.add(_keys(rest))
    with (data / "country_names_ar" / "country_ar.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.add(_keys(row["value"]))
    return {n for n in names if len(n) >= 2}


def build_persons(data: Path, train: list[Sentence]) -> set[str]:
    """Wikidata person-name tokens minus words that are nearly always O in train."""
    total: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for toks, tags in train:
        for tok, tag in zip(toks, tags, strict=True):
            k = match_key(tok)
            total[k] += 1
            if tag == "O":
                outside[k] += 1
    names: set[str] = set()
    path = data / "wikidata_person_names_ar_en" / "wd_arabic.normalized.aligned.tokens"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        k = match_key(parts[1].replace(" ", ""))
        if len(k) < 2:
            continue
        n = total[k]
        if n >= PERSON_FILTER_MIN_FREQ and outside[k] / n >= PERSON_FILTER_O_SHARE:
            continue
        names.add(k)
    return names


def build_clusters(corpus: list[list[str]]) -> dict[str, str]:
    """Distributional clusters: PPMI of +-1 contexts, SVD, spherical k-means.

    Returns word -> ``"k32-k128-k512"`` cluster ids (zero-padded).
    """
    sents = [[match_key(t) for t in s] for s in corpus]
    freq: Counter[str] = Counter(w for s in sents for w in s)
    vocab = [w for w, c in freq.most_common() if c >= CLUSTER_MIN_FREQ]
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:CONTEXT_VOCAB])}
    rows: list[int] = []
    cols: list[int] = []
    for s in sents:
        padded = ["<s>", *s, "</s>"]
        for j in range(1, len(padded) - 1):
            wi = index.get(padded[j])
            if wi is None:
                continue
            left = ctx.get(padded[j - 1])
            right = ctx.get(padded[j + 1])
            if left is not None:
                rows.append(wi)
                cols.append(left)
            if right is not None:
                rows.append(wi)
                cols.append(CONTEXT_VOCAB + right)
    m = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)),
        shape=(len(vocab), 2 * CONTEXT_VOCAB),
    ).tocsr()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing (Levy et al.)
    col_sum = col_sum / col_sum.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape, dtype=np.float64
    )
    u, s, _ = svds(ppmi, k=SVD_DIMS, random_state=0)
    vec = u * np.sqrt(s)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    labels = [_kmeans(vec, k) for k in CLUSTER_SIZES]
    width = [len(str(k - 1)) for k in CLUSTER_SIZES]
    return {
        w: "-".join(f"{lab[i]:0{wd}d}" for lab, wd in zip(labels, width, strict=True))
        for i, w in enumerate(vocab)
    }


def _kmeans(vec: np.ndarray, k: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    centres = vec[rng.choice(len(vec), size=k, replace=False)].copy()
    assign = np.zeros(len(vec), dtype=np.int64)
    for _ in range(KMEANS_ITERATIONS):
        assign = np.argmax(vec @ centres.T, axis=1)
        for c in range(k):
            members = vec[assign == c]
            if len(members):
                centre = members.sum(axis=0)
                centres[c] = centre / (np.linalg.norm(centre) + 1e-9)
    return assign


def build_gazetteer(
    data: Path, train: list[Sentence], unlabeled: list[list[str]]
) -> dict[str, object]:
    """Everything ``ner_gazetteer.json`` holds, as a JSON-ready dict."""
    t0 = time.perf_counter()
    clusters = build_clusters(unlabeled)
    log(f"clusters: {len(clusters)} words in {time.perf_counter() - t0:.1f}s")
    return {
        "version": GAZETTEER_VERSION,
        "sources": {
            "loc": "shared/data/world_cities_ar (CC BY 4.0), country_names_ar (MIT/CLDR)",
            "person": "shared/data/wikidata_person_names_ar_en (MIT/CC0), filtered",
            "clusters": "PPMI+SVD+k-means over ANERcorp train, AQMAR, Wojood sample tokens",
            "lists": "hand-written title words, location cues, organisation openers",
        },
        "person": sorted(build_persons(data, train)),
        "loc": sorted(build_locations(data)),
        "org_trigger": sorted({match_key(w) for w in ORG_TRIGGERS.split()}),
        "title": sorted({match_key(w) for w in TITLE_WORDS.split()}),
        "loc_cue": sorted({match_key(w) for w in LOC_CUES.split()}),
        "topics": {
            name: sorted({match_key(w) for w in words.split()}) for name, words in TOPICS.items()
        },
        "clusters": clusters,
    }


# ------------------------------------------------------------------------- training


def train_model(
    sents: list[Sentence], gaz: Gazetteer, out: Path, c1: float, c2: float, iterations: int
) -> float:
    """Train a CRF on ``sents`` into ``out``; return the seconds taken."""
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    contexts = sentence_contexts([toks for toks, _ in sents])
    for (toks, tags), ctx in zip(sents, contexts, strict=True):
        trainer.append(sentence_features(toks, gaz, ctx), tags)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(out))
    return time.perf_counter() - t0


def evaluate(
    model: Path, gaz: Gazetteer, sents: list[Sentence]
) -> tuple[dict[str, EntityScore], float]:
    """Scores on ``sents`` and tagging speed (sentences/s)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    t0 = time.perf_counter()
    contexts = sentence_contexts([toks for toks, _ in sents])
    pred = [
        tagger.tag(sentence_features(toks, gaz, ctx))
        for (toks, _), ctx in zip(sents, contexts, strict=True)
    ]
    secs = time.perf_counter() - t0
    return score_entities([tags for _, tags in sents], pred), len(sents) / secs


def report(title: str, scores: dict[str, EntityScore]) -> None:
    """Print a markdown score table."""
    print(f"\n### {title}\n")
    print("| type | P | R | F1 | gold |")
    print("|---|---|---|---|---|")
    for name, s in scores.items():
        print(f"| {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {s.n_gold} |")


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--tune", action="store_true", help="grid-search c1/c2 on the dev slice first")
    ap.add_argument(
        "--aqmar", action="store_true", help="add AQMAR to training (hurt dev F1: 0.671 vs 0.698)"
    )
    ap.add_argument(
        "--dev-only", action="store_true", help="only train on 90%% and score the dev slice"
    )
    ap.add_argument("--c1", type=float, default=C1)
    ap.add_argument("--c2", type=float, default=C2)
    ap.add_argument("--iterations", type=int, default=MAX_ITERATIONS)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    ap.add_argument("--gazetteer", type=Path, default=DEFAULT_GAZETTEER_PATH)
    args = ap.parse_args()
    t_start = time.perf_counter()
    data = shared_dir() / "data"

    # 1. data
    ane = data / "anercorp"
    train = read_bio_file(ane / "ANERCorp_CamelStyle_train.txt")
    test = read_bio_file(ane / "ANERCorp_CamelStyle_test.txt")
    aqmar = read_aqmar(data / "aqmar" / "articles") if args.aqmar else []
    wojood = read_wojood_tokens(data / "wojood_sample")
    log(f"train {len(train)} sents, test {len(test)}, aqmar {len(aqmar)}, wojood {len(wojood)}")

    # 2. gazetteer + clusters (unlabeled text excludes the test split)
    unlabeled = [t for t, _ in train] + [t for t, _ in read_aqmar(data / "aqmar" / "articles")]
    gaz_dict = build_gazetteer(data, train, unlabeled + wojood)
    args.gazetteer.parent.mkdir(parents=True, exist_ok=True)
    args.gazetteer.write_text(
        json.dumps(gaz_dict, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    load_gazetteer.cache_clear()
    gaz = load_gazetteer(args.gazetteer)
    log(f"gazetteer: {len(gaz.person)} person tokens, {len(gaz.loc)} locations")

    # 3. dev slice
    n_dev = int(len(train) * DEV_FRACTION)
    fit, dev = train[:-n_dev], train[-n_dev:]
    grid = TUNE_GRID if args.tune else (((args.c1, args.c2),) if args.dev_only else ())
    best = (args.c1, args.c2)
    best_f1 = -1.0
    tmp = args.model.with_suffix(".dev.crfsuite")
    for c1, c2 in grid:
        secs = train_model(fit + aqmar, gaz, tmp, c1, c2, args.iterations)
        scores, _ = evaluate(tmp, gaz, dev)
        f1 = scores["micro"].f1
        print(f"dev c1={c1} c2={c2}: micro-F1 {f1:.4f} (train {secs:.0f}s)", flush=True)
        if args.dev_only:
            report(f"dev slice c1={c1} c2={c2}", scores)
        if f1 > best_f1:
            best, best_f1 = (c1, c2), f1
    tmp.unlink(missing_ok=True)
    if args.dev_only:
        return

    # 4. final model on all of train
    c1, c2 = best
    secs = train_model(train + aqmar, gaz, args.model, c1, c2, args.iterations)
    log(f"final model c1={c1} c2={c2} trained in {secs:.0f}s")
    scores, speed = evaluate(args.model, gaz, test)
    report(f"ANERcorp CAMeL-style test (reconstructed), c1={c1} c2={c2}", scores)
    n_tok = sum(len(t) for t, _ in test)
    print(
        f"\ntagging: {speed:.0f} sentences/s, {speed * n_tok / len(test):.0f} tokens/s (one core)"
    )
    print(
        f"model {args.model.stat().st_size / 1e6:.1f} MB, gazetteer "
        f"{args.gazetteer.stat().st_size / 1e6:.1f} MB, total {time.perf_counter() - t_start:.0f}s"
    )


if __name__ == "__main__":
    main()
