# ruff: noqa: S608 - SQL is assembled from column keys (c0, c1 …) and constants; user values are bound parameters.
"""Every count is a DuckDB query on the dataset's Parquet file (decision record 0801).

Users never type SQL: the queries are assembled here from column specs (whose Parquet names are
``c0``, ``c1`` … and never user text) and every user value is a bound parameter."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from yorozu_core.analysis.columns import (
    NO_ANSWER,
    NO_ANSWER_VALUES,
    TRUTHY,
    ColumnSpec,
    Kind,
    TownList,
    ValueSample,
    age_label,
    age_sort_key,
)
from yorozu_core.analysis.errors import DatasetError

DATETIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)
MAPPED = frozenset({Kind.AGE, Kind.ADDRESS})


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _literal_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_literal(v) for v in values) + "]"


_MISSING = "(" + ", ".join(_literal(v) for v in NO_ANSWER_VALUES) + ")"


def clean_sql(column: str) -> str:
    """A column's answer with 無回答 and its variants as NULL."""
    return f"CASE WHEN {column} IN {_MISSING} THEN NULL ELSE {column} END"


def number_sql(column: str) -> str:
    return f"TRY_CAST(replace(replace({column}, ',', ''), '円', '') AS DOUBLE)"


def datetime_sql(column: str) -> str:
    """A timestamp from the formats the form tools and Excel write. Only values that start like a date
    (「2026/」「2026-」「2026年」) are parsed: TRY_STRPTIME with a list of formats costs ~20 µs per
    failing value, 20 s on a million rows."""
    formats = _literal_list(DATETIME_FORMATS)
    parsed = f"COALESCE(TRY_CAST({column} AS TIMESTAMP), TRY_STRPTIME({column}, {formats}))"
    looks_like_date = (
        f"({column})[5] IN ('-', '/', '年') AND TRY_CAST(({column})[1:4] AS INTEGER) IS NOT NULL"
    )
    return f"CASE WHEN {looks_like_date} THEN {parsed} END"


@dataclass(frozen=True)
class Filter:
    """Keep the rows whose ``spec`` answer is one of ``values`` (「無回答」 selects the unanswered)."""

    spec: ColumnSpec
    values: tuple[str, ...]


@dataclass
class Table:
    """A dataset version: its Parquet file and the specs that say how to read each column."""

    path: Path
    specs: Sequence[ColumnSpec]
    towns: TownList = field(default_factory=lambda: TownList(city=""))

    def spec(self, key: str) -> ColumnSpec:
        for spec in self.specs:
            if spec.key == key:
                return spec
        raise DatasetError(f"列「{key}」はこのデータにありません。")

    @contextmanager
    def connect(self, needed: Sequence[ColumnSpec] = ()) -> Iterator[duckdb.DuckDBPyConnection]:
        """An in-memory connection with ``base`` = the Parquet file plus the mapped columns (年代, 町丁目)."""
        connection = duckdb.connect()
        try:
            joins, extra = [], []
            source = f"read_parquet({_literal(str(self.path))})"
            for spec in {s.key: s for s in needed if s.kind in MAPPED and not s.is_group}.values():
                self._create_mapping(connection, spec)
                joins.append(f"LEFT JOIN map_{spec.key} ON d.{spec.key} = map_{spec.key}.value")
                extra.append(f", map_{spec.key}.label AS {spec.key}__m")
            connection.execute(
                f"CREATE TEMP VIEW base AS SELECT d.*{''.join(extra)} FROM {source} d {' '.join(joins)}"
            )
            yield connection
        finally:
            connection.close()

    def _create_mapping(self, connection: duckdb.DuckDBPyConnection, spec: ColumnSpec) -> None:
        source = f"read_parquet({_literal(str(self.path))})"
        values = [r[0] for r in connection.execute(f"SELECT DISTINCT {spec.key} FROM {source}").fetchall()]
        values = [v for v in values if v is not None]
        labels = [self._map_value(spec, v) for v in values]
        connection.execute(
            f"CREATE TEMP TABLE map_{spec.key} AS SELECT UNNEST(?::VARCHAR[]) AS value, UNNEST(?::VARCHAR[]) AS label",
            [values, labels],
        )

    def _map_value(self, spec: ColumnSpec, value: str) -> str | None:
        if value in NO_ANSWER_VALUES:
            return None
        if spec.kind == Kind.AGE:
            return age_label(value)
        return self.towns.place(value)


def values_sql(spec: ColumnSpec) -> tuple[str, bool]:
    """(SQL of the answer, whether it is a list): a list for multi-selects, else one value per row."""
    if spec.is_group:
        options = [
            f"CASE WHEN {key} IN {_tuple(TRUTHY)} OR {key} = {_literal(option)} THEN {_literal(option)} END"
            for key, option in zip(spec.members, spec.order, strict=True)
        ]
        chosen = f"list_filter([{', '.join(options)}], lambda x: x IS NOT NULL)"
        return f"CASE WHEN len({chosen}) = 0 THEN [NULL::VARCHAR] ELSE {chosen} END", True
    if spec.kind == Kind.MULTI and spec.separator:
        # Trimming each part costs a lambda per option; only columns written as 「A, B」 need it
        # (``padded``). Empty parts (「A,,B」) come out as '' and are dropped by ``drop_empty``.
        parts = f"string_split({spec.key}, {_literal(spec.separator)})"
        if spec.padded:
            parts = f"list_transform({parts}, lambda x: trim(x))"
        clean = clean_sql(spec.key)
        return f"CASE WHEN ({clean}) IS NULL THEN [NULL::VARCHAR] ELSE {parts} END", True
    if spec.kind in MAPPED:
        return f"{spec.key}__m", False
    return clean_sql(spec.key), False


