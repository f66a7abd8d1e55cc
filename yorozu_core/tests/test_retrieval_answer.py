"""Extractive answers: quotes with citations from metadata, the no-hit answer, citation checks."""

from __future__ import annotations

import logging

import pytest

from yorozu_core.retrieval.answer import (
    NO_HIT_MESSAGE,
    best_sentences,
    build_extractive_answer,
    check_citations,
    query_coverage,
)
from yorozu_core.retrieval.hybrid import HybridRetriever
from yorozu_core.retrieval.types import Hit
from yorozu_core.tests.test_retrieval_support import RULE, make_chunks


@pytest.fixture(scope="module")
def retriever() -> HybridRetriever:
    r = HybridRetriever()
    r.add(make_chunks())
    return r


def answer(r: HybridRetriever, question: str) -> object:
    return build_extractive_answer(question, r.search(question, k=5), r.chunks, relevance=r.relevance)


def test_it_quotes_the_article_with_its_citation(retriever: HybridRetriever) -> None:
    result = build_extractive_answer(
        "年休って繰り越せる？",
        retriever.search("年休って繰り越せる？", k=5),
        retriever.chunks,
        relevance=retriever.relevance,
    )
    assert result.found
    assert result.citations[0].label == f"{RULE} 第五条"
    assert result.citations[0].chunk_id == "rule#第五条"
    assert "翌年に繰り越す" in result.passages[0].quote
    assert f"（{RULE} 第五条）" in result.text
    assert "原文" in result.notice


def test_it_says_so_when_nothing_relevant_is_found(retriever: HybridRetriever) -> None:
    question = "東京スカイツリーの高さは？"
    result = build_extractive_answer(
        question, retriever.search(question, k=5), retriever.chunks, relevance=retriever.relevance
    )
    assert not result.found
    assert result.text == NO_HIT_MESSAGE
    assert result.citations == ()


def test_no_hits_at_all_is_the_no_hit_answer(retriever: HybridRetriever) -> None:
    assert build_extractive_answer("何か", [], retriever.chunks).text == NO_HIT_MESSAGE


def test_an_explicit_reference_is_always_quoted(retriever: HybridRetriever) -> None:
    hits = [Hit("law#第五条", 1.0, ("reference", "第五条"))]
    result = build_extractive_answer("育児休業法第5条", hits, retriever.chunks, min_relevance=1.1)
    assert result.found and result.citations[0].article == "第五条"


def test_unknown_chunk_ids_are_ignored(retriever: HybridRetriever) -> None:
    result = build_extractive_answer("年次休暇", [Hit("gone#第一条", 1.0)], retriever.chunks)
    assert not result.found


def test_coverage_counts_question_bigrams_found_in_the_text() -> None:
    assert query_coverage("年次休暇", "年次休暇は二十日") == pytest.approx(1.0)
    assert query_coverage("宇宙旅行", "年次休暇は二十日") == 0.0
    assert query_coverage("", "年次休暇") == 0.0


def test_best_sentences_keep_the_rule_and_the_matching_sentence() -> None:
    text = "年次休暇は二十日とする。病気休暇は別に定める。残日数は翌年に繰り越すことができる。"
    quote = best_sentences("繰り越す", text, max_chars=40)
    assert quote.startswith("年次休暇は二十日とする。")
    assert "繰り越す" in quote
    assert "病気休暇" not in quote


def test_check_citations_drops_and_logs_unsupported_ids(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        kept, dropped = check_citations(["a#1", "b#2", "a#1", "x#9"], ["a#1", "b#2", "c#3"])
    assert kept == ["a#1", "b#2"]
    assert dropped == ["x#9"]
    assert "x#9" in caplog.text


def test_the_context_of_a_quote_prefers_sentences_that_hold_what_was_asked() -> None:
    from yorozu_core.retrieval.answer import best_sentences

    text = (
        "介護休暇は、職員が要介護者の介護をするため勤務しないことが相当である場合における休暇とする。"
        "介護休暇の申出は、介護休暇を請求する職員が、介護休暇の期間を明らかにして行うものとする。"
        "その期間は、通算して六月を超えない範囲内で指定する期間とする。"
    )
    quote = best_sentences("介護休暇は通算で何か月取れる？", text, max_chars=110)
    assert "六月" in quote and quote.startswith("介護休暇は、職員が")


def test_the_context_of_a_quote_does_not_take_one_day_as_the_answer_to_how_many_days() -> None:
    from yorozu_core.retrieval.answer import best_sentences

    text = (
        "年次休暇に関し必要な事項は、この規則の定めるところによる。"
        "年次休暇の単位は、1日とする。"
        "その日数は、一の年において20日とする。"
    )
    quote = best_sentences("年休は何日？", text, max_chars=50)
    assert "20日" in quote and "単位" not in quote
