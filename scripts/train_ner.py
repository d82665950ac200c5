"""Train the Arabic NER CRF shipped as ``marsad/entities/data/ner.crfsuite``.

Rebuild (about 4 minutes with ``--jobs 6``; about 20 minutes on one core):

    .venv/bin/python scripts/train_ner.py --jobs 6

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
    3. With ``--dev-only``, train on the first 90% of train and score the dev
       slice (last 10%) instead of the test split.
    4. Two passes: a first CRF (``ner.crfsuite``); a 5-fold jackknife over the
       training sentences gives honest first-pass labels and marginals, from
       which the second CRF (``ner_stack.crfsuite``) learns with extra features
       (first-pass labels of the token and its neighbours, confidence, and label
       votes of the same word form within +-20 sentences). Evaluate on test
       (conlleval-style exact entity match), print micro and per-type P/R/F1 of
       both passes and tagging speed. ``--no-stack`` trains the first pass only.

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
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pycrfsuite

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from marsad.arabic.normalize import match_key  # noqa: E402
from marsad.entities.ner import (  # noqa: E402
    DEFAULT_GAZETTEER_PATH,
    DEFAULT_MODEL_PATH,
    DEFAULT_STACK_MODEL_PATH,
    DEFAULT_WEIGHTS_PATH,
    GAZETTEER_VERSION,
    EntityScore,
    Gazetteer,
    NerTagger,
    document_features,
    load_gazetteer,
    read_bio_file,
    score_entities,
    stacked_features,
    vote_tables,
    write_weights,
)

Sentence = tuple[list[str], list[str]]

# --- hyper-parameters (chosen on the dev slice with --dev-only; see NER.md) ---
C1 = 0.02
C2 = 0.01
MAX_ITERATIONS = 150
DEV_FRACTION = 0.1  # last 10% of train sentences = dev slice for --tune
# Folds of the jackknife that gives the second pass honest first-pass labels on train.
STACK_FOLDS = 5
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
    from scipy import sparse  # type: ignore[import-untyped]
    from scipy.sparse.linalg import svds  # type: ignore[import-untyped]

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

Feats = list[list[str]]
Tagged = tuple[list[str], list[float]]
# Filled by the parent before the fold pool forks (read-only in the workers).
_FORK_DATA: dict[str, object] = {}


def train_crf(
    xs: list[Feats], ys: list[list[str]], out: Path, c1: float, c2: float, iterations: int
) -> float:
    """Train an L-BFGS CRF on prepared attribute sequences; return the seconds taken."""
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    trainer.train(str(out))
    return time.perf_counter() - t0


def tag_with(model: Path, xs: list[Feats]) -> list[Tagged]:
    """Tags and the marginal of each predicted tag."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    out: list[Tagged] = []
    for x in xs:
        if not x:
            out.append(([], []))
            continue
        tags = tagger.tag(x)
        out.append((tags, [tagger.marginal(t, i) for i, t in enumerate(tags)]))
    return out


def base_features(sents: list[Sentence], gaz: Gazetteer) -> list[Feats]:
    """First-pass attributes of every sentence (neighbours as context)."""
    return document_features([toks for toks, _ in sents], gaz)


def _fold_job(job: tuple[list[int], list[int], str, float, float, int]) -> list[Tagged]:
    train_idx, held_idx, out, c1, c2, iterations = job
    xs = _FORK_DATA["xs"]
    ys = _FORK_DATA["ys"]
    hx = _FORK_DATA["held_xs"]
    assert isinstance(xs, list) and isinstance(ys, list) and isinstance(hx, list)
    train_crf([xs[i] for i in train_idx], [ys[i] for i in train_idx], Path(out), c1, c2, iterations)
    pool = hx if not held_idx else [xs[i] for i in held_idx]
    return tag_with(Path(out), pool)


