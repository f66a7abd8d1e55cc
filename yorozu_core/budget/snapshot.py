"""The published budgets of one municipality as one in-memory structure (no database).

The public board, its API and the static export read every page from a :class:`BoardData`: the
Django side loads it once per municipality and version stamp (a handful of queries) and keeps it
per process; a page then needs no query beyond reading the stamp
(docs/adr/0204-budget-board-snapshot.md).
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .compare import Compared, Figure, compare
from .model import ACCOUNT_GENERAL, SIDE_EXPENDITURE, SIDE_REVENUE
from .search import matches, query_words, search_key

PHASE_ORDER = ("initial", "supplementary", "final", "settled")
PHASE_LABELS = {"initial": "当初予算", "supplementary": "補正予算", "final": "最終予算", "settled": "決算"}


def phase_label(phase: str, number: int = 0) -> str:
    if phase == "supplementary" and number:
        return f"補正予算（第{number}号）後"
    return PHASE_LABELS.get(phase, phase)


def phase_slug(phase: str, number: int = 0) -> str:
    """ "initial", "supplementary-2", …: the value of the board's phase selector."""
    return f"{phase}-{number}" if phase == "supplementary" and number else phase


def _phase_rank(phase: str, number: int) -> tuple[int, int]:
    return (PHASE_ORDER.index(phase) if phase in PHASE_ORDER else len(PHASE_ORDER), -number)


@dataclass(slots=True, eq=False)
class ExplanationData:
    level: int
    text: str
    amount: int | None


@dataclass(slots=True, eq=False)
class LineData:
    id: int
    parent_id: int | None
    depth: int
    position: int
    path: str
    key_path: str
    key_hash: str
    label: str
    code: str
    name: str
    amount: int
    previous_amount: int | None
    children: list[LineData] = field(default_factory=list)
    explanations: list[ExplanationData] = field(default_factory=list)

    @property
    def has_children(self) -> bool:
        return bool(self.children)


@dataclass(slots=True, eq=False)
class BookData:
    """One published budget: a fiscal year × 会計 × 歳入/歳出 × phase, with its lines."""

    id: int
    fiscal_year: int
    account: str
    side: str
    phase: str
    phase_number: int
    source_name: str
    source_unit: str
    source_format: str
    derived_note: str
    total: int
    depth: int
    lines: list[LineData] = field(default_factory=list)  # by depth, position
    roots: list[LineData] = field(default_factory=list)
    by_path: dict[str, LineData] = field(default_factory=dict)
    by_key: dict[str, LineData] = field(default_factory=dict)
    search_keys: list[str] = field(default_factory=list)  # aligned with lines, built on the first search

    @property
    def phase_label(self) -> str:
        return phase_label(self.phase, self.phase_number)

    @property
    def phase_slug(self) -> str:
        return phase_slug(self.phase, self.phase_number)

    @property
    def rank(self) -> tuple[int, int]:
        return _phase_rank(self.phase, self.phase_number)

    def add_lines(self, lines: Iterable[LineData]) -> None:
        by_id: dict[int, LineData] = {}
        for line in lines:
            by_id[line.id] = line
            self.lines.append(line)
            self.by_path[line.path] = line
            self.by_key.setdefault(line.key_path, line)
        for line in self.lines:
            parent = by_id.get(line.parent_id) if line.parent_id is not None else None
            (parent.children if parent is not None else self.roots).append(line)
        for line in self.lines:
            line.children.sort(key=lambda item: item.position)
        self.roots.sort(key=lambda item: item.position)

    def keys(self) -> list[str]:
        """Each line's search key (name, 説明, readings), computed once per structure."""
        if len(self.search_keys) != len(self.lines):
            self.search_keys = [
                search_key(line.name, [e.text for e in line.explanations]) for line in self.lines
            ]
        return self.search_keys

    def children(self, line: LineData | None) -> list[LineData]:
        return line.children if line is not None else self.roots

    def ancestors(self, line: LineData) -> list[LineData]:
        parts = line.path.split("-")
        found = (self.by_path.get("-".join(parts[:i])) for i in range(1, len(parts)))
        return [item for item in found if item is not None]

    def search(self, query: str, limit: int = 200) -> list[LineData]:
        """Lines whose name, 説明 or their readings hold every word of the query (yorozu_core.budget.search)."""
        words = query_words(query)
        if not words:
            return []
        found = [line for line, key in zip(self.lines, self.keys(), strict=True) if matches(key, words)]
        found.sort(key=lambda line: (line.depth, line.path))
        return found[:limit]


@dataclass(slots=True)
class PopulationData:
    year: int
    population: int
    source: str


