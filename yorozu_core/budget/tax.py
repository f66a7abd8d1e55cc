"""Estimating a resident's 住民税 from salary and household, and spreading it over the 款 per day.

An estimate with stated assumptions (docs/budget.md lists them with their sources):
- 給与所得控除: 所得税法 第28条第3項 (令和2年分以降の表; 最低保障額 65万円 from 令和8年度分,
  令和7年度税制改正). Computed by formula, without the 4,000-yen bands of 別表第五.
- 社会保険料控除: assumed 15 % of salary (health, pension, employment insurance of an employee).
- 基礎控除 43万円 (地方税法 第314条の2第2項, tapered above 合計所得 2,400万円); 配偶者控除
  33万円 for a spouse without income (tapered above 900万円); 扶養控除 33万円 per dependant.
- 所得割 10 %: 市町村民税 6 % (第314条の3) + 道府県民税 4 % (第35条); 指定都市 8 % + 2 %.
- 調整控除 (第314条の6), 非課税限度 1級地 (第295条, 施行令 第47条の3).
- 均等割 市町村 3,000円 + 道府県 1,000円, 森林環境税 1,000円 from 令和6年度; before that
  3,500円 + 1,500円 (復興特別).
"""

from __future__ import annotations

from dataclasses import dataclass

from .compare import days_in_fiscal_year


@dataclass(frozen=True, slots=True)
class Household:
    spouse: bool = False  # 配偶者（収入なし）
    dependents: int = 0  # 16歳以上の扶養親族
    young_children: int = 0  # 16歳未満: no 扶養控除, but counted for the 非課税 limit

    @property
    def people(self) -> int:
        return 1 + int(self.spouse) + self.dependents + self.young_children


HOUSEHOLDS: dict[str, tuple[str, Household]] = {
    "single": ("単身", Household()),
    "couple": ("夫婦（配偶者の収入なし）", Household(spouse=True)),
    "couple_child": ("夫婦と子1人（15歳以下）", Household(spouse=True, young_children=1)),
    "couple_2children": ("夫婦と子2人（15歳以下）", Household(spouse=True, young_children=2)),
    "couple_student": ("夫婦と子1人（16歳以上・扶養）", Household(spouse=True, dependents=1)),
}
SOCIAL_INSURANCE_RATE = 0.15


@dataclass(frozen=True, slots=True)
class TaxEstimate:
    salary: int
    income: int  # 給与所得 = 合計所得金額 here
    deductions: int
    taxable: int  # 課税総所得金額 (1,000円未満切捨て)
    municipal: int  # 市町村民税 (所得割 + 均等割): what the city receives
    prefectural: int  # 道府県民税
    forest: int  # 森林環境税 (national, collected with 住民税)

    @property
    def total(self) -> int:
        return self.municipal + self.prefectural + self.forest


def salary_income_deduction(salary: int, fiscal_year: int) -> int:
    """給与所得控除額 (所得税法 第28条第3項), for the 住民税 of ``fiscal_year`` (prior year's pay)."""
    if fiscal_year >= 2026 and salary <= 1_900_000:
        return min(salary, 650_000)
    if salary <= 1_625_000:
        return min(salary, 550_000)
    if salary <= 1_800_000:
        return salary * 40 // 100 - 100_000
    if salary <= 3_600_000:
        return salary * 30 // 100 + 80_000
    if salary <= 6_600_000:
        return salary * 20 // 100 + 440_000
    if salary <= 8_500_000:
        return salary * 10 // 100 + 1_100_000
    return 1_950_000


def _basic_deduction(income: int) -> int:
    if income <= 24_000_000:
        return 430_000
    if income <= 24_500_000:
        return 290_000
    if income <= 25_000_000:
        return 150_000
    return 0


def _spouse_deduction(income: int) -> int:
    if income <= 9_000_000:
        return 330_000
    if income <= 9_500_000:
        return 220_000
    if income <= 10_000_000:
        return 110_000
    return 0


def _adjustment(taxable: int, household: Household, income: int) -> int:
    """調整控除 (第314条の6): 5 % of the 人的控除の差 (基礎・配偶者・扶養 each 5万円)."""
    if income > 25_000_000 or taxable <= 0:
        return 0
    difference = 50_000 + (50_000 if household.spouse else 0) + 50_000 * household.dependents
    if taxable <= 2_000_000:
        return min(difference, taxable) * 5 // 100
    return max(difference - (taxable - 2_000_000), 50_000) * 5 // 100


def estimate_resident_tax(
    *, salary: int, household: Household, fiscal_year: int, designated_city: bool = False
) -> TaxEstimate:
    """The 住民税 of a salaried resident, split into city, prefecture and 森林環境税."""
    salary = max(0, salary)
    income = max(0, salary - salary_income_deduction(salary, fiscal_year))
    people = household.people
    extra = people > 1
    per_capita_exempt = income <= 350_000 * people + 100_000 + (210_000 if extra else 0)
    income_levy_exempt = income <= 350_000 * people + 100_000 + (320_000 if extra else 0)
    deductions = (
        int(salary * SOCIAL_INSURANCE_RATE)
        + _basic_deduction(income)
        + (_spouse_deduction(income) if household.spouse else 0)
        + 330_000 * household.dependents
    )
    taxable = max(0, income - deductions) // 1000 * 1000
    city_rate, pref_rate = (8, 2) if designated_city else (6, 4)
    municipal_levy = prefectural_levy = 0
    if not income_levy_exempt:
        adjustment = _adjustment(taxable, household, income)
        municipal_levy = max(0, taxable * city_rate // 100 - adjustment * city_rate // 10) // 100 * 100
        prefectural_levy = max(0, taxable * pref_rate // 100 - adjustment * pref_rate // 10) // 100 * 100
    if per_capita_exempt:
        return TaxEstimate(salary, income, deductions, taxable, municipal_levy, prefectural_levy, 0)
    city_flat, pref_flat, forest = (3_000, 1_000, 1_000) if fiscal_year >= 2024 else (3_500, 1_500, 0)
    return TaxEstimate(
        salary, income, deductions, taxable, municipal_levy + city_flat, prefectural_levy + pref_flat, forest
    )


@dataclass(frozen=True, slots=True)
class DailyShare:
    name: str
    ref: str
    share: float  # of the 歳出 total
    yen_per_day: float
    yen_per_year: int


def tax_per_day(tax: int, items: list[tuple[str, str, int]], fiscal_year: int) -> list[DailyShare]:
    """Spread a yearly tax over the 款 in proportion to the 歳出 budget, per day.

    ``items`` are (name, ref, amount). The method of 「税金はどこへ行った？」 (spending.jp): it
    assumes every yen of your tax is spent like the budget as a whole.
    """
    total = sum(amount for _, _, amount in items if amount > 0)
    days = days_in_fiscal_year(fiscal_year)
    shares: list[DailyShare] = []
    for name, ref, amount in items:
        share = amount / total if total > 0 and amount > 0 else 0.0
        shares.append(DailyShare(name, ref, share, tax * share / days, round(tax * share)))
    return shares
