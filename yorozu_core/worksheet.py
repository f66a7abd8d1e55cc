"""The arithmetic of a 業務量調査 (work-volume survey) and of the plan built on it.

Shared with the effect ledger (``yorozu_core.effects`` imports these formulas): one definition of
annual hours, FTE, hours saved, reduction rate, 人件費換算, cost and payback for the whole product.
Every function states its formula; ``yorozu_core/tests/test_worksheet.py`` holds a worked example
for each (つくば市: 424h44m → 88h18m = 79.2 % reduction; 1,555 h ≈ ¥7.088M at about ¥4,560/h).

Contract with the impacts app (its engineer wrote the first three; they keep their names, keyword-only
arguments and Decimal results):

* ``hours_saved(*, cases, minutes_before, minutes_after, upkeep_hours=0) -> Decimal``
* ``reduction_rate(*, before, after) -> Decimal``  (a fraction: 0.792 means 79.2 %)
* ``labour_cost_yen(*, hours, hourly_rate_yen) -> int``

Decimal, not float: the ledger and the worksheet sum hundreds to thousands of rows into figures a city
publishes, and a sum of floats drifts. Money is integer yen, rounded half up.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from yorozu_core.fiscal import fiscal_year_of

Number = int | Decimal

MINUTES_PER_HOUR = Decimal(60)
# 7時間45分 × 240日: the usual working year of a full-time municipal employee (勤務時間条例).
# A city sets its own figure in yorozu's settings page; this is only the default.
DEFAULT_ANNUAL_WORKING_HOURS = Decimal(1860)
FISCAL_MONTHS: tuple[int, ...] = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
ZERO = Decimal(0)


class WorksheetError(ValueError):
    """An input the formulas cannot use (negative volume, a month outside 1–12 …); Japanese message."""


def round_yen(amount: Number) -> int:
    """Half-up rounding to whole yen (Python's ``round`` rounds half to even)."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class SeasonalVolume:
    """Monthly case volumes by season: 通常期, 繁忙期 (``peak_months``) and 閑散期 (``off_months``).

    A month in neither set is a 通常期 month. ``normal``, ``peak`` and ``off`` are cases *per month*.
    """

    normal: Decimal
    peak: Decimal = ZERO
    off: Decimal = ZERO
    peak_months: frozenset[int] = field(default_factory=frozenset)
    off_months: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if min(self.normal, self.peak, self.off) < 0:
            raise WorksheetError("件数に負の値は使えません")
        if any(not 1 <= m <= 12 for m in self.peak_months | self.off_months):
            raise WorksheetError("月は1〜12で指定してください")
        if self.peak_months & self.off_months:
            raise WorksheetError("同じ月を繁忙期と閑散期の両方にはできません")

    def cases_in_month(self, month: int) -> Decimal:
        """Cases in calendar month ``month`` (1–12)."""
        if month in self.peak_months:
            return Decimal(self.peak)
        if month in self.off_months:
            return Decimal(self.off)
        return Decimal(self.normal)

    def annual_cases(self) -> Decimal:
        """N = 通常期件数 × 通常期の月数 + 繁忙期件数 × 繁忙期の月数 + 閑散期件数 × 閑散期の月数.

        Example: 100/month normally, 300/month in March and April, 50/month in August →
        100 × 9 + 300 × 2 + 50 × 1 = 1,550 cases a year.
        """
        return sum((self.cases_in_month(m) for m in range(1, 13)), ZERO)

    def monthly_weights(self) -> tuple[Decimal, ...]:
        """The twelve monthly volumes, April first (``yorozu_core.effects`` annualises with these)."""
        return tuple(self.cases_in_month(m) for m in FISCAL_MONTHS)

    def share_of_year(self, months: frozenset[int]) -> Decimal:
        """Σ cases in ``months`` / N — the fraction of the year's cases in those months (0 if N = 0)."""
        total = self.annual_cases()
        return sum((self.cases_in_month(m) for m in months), ZERO) / total if total else ZERO


def parse_months(text: str) -> frozenset[int]:
    """``"3,4"``, ``"3・4月"``, ``"12-2"`` (wraps over the new year), ``"３、４"`` → a set of months."""
    cleaned = unicodedata.normalize("NFKC", text or "").replace("月", "")
    for sep in ("、", "・", " ", "/", "，"):
        cleaned = cleaned.replace(sep, ",")
    for dash in ("〜", "~", "～", "ー", "−"):
        cleaned = cleaned.replace(dash, "-")
    months: set[int] = set()
    for part in filter(None, (p.strip() for p in cleaned.split(","))):
        first, _, last = part.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise WorksheetError(f"「{text}」を月として読めません（例: 3,4 や 12-2）")
        start, end = int(first), int(last or first)
        if not (1 <= start <= 12 and 1 <= end <= 12):
            raise WorksheetError(f"「{text}」に1〜12以外の月があります")
        months.update((start - 1 + i) % 12 + 1 for i in range((end - start) % 12 + 1))
    return frozenset(months)


def format_months(months: frozenset[int]) -> str:
    """Months in fiscal-year order (April first): ``{3, 4}`` → ``"4,3"``."""
    return ",".join(str(m) for m in FISCAL_MONTHS if m in months)


def annual_hours(*, cases: Number, minutes_per_case: Number) -> Decimal:
    """T = N × t / 60 — annual hours of a task done N times a year at t minutes a case.

    Example: 1,200 件 × 15 分 / 60 = 300 h.
    """
    if cases < 0 or minutes_per_case < 0:
        raise WorksheetError("件数と処理時間に負の値は使えません")
    return Decimal(cases) * Decimal(minutes_per_case) / MINUTES_PER_HOUR


def fte(*, hours: Number, annual_working_hours: Number = DEFAULT_ANNUAL_WORKING_HOURS) -> Decimal:
    """FTE = T / H — the task's hours in full-time staff, H being one person's working hours a year.

    Example: 930 h / 1,860 h = 0.5 人.
    """
    if annual_working_hours <= 0:
        raise WorksheetError("年間勤務時間は正の値にしてください")
    return Decimal(hours) / Decimal(annual_working_hours)


def hours_saved(
    *, cases: Number, minutes_before: Number, minutes_after: Number, upkeep_hours: Number = 0
) -> Decimal:
    """ΔT = N × (t_before − t_after) / 60 − upkeep, in hours.

    ``N`` is the number of cases, ``t`` minutes per case; upkeep is the hours spent keeping the tool
    running over the same period (scenario fixes, checking the robot's output). Example: 1,200 cases
    going from 15 to 3 minutes with 40 h of upkeep save 1,200 × 12 / 60 − 40 = 200 h. Negative when
    the new way costs more than it saves; callers show that, they do not hide it.
    """
    if cases < 0 or minutes_before < 0 or minutes_after < 0 or upkeep_hours < 0:
        raise ValueError("件数・時間に負の値は使えません")
    minutes = Decimal(cases) * (Decimal(minutes_before) - Decimal(minutes_after))
    return minutes / MINUTES_PER_HOUR - Decimal(upkeep_hours)


def reduction_rate(*, before: Number, after: Number) -> Decimal:
    """(before − after) / before: the share of the time that is gone (any unit, same on both sides).

    Example (つくば市): 424 h 44 min → 88 h 18 min is (25,484 − 5,298) / 25,484 = 0.792 = 79.2 %.
    """
    if before <= 0:
        raise ValueError("削減前の時間は正の値にしてください")
    return (Decimal(before) - Decimal(after)) / Decimal(before)


def labour_cost_yen(*, hours: Number, hourly_rate_yen: int) -> int:
    """人件費換算: hours × hourly rate (the rate of the staff's 職位), rounded half up to whole yen.

    Example: a city reported 1,555 h ≈ ¥7.088M, i.e. about ¥4,558/h: 1,555 × 4,558 = ¥7,087,690.
    """
    return round_yen(Decimal(hours) * hourly_rate_yen)


def implied_hourly_rate(*, yen: int, hours: Number) -> int:
    """w = C / T — the rate a reported (hours, yen) pair implies. Example: ¥7,088,000 / 1,555 h = ¥4,558."""
    if hours <= 0:
        raise WorksheetError("時間は正の値にしてください")
    return round_yen(Decimal(yen) / Decimal(hours))


def hours_minutes(hours: Number) -> str:
    """``424.7333…`` → ``"424時間44分"`` (rounded to the minute)."""
    total = round_yen(Decimal(hours) * MINUTES_PER_HOUR)
    sign = "-" if total < 0 else ""
    h, m = divmod(abs(total), 60)
    return f"{sign}{h:,}時間{m}分"


@dataclass(frozen=True, slots=True)
class Cost:
    """What a solution costs: 初期費用 (hardware, set-up), 構築費 (build), 年間ライセンス・保守 (per year)."""

    initial: int = 0
    build: int = 0
    annual_licence: int = 0

    @property
    def one_off(self) -> int:
        return self.initial + self.build

    def total(self, years: int) -> int:
        """K(n) = 初期 + 構築 + 年額 × n. Example: 500,000 + 1,000,000 + 300,000 × 5 = 3,000,000."""
        if years < 0:
            raise WorksheetError("年数に負の値は使えません")
        return self.one_off + self.annual_licence * years


def payback_years(*, cost: Cost, annual_saving_yen: int) -> Decimal | None:
    """P = (初期 + 構築) / (年間削減額 − 年額) — years until the one-off cost is paid back.

    None when the yearly saving does not exceed the yearly licence (it never pays back); 0 when there
    is no one-off cost. Example: (500,000 + 1,000,000) / (1,200,000 − 300,000) = 1.67 years.
    """
    net = annual_saving_yen - cost.annual_licence
    if net <= 0:
        return None
    return Decimal(cost.one_off) / Decimal(net)


def payback_fiscal_year(*, go_live: date, years: Decimal | None) -> int | None:
    """The fiscal year (its starting Western year) in which payback is reached, counting from go-live.

    Months are rounded up. Example: go-live 2025-03-01 (令和6年度) + 1.5 years = 18 months →
    2026-09-01 → 令和8年度 (2026); go-live 2025-03-01 + 1 month → 2025-04-01 → 令和7年度.
    """
    if years is None:
        return None
    months = int((years * 12).to_integral_value(rounding=ROUND_CEILING))
    index = go_live.month - 1 + months
    return fiscal_year_of(date(go_live.year + index // 12, index % 12 + 1, 1))


def first_year_share(*, go_live: date, volume: SeasonalVolume | None = None) -> Decimal:
    """Share of a year's cases left in the go-live fiscal year (the go-live month to March).

    A plan's 初年度効果 uses this instead of the full year; with no seasonal profile each month
    counts equally. Example: go-live 1 January, flat → 3 / 12 = 0.25; go-live 1 April → 1;
    go-live 31 March → 1 / 12 (March belongs to the fiscal year that started the April before).
    """
    remaining = frozenset(FISCAL_MONTHS[FISCAL_MONTHS.index(go_live.month) :])
    if volume is None or volume.annual_cases() == 0:
        return Decimal(len(remaining)) / 12
    return volume.share_of_year(remaining)


@dataclass(frozen=True, slots=True)
class TaskFigures:
    """One task's computed figures (what a worksheet row shows)."""

    cases: Decimal
    hours_before: Decimal
    hours_after: Decimal
    hours_saved: Decimal
    fte_before: Decimal
    fte_saved: Decimal
    cost_before: int
    cost_saved: int


def task_figures(
    *,
    cases: Number,
    minutes_before: Number,
    minutes_after: Number | None,
    staff: Number = 1,
    hourly_rate_yen: int,
    annual_working_hours: Number = DEFAULT_ANNUAL_WORKING_HOURS,
) -> TaskFigures:
    """All figures of one row: T_before = N × t × 人数 / 60, T_after likewise, ΔT = T_before − T_after.

    ``staff`` (担当人数) multiplies the minutes when that many people handle each case; a
    ``minutes_after`` of None means "not estimated yet" (no saving counted).
    Example: 1,200 件 × 15 分, 1 人, after 3 分, ¥4,000/h → 300 h before, 60 h after, 240 h saved,
    0.161 FTE before, ¥960,000 saved.
    """
    per_case = Decimal(minutes_before) * Decimal(staff)
    per_case_after = per_case if minutes_after is None else Decimal(minutes_after) * Decimal(staff)
    before = annual_hours(cases=cases, minutes_per_case=per_case)
    after = annual_hours(cases=cases, minutes_per_case=per_case_after)
    saved = before - after
    return TaskFigures(
        cases=Decimal(cases),
        hours_before=before,
        hours_after=after,
        hours_saved=saved,
        fte_before=fte(hours=before, annual_working_hours=annual_working_hours),
        fte_saved=fte(hours=saved, annual_working_hours=annual_working_hours),
        cost_before=labour_cost_yen(hours=before, hourly_rate_yen=hourly_rate_yen),
        cost_saved=labour_cost_yen(hours=saved, hourly_rate_yen=hourly_rate_yen),
    )


@dataclass(frozen=True, slots=True)
class Totals:
    """The sum of a worksheet's rows, with the solution's upkeep taken off the saving once."""

    tasks: int
    cases: Decimal
    hours_before: Decimal
    hours_after: Decimal
    hours_saved: Decimal
    fte_before: Decimal
    fte_saved: Decimal
    cost_before: int
    cost_saved: int
    reduction_rate: Decimal


def worksheet_totals(
    rows: list[TaskFigures],
    *,
    upkeep_hours: Number = 0,
    upkeep_hourly_rate_yen: int = 0,
    annual_working_hours: Number = DEFAULT_ANNUAL_WORKING_HOURS,
) -> Totals:
    """ΣT_before; ΣT_after + upkeep; ΔT = ΣT_before − ΣT_after − upkeep; r = ΔT / ΣT_before (0 if empty).

    Example: rows of 300 h → 60 h and 100 h → 100 h with 40 h upkeep: 400 h before, 200 h after
    (upkeep included), 200 h saved, 50.0 % reduction.
    """
    before = sum((r.hours_before for r in rows), ZERO)
    after = sum((r.hours_after for r in rows), ZERO) + Decimal(upkeep_hours)
    saved = before - after
    upkeep_cost = labour_cost_yen(hours=upkeep_hours, hourly_rate_yen=upkeep_hourly_rate_yen)
    return Totals(
        tasks=len(rows),
        cases=sum((r.cases for r in rows), ZERO),
        hours_before=before,
        hours_after=after,
        hours_saved=saved,
        fte_before=fte(hours=before, annual_working_hours=annual_working_hours),
        fte_saved=fte(hours=saved, annual_working_hours=annual_working_hours),
        cost_before=sum(r.cost_before for r in rows),
        cost_saved=sum(r.cost_saved for r in rows) - upkeep_cost,
        reduction_rate=reduction_rate(before=before, after=after) if before > 0 else ZERO,
    )


@dataclass(frozen=True, slots=True)
class Milestone:
    label: str
    start: date
    end: date


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def plan_schedule(*, go_live: date) -> list[Milestone]:
    """The 事業計画書's schedule, built around the fiscal year (予算は前年度に要求し4月1日から執行).

    予算要求 in October–February of the fiscal year before go-live's; 調達・契約 from 1 April of the
    go-live year (two months, never past go-live); 構築・テスト until the day before go-live;
    稼働 on go-live; 効果測定 for the three months after.
    Example: go-live 2026-10-01 (令和8年度) → 予算要求 2025-10-01…2026-02-28, 調達 2026-04-01…
    2026-05-31, 構築 2026-06-01…2026-09-30, 効果測定 2026-10-01…2026-12-31.
    """
    fy = fiscal_year_of(go_live)
    budget_end = date(fy, 3, 1) - timedelta(days=1)
    procurement_start = date(fy, 4, 1)
    procurement_end = min(_add_months(procurement_start, 2), go_live) - timedelta(days=1)
    build_start = min(procurement_end + timedelta(days=1), go_live)
    measure_end = _add_months(go_live, 3) - timedelta(days=1)
    return [
        Milestone("予算要求", date(fy - 1, 10, 1), budget_end),
        Milestone("調達・契約", procurement_start, max(procurement_end, procurement_start)),
        Milestone("構築・テスト", build_start, max(go_live - timedelta(days=1), build_start)),
        Milestone("稼働", go_live, go_live),
        Milestone("効果測定", go_live, measure_end),
    ]