def two_pass(
    fit: list[Sentence],
    fit_x: list[Feats],
    held: list[Sentence],
    held_x: list[Feats],
    model1: Path,
    model2: Path,
    params: tuple[float, float, int],
    jobs: int,
) -> tuple[list[list[str]], list[list[str]], float]:
    """Train first pass (with a jackknife over ``fit``) and the stacked second pass.

    Returns the first-pass and second-pass tags of ``held`` and the seconds taken.
    """
    t0 = time.perf_counter()
    c1, c2, iters = params
    n = len(fit)
    bounds = [n * k // STACK_FOLDS for k in range(STACK_FOLDS + 1)]
    tmp = Path(tempfile.mkdtemp(prefix="ner_folds_"))
    fold_jobs: list[tuple[list[int], list[int], str, float, float, int]] = []
    for k in range(STACK_FOLDS):
        held_idx = list(range(bounds[k], bounds[k + 1]))
        train_idx = [i for i in range(n) if not bounds[k] <= i < bounds[k + 1]]
        fold_jobs.append((train_idx, held_idx, str(tmp / f"fold{k}.crfsuite"), c1, c2, iters))
    fold_jobs.append((list(range(n)), [], str(model1), c1, c2, iters))
    _FORK_DATA.update(xs=fit_x, ys=[tags for _, tags in fit], held_xs=held_x)
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(fold_jobs))) as pool:
            results = pool.map(_fold_job, fold_jobs)
    else:
        results = [_fold_job(j) for j in fold_jobs]
    for k in range(STACK_FOLDS):
        (tmp / f"fold{k}.crfsuite").unlink(missing_ok=True)
    tmp.rmdir()
    fit_first: list[Tagged] = [t for r in results[:-1] for t in r]
    held_first = results[-1]
    log(f"first pass + {STACK_FOLDS}-fold jackknife: {time.perf_counter() - t0:.0f}s")

    def stack(sents: list[Sentence], xs: list[Feats], first: list[Tagged]) -> list[Feats]:
        toks = [t for t, _ in sents]
        votes = vote_tables(toks, [t for t, _ in first])
        return [
            stacked_features(tk, x, tg, mg, v)
            for tk, x, (tg, mg), v in zip(toks, xs, first, votes, strict=True)
        ]

    train_crf(stack(fit, fit_x, fit_first), [t for _, t in fit], model2, c1, c2, iters)
    held_second = tag_with(model2, stack(held, held_x, held_first))
    return [t for t, _ in held_first], [t for t, _ in held_second], time.perf_counter() - t0


def report(title: str, scores: dict[str, EntityScore]) -> None:
    """Print a markdown score table."""
    print(f"\n### {title}\n")
    print("| type | P | R | F1 | gold |")
    print("|---|---|---|---|---|")
    for name, s in scores.items():
        print(f"| {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {s.n_gold} |")


