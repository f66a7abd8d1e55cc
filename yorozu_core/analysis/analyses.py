# ruff: noqa: S608 - SQL is assembled from column keys (c0, c1 …) and constants; user values are bound parameters.
"""単純集計, クロス集計, 時系列 and the column profile, each as one or two DuckDB queries on a ``Table``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from yorozu_core.analysis.columns import CATEGORICAL, NO_ANSWER, ColumnSpec, Kind
from yorozu_core.analysis.engine import (
    Filter,
    Table,
    clean_sql,
    datetime_sql,
    drop_empty,
    number_sql,
    ordered_labels,
    values_sql,
    where_sql,
)
from yorozu_core.analysis.errors import DatasetError
from yorozu_core.analysis.reading import ROW_COLUMN
from yorozu_core.analysis.stats import ChiSquare, chi_square, percent


@dataclass(frozen=True)
class FrequencyItem:
    value: str
    count: int
    percent: float


@dataclass(frozen=True)
class Frequencies:
    column: str
    kind: Kind
    total: int  # rows in the (filtered) data
    base: int  # 回答者数: rows with an answer
    mentions: int  # 回答数: answers counted (more than base for a multi-select)
    no_answer: int
    items: tuple[FrequencyItem, ...]
    mean: float | None = None
    scale_note: str = ""

    @property
    def base_label(self) -> str:
        return "回答者数" if self.kind != Kind.MULTI else "回答者数（複数回答のため％の合計は100を超えます）"

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "base": self.base,
            "base_label": "回答者数",
            "mentions": self.mentions,
            "no_answer": self.no_answer,
            "total": self.total,
            "items": [{"value": i.value, "count": i.count, "percent": i.percent} for i in self.items],
            "mean": self.mean,
            "scale": self.scale_note,
        }


def frequencies(table: Table, spec: ColumnSpec, filters: Sequence[Filter] = ()) -> Frequencies:
    sql, is_list = values_sql(spec)
    where, params = where_sql(filters)
    needed = [spec, *(f.spec for f in filters)]
    with table.connect(needed) as connection:
        inner = (
            f"SELECT UNNEST({sql}) AS v FROM base{where}"
            if is_list
            else f"SELECT {sql} AS v FROM base{where}"
        )
        rows = connection.execute(f"SELECT v, count(*) FROM ({inner}) GROUP BY v", params).fetchall()
        total_row = connection.execute(f"SELECT count(*) FROM base{where}", params).fetchone()
    counts: dict[str | None, int] = drop_empty({v: int(n) for v, n in rows})
    total = int(total_row[0]) if total_row else 0
    no_answer = counts.get(None, 0)
    base = total - no_answer
    items = tuple(
        FrequencyItem(value=str(v), count=counts[v], percent=percent(counts[v], base))
        for v in ordered_labels(spec, counts)
        if v is not None
    )
    mean, note = _scale_mean(spec, items)
    return Frequencies(
        column=spec.name, kind=spec.kind, total=total, base=base, no_answer=no_answer,
        mentions=sum(i.count for i in items), items=items, mean=mean, scale_note=note,
    )  # fmt: skip


def _scale_mean(spec: ColumnSpec, items: Sequence[FrequencyItem]) -> tuple[float | None, str]:
    """Mean of an ordinal scale scored n (most positive) … 1; answers outside the scale are left out."""
    if spec.kind != Kind.ORDINAL or not spec.order:
        return None, ""
    size = len(spec.order)
    scores = {label: size - index for index, label in enumerate(spec.order)}
    scored = [(scores[i.value], i.count) for i in items if i.value in scores]
    answered = sum(n for _, n in scored)
    note = f"{size}＝{spec.order[0]} … 1＝{spec.order[-1]}"
    return (round(sum(s * n for s, n in scored) / answered, 2) if answered else None), note


@dataclass(frozen=True)
class Crosstab:
    row_column: str
    column_column: str
    rows: tuple[str, ...]  # labels; 無回答 last
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    test: ChiSquare | None

    @property
    def row_totals(self) -> list[int]:
        return [sum(r) for r in self.counts]

    @property
    def column_totals(self) -> list[int]:
        return [sum(r[j] for r in self.counts) for j in range(len(self.columns))]

    @property
    def total(self) -> int:
        return sum(self.row_totals)

    def row_percent(self) -> list[list[float]]:
        return [[percent(n, sum(r)) for n in r] for r in self.counts]

    def column_percent(self) -> list[list[float]]:
        totals = self.column_totals
        return [[percent(n, totals[j]) for j, n in enumerate(r)] for r in self.counts]

    def as_json(self) -> dict[str, Any]:
        return {
            "row_column": self.row_column,
            "column_column": self.column_column,
            "rows": list(self.rows),
            "columns": list(self.columns),
            "counts": [list(r) for r in self.counts],
            "chi2": self.test.statistic if self.test else None,
            "dof": self.test.dof if self.test else None,
            "p": self.test.p if self.test else None,
            "warning": self.test.warning if self.test else "",
            "test_excludes": NO_ANSWER,
        }


def crosstab(table: Table, row: ColumnSpec, column: ColumnSpec, filters: Sequence[Filter] = ()) -> Crosstab:
    """Counts of every (row answer, column answer) pair; a multi-select contributes one pair per option.
    The chi-square test leaves out 無回答 rows and columns."""
    row_sql, row_list = values_sql(row)
    column_sql, column_list = values_sql(column)
    where, params = where_sql(filters)
    inner = f"SELECT {'UNNEST(' + row_sql + ')' if row_list else row_sql} AS r, {column_sql} AS c FROM base{where}"
    query = f"SELECT r, {'UNNEST(c)' if column_list else 'c'} AS c FROM ({inner})"
    with table.connect([row, column, *(f.spec for f in filters)]) as connection:
        found = connection.execute(f"SELECT r, c, count(*) FROM ({query}) GROUP BY r, c", params).fetchall()
    cells = drop_empty({(r, c): int(n) for r, c, n in found})
    row_labels = ordered_labels(row, _margin(cells, 0))
    column_labels = ordered_labels(column, _margin(cells, 1))
    counts = tuple(tuple(cells.get((r, c), 0) for c in column_labels) for r in row_labels)
    answered = [
        [cells.get((r, c), 0) for c in column_labels if c is not None] for r in row_labels if r is not None
    ]
    return Crosstab(
        row_column=row.name, column_column=column.name,
        rows=tuple(_label(r) for r in row_labels), columns=tuple(_label(c) for c in column_labels),
        counts=counts, test=chi_square(answered),
    )  # fmt: skip


def _margin(cells: dict[tuple[Any, Any], int], axis: int) -> dict[str | None, int]:
    margin: dict[str | None, int] = {}
    for key, n in cells.items():
        margin[key[axis]] = margin.get(key[axis], 0) + n
    return margin


def _label(value: str | None) -> str:
    return NO_ANSWER if value is None else value


TIME_UNITS = {"hour": "時間", "day": "日", "week": "週"}


@dataclass(frozen=True)
class TimeSeries:
    column: str
    unit: str
    compare: str  # "", "day" (hours of each day side by side), "year", or a column name
    buckets: tuple[str, ...]
    series: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[bucket][series]
    unparsed: int


def timeseries(
    table: Table, spec: ColumnSpec, *, unit: str = "hour", compare: str = "", split: ColumnSpec | None = None,
    filters: Sequence[Filter] = (),
) -> TimeSeries:  # fmt: skip
    """Counts per hour/day/week; ``compare="day"`` puts each day's hours side by side (two event days),
    ``compare="year"`` each year's dates, ``split`` one series per answer of another column."""
    if unit not in TIME_UNITS:
        raise DatasetError("集計の単位は hour・day・week のどれかです。")
    moment = datetime_sql(clean_sql(spec.key))
    bucket, series = _time_expressions(moment, unit, compare)
    needed = [spec, *(f.spec for f in filters)]
    if split is not None:
        series, _ = values_sql(split)
        needed.append(split)
    where, params = where_sql(filters)
    with table.connect(needed) as connection:
        rows = connection.execute(
            f"SELECT {bucket} AS b, {series} AS s, count(*) FROM base{where}"
            f"{' AND' if where else ' WHERE'} {moment} IS NOT NULL GROUP BY b, s ORDER BY b",
            params,
        ).fetchall()
        missing = connection.execute(
            f"SELECT count(*) FROM base{where}{' AND' if where else ' WHERE'} {moment} IS NULL", params
        ).fetchone()
    cells = {(str(b), _label(s)): int(n) for b, s, n in rows}
    buckets = sorted({b for b, _ in cells})
    series_labels = sorted({s for _, s in cells}, key=lambda s: (s == NO_ANSWER, s))
    return TimeSeries(
        column=spec.name, unit=unit, compare=split.name if split else compare, buckets=tuple(buckets),
        series=tuple(series_labels), unparsed=int(missing[0]) if missing else 0,
        counts=tuple(tuple(cells.get((b, s), 0) for s in series_labels) for b in buckets),
    )  # fmt: skip


