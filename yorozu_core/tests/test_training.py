from datetime import date

import pytest

from yorozu_core.training import (
    before_after,
    summarise_feedback,
    summarise_scale,
    thin_skills,
    waitlist_promotions,
)


def test_scale_summary_mean_distribution_and_top_two() -> None:
    summary = summarise_scale([5, 4, 4, 3, 1])
    assert summary.count == 5
    assert summary.mean == 3.4
    assert summary.distribution == (1, 0, 1, 2, 1)
    assert summary.top_two_share == 0.6


def test_scale_summary_of_no_answers_has_no_mean() -> None:
    summary = summarise_scale([])
    assert (summary.count, summary.mean, summary.top_two_share) == (0, None, None)


def test_scale_rejects_answers_outside_one_to_five() -> None:
    with pytest.raises(ValueError):
        summarise_scale([0, 3])
    with pytest.raises(ValueError):
        summarise_scale([6])


def test_feedback_summary_per_question() -> None:
    rows = [{"a": 5, "b": 2}, {"a": 4, "b": 3}]
    result = summarise_feedback(rows, ["a", "b"])
    assert result["a"].mean == 4.5
    assert result["b"].mean == 2.5
    assert result["b"].top_two_share == 0.0


def test_thin_skills_are_those_with_fewer_than_two_people_at_level_three() -> None:
    levels = {
        "hanako": {"rpa": 4, "ocr": 3, "ai": 2},
        "jiro": {"rpa": 3, "ocr": 1},
        "taro": {"rpa": 1, "ai": 3},
    }
    assert thin_skills(levels) == {"ai": 1, "ocr": 1}
    assert thin_skills(levels, min_people=3) == {"ai": 1, "ocr": 1, "rpa": 2}


def test_before_after_counts_equal_windows_around_the_attendance() -> None:
    attended = date(2025, 6, 1)
    filed = [
        date(2024, 5, 31),
        date(2024, 6, 2),
        date(2025, 5, 31),
        date(2025, 6, 1),
        date(2026, 5, 31),
        date(2026, 6, 1),
    ]
    result = before_after(attended, filed, today=date(2027, 1, 1))
    assert (result.before, result.after, result.after_days) == (2, 2, 365)
    assert result.before_per_month == result.after_per_month == round(2 / 12, 2)


def test_before_after_cuts_the_after_window_at_today() -> None:
    result = before_after(date(2026, 10, 1), [date(2026, 10, 5), date(2026, 12, 1)], today=date(2026, 11, 26))
    assert result.after == 1
    assert result.after_days == 57
    assert result.after_per_month == round(1 / (57 / 365 * 12), 2)
    short = before_after(date(2026, 11, 20), [], today=date(2026, 11, 26))
    assert short.after_per_month is None


@pytest.mark.parametrize(
    ("capacity", "confirmed", "waiting", "expected"),
    [(10, 10, 3, 0), (10, 9, 3, 1), (10, 5, 3, 3), (10, 12, 3, 0), (1, 0, 0, 0)],
)
def test_waitlist_promotions(capacity: int, confirmed: int, waiting: int, expected: int) -> None:
    assert waitlist_promotions(capacity, confirmed, waiting) == expected
