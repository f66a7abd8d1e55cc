"""Pure calculations for training: feedback summaries, the desk's thin skills, before/after counts.

Django-free on purpose (no database, no settings) and it lives in ``yorozu_core``;
see docs/adr/0702-training-calculations-django-free.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

SCALE = (1, 2, 3, 4, 5)
SKILL_LEVELS = (1, 2, 3, 4)
THIN_LEVEL = 3  # 「一人で任せられる」水準
THIN_MIN_PEOPLE = 2  # fewer than two people at that level: one absence stops the desk


@dataclass(frozen=True, slots=True)
class ScaleSummary:
    """One 5-point question over a set of answers."""

    count: int
    mean: float | None
    distribution: tuple[int, ...]  # answers per point 1..5
    top_two_share: float | None  # share of 4 and 5 (「満足」「やや満足」)


def summarise_scale(answers: Iterable[int]) -> ScaleSummary:
    """Mean, distribution and top-two-box share of answers on a 1–5 scale."""
    values = list(answers)
    if any(v not in SCALE for v in values):
        raise ValueError("answers must be integers from 1 to 5")
    counts = tuple(values.count(point) for point in SCALE)
    if not values:
        return ScaleSummary(0, None, counts, None)
    mean = round(sum(values) / len(values), 2)
    top_two = round((counts[3] + counts[4]) / len(values), 3)
    return ScaleSummary(len(values), mean, counts, top_two)


def summarise_feedback(
    rows: Sequence[Mapping[str, int]], questions: Sequence[str]
) -> dict[str, ScaleSummary]:
    """One :class:`ScaleSummary` per question over feedback rows (``{question: answer}``)."""
    return {q: summarise_scale(row[q] for row in rows) for q in questions}


def thin_skills(
    levels: Mapping[str, Mapping[str, int]],
    *,
    at_least: int = THIN_LEVEL,
    min_people: int = THIN_MIN_PEOPLE,
) -> dict[str, int]:
    """Skills where fewer than ``min_people`` people reach ``at_least``: ``{skill: people at level}``.

    ``levels`` maps each person to ``{skill: level}``; a missing skill counts as no level.
    Every skill named by anyone is considered.
    """
    skills = {skill for person in levels.values() for skill in person}
    strong = {s: sum(1 for p in levels.values() if p.get(s, 0) >= at_least) for s in skills}
    return {s: n for s, n in sorted(strong.items()) if n < min_people}


@dataclass(frozen=True, slots=True)
class BeforeAfter:
    """Consultations a department filed in equal windows before and after its first attendance."""

    attended_on: date
    before: int
    after: int
    after_days: int  # the after-window can be cut short by today
    window_days: int

    @property
    def before_per_month(self) -> float:
        return round(self.before / (self.window_days / 365 * 12), 2)

    @property
    def after_per_month(self) -> float | None:
        if self.after_days < 30:
            return None
        return round(self.after / (self.after_days / 365 * 12), 2)


def before_after(
    attended_on: date, filed_on: Iterable[date], *, today: date, window_days: int = 365
) -> BeforeAfter:
    """Count ``filed_on`` dates in [attended_on − window, attended_on) and [attended_on, attended_on + window).

    The after-window stops at ``today``: a comparison of a year before with three months after
    is shown as a monthly rate, not as raw counts (``after_days`` says how long it was).
    """
    start = attended_on - timedelta(days=window_days)
    end = min(attended_on + timedelta(days=window_days), today + timedelta(days=1))
    dates = list(filed_on)
    before = sum(1 for d in dates if start <= d < attended_on)
    after = sum(1 for d in dates if attended_on <= d < end)
    return BeforeAfter(attended_on, before, after, max((end - attended_on).days, 0), window_days)


def waitlist_promotions(capacity: int, confirmed: int, waiting: int) -> int:
    """How many people move up from the waiting list when ``confirmed`` seats of ``capacity`` are taken."""
    return max(0, min(capacity - confirmed, waiting))