@dataclass(slots=True, eq=False)
class BoardData:
    """Every published budget of one municipality, its populations and its 説明文 (by key hash)."""

    stamp: str
    books: list[BookData]
    notes: dict[str, str]
    populations: list[PopulationData]  # by year
    memo: dict[Hashable, Any] = field(default_factory=dict)  # derived values, per structure
    by_id: dict[int, BookData] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.populations.sort(key=lambda item: item.year)
        self.books.sort(key=lambda book: (book.fiscal_year, book.account, book.side, book.rank))
        self.by_id = {book.id: book for book in self.books}

    def accounts(self, year: int) -> list[tuple[str, str]]:
        """(会計, 歳入/歳出) published for a year: 一般会計 first, 歳出 before 歳入."""
        pairs = {(b.account, b.side) for b in self.books if b.fiscal_year == year}
        return sorted(pairs, key=lambda p: (p[0] != ACCOUNT_GENERAL, p[0], p[1] != SIDE_EXPENDITURE))

    def years(self, account: str = ACCOUNT_GENERAL, side: str = SIDE_EXPENDITURE) -> list[int]:
        return sorted({b.fiscal_year for b in self.books if b.account == account and b.side == side})

    def phases(
        self, year: int, account: str = ACCOUNT_GENERAL, side: str = SIDE_EXPENDITURE
    ) -> list[BookData]:
        """The published phases of a year, 当初 first (never added together)."""
        found = [b for b in self.books if b.fiscal_year == year and b.account == account and b.side == side]
        return sorted(found, key=lambda b: b.rank)

    def book(
        self,
        year: int,
        account: str = ACCOUNT_GENERAL,
        side: str = SIDE_EXPENDITURE,
        phase: str | None = None,
    ) -> BookData | None:
        """The budget shown: the phase asked for, else the 当初予算 when published, else the next phase."""
        found = self.phases(year, account, side)
        if phase:
            chosen = [b for b in found if b.phase_slug == phase]
            return chosen[0] if chosen else None
        return found[0] if found else None

    def previous(self, book: BookData) -> BookData | None:
        """What the board compares with: the previous year's budget of the same 会計, side and phase
        when published, else that year's shown budget."""
        year = book.fiscal_year - 1
        return self.book(year, book.account, book.side, book.phase_slug) or self.book(
            year, book.account, book.side
        )

    def is_default(self, book: BookData) -> bool:
        """The budget shown at a year's plain URL: 一般会計 歳出, 当初 when published."""
        return self.book(book.fiscal_year) is book

    def same_view(self, book: BookData, year: int) -> BookData | None:
        """The budget of another year in the same 会計 and side: the same phase when published."""
        return self.book(year, book.account, book.side, book.phase_slug) or self.book(
            year, book.account, book.side
        )

    def has_revenue(self, year: int, account: str = ACCOUNT_GENERAL) -> bool:
        return any(
            b.fiscal_year == year and b.account == account and b.side == SIDE_REVENUE for b in self.books
        )

    def population_for(self, year: int) -> PopulationData | None:
        """The figure for the year, else the latest before it, else the earliest after it."""
        if not self.populations:
            return None
        index = bisect.bisect_right([p.year for p in self.populations], year)
        return self.populations[index - 1] if index else self.populations[0]

    def note_for(self, line: LineData) -> str:
        return self.notes.get(line.key_hash, "")

    # ---- year over year -------------------------------------------------------------------------

    def compared_children(self, book: BookData, line: LineData | None) -> list[Compared]:
        """Children against the previous year at the same place; the book's 前年度予算額 wins."""
        previous = self.previous(book)
        depth = line.depth if line is not None else 0
        previous_figures: list[Figure] | None = None
        if previous is not None and previous.depth > depth:
            if line is None:
                previous_children = previous.roots
            else:
                match = previous.by_key.get(line.key_path)
                previous_children = match.children if match is not None else []
            previous_figures = [Figure(c.name, c.amount, label=c.label) for c in previous_children]
        current = [
            Figure(c.name, c.amount, previous_amount=c.previous_amount, label=c.label, ref=c.path)
            for c in book.children(line)
        ]
        return compare(current, previous_figures)

    def previous_amount(self, book: BookData, line: LineData | None) -> int | None:
        if line is None:
            stated = [c.previous_amount for c in book.roots]
            if any(value is not None for value in stated):
                return sum(value or 0 for value in stated)
            previous = self.previous(book)
            return previous.total if previous is not None else None
        if line.previous_amount is not None:
            return line.previous_amount
        previous = self.previous(book)
        match = previous.by_key.get(line.key_path) if previous is not None else None
        return match.amount if match is not None else None

    def same_node(self, line: LineData, other: BookData) -> LineData | None:
        """The line with the same names in another budget (another year, phase)."""
        return other.by_key.get(line.key_path)
