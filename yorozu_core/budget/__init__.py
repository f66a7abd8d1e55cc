"""Budget import and arithmetic, without Django: parsers per file format, encoding detection,
amounts (△, full-width digits, 千円), name cleaning, the 款→項→目→節 tree, parent/child sum
checks, year-over-year comparison, per-resident figures and the tax-per-day estimate.

See docs/adr/0201-budget-core-package.md for why this is apart from the Django app.
"""

from __future__ import annotations

from yorozu_core.fiscal import fiscal_year_label as wareki_label
from yorozu_core.fiscal import parse_fiscal_year

from .amounts import AmountError, Unit, format_change_percent, format_yen, format_yen_short, parse_amount
from .compare import (
    Compared,
    Figure,
    Status,
    compare,
    days_in_fiscal_year,
    per_resident,
    per_resident_per_day,
)
from .errors import BudgetImportError
from .formats import FORMAT_NAMES, FORMATS, detect_format, parse_budget_file
from .model import (
    ACCOUNT_GENERAL,
    SIDE_EXPENDITURE,
    SIDE_REVENUE,
    SIDES,
    Explanation,
    ParsedBudget,
    Segment,
    SourceLine,
)
from .tax import HOUSEHOLDS, Household, TaxEstimate, estimate_resident_tax, tax_per_day
from .text import clean_name, match_key, repair_setsu_name, split_number
from .tree import Node, SumMismatch, build_tree, check_sums, previous_year_lines

__all__ = [
    "ACCOUNT_GENERAL", "FORMATS", "FORMAT_NAMES", "HOUSEHOLDS", "SIDES", "SIDE_EXPENDITURE", "SIDE_REVENUE",
    "AmountError", "BudgetImportError", "Compared", "Explanation", "Figure", "Household", "Node",
    "ParsedBudget", "Segment", "SourceLine", "Status", "SumMismatch", "TaxEstimate", "Unit",
    "build_tree", "check_sums", "clean_name", "compare", "days_in_fiscal_year", "detect_format",
    "estimate_resident_tax", "format_change_percent", "format_yen", "format_yen_short", "match_key",
    "parse_amount", "parse_budget_file", "parse_fiscal_year", "per_resident", "per_resident_per_day",
    "previous_year_lines", "repair_setsu_name", "split_number", "tax_per_day", "wareki_label",
]  # fmt: skip