def write_derived(models: list[Path]) -> None:
    """Write the file derived from the trained models that tagging loads: their weights as
    a matrix, with the attribute names (checked against the models' digest)."""
    n_attrs = write_weights(DEFAULT_WEIGHTS_PATH, models)
    size = DEFAULT_WEIGHTS_PATH.stat().st_size / 1e6
    print(f"{n_attrs} weighted attributes -> {DEFAULT_WEIGHTS_PATH.name} ({size:.1f} MB)")


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--aqmar", action="store_true", help="add AQMAR to training (hurt dev F1: 0.671 vs 0.698)"
    )
    ap.add_argument(
        "--dev-only", action="store_true", help="only train on 90%% and score the dev slice"
    )
    ap.add_argument("--no-stack", action="store_true", help="single pass only")
    ap.add_argument(
        "--derived-only",
        action="store_true",
        help="only rewrite the weight matrix (ner_weights.npz) of the packaged models",
    )
    ap.add_argument(
        "--keep-gazetteer", action="store_true", help="reuse the existing ner_gazetteer.json"
    )
    ap.add_argument("--jobs", type=int, default=1, help="parallel fold trainings")
    ap.add_argument("--c1", type=float, default=C1)
    ap.add_argument("--c2", type=float, default=C2)
    ap.add_argument("--iterations", type=int, default=MAX_ITERATIONS)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    ap.add_argument("--stack-model", type=Path, default=DEFAULT_STACK_MODEL_PATH)
    ap.add_argument("--gazetteer", type=Path, default=DEFAULT_GAZETTEER_PATH)
    ap.add_argument("--anercorp", type=Path, default=None, help="folder of the ANERcorp files")
    args = ap.parse_args()
    if args.derived_only:
        write_derived([args.model, args.stack_model])
        return
    t_start = time.perf_counter()
    data = shared_dir() / "data"

    # 1. data
    ane = args.anercorp or data / "anercorp"
    train = read_bio_file(ane / "ANERCorp_CamelStyle_train.txt")
    test = read_bio_file(ane / "ANERCorp_CamelStyle_test.txt")
    aqmar = read_aqmar(data / "aqmar" / "articles") if args.aqmar else []
    log(f"train {len(train)} sents, test {len(test)}, aqmar {len(aqmar)}")

    # 2. gazetteer + clusters (unlabeled text excludes the test split)
    if not args.keep_gazetteer:
        wojood = read_wojood_tokens(data / "wojood_sample")
        unlabeled = [t for t, _ in train] + [t for t, _ in read_aqmar(data / "aqmar" / "articles")]
        gaz_dict = build_gazetteer(data, train, unlabeled + wojood)
        args.gazetteer.parent.mkdir(parents=True, exist_ok=True)
        args.gazetteer.write_text(
            json.dumps(gaz_dict, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        load_gazetteer.cache_clear()
    gaz = load_gazetteer(args.gazetteer)
    log(f"gazetteer: {len(gaz.person)} person tokens, {len(gaz.loc)} locations")

    # 3. dev slice (last 10% of train) or the test split
    if args.dev_only:
        n_dev = int(len(train) * DEV_FRACTION)
        fit, held, name = train[:-n_dev], train[-n_dev:], "dev slice"
        model1 = args.model.with_suffix(".dev.crfsuite")
        model2 = args.stack_model.with_suffix(".dev.crfsuite")
    else:
        fit, held, name = train + aqmar, test, "ANERcorp CAMeL-style test (reconstructed)"
        model1, model2 = args.model, args.stack_model
    params = (args.c1, args.c2, args.iterations)
    fit_x = base_features(fit, gaz)
    held_x = base_features(held, gaz)
    gold = [tags for _, tags in held]
    if args.no_stack:
        secs = train_crf(fit_x, [t for _, t in fit], model1, *params)
        pred1 = [t for t, _ in tag_with(model1, held_x)]
        report(f"{name}, single pass, c1={args.c1} c2={args.c2}", score_entities(gold, pred1))
    else:
        pred1, pred2, secs = two_pass(fit, fit_x, held, held_x, model1, model2, params, args.jobs)
        report(f"{name}, first pass, c1={args.c1} c2={args.c2}", score_entities(gold, pred1))
        report(f"{name}, stacked second pass", score_entities(gold, pred2))
    print(f"\ntraining {secs:.0f}s ({args.jobs} jobs)", flush=True)
    if args.dev_only:
        return

    # 4. speed of the packaged tagger path on the test split
    tagger = NerTagger.load(model1, args.gazetteer, None if args.no_stack else model2)
    t0 = time.perf_counter()
    tagger.tag_sentences([toks for toks, _ in test])
    speed = len(test) / (time.perf_counter() - t0)
    n_tok = sum(len(t) for t, _ in test)
    print(
        f"\ntagging: {speed:.0f} sentences/s, {speed * n_tok / len(test):.0f} tokens/s (one core)"
    )
    write_derived([model1] if args.no_stack else [model1, model2])
    size = model1.stat().st_size + (0 if args.no_stack else model2.stat().st_size)
    print(
        f"models {size / 1e6:.1f} MB, gazetteer "
        f"{args.gazetteer.stat().st_size / 1e6:.1f} MB, total {time.perf_counter() - t_start:.0f}s"
    )


if __name__ == "__main__":
    main()
