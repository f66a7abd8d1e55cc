"""BM25: the formula, incremental updates, filtering before ranking, persistence."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from yorozu_core.retrieval.bm25 import BM25Index, BM25Params, idf, term_weights
from yorozu_core.retrieval.types import Chunk
from yorozu_core.tests.test_retrieval_support import make_chunks
from yorozu_core.text.tokenize import CharNgramTokenizer, SudachiTokenizer


def whitespace(text: str) -> list[str]:
    return text.split()


def test_idf_is_the_non_negative_robertson_form() -> None:
    assert idf(np.array([1.0]), 10)[0] == pytest.approx(math.log(1 + (10 - 1 + 0.5) / 1.5))
    assert idf(np.array([10.0]), 10)[0] > 0


def test_scores_match_a_hand_computation() -> None:
    index = BM25Index(whitespace, BM25Params(k1=1.2, b=0.75))
    index.add_tokens([("a", "s", ["x", "y"]), ("b", "s", ["y", "y", "z", "w"])])
    avgdl = 3.0
    tf_part = term_weights(np.array([2.0]), np.array([4.0]), avgdl, BM25Params())[0]
    assert tf_part == pytest.approx(2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 4 / 3)))
    expected = math.log(1 + (2 - 2 + 0.5) / 2.5) * tf_part
    assert index.score_tokens(["y"])[1] == pytest.approx(expected)


def test_a_document_without_query_terms_is_not_a_hit() -> None:
    index = BM25Index(whitespace)
    index.add_tokens([("a", "s", ["x"]), ("b", "s", ["y"])])
    assert [h.chunk_id for h in index.search_tokens(["x"], k=10)] == ["a"]


def test_incremental_add_and_remove_equal_a_fresh_build() -> None:
    chunks = make_chunks()
    grown = BM25Index(CharNgramTokenizer(2))
    grown.add(chunks[:3])
    grown.add(chunks[3:])
    grown.remove([chunks[0].chunk_id, "no-such-id"])
    fresh = BM25Index(CharNgramTokenizer(2))
    fresh.add(chunks[1:])
    query = "年次休暇の繰越し"
    assert grown.search(query, k=5) == fresh.search(query, k=5)


def test_re_adding_an_id_replaces_it() -> None:
    index = BM25Index(whitespace)
    index.add_tokens([("a", "s", ["old"])])
    index.add_tokens([("a", "s", ["new"])])
    assert len(index) == 1
    assert index.search_tokens(["old"], k=1) == []


def test_sources_are_filtered_before_ranking() -> None:
    index = BM25Index(whitespace)
    docs = [(f"secret{i}", "hr", ["salary"] * 5) for i in range(20)] + [
        ("open", "rule", ["salary", "x", "y"])
    ]
    index.add_tokens(docs)
    hits = index.search_tokens(["salary"], k=3, allowed_sources=frozenset({"rule"}))
    assert [h.chunk_id for h in hits] == ["open"]


def test_save_and_load_give_the_same_results(tmp_path: Path) -> None:
    tok = SudachiTokenizer("B")
    index = BM25Index(tok)
    index.add(make_chunks())
    index.save(tmp_path / "word")
    loaded = BM25Index.load(tmp_path / "word", SudachiTokenizer("B"))
    assert loaded.search("病気で休む", k=3) == index.search("病気で休む", k=3)


def test_loading_with_another_tokenizer_fails(tmp_path: Path) -> None:
    index = BM25Index(CharNgramTokenizer(2))
    index.add(make_chunks()[:1])
    index.save(tmp_path)
    with pytest.raises(ValueError):
        BM25Index.load(tmp_path, CharNgramTokenizer(3))


def test_an_empty_index_answers_nothing() -> None:
    assert BM25Index(whitespace).search("x", k=3) == []


def test_the_title_is_indexed_with_the_text() -> None:
    index = BM25Index(CharNgramTokenizer(2))
    chunks: list[Chunk] = make_chunks()
    index.add(chunks)
    assert index.search("育児休業等に関する法律", k=1)[0].chunk_id.startswith("law#")
