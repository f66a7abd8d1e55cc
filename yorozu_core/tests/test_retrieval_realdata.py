"""Quality floors of the retrieval core on real data (../shared/data; docs/retrieval.md).

BM25 configuration only (Sudachi + bigram, z-score fusion, query analysis, references): the dense
ranker is optional and too slow to embed these corpora in a test run on 2 cores. Floors are the
values measured on 2026-11-26 minus a margin of about one question's worth (and never below the
targets of issue 3 where those were reached); see the comment at each floor.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

from yorozu_core.retrieval.datasets import LAWQA_SOURCES, read_egov_laws, read_jsquad, read_lawqa
from yorozu_core.retrieval.evaluate import EvalQuestion, EvalReport, evaluate, read_eval_jsonl
from yorozu_core.retrieval.hybrid import HybridRetriever
from yorozu_core.retrieval.types import Chunk

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("YOROZU_SHARED_DATA", REPO.parent / "shared" / "data"))

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not (DATA / "egov-laws-md").is_dir(), reason=f"no shared data at {DATA}"),
]


@cache
def laws() -> tuple[Chunk, ...]:
    return tuple(read_egov_laws(DATA / "egov-laws-md"))


def run(chunks: Sequence[Chunk], questions: Sequence[EvalQuestion]) -> EvalReport:
    retriever = HybridRetriever()
    retriever.add(list(chunks))
    return evaluate(questions, lambda q: retriever.search(q, k=10), retriever.chunks)


@pytest.fixture(scope="module")
def lawqa() -> EvalReport:
    four = [c for c in laws() if c.source in set(LAWQA_SOURCES.values())]
    return run(four, read_lawqa(DATA / "lawqa-jp" / "selection.json"))


def test_lawqa_question_text_only(lawqa: EvalReport) -> None:
    assert lawqa.n == 126
    assert lawqa.recall[1] >= 0.66  # measured 0.698; target 0.60
    assert lawqa.recall[10] >= 0.82  # measured 0.849; target 0.90 not reached (see docs/retrieval.md)


def test_jsquad_valid() -> None:
    chunks, questions = read_jsquad(DATA / "jsquad" / "valid-v1.3.json")
    report = run(chunks, questions)
    assert report.n == 4442
    assert report.recall[1] >= 0.92  # measured 0.925; target 0.92
    assert report.recall[5] >= 0.965  # measured 0.971; target 0.98 not reached


def test_colloquial_staff_questions() -> None:
    path = REPO / "benchmarks" / "data" / "colloquial.jsonl"
    report = run(laws(), read_eval_jsonl(path.read_text(encoding="utf-8").splitlines()))
    assert report.n >= 60
    # measured 0.859 with the colloquial dictionary written for these questions, 0.603 with the
    # general expansion and the short domain list (ADR 0415); dense retrieval adds its share
    assert report.recall[5] >= 0.58
