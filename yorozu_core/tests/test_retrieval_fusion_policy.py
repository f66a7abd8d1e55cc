"""附則 ranked below main provisions, a reserved slot for dense-only hits, and dense ingest that
reuses vectors by text hash and skips 附則."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from yorozu_core.retrieval.dense import DenseIndex, Matrix
from yorozu_core.retrieval.hybrid import HybridConfig, HybridRetriever
from yorozu_core.retrieval.types import Chunk
from yorozu_core.tests.test_retrieval_support import HashEmbedder


def chunk(cid: str, text: str, *, suppl: bool = False) -> Chunk:
    return Chunk(f"law#{cid}", "law", "職員の勤務時間法", "", cid, "", None, (), suppl, text)


MAIN = chunk("第十七条", "年次休暇の日数は二十日とする。")
SUPPL = chunk("第二条", "年次休暇の日数は、なお従前の例による。年次休暇", suppl=True)


def ranking(config: HybridConfig, question: str) -> list[str]:
    r = HybridRetriever(config)
    filler = [chunk(f"第{n}条", f"この法律は勤務時間その{n}を定める。日数") for n in "一三四五六七八九"]
    r.add([MAIN, SUPPL, *filler])
    return [h.chunk_id for h in r.search(question, k=3)]


def test_supplementary_provisions_rank_below_the_main_article() -> None:
    question = "年次休暇の日数は？"
    # fusion alone (the reranker, ADR 0423, would put the article with the figure first anyway)
    assert ranking(HybridConfig(supplementary_penalty=0.0, rerank=False), question)[0] == SUPPL.chunk_id
    assert ranking(HybridConfig(), question)[0] == MAIN.chunk_id


def test_a_question_about_the_supplementary_provisions_is_not_penalized() -> None:
    # nor reranked: the reranker, fitted on questions about main provisions, keeps fusion's order
    assert ranking(HybridConfig(), "施行前の年次休暇の日数は？")[0] == SUPPL.chunk_id


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        self.embedded += list(texts)
        return super().embed_passages(texts)


def test_dense_ingest_skips_supplementary_and_reuses_vectors_by_text() -> None:
    embedder = CountingEmbedder()
    index = DenseIndex(embedder)
    steps: list[tuple[int, int]] = []
    index.add([MAIN, SUPPL], progress=lambda done, total: steps.append((done, total)))
    assert len(embedder.embedded) == 1 and steps == [(0, 1), (1, 1)]  # before the first batch, after each
    assert not np.any(index.scores("年次休暇")[1])  # the 附則 row is a zero vector
    index.remove([MAIN.chunk_id])
    index.add([MAIN])  # re-ingest of an unchanged article: no new embedding
    assert len(embedder.embedded) == 1 and len(index) == 2


class KeywordEmbedder(HashEmbedder):
    """Puts 「介護」 and 「親の世話」 on the same axis: a meaning BM25 cannot see."""

    def _vector(self, text: str) -> Matrix:
        v = np.zeros(8, dtype=np.float32)
        v[0] = 1.0 if ("介護" in text or "親の世話" in text) else 0.0
        v[1] = 0.1
        return v / np.linalg.norm(v)

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> Matrix:
        return self._vector(text)


def test_a_dense_only_hit_takes_the_reserved_slot() -> None:
    care = chunk("第二十条", "要介護者の介護をするための休暇とする。")
    others = [chunk(f"第{n}条", f"休暇の手続その{n}について定める。休暇") for n in "一二三四五六七八"]
    r = HybridRetriever(HybridConfig(dense_weight=0.1, rerank=False), embedder=KeywordEmbedder())
    r.add([care, *others])
    top = [h.chunk_id for h in r.search("親の世話で休暇は？", k=5)]
    assert care.chunk_id in top
    plain = HybridRetriever(
        HybridConfig(dense_weight=0.1, dense_slots=0, rerank=False), embedder=KeywordEmbedder()
    )
    plain.add([care, *others])
    assert care.chunk_id not in [h.chunk_id for h in plain.search("親の世話で休暇は？", k=5)]
