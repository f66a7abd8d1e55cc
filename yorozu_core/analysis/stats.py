"""Pearson's chi-square test of independence on a contingency table.

χ² = Σ (O − E)² / E with E = row total × column total / n, degrees of freedom (r − 1)(c − 1), and p the
upper tail of the χ² distribution (scipy.stats.chi2.sf). No continuity (Yates) correction, so that a
2×2 table gives the same statistic as every larger one (scipy's ``chi2_contingency(correction=False)``).
Cochran's rule: the test is unreliable when more than 20 % of expected counts are below 5."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import chi2 as chi2_distribution


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    dof: int
    p: float
    min_expected: float
    low_expected_cells: int  # cells with an expected count below 5
    cells: int

    @property
    def warning(self) -> str:
        if self.low_expected_cells == 0:
            return ""
        share = self.low_expected_cells / self.cells * 100
        return (
            f"期待度数が5未満のセルが{self.low_expected_cells}個（{share:.0f}%）あります"
            f"（最小 {self.min_expected:.2f}）。カイ二乗検定の結果は参考にとどめてください。"
        )


def chi_square(counts: Sequence[Sequence[int]]) -> ChiSquare | None:
    """The test on the rows and columns that have any count; None when fewer than 2 remain."""
    rows = [list(r) for r in counts if sum(r) > 0]
    if not rows:
        return None
    keep = [j for j in range(len(rows[0])) if sum(r[j] for r in rows) > 0]
    table = [[r[j] for j in keep] for r in rows]
    if len(table) < 2 or len(keep) < 2:
        return None
    total = sum(sum(r) for r in table)
    row_totals = [sum(r) for r in table]
    column_totals = [sum(r[j] for r in table) for j in range(len(keep))]
    statistic = 0.0
    expected_all = []
    for i, row in enumerate(table):
        for j, observed in enumerate(row):
            expected = row_totals[i] * column_totals[j] / total
            expected_all.append(expected)
            statistic += (observed - expected) ** 2 / expected
    dof = (len(table) - 1) * (len(keep) - 1)
    return ChiSquare(
        statistic=statistic,
        dof=dof,
        p=float(chi2_distribution.sf(statistic, dof)),
        min_expected=min(expected_all),
        low_expected_cells=sum(1 for e in expected_all if e < 5),
        cells=len(expected_all),
    )


def percent(part: int | float, whole: int | float) -> float:
    return round(part / whole * 100, 1) if whole else 0.0