def _time_expressions(moment: str, unit: str, compare: str) -> tuple[str, str]:
    formats = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "week": "%Y-%m-%d週"}
    truncated = f"date_trunc('{unit}', {moment})"
    if compare == "day":
        return f"strftime({moment}, '%H:00')", f"strftime({moment}, '%Y-%m-%d')"
    if compare == "year":
        within = {"hour": "%m-%d %H:00", "day": "%m-%d", "week": "第%V週"}[unit]
        return f"strftime({truncated}, '{within}')", f"strftime({moment}, '%Y年')"
    return f"strftime({truncated}, '{formats[unit]}')", "'件数'"


@dataclass(frozen=True)
class ColumnProfile:
    spec: ColumnSpec
    count: int
    missing: int
    distinct: int
    top: tuple[tuple[str, int], ...] = ()
    minimum: str = ""
    median: str = ""
    maximum: str = ""
    histogram: tuple[tuple[str, int], ...] = ()


def profile(table: Table, specs: Sequence[ColumnSpec]) -> list[ColumnProfile]:
    with table.connect([s for s in specs if not s.is_group]) as connection:
        total_row = connection.execute("SELECT count(*) FROM base").fetchone()
        total = int(total_row[0]) if total_row else 0
        return [_profile_column(connection, spec, total) for spec in specs]


