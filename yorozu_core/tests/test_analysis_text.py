"""自由記述: SudachiPy dictionary forms, KWIC offsets, Jaccard co-occurrence, segments, cache."""

from __future__ import annotations

from pathlib import Path

from yorozu_core.analysis.cache import cache_key, cached
from yorozu_core.analysis.text import (
    analyse,
    by_segment,
    cooccurrence,
    documents,
    documents_from_json,
    documents_to_json,
    kwic,
    tokenize,
    word_counts,
)

ANSWERS = [
    (2, "絵本の読み聞かせがとても楽しかったです。", "満足"),
    (3, "駐車場が狭くて困りました。絵本をもっと置いてほしい。", "不満"),
    (4, "子どもが絵本を選ぶのを楽しんでいました。", "満足"),
    (5, "駐車場が少ない。", "不満"),
]


def test_words_are_content_words_in_dictionary_form() -> None:
    words = [(t.word, t.pos) for t in tokenize("駐車場が狭くて困りました。")]
    assert words == [("駐車場", "名詞"), ("狭い", "形容詞"), ("困る", "動詞")]
    assert "楽しむ" in [t.word for t in tokenize("楽しんでいました")]


def test_frequencies_count_occurrences_and_answers_and_respect_stop_words() -> None:
    docs = documents(ANSWERS)
    counts = {c.word: (c.count, c.documents) for c in word_counts(docs)}
    assert counts["絵本"] == (3, 3) and counts["駐車場"] == (2, 2)
    assert "絵本" not in {c.word for c in word_counts(docs, stop_words=["絵本"])}


def test_kwic_cuts_the_context_around_each_occurrence() -> None:
    found = kwic(documents(ANSWERS), "絵本", width=5)
    assert [(c.row, c.left, c.keyword, c.right) for c in found] == [
        (2, "", "絵本", "の読み聞か"),
        (3, "りました。", "絵本", "をもっと置"),
        (4, "子どもが", "絵本", "を選ぶのを"),
    ]


def test_cooccurrence_is_the_jaccard_coefficient_over_answers() -> None:
    docs = documents(ANSWERS)
    edges = {
        (e.source, e.target): (e.jaccard, e.both) for e in cooccurrence(docs, ["絵本", "駐車場", "子ども"])
    }
    assert edges[("絵本", "駐車場")] == (round(1 / 4, 3), 1)  # {2,3,4} ∩ {3,5} / ∪
    assert edges[("絵本", "子ども")] == (round(1 / 3, 3), 1)
    assert ("駐車場", "子ども") not in edges


def test_segments_count_answers_with_each_word() -> None:
    table = by_segment(documents(ANSWERS), ["駐車場", "絵本"])
    assert table.segments == ("不満", "満足") and table.sizes == (2, 2)
    assert dict(table.rows) == {"駐車場": (2, 0), "絵本": (1, 2)}


def test_analysis_round_trips_through_the_cache(tmp_path: Path) -> None:
    docs = documents(ANSWERS)
    assert documents_from_json(documents_to_json(docs)) == docs
    calls: list[int] = []

    def compute() -> dict[str, object]:
        calls.append(1)
        return analyse(docs, ["する"])

    key = cache_key("text", "c4", ["する"])
    first = cached(tmp_path, key, compute)
    assert cached(tmp_path, key, compute) == first and len(calls) == 1
    assert first["answers"] == 4 and {n["word"] for n in first["nodes"]} >= {"絵本", "駐車場"}
