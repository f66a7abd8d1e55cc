"""Evaluation: the JSON Lines format, the hit rule, the metrics."""

from __future__ import annotations

import json
import math

import pytest

from yorozu_core.retrieval.evaluate import (
    EvalQuestion,
    GoldRef,
    evaluate,
    judge,
    ndcg,
    read_eval_jsonl,
    reciprocal_rank,
    summarize,
)
from yorozu_core.retrieval.types import Hit
from yorozu_core.tests.test_retrieval_support import make_chunks


def test_it_reads_the_eval_format_and_normalizes_gold() -> None:
    line = json.dumps({"id": 1, "question": "q", "gold": [{"source": "misc/rule.md", "article": "第5条"}]})
    [q] = read_eval_jsonl([line, ""])
    assert q == EvalQuestion("1", "q", (GoldRef("rule", "第五条"),))


def test_a_hit_needs_source_and_article_and_the_same_provision() -> None:
    chunks = {c.chunk_id: c for c in make_chunks()}
    gold = [GoldRef("rule", "第五条")]
    assert judge([chunks["law#第五条"], chunks["rule#第五条"], chunks["rule#第五条"]], gold) == [
        None,
        0,
        None,
    ]
    assert judge([chunks["rule#第五条"]], [GoldRef("rule", "附則第五条")]) == [None]


def test_rank_metrics() -> None:
    assert reciprocal_rank([None, None, 0]) == pytest.approx(1 / 3)
    assert reciprocal_rank([None] * 10 + [0]) == 0.0
    assert ndcg([0], 1) == 1.0
    assert ndcg([None, 0], 2) == pytest.approx((1 / math.log2(3)) / (1 + 1 / math.log2(3)))


def test_summary_reports_recall_mrr_ndcg_and_no_hit_rate() -> None:
    report = summarize([[0], [None, None, None, None, None, 0], [None]], [1, 1, 1])
    assert report.recall == {1: pytest.approx(1 / 3), 5: pytest.approx(1 / 3), 10: pytest.approx(2 / 3)}
    assert report.no_hit_rate == pytest.approx(1 / 3)
    assert set(report.as_dict()) == {"recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "no_hit_rate"}


def test_evaluate_runs_a_search_function() -> None:
    chunks = {c.chunk_id: c for c in make_chunks()}
    questions = [EvalQuestion("a", "x", (GoldRef("rule", "第十条"),))]
    report = evaluate(questions, lambda q: [Hit("rule#第五条", 2.0), Hit("rule#第十条", 1.0)], chunks)
    assert report.recall[1] == 0.0 and report.recall[5] == 1.0
    assert report.mrr10 == pytest.approx(0.5)
