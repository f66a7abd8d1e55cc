from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yorozu_core.lifecycle import (
    TransitionError,
    allowed_transitions,
    check_transition,
    elapsed_days,
    median,
    median_from_counts,
    search_key,
    search_terms,
)


def test_open_stage_moves_forward_or_to_hold_or_withdrawal() -> None:
    assert allowed_transitions("received") == ("analysis", "on_hold", "withdrawn")
    assert allowed_transitions("measurement") == ("done", "on_hold", "withdrawn")


def test_held_case_returns_only_to_where_it_was() -> None:
    assert allowed_transitions("on_hold", "design") == ("design", "withdrawn")


def test_closed_cases_do_not_move() -> None:
    assert allowed_transitions("done") == ()
    assert allowed_transitions("withdrawn") == ()
    with pytest.raises(TransitionError, match="完了または取下げ"):
        check_transition("done", "received")


def test_skipping_a_stage_is_refused() -> None:
    with pytest.raises(TransitionError, match="この段階へは移せません"):
        check_transition("received", "design")


def test_withdrawal_needs_a_reason() -> None:
    with pytest.raises(TransitionError, match="理由"):
        check_transition("analysis", "withdrawn", reason="  ")
    check_transition("analysis", "withdrawn", reason="他課で対応")


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(TransitionError, match="段階はありません"):
        check_transition("received", "nowhere")


def test_elapsed_days_counts_calendar_days() -> None:
    assert elapsed_days(date(2024, 3, 31), date(2024, 4, 1)) == 1
    assert elapsed_days(date(2024, 4, 2), date(2024, 4, 1)) == 0


@pytest.mark.parametrize(("values", "expected"), [([], None), ([3], 3.0), ([1, 5], 3.0), ([1, 2, 9], 2.0)])
def test_median(values: list[int], expected: float | None) -> None:
    assert median(values) == expected


@pytest.mark.parametrize("values", [[], [4], [1, 5], [3, 3, 3, 10], [0, 2, 2, 7, 9], [5, 1, 1, 1, 30, 30]])
def test_median_from_counts_equals_the_median_of_the_expanded_values(values: list[int]) -> None:
    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    assert median_from_counts(counts) == median(sorted(values))


def test_search_key_unifies_widths_and_kana() -> None:
    assert search_key("ＲＰＡ化", "ｹｲﾔｸ事務") == "rpa化 ケイヤク事務"
    assert search_terms("  ＡＩ－ＯＣＲ　帳票 ") == ["ai-ocr", "帳票"]


@given(st.lists(st.integers(min_value=0, max_value=400), max_size=60))
def test_the_histogram_median_is_the_median(values: list[int]) -> None:
    assert median_from_counts(Counter(values)) == median(sorted(values))
