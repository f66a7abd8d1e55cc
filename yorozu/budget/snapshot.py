"""The board's per-process cache: every published budget of a municipality loaded once.

``Municipality.board_stamp`` is a random token that every write the board shows replaces (import,
publish/unpublish, 説明文, population, via :func:`bump` and the signals below). A page reads the
municipality row (one query) and reuses the :class:`BoardData` built for that stamp; another
process sees the new stamp on its next request and rebuilds (docs/adr/0204-budget-board-snapshot.md).
"""

from __future__ import annotations

import threading
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from yorozu_core.budget.snapshot import BoardData, BookData, ExplanationData, LineData, PopulationData

from .models import Budget, BudgetLine, Explanation, LineNote, Municipality, Population, new_board_stamp

_lock = threading.Lock()
_cache: dict[int, BoardData] = {}
_building: dict[int, threading.Lock] = {}


def bump(municipality_id: int) -> None:
    """Invalidate the board of a municipality in every process (inside the writer's transaction)."""
    Municipality.objects.filter(pk=municipality_id).update(board_stamp=new_board_stamp())


def clear() -> None:
    with _lock:
        _cache.clear()


def board_data(municipality: Municipality) -> BoardData:
    """The structure for the municipality's current stamp: cached, else built (5 queries)."""
    stamp = municipality.board_stamp
    found = _cache.get(municipality.pk)
    if found is not None and found.stamp == stamp:
        return found
    with _lock:
        building = _building.setdefault(municipality.pk, threading.Lock())
    with building:  # one build per process and municipality, however many threads ask at once
        found = _cache.get(municipality.pk)
        if found is not None and found.stamp == stamp:
            return found
        data = load(municipality.pk, stamp)
        with _lock:
            _cache[municipality.pk] = data
        return data


def load(municipality_id: int, stamp: str) -> BoardData:
    budgets = list(
        Budget.objects.filter(municipality_id=municipality_id, is_published=True).values_list(
            "id", "fiscal_year", "account", "side", "phase", "phase_number", "source_name", "source_unit",
            "source_format", "derived_note", "total", "depth",
        )
    )  # fmt: skip
    books = {row[0]: BookData(*row) for row in budgets}
    explanations: dict[int, list[ExplanationData]] = {}
    for line_id, level, text, amount in (
        Explanation.objects.filter(line__budget_id__in=books)
        .order_by("line_id", "position")
        .values_list("line_id", "level", "text", "amount")
        .iterator(chunk_size=5000)
    ):
        explanations.setdefault(line_id, []).append(ExplanationData(level, text, amount))
    lines: dict[int, list[LineData]] = {book_id: [] for book_id in books}
    for row in (
        BudgetLine.objects.filter(budget_id__in=books)
        .order_by("budget_id", "depth", "position")
        .values_list(
            "budget_id", "id", "parent_id", "depth", "position", "path", "key_path", "key_hash", "label",
            "code", "name", "amount", "previous_amount",
        )
        .iterator(chunk_size=5000)
    ):  # fmt: skip
        line = LineData(*row[1:])
        line.explanations = explanations.get(line.id, [])
        lines[row[0]].append(line)
    for book_id, book in books.items():
        book.add_lines(lines[book_id])
    notes = dict(LineNote.objects.filter(municipality_id=municipality_id).values_list("key_hash", "text"))
    populations = [
        PopulationData(*row)
        for row in Population.objects.filter(municipality_id=municipality_id).values_list(
            "year", "population", "source"
        )
    ]
    return BoardData(stamp=stamp, books=list(books.values()), notes=notes, populations=populations)


# Budgets, notes and populations saved anywhere (services, the admin) change the board.
@receiver([post_save, post_delete], sender=Budget, dispatch_uid="budget_board_stamp_budget")
@receiver([post_save, post_delete], sender=LineNote, dispatch_uid="budget_board_stamp_note")
@receiver([post_save, post_delete], sender=Population, dispatch_uid="budget_board_stamp_population")
def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump(instance.municipality_id)
