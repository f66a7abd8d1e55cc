"""Rank fusion: RRF arithmetic and z-score CombSUM."""

from __future__ import annotations

import numpy as np
import pytest

from yorozu_core.retrieval.fusion import reciprocal_rank_fusion, rrf_term, standardized, zscore
from yorozu_core.retrieval.types import Hit


def hits(*ids: str) -> list[Hit]:
    return [Hit(i, 1.0) for i in ids]


def test_rrf_adds_one_over_k_plus_rank() -> None:
    fused = reciprocal_rank_fusion([hits("a", "b"), hits("b", "c")], k=60)
    scores = {h.chunk_id: h.score for h in fused}
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["c"] == pytest.approx(1 / 62)
    assert [h.chunk_id for h in fused] == ["b", "a", "c"]


def test_rrf_weights_scale_a_list() -> None:
    assert rrf_term(1, k=60, weight=2.0) == pytest.approx(2 / 61)
    fused = reciprocal_rank_fusion([hits("a"), hits("b")], weights=[1.0, 3.0])
    assert fused[0].chunk_id == "b"


def test_rrf_records_where_a_hit_came_from() -> None:
    fused = reciprocal_rank_fusion([hits("a"), hits("a")], names=["word", "bigram"])
    assert fused[0].reasons == ("word#1", "bigram#1")


def test_zscore_standardizes_and_survives_constant_scores() -> None:
    z = zscore(np.array([1.0, 2.0, 3.0]))
    assert z.mean() == pytest.approx(0.0)
    assert z.std() == pytest.approx(1.0)
    assert zscore(np.array([2.0, 2.0])).tolist() == [0.0, 0.0]


def test_standardized_reads_the_mean_and_deviation_of_the_candidate_rows_only() -> None:
    scores = np.array([0.0, 10.0, 0.0, 99.0])
    among_first_three = standardized(scores, np.array([0, 1, 2]))
    assert among_first_three[:3] == pytest.approx(zscore(scores[:3]))
    assert among_first_three[3] > among_first_three[1]  # a row outside is placed on the same scale
    assert standardized(scores, np.arange(4)) == pytest.approx(zscore(scores))