def _profile_column(connection: Any, spec: ColumnSpec, total: int) -> ColumnProfile:
    sql, is_list = values_sql(spec)
    answered = f"({sql})[1] IS NOT NULL" if is_list else f"({sql}) IS NOT NULL"
    row = connection.execute(
        f"SELECT count(*) FILTER ({answered}), count(DISTINCT {clean_sql(spec.key) if not spec.is_group else sql}) FROM base"
    ).fetchone()
    count, distinct = int(row[0]), int(row[1])
    result = ColumnProfile(spec=spec, count=count, missing=total - count, distinct=distinct)
    if spec.kind in (Kind.NUMBER, Kind.DATETIME):
        return _with_range(connection, result)
    values = f"UNNEST({sql})" if is_list else sql
    top = connection.execute(
        f"SELECT v, count(*) AS n FROM (SELECT {values} AS v FROM base) WHERE v IS NOT NULL AND v <> ''"
        f" GROUP BY v ORDER BY n DESC, v LIMIT {8 if spec.kind in CATEGORICAL else 5}"
    ).fetchall()
    pairs = tuple((str(v), int(n)) for v, n in top)
    if spec.order:
        rank = {v: i for i, v in enumerate(spec.order)}
        pairs = tuple(sorted(pairs, key=lambda p: rank.get(p[0], len(rank))))
    return ColumnProfile(**{**result.__dict__, "top": pairs})


def _with_range(connection: Any, result: ColumnProfile) -> ColumnProfile:
    key = clean_sql(result.spec.key)
    value = number_sql(key) if result.spec.kind == Kind.NUMBER else datetime_sql(key)
    row = connection.execute(
        f"SELECT min({value}), quantile_disc({value}, 0.5), max({value}) FROM base"
    ).fetchone()
    minimum, median, maximum = (_plain(v) for v in row)
    histogram: tuple[tuple[str, int], ...] = ()
    if result.spec.kind == Kind.NUMBER and row[0] is not None and row[2] is not None and row[2] > row[0]:
        width = (row[2] - row[0]) / 10
        bins = connection.execute(
            f"SELECT least(floor(({value} - ?) / ?), 9)::INT AS b, count(*) FROM base"
            f" WHERE {value} IS NOT NULL GROUP BY b ORDER BY b",
            [row[0], width],
        ).fetchall()
        histogram = tuple((_plain(row[0] + b * width), int(n)) for b, n in bins)
    elif result.spec.kind == Kind.DATETIME:
        days = connection.execute(
            f"SELECT strftime(date_trunc('day', {value}), '%Y-%m-%d') AS d, count(*) FROM base"
            f" WHERE {value} IS NOT NULL GROUP BY d ORDER BY d LIMIT 60"
        ).fetchall()
        histogram = tuple((str(d), int(n)) for d, n in days)
    return ColumnProfile(**{**result.__dict__, "minimum": minimum, "median": median, "maximum": maximum,
                            "histogram": histogram})  # fmt: skip


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


def text_answers(
    table: Table, spec: ColumnSpec, filters: Sequence[Filter] = (), *, segment: ColumnSpec | None = None
) -> list[tuple[int, str, str]]:
    """(row number, answer, segment label) of every non-empty answer, in file order."""
    where, params = where_sql(filters)
    segment_sql = values_sql(segment)[0] if segment is not None else "NULL"
    if segment is not None and values_sql(segment)[1]:
        segment_sql = f"({segment_sql})[1]"
    condition = f"{' AND' if where else ' WHERE'} {clean_sql(spec.key)} IS NOT NULL"
    needed = [spec, *(f.spec for f in filters), *([segment] if segment else [])]
    with table.connect(needed) as connection:
        rows = connection.execute(
            f"SELECT {ROW_COLUMN}, {spec.key}, {segment_sql} FROM base{where}{condition} ORDER BY {ROW_COLUMN}",
            params,
        ).fetchall()
    return [(int(r), str(text), _label(s)) for r, text, s in rows]


def row_values(table: Table, row_number: int, keys: Sequence[str]) -> list[str | None] | None:
    """One row of the file (by its row number in the original file), or None."""
    columns = ", ".join(keys) if keys else "1"
    with table.connect() as connection:
        found = connection.execute(
            f"SELECT {columns} FROM base WHERE {ROW_COLUMN} = ?", [row_number]
        ).fetchone()
    return None if found is None else [None if v is None else str(v) for v in found]
