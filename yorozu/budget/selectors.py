"""Reads for the public board and the staff pages. The board shows only published budgets."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yorozu_core.budget import ACCOUNT_GENERAL, SIDE_EXPENDITURE, Compared, Figure, compare
from yorozu_core.budget.text import clean_name

from .models import Budget, BudgetLine, LineNote, Municipality, Population, key_hash

PHASE_PREFERENCE = [
    Budget.Phase.INITIAL,
    Budget.Phase.SUPPLEMENTARY,
    Budget.Phase.FINAL,
    Budget.Phase.SETTLED,
]


def published_budgets(*, municipality: Municipality) -> QuerySet[Budget]:
    return Budget.objects.filter(
        municipality=municipality, is_published=True, account=ACCOUNT_GENERAL, side=SIDE_EXPENDITURE
    )


def board_years(*, municipality: Municipality) -> list[int]:
    return sorted(set(published_budgets(municipality=municipality).values_list("fiscal_year", flat=True)))


def board_budget(*, municipality: Municipality, year: int) -> Budget | None:
    """The budget shown for a year: the 当初予算 when published, else the latest later phase."""
    candidates = list(published_budgets(municipality=municipality).filter(fiscal_year=year))
    candidates.sort(key=lambda b: (PHASE_PREFERENCE.index(Budget.Phase(b.phase)), -b.phase_number))
    return candidates[0] if candidates else None


def previous_budget(budget: Budget) -> Budget | None:
    return board_budget(municipality=budget.municipality, year=budget.fiscal_year - 1)


def line_at(*, budget: Budget, path: str) -> BudgetLine | None:
    return BudgetLine.objects.filter(budget=budget, path=path).first()


def children_of(*, budget: Budget, line: BudgetLine | None) -> list[BudgetLine]:
    return list(BudgetLine.objects.filter(budget=budget, parent=line).order_by("position"))


def ancestors_of(line: BudgetLine) -> list[BudgetLine]:
    paths = []
    parts = line.path.split("-")
    for i in range(1, len(parts)):
        paths.append("-".join(parts[:i]))
    found = {item.path: item for item in BudgetLine.objects.filter(budget_id=line.budget_id, path__in=paths)}
    return [found[p] for p in paths if p in found]


def matching_line(*, budget: Budget, key_path: str) -> BudgetLine | None:
    return BudgetLine.objects.filter(budget=budget, key_hash=key_hash(key_path)).first()


def compared_children(
    *, budget: Budget, line: BudgetLine | None, children: list[BudgetLine]
) -> list[Compared]:
    """Children against the previous year at the same place; the book's 前年度予算額 wins."""
    previous = previous_budget(budget)
    depth = line.depth if line else 0
    previous_figures: list[Figure] | None = None
    if previous is not None and previous.depth > depth:
        if line is None:
            previous_children = children_of(budget=previous, line=None)
        else:
            match = matching_line(budget=previous, key_path=line.key_path)
            previous_children = children_of(budget=previous, line=match) if match else []
        previous_figures = [Figure(c.name, c.amount, label=c.label) for c in previous_children]
    current = [
        Figure(c.name, c.amount, previous_amount=c.previous_amount, label=c.label, ref=c.path)
        for c in children
    ]
    return compare(current, previous_figures)


def line_previous_amount(*, budget: Budget, line: BudgetLine | None) -> int | None:
    if line is None:
        stated = [c.previous_amount for c in children_of(budget=budget, line=None)]
        if any(value is not None for value in stated):
            return sum(value or 0 for value in stated)
        previous = previous_budget(budget)
        return previous.total if previous else None
    if line.previous_amount is not None:
        return line.previous_amount
    previous = previous_budget(budget)
    match = matching_line(budget=previous, key_path=line.key_path) if previous else None
    return match.amount if match else None


def population_for(*, municipality: Municipality, year: int) -> Population | None:
    """The figure for the year, else the latest before it, else the earliest after it."""
    before = Population.objects.filter(municipality=municipality, year__lte=year).order_by("-year").first()
    return (
        before or Population.objects.filter(municipality=municipality, year__gt=year).order_by("year").first()
    )


def note_for(*, municipality: Municipality, key_path: str) -> str:
    note = LineNote.objects.filter(municipality=municipality, key_hash=key_hash(key_path)).first()
    return note.text if note else ""


def search_lines(*, budget: Budget, query: str, limit: int = 200) -> list[BudgetLine]:
    """Lines whose name holds every word of the query (names are stored NFKC, without spaces)."""
    words = [clean_name(word) for word in query.split()]
    words = [word for word in words if word]
    if not words:
        return []
    queryset = BudgetLine.objects.filter(budget=budget)
    for word in words:
        queryset = queryset.filter(name__icontains=word)
    return list(queryset.order_by("depth", "path")[:limit])


def all_lines(*, budget: Budget) -> list[BudgetLine]:
    return list(BudgetLine.objects.filter(budget=budget).order_by("depth", "position", "path"))


def staff_budgets(*, user: Any) -> QuerySet[Budget]:
    return Budget.objects.select_related("municipality").all()


def draft_comparison(*, draft: Budget) -> list[dict[str, Any]]:
    """What publishing a draft would change, by 款: the published amount, the draft's, the difference
    (new and removed 款 labelled)."""
    published = draft.draft_of
    if published is None:
        return []

    def kans(budget: Budget) -> list[Figure]:
        rows = BudgetLine.objects.filter(budget=budget, depth=1).order_by("position")
        return [Figure(line.name, line.amount, label=line.label) for line in rows]

    current = kans(draft)
    compared = compare(current, kans(published))
    return [
        {"name": item.name, "published": item.previous_amount, "draft": item.amount if item.status.value != "廃止" else None,
         "change": item.change, "status": item.status.value}
        for item in compared
    ]  # fmt: skip
