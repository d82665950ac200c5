"""BiLSTM-CRF Arabic NER trained from scratch on ANERcorp (experiment; needs torch).

Inputs per token: a word embedding of the ``match_key`` form and one of its
proclitic-stripped stem (same table, optionally initialised by a skip-gram trained
here on the unlabelled text), a character CNN over the raw token, and a summed
embedding of the shipped CRF's non-lexical attributes (gazetteer flags, clusters,
affixes, trigger look-back, document evidence, topics; see ``features.py``).
A BiLSTM over a chunk of ``--chunk`` consecutive sentences (cross-sentence context)
feeds a linear-chain CRF with BIO-constrained transitions (or a softmax).

Protocol (same as ``scripts/train_ner.py``): ``--mode dev`` trains on the first 90% of
the ANERcorp train sentences and scores the last 10%; ``--mode test`` trains on all of
train for the epoch count chosen on dev and scores the test split once. Each run
writes its per-token marginals of the held-out split (``<out>/<name>.npy``) so that
``ensemble.py`` can average several seeds/configurations.

On the device (the working tree travels; ``.neural`` is carried)::

    python3 scripts/exp_neural_ner/train.py --pretrain           # skip-gram -> .neural/sg.pt
    python3 scripts/exp_neural_ner/train.py --mode dev --seed 1 --name base_s1 --out $OUT/runs

Locally (CPU smoke test): add ``--limit 200 --epochs 1``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / ".neural"
TAGS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
T2I = {t: i for i, t in enumerate(TAGS)}
DEV_FRACTION = 0.1  # as scripts/train_ner.py
MAX_CHARS = 20  # characters per token fed to the char CNN (longer tokens are cut)
NEG = -1e4  # score of a forbidden BIO transition


# ----------------------------------------------------------------------------- scoring
def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans, conlleval style (an I- after O or another type opens a span)."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        pre, _, t = tag.partition("-")
        if typ and (pre != "I" or t != typ):
            spans.append((start, i, typ))
            typ = ""
        if pre == "B" or (pre == "I" and not typ):
            start, typ = i, t
    return spans


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[float, float, float]]:
    """Exact-match entity P/R/F1 per type and micro (as ``marsad.entities.ner.score_entities``)."""
    tp: Counter[str] = Counter()
    npred: Counter[str] = Counter()
    ngold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(bio_spans(g)), set(bio_spans(p))
        for s in gs:
            ngold[s[2]] += 1
        for s in ps:
            npred[s[2]] += 1
            tp[s[2]] += s in gs
    out = {}
    for t in [*sorted(set(ngold) | set(npred)), "micro"]:
        a, b, c = (
            (sum(tp.values()), sum(npred.values()), sum(ngold.values()))
            if t == "micro"
            else (tp[t], npred[t], ngold[t])
        )
        p = a / b if b else 0.0
        r = a / c if c else 0.0
        out[t] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def allowed() -> torch.Tensor:
    """(from, to) mask of BIO-legal transitions; row ``len(TAGS)`` is the start state."""
    n = len(TAGS)
    ok = torch.ones(n + 1, n, dtype=torch.bool)
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            for i in range(n + 1):
                ok[i, j] = i < n and TAGS[i][2:] == t[2:]
    return ok


def constrained_decode(logp: np.ndarray) -> list[str]:
    """Best BIO-legal tag path through per-token log-probabilities (ensembles, softmax)."""
    ok = allowed().numpy()
    trans = np.where(ok[:-1], 0.0, NEG)
    s = logp[0] + np.where(ok[-1], 0.0, NEG)
    back = []
    for t in range(1, len(logp)):
        cand = s[:, None] + trans
        back.append(cand.argmax(0))
        s = cand.max(0) + logp[t]
    path = [int(s.argmax())]
    for bp in reversed(back):
        path.append(int(bp[path[-1]]))
    return [TAGS[i] for i in reversed(path)]


# ----------------------------------------------------------------------------- data
def load() -> dict[str, list]:
    with gzip.open(DATA / "data.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


def chunks(sents: list[dict], k: int) -> list[list[dict]]:
    """Consecutive groups of ``k`` sentences (one BiLSTM sequence each)."""
    return [sents[i : i + k] for i in range(0, len(sents), k)]


class Vocab:
    def __init__(self, items: Counter[str], min_count: int) -> None:
        self.itos = ["<pad>", "<unk>", *sorted(w for w, c in items.items() if c >= min_count)]
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def get(self, w: str) -> int:
        return self.stoi.get(w, 1)


class Encoder:
    """Turns sentence chunks into padded index tensors."""

    def __init__(self, fit: list[dict], extra_words: Counter[str], attr_min: int) -> None:
        words: Counter[str] = Counter()
        chars: Counter[str] = Counter()
        attrs: Counter[str] = Counter()
        for s in fit:
            words.update(s["keys"])
            words.update(s["stems"])
            for tok in s["tokens"]:
                chars.update(tok)
            for a in s["attrs"]:
                attrs.update(a.split())
        self.word_freq = words
        words = words + extra_words
        self.words = Vocab(words, 1)
        self.chars = Vocab(chars, 2)
        self.attrs = Vocab(attrs, attr_min)

    def encode(self, s: dict) -> dict:
        """Index arrays of one sentence (cached on the sentence dict)."""
        if "_enc" not in s:
            w = np.array(
                [
                    [self.words.get(k), self.words.get(st)]
                    for k, st in zip(s["keys"], s["stems"], strict=True)
                ],
                dtype=np.int64,
            )
            rare = np.array(
                [
                    [self.word_freq[k] <= 1, self.word_freq[st] <= 1]
                    for k, st in zip(s["keys"], s["stems"], strict=True)
                ]
            )
            c = np.zeros((len(w), MAX_CHARS), dtype=np.int64)
            for j, tok in enumerate(s["tokens"]):
                ids = [self.chars.get(ch) for ch in tok[:MAX_CHARS]]
                c[j, : len(ids)] = ids
            a = [
                [self.attrs.stoi[x] for x in at.split() if x in self.attrs.stoi]
                for at in s["attrs"]
            ]
            s["_enc"] = (w, rare, c, a)
        return s["_enc"]

    def batch(self, group: list[list[dict]], word_drop: float, device: torch.device) -> dict:
        encs = [[self.encode(s) for s in ch] for ch in group]
        lens = [sum(len(e[0]) for e in ch) for ch in encs]
        b, t = len(encs), max(lens)
        w = np.zeros((b, t, 2), dtype=np.int64)
        c = np.zeros((b, t, MAX_CHARS), dtype=np.int64)
        a_idx: list[int] = []
        a_off: list[int] = []
        for i, ch in enumerate(encs):
            ww = np.concatenate([e[0] for e in ch])
            if word_drop:
                rare = np.concatenate([e[1] for e in ch])
                ww = np.where(rare & (np.random.rand(*ww.shape) < word_drop), 1, ww)
            w[i, : len(ww)] = ww
            c[i, : len(ww)] = np.concatenate([e[2] for e in ch])
            bags = [bag for e in ch for bag in e[3]]
            # attribute bags, row-major over (b, t), padding rows empty
            for j in range(t):
                a_off.append(len(a_idx))
                if j < len(bags):
                    a_idx.extend(bags[j])
        lens_t = torch.tensor(lens)
        return {
            "w": torch.from_numpy(w).to(device),
            "c": torch.from_numpy(c).to(device),
            "a": torch.tensor(a_idx, dtype=torch.long, device=device),
            "ao": torch.tensor(a_off, dtype=torch.long, device=device),
            "lens": lens_t,
            "mask": (torch.arange(t)[None, :] < lens_t[:, None]).to(device),
        }


def repair(tags: list[str]) -> list[str]:
    """BIO-legal copy of ``tags``: an I- that opens a span (conlleval reading) becomes B-."""
    out: list[str] = []
    for i, t in enumerate(tags):
        if t.startswith("I-") and (i == 0 or tags[i - 1][2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
    return out


def gold_tensor(group: list[list[dict]], device: torch.device) -> torch.Tensor:
    seqs = [[T2I[x] for s in ch for x in repair(s["tags"])] for ch in group]
    out = torch.zeros(len(seqs), max(map(len, seqs)), dtype=torch.long)
    for i, q in enumerate(seqs):
        out[i, : len(q)] = torch.tensor(q)
    return out.to(device)


# ----------------------------------------------------------------------------- model
class CRF(nn.Module):
    """Linear-chain CRF with BIO-illegal transitions fixed at ``NEG``."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))
        ok = allowed()
        self.register_buffer("tmask", torch.where(ok[:-1], 0.0, NEG))
        self.register_buffer("smask", torch.where(ok[-1], 0.0, NEG))

    def _t(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self.trans + self.tmask, self.start + self.smask

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        trans, start = self._t()
        t = em.shape[1]
        lens = mask.sum(1)
        m = mask.float()
        gold = em.gather(2, tags[:, :, None]).squeeze(2)
        score = (gold * m).sum(1) + start[tags[:, 0]]
        score = score + (trans[tags[:, :-1], tags[:, 1:]] * m[:, 1:]).sum(1)
        score = score + self.end[tags.gather(1, (lens - 1)[:, None]).squeeze(1)]
        alpha = start + em[:, 0]
        for i in range(1, t):
            nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + em[:, i, None, :], dim=1)
            alpha = torch.where(mask[:, i, None], nxt, alpha)
        return (torch.logsumexp(alpha + self.end, 1) - score).sum()

    def marginals(self, em: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        trans, start = self._t()
        b, t, n = em.shape
        alphas = [start + em[:, 0]]
        for i in range(1, t):
            nxt = torch.logsumexp(alphas[-1][:, :, None] + trans[None] + em[:, i, None, :], dim=1)
            alphas.append(torch.where(mask[:, i, None], nxt, alphas[-1]))
        betas = [self.end.expand(b, n)]
        for i in range(t - 2, -1, -1):
            nxt = torch.logsumexp(trans[None] + (em[:, i + 1] + betas[-1])[:, None, :], dim=2)
            betas.append(torch.where(mask[:, i + 1, None], nxt, betas[-1]))
        betas.reverse()
        a, bt = torch.stack(alphas, 1), torch.stack(betas, 1)
        logz = torch.logsumexp(alphas[-1] + self.end, 1)
        return (a + bt - logz[:, None, None]).exp()

    def viterbi(self, em: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        trans, start = self._t()
        b, t, n = em.shape
        s = start + em[:, 0]
        ident = torch.arange(n, device=em.device).expand(b, n)
        bps = []
        for i in range(1, t):
            best, idx = (s[:, :, None] + trans[None]).max(1)
            s = torch.where(mask[:, i, None], best + em[:, i], s)
            bps.append(torch.where(mask[:, i, None], idx, ident))
        last = (s + self.end).argmax(1)
        path = [last]
        for bp in reversed(bps):
            path.append(bp.gather(1, path[-1][:, None]).squeeze(1))
        return torch.stack(path[::-1], 1)


class Tagger(nn.Module):
    def __init__(self, enc: Encoder, args: argparse.Namespace, pre: torch.Tensor | None) -> None:
        super().__init__()
        self.args = args
        self.wemb = nn.Embedding(len(enc.words), args.wdim, padding_idx=0)
        if pre is not None:
            self.wemb.weight.data.copy_(pre)
        self.cemb = nn.Embedding(len(enc.chars), args.cdim, padding_idx=0)
        self.conv = nn.Conv1d(args.cdim, args.cfilters, 3, padding=1)
        self.aemb = nn.EmbeddingBag(len(enc.attrs), args.adim, mode="sum") if args.adim else None
        d_in = 2 * args.wdim + args.cfilters + args.adim
        self.drop = nn.Dropout(args.dropout)
        self.lstm = nn.LSTM(
            d_in,
            args.hidden,
            num_layers=args.layers,
            bidirectional=True,
            batch_first=True,
            dropout=args.dropout if args.layers > 1 else 0.0,
        )
        self.out = nn.Linear(2 * args.hidden, len(TAGS))
        self.crf = CRF(len(TAGS)) if args.crf else None

    def emissions(self, x: dict) -> torch.Tensor:
        b, t, _ = x["w"].shape
        w = self.wemb(x["w"]).reshape(b, t, -1)
        c = self.cemb(x["c"]).reshape(b * t, MAX_CHARS, -1).transpose(1, 2)
        c = torch.relu(self.conv(c)).max(2).values.reshape(b, t, -1)
        parts = [w, c]
        if self.aemb is not None:
            parts.append(torch.tanh(self.aemb(x["a"], x["ao"]).reshape(b, t, -1)))
        h = self.drop(torch.cat(parts, -1))
        packed = pack_padded_sequence(h, x["lens"], batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=t)
        return self.out(self.drop(h))

    def loss(self, x: dict, gold: torch.Tensor) -> torch.Tensor:
        em = self.emissions(x)
        if self.crf is not None:
            return self.crf.nll(em, gold, x["mask"])
        ce = nn.functional.cross_entropy(em.transpose(1, 2), gold, reduction="none")
        return (ce * x["mask"]).sum()

    @torch.no_grad()
    def predict(self, x: dict) -> tuple[list[list[str]], list[np.ndarray]]:
        em = self.emissions(x)
        lens = x["lens"].tolist()
        if self.crf is not None:
            probs = self.crf.marginals(em, x["mask"]).cpu().numpy()
            paths = self.crf.viterbi(em, x["mask"]).cpu().numpy()
            tags = [[TAGS[k] for k in paths[i, :n]] for i, n in enumerate(lens)]
        else:
            probs = torch.softmax(em, -1).cpu().numpy()
            tags = [constrained_decode(np.log(probs[i, :n] + 1e-9)) for i, n in enumerate(lens)]
        return tags, [probs[i, :n] for i, n in enumerate(lens)]


# ----------------------------------------------------------------------------- skip-gram
def pretrain(data: dict, dim: int, epochs: int, device: torch.device) -> None:
    """Skip-gram (negative sampling, window 4) over the ``match_key`` forms of the unlabelled text."""
    corpus = data["unlabelled"]
    freq: Counter[str] = Counter(w for s in corpus for w in s)
    itos = sorted(w for w, c in freq.items() if c >= 2)
    stoi = {w: i for i, w in enumerate(itos)}
    ids = [[stoi[w] for w in s if w in stoi] for s in corpus]
    pairs = []
    win = 4
    for s in ids:
        for i, w in enumerate(s):
            for j in range(max(0, i - win), min(len(s), i + win + 1)):
                if j != i:
                    pairs.append((w, s[j]))
    pairs_t = torch.tensor(pairs, device=device)
    counts = torch.tensor([freq[w] for w in itos], dtype=torch.float, device=device) ** 0.75
    inp = nn.Embedding(len(itos), dim).to(device)
    outp = nn.Embedding(len(itos), dim).to(device)
    nn.init.uniform_(inp.weight, -0.5 / dim, 0.5 / dim)
    nn.init.zeros_(outp.weight)
    opt = torch.optim.Adam([*inp.parameters(), *outp.parameters()], lr=3e-3)
    for ep in range(epochs):
        perm = torch.randperm(len(pairs_t), device=device)
        tot = 0.0
        for i in range(0, len(perm), 4096):
            p = pairs_t[perm[i : i + 4096]]
            neg = torch.multinomial(counts, p.shape[0] * 5, replacement=True).view(-1, 5)
            v = inp(p[:, 0])
            pos = (v * outp(p[:, 1])).sum(1)
            ng = torch.bmm(outp(neg), v[:, :, None]).squeeze(2)
            loss = -(
                nn.functional.logsigmoid(pos).mean() + nn.functional.logsigmoid(-ng).sum(1).mean()
            )
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item()
        print(f"skip-gram epoch {ep}: loss {tot / (len(perm) / 4096):.3f}", flush=True)
    torch.save({"itos": itos, "vec": inp.weight.detach().cpu()}, DATA / "sg.pt")
    print(f"skip-gram: {len(itos)} words, {len(pairs)} pairs", flush=True)


# ----------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pretrain", action="store_true", help="train skip-gram vectors and exit")
    ap.add_argument("--mode", choices=["dev", "test"], default="dev")
    ap.add_argument("--name", default="run")
    ap.add_argument("--out", type=Path, default=DATA / "runs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=16, help="chunks per batch")
    ap.add_argument("--chunk", type=int, default=1, help="consecutive sentences per sequence")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--wdim", type=int, default=100)
    ap.add_argument("--cdim", type=int, default=32)
    ap.add_argument("--cfilters", type=int, default=100)
    ap.add_argument("--adim", type=int, default=64, help="attribute-bag size (0: no CRF features)")
    ap.add_argument("--attr-min", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=200)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--word-drop", type=float, default=0.3)
    ap.add_argument("--no-crf", dest="crf", action="store_false")
    ap.add_argument("--sg", action="store_true", help="initialise word vectors from sg.pt")
    ap.add_argument("--sg-epochs", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0, help="sentences (smoke test)")
    ap.add_argument("--save", action="store_true", help="save the trained weights")
    ap.add_argument(
        "--budget",
        type=float,
        default=0.0,
        help="seconds of training; after epoch 1 the epoch count is cut to fit",
    )
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    data = load()
    if args.pretrain:
        pretrain(data, args.wdim, args.sg_epochs, device)
        return
    train = data["train"]
    if args.mode == "dev":
        n_dev = int(len(train) * DEV_FRACTION)
        fit, held = train[:-n_dev], train[-n_dev:]
    else:
        fit, held = train, data["test"]
    if args.limit:
        fit, held = fit[: args.limit], held[: args.limit // 4]
    extra: Counter[str] = Counter()
    sg = None
    if args.sg:
        sg = torch.load(DATA / "sg.pt", map_location="cpu")
        extra = Counter(sg["itos"])
    enc = Encoder(fit, extra, args.attr_min)
    pre = None
    if sg is not None:
        pre = torch.randn(len(enc.words), args.wdim) * sg["vec"].std()
        pos = {w: i for i, w in enumerate(sg["itos"])}
        for i, w in enumerate(enc.words.itos):
            if w in pos:
                pre[i] = sg["vec"][pos[w]]
    model = Tagger(enc, args, pre).to(device)
    n_par = sum(p.numel() for p in model.parameters())
    print(
        f"{args.name}: {n_par} params (words {len(enc.words)}, chars {len(enc.chars)}, "
        f"attrs {len(enc.attrs)})",
        flush=True,
    )
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    train_chunks = chunks(fit, args.chunk)
    held_chunks = chunks(held, args.chunk)
    per_epoch = math.ceil(len(train_chunks) / args.batch)
    steps = [args.epochs * per_epoch]  # total steps, cut by --budget after epoch 1
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt,
        lambda s: (
            min(1.0, (s + 1) / 100) * 0.5 * (1 + math.cos(math.pi * min(s, steps[0]) / steps[0]))
        ),
    )
    held_batches = [
        enc.batch(held_chunks[i : i + 64], 0.0, device) for i in range(0, len(held_chunks), 64)
    ]
    gold = [s["tags"] for s in held]

    def evaluate() -> tuple[dict, list[np.ndarray]]:
        model.eval()
        tags: list[list[str]] = []
        probs: list[np.ndarray] = []
        for x in held_batches:
            t, p = model.predict(x)
            tags.extend(t)
            probs.extend(p)
        model.train()
        return score(gold, split(tags, held_chunks)), probs

    t0 = time.time()
    ep = 0
    while ep < args.epochs:
        random.shuffle(train_chunks)
        tot = 0.0
        for i in range(0, len(train_chunks), args.batch):
            grp = train_chunks[i : i + args.batch]
            x = enc.batch(grp, args.word_drop, device)
            loss = model.loss(x, gold_tensor(grp, device))
            opt.zero_grad()
            (loss / len(grp)).backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            tot += loss.item()
        msg = f"{args.name} ep {ep + 1}/{args.epochs} loss {tot / len(fit):.3f} {time.time() - t0:.0f}s"
        if args.mode == "dev" and (ep + 1) % 5 == 0:
            msg += f" dev F1 {evaluate()[0]['micro'][2]:.4f}"
        print(msg, flush=True)
        ep += 1
        if ep == 1 and args.budget and (time.time() - t0) * args.epochs > args.budget:
            args.epochs = max(2, int(args.budget / (time.time() - t0)))
            steps[0] = args.epochs * per_epoch
            print(f"{args.name}: epochs cut to {args.epochs} by --budget", flush=True)
    res, probs = evaluate()
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / f"{args.name}.npy", np.concatenate(probs).astype(np.float16))
    line = " ".join(f"{t} {v[0]:.3f}/{v[1]:.3f}/{v[2]:.4f}" for t, v in res.items())
    print(
        f"RESULT {args.name} {args.mode} epochs {args.epochs} micro-F1 {res['micro'][2]:.4f} | {line}",
        flush=True,
    )
    if args.save:
        torch.save(
            {
                "state": {k: v.half() for k, v in model.state_dict().items()},
                "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                "words": enc.words.itos,
                "chars": enc.chars.itos,
                "attrs": enc.attrs.itos,
            },
            args.out / f"{args.name}.pt",
        )


def split(tags: list[list[str]], chunked: list[list[dict]]) -> list[list[str]]:
    """Chunk-level tag lists back to sentence level."""
    out: list[list[str]] = []
    for t, ch in zip(tags, chunked, strict=True):
        i = 0
        for s in ch:
            out.append(t[i : i + len(s["tokens"])])
            i += len(s["tokens"])
    return out


if __name__ == "__main__":
    main()