def _tuple(values: Sequence[str]) -> str:
    return "(" + ", ".join(_literal(v) for v in values) + ")"


def drop_empty(counts: dict[Any, int]) -> dict[Any, int]:
    """Counts without the '' parts of a multi-select written with a doubled or trailing separator."""
    return {k: n for k, n in counts.items() if k != "" and not (isinstance(k, tuple) and "" in k)}


def padded_separator(path: Path, key: str, separator: str) -> bool:
    """Whether any answer has spaces around the separator (「SNS, チラシ」), so parts need trimming."""
    connection = duckdb.connect()
    try:
        found = connection.execute(
            f"SELECT count(*) FROM read_parquet(?) WHERE regexp_matches({key}, ?)",
            [str(path), f"\\s{re.escape(separator)}|{re.escape(separator)}\\s"],
        ).fetchone()
    finally:
        connection.close()
    return bool(found and found[0])


def where_sql(filters: Sequence[Filter]) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for item in filters:
        sql, is_list = values_sql(item.spec)
        wanted = [v for v in item.values if v != NO_ANSWER]
        parts = []
        if wanted:
            parts.append(
                f"list_has_any({sql}, ?::VARCHAR[])"
                if is_list
                else f"({sql}) IN (SELECT UNNEST(?::VARCHAR[]))"
            )
            params.append(wanted)
        if NO_ANSWER in item.values:
            parts.append(f"({sql})[1] IS NULL" if is_list else f"({sql}) IS NULL")
        clauses.append("(" + " OR ".join(parts or ["FALSE"]) + ")")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def ordered_labels(spec: ColumnSpec, counts: Mapping[str | None, int]) -> list[str | None]:
    """The answer labels in reading order: the scale/option order, else by count; 無回答 (None) last."""
    present: list[str] = [v for v in counts if v is not None]
    if spec.order:
        known = [v for v in spec.order if v in counts]
        rest = sorted((v for v in present if v not in spec.order), key=lambda v: (-counts[v], v))
        ordered = [*known, *rest]
    elif spec.kind == Kind.AGE:
        ordered = sorted(present, key=age_sort_key)
    elif spec.kind == Kind.NUMBER:
        ordered = sorted(present, key=_numeric_key)
    else:
        ordered = sorted(present, key=lambda v: (-counts[v], v))
    labels: list[str | None] = list(ordered)
    if None in counts:
        labels.append(None)
    return labels


def _numeric_key(value: str) -> tuple[float, str]:
    try:
        return (float(value.replace(",", "")), value)
    except ValueError:
        return (float("inf"), value)


SAMPLE_ROWS = 200_000


def sample_columns(path: Path, keys: Sequence[str], *, top: int = 200) -> dict[str, ValueSample]:
    """Counts that type detection needs, on every k-th row of a large file (the shares and frequent
    values of 200,000 rows spread over the file decide a type as well as a million do; a reservoir
    sample costs a full random pass, ~5 s on a million rows)."""
    source = f"read_parquet({_literal(str(path))})"
    connection = duckdb.connect()
    try:
        total_row = connection.execute(f"SELECT count(*) FROM {source}").fetchone()
        total = int(total_row[0]) if total_row else 0
        sampled = (
            f" USING SAMPLE reservoir({SAMPLE_ROWS} ROWS) REPEATABLE (42)" if total > SAMPLE_ROWS else ""
        )
        connection.execute(f"CREATE TEMP TABLE sample AS SELECT * FROM {source}{sampled}")
        return {key: _sample_column(connection, key, top) for key in keys}
    finally:
        connection.close()


def _sample_column(connection: duckdb.DuckDBPyConnection, key: str, top: int) -> ValueSample:
    clean = clean_sql(key)
    row = connection.execute(
        f"SELECT count({clean}), count(DISTINCT {clean}), avg(length({clean})),"
        f" count({number_sql(clean)}), count({datetime_sql(clean)}) FROM sample"
    ).fetchone()
    assert row is not None
    non_missing = int(row[0])
    rows = connection.execute(
        f"SELECT {key} AS v, count(*) AS n FROM sample WHERE {key} IS NOT NULL"
        f" GROUP BY v ORDER BY n DESC, v LIMIT {int(top)}"
    ).fetchall()
    return ValueSample(
        non_missing=non_missing,
        distinct=int(row[1]),
        top=tuple((str(v), int(n)) for v, n in rows),
        mean_length=float(row[2] or 0),
        numeric_share=(int(row[3]) / non_missing) if non_missing else 0.0,
        datetime_share=(int(row[4]) / non_missing) if non_missing else 0.0,
    )
