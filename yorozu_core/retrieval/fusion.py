"""Fusion of rankers: reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009) and
z-score CombSUM.

``RRF(d) = Σ_i  w_i / (k + rank_i(d))`` with ranks starting at 1 and k = 60 in the paper. Only
ranks are used, so BM25 scores and cosine similarities need no calibration against each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from yorozu_core.retrieval.types import Hit

FloatArray = npt.NDArray[np.float64]

RRF_K = 60


def rrf_term(rank: int, k: int = RRF_K, weight: float = 1.0) -> float:
    """One list's contribution ``weight / (k + rank)`` for a 1-based ``rank``."""
    return weight / (k + rank)


def reciprocal_rank_fusion(
    runs: Sequence[Sequence[Hit]],
    *,
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
    names: Sequence[str] | None = None,
) -> list[Hit]:
    """Fuse ranked lists; ties keep the order of first appearance. ``reasons`` names the lists
    a document came from."""
    weights = weights or [1.0] * len(runs)
    names = names or [f"run{i}" for i in range(len(runs))]
    score: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    for run, weight, name in zip(runs, weights, names, strict=True):
        for rank, hit in enumerate(run, start=1):
            score[hit.chunk_id] = score.get(hit.chunk_id, 0.0) + rrf_term(rank, k, weight)
            reasons.setdefault(hit.chunk_id, []).append(f"{name}#{rank}")
    order = sorted(score, key=lambda c: -score[c])
    return [Hit(c, score[c], tuple(reasons[c])) for c in order]


def zscore(scores: FloatArray) -> FloatArray:
    """``(s - mean(s)) / std(s)`` over one ranker's scores of all candidate documents."""
    return standardized(scores, np.arange(len(scores)))


def standardized(scores: FloatArray, rows: npt.NDArray[np.intp]) -> FloatArray:
    """Every row's score standardized by the mean and deviation of the candidate ``rows`` (a row
    outside them gets the z-score its score would have among them). Summed with weights over the
    rankers, this is score-based CombSUM with z-score normalization (Fox & Shaw 1994, Montague &
    Aslam 2001), the hybrid ranking's fusion: unlike RRF it keeps how far ahead the best document
    is, which on JSQuAD is worth +1.3 points of R@1 (docs/retrieval.md)."""
    std = float(scores[rows].std())
    return (scores - scores[rows].mean()) / std if std > 0 else np.zeros_like(scores)
