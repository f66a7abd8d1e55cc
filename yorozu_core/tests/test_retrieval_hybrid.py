"""The embedded search backend: references first, access before ranking, persistence."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from yorozu_core.retrieval.hybrid import HybridConfig, HybridRetriever, forget_cached, load_cached
from yorozu_core.retrieval.types import SearchBackend
from yorozu_core.tests.test_retrieval_support import HashEmbedder, make_chunks


@pytest.fixture(scope="module")
def retriever() -> HybridRetriever:
    r = HybridRetriever()
    r.add(make_chunks())
    return r


def top(r: HybridRetriever, query: str, allowed: frozenset[str] | None = None) -> str:
    return r.search(query, k=3, allowed_sources=allowed)[0].chunk_id


def test_it_is_a_search_backend(retriever: HybridRetriever) -> None:
    backend: SearchBackend = retriever
    assert backend.search("年次休暇", k=1)


def test_colloquial_questions_find_the_rule(retriever: HybridRetriever) -> None:
    # 年休 and 残業 reach 年次休暇 and 超過勤務 through SudachiDict's synonym groups, not a list
    assert top(retriever, "年休って繰り越せる？") == "rule#第五条"
    assert top(retriever, "残業は月何時間まで？") == "rule#第十七条"


def test_expansions_come_from_the_collection_words_of_the_same_synonym_group(
    retriever: HybridRetriever,
) -> None:
    analyzed = retriever.analyze("年休って繰り越せる？")
    assert "年次休暇" in analyzed.expansions
    assert "年次休暇" not in analyzed.listed  # the lexicon's words, apart from the listed ones
    assert "年次休暇" not in HybridRetriever(HybridConfig(lexicon_expansion=False)).analyze("年休").expansions
    # a word already in the question is not added again
    assert "年次休暇" not in retriever.analyze("年次休暇の繰越し").expansions


def test_a_question_naming_its_employer_prefers_that_level_of_government() -> None:
    r = HybridRetriever()
    r.add(
        [
            *make_chunks(),
            *[
                dataclasses.replace(
                    c, chunk_id=f"{source}#{c.article}", source=source, regulation_title=title
                )
                for source, title in (("national", "国家公務員法"), ("local", "地方公務員法"))
                for c in make_chunks()
                if c.chunk_id == "law#第五条"
            ],
        ]
    )

    def order(question: str) -> list[str]:
        return [h.chunk_id for h in r.search(question, k=10) if h.chunk_id.endswith("#第五条")]

    assert order("市の職員が育児休業中の給与はどうなる？")[0] == "local#第五条"
    national = order("国家公務員が育児休業中の給与はどうなる？")
    assert national.index("national#第五条") < national.index("local#第五条")


def test_an_explicit_reference_is_ranked_first(retriever: HybridRetriever) -> None:
    hits = retriever.search("育児休業法第5条の給与の扱いと年次休暇の繰越し", k=3)
    assert hits[0].chunk_id == "law#第五条"
    assert hits[0].reasons[0] == "reference"


def test_filtering_happens_before_ranking(retriever: HybridRetriever) -> None:
    hits = retriever.search("人事評価の結果と休暇", k=5, allowed_sources=frozenset({"rule", "law"}))
    assert hits
    assert all(not h.chunk_id.startswith("hr#") for h in hits)
    assert retriever.search("第一条", k=5, allowed_sources=frozenset({"rule"}))[0].chunk_id == "rule#第一条"


def test_nothing_is_returned_from_no_allowed_source(retriever: HybridRetriever) -> None:
    assert retriever.search("年次休暇", k=5, allowed_sources=frozenset()) == []


def test_incremental_add_and_remove() -> None:
    r = HybridRetriever()
    chunks = make_chunks()
    r.add(chunks[:2])
    r.add(chunks[2:])
    r.remove(["rule#第五条"])
    assert all(h.chunk_id != "rule#第五条" for h in r.search("年次休暇 繰り越し", k=10))
    assert "rule#第五条" not in r.chunks
    r.add([chunks[1]])
    assert top(r, "年次休暇 繰り越し") == "rule#第五条"


def test_rrf_fusion_is_available() -> None:
    r = HybridRetriever(HybridConfig(fusion="rrf"))
    r.add(make_chunks())
    assert top(r, "病気で療養") == "rule#第十条"


def test_dense_ranker_is_fused_when_an_embedder_is_given(tmp_path: Path) -> None:
    r = HybridRetriever(embedder=HashEmbedder())
    r.add(make_chunks())
    assert top(r, "病気で療養") == "rule#第十条"
    r.save(tmp_path)
    loaded = HybridRetriever.load(tmp_path, embedder=HashEmbedder())
    assert loaded.dense is not None and len(loaded.dense) == len(make_chunks())
    assert loaded.search("病気で療養", k=3) == r.search("病気で療養", k=3)


def test_save_and_load_round_trip(tmp_path: Path, retriever: HybridRetriever) -> None:
    retriever.save(tmp_path / "c1")
    loaded = HybridRetriever.load(tmp_path / "c1")
    for q in ("年休って繰り越せる？", "育児休業法第5条", "超過勤務の上限"):
        assert loaded.search(q, k=5) == retriever.search(q, k=5)
    assert loaded.chunks == retriever.chunks


def test_a_collection_is_loaded_once_per_process(tmp_path: Path, retriever: HybridRetriever) -> None:
    retriever.save(tmp_path / "c2")
    first = load_cached(tmp_path / "c2")
    assert load_cached(tmp_path / "c2") is first
    forget_cached(tmp_path / "c2")
    assert load_cached(tmp_path / "c2") is not first


def test_relevance_is_high_for_the_right_article_and_low_for_nonsense(retriever: HybridRetriever) -> None:
    chunk = retriever.chunks["rule#第五条"]
    assert retriever.relevance("年休って繰り越せる？", chunk) > 0.5
    assert retriever.relevance("東京スカイツリーの高さ", chunk) < 0.2


def test_vectors_that_no_longer_match_the_rows_are_not_used(tmp_path: Path) -> None:
    with_dense = HybridRetriever(embedder=HashEmbedder())
    with_dense.add(make_chunks())
    with_dense.save(tmp_path)
    bm25_only = HybridRetriever.load(tmp_path)  # no embedder: vectors not loaded
    bm25_only.remove(["rule#第五条"])
    bm25_only.save(tmp_path)
    assert not (tmp_path / "dense").exists()
    reloaded = HybridRetriever.load(tmp_path, embedder=HashEmbedder())
    assert reloaded.dense is None
    assert reloaded.search("病気で療養", k=1)[0].chunk_id == "rule#第十条"


def test_memory_is_reported(retriever: HybridRetriever) -> None:
    assert retriever.memory_bytes() > 0
