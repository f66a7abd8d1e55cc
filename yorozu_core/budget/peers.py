"""Per resident, beside other municipalities: one 款 (by name) divided by each one's population.

Each municipality contributes its 一般会計 歳出 of the year asked (else its nearest earlier year,
else its latest), with the population figure for that year (else the nearest earlier one; the
2020 census for municipalities created from it) — the years used are returned with the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from .compare import per_resident
from .snapshot import BoardData, BookData
from .text import match_key

SIMILAR_RATIO = 2.0  # 「同規模」: population between half and twice the city's


@dataclass(frozen=True, slots=True)
class PeerFigure:
    code: str
    name: str
    year: int | None
    amount: int | None
    population: int | None
    population_year: int | None
    per_resident: int | None
    is_self: bool


def _book_for(data: BoardData, year: int) -> BookData | None:
    years = data.years()
    if not years:
        return None
    earlier = [y for y in years if y <= year]
    return data.book(earlier[-1] if earlier else years[-1])


def kan_names(data: BoardData, year: int) -> list[str]:
    book = _book_for(data, year)
    return [kan.name for kan in book.roots] if book is not None else []


def peer_figure(
    code: str, name: str, data: BoardData, year: int, kan: str, *, is_self: bool = False
) -> PeerFigure:
    book = _book_for(data, year)
    if book is None:
        return PeerFigure(code, name, None, None, None, None, None, is_self)
    key = match_key(kan)
    found = next((k for k in book.roots if match_key(k.name) == key), None)
    population = data.population_for(book.fiscal_year)
    people = population.population if population else None
    amount = found.amount if found is not None else None
    return PeerFigure(
        code=code, name=name, year=book.fiscal_year, amount=amount, population=people,
        population_year=population.year if population else None,
        per_resident=per_resident(amount, people) if amount is not None else None, is_self=is_self,
    )  # fmt: skip


def similar(figures: list[PeerFigure], ratio: float = SIMILAR_RATIO) -> list[PeerFigure]:
    """The city and the municipalities whose population is within ``ratio`` of its own."""
    own = next((f for f in figures if f.is_self), None)
    if own is None or not own.population:
        return figures
    low, high = own.population / ratio, own.population * ratio
    return [f for f in figures if f.is_self or (f.population is not None and low <= f.population <= high)]
