"""One open-data file per municipality and year: every published line, one stable schema.

The CSV has the columns of :data:`FIELDS` (documented in docs/budget.md, "Open data"), UTF-8 with
a BOM, amounts in integer yen; ``datapackage.json`` describes it as a Fiscal Data Package
(https://fiscal.datapackage.org/): a tabular data resource plus the ``model`` mapping of the
amount measure and the classification dimensions. Column names and meanings do not change; new
columns may only be added at the end.
"""

from __future__ import annotations

from typing import Any

from .snapshot import BoardData, BookData, LineData

SCHEMA_VERSION = "1.0"
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("municipality_code", "string", "全国地方公共団体コード（6桁）"),
    ("municipality_name", "string", "団体名"),
    ("fiscal_year", "integer", "年度（西暦の始まりの年。2026 = 令和8年度）"),
    ("account", "string", "会計（一般会計・特別会計の名称）"),
    ("side", "string", "歳入または歳出"),
    (
        "phase",
        "string",
        "予算の段階: initial（当初）, supplementary-N（補正第N号後）, final（最終）, settled（決算）",
    ),
    ("level", "string", "階層（款・項・目・節 など）"),
    ("path", "string", "木の中の位置（例 3-2-1: 第3款の第2項の第1目）。年度をまたいで同じとは限りません"),
    ("parent_path", "string", "親の位置（款は空）"),
    ("code", "string", "元データの番号（ない場合は空）"),
    ("name", "string", "名称"),
    ("amount", "integer", "金額（円）"),
    ("previous_amount", "integer", "元データに記載された前年度の金額（円。ない場合は空）"),
    ("source_unit", "string", "元データの単位（円・千円）"),
    ("derived_note", "string", "他の年度の資料から作った場合の注記"),
)
HEADER = [name for name, _, _ in FIELDS]


def _row(code: str, name: str, book: BookData, line: LineData) -> list[Any]:
    parent = line.path.rsplit("-", 1)[0] if "-" in line.path else ""
    return [code, name, book.fiscal_year, book.account, book.side, book.phase_slug, line.label, line.path, parent,
            line.code, line.name, line.amount, line.previous_amount, book.source_unit, book.derived_note]  # fmt: skip


def year_rows(data: BoardData, code: str, name: str, year: int) -> list[list[Any]]:
    """Every line of every published budget of the year, book by book, in tree order."""
    rows = []
    for book in (b for b in data.books if b.fiscal_year == year):
        for line in sorted(book.lines, key=lambda item: [int(p) for p in item.path.split("-")]):
            rows.append(_row(code, name, book, line))
    return rows


def datapackage(*, code: str, name: str, year: int, csv_name: str) -> dict[str, Any]:
    """A Fiscal Data Package descriptor for the year's CSV."""
    return {
        "profile": "fiscal-data-package",
        "name": f"budget-{code}-{year}",
        "title": f"{name} {year}年度 予算（公開中のすべての会計・段階）",
        "version": SCHEMA_VERSION,
        "countryCode": "JP",
        "regionCode": code,
        "fiscalPeriod": {"start": f"{year}-04-01", "end": f"{year + 1}-03-31"},
        "currency": "JPY",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {
                "name": "budget-lines",
                "path": csv_name,
                "format": "csv",
                "encoding": "utf-8-sig",
                "mediatype": "text/csv",
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [{"name": n, "type": t, "description": d} for n, t, d in FIELDS],
                    "missingValues": [""],
                },
            }
        ],  # fmt: skip
        "model": {
            "measures": {"amount": {"source": "amount", "currency": "JPY", "title": "金額（円）"}},
            "dimensions": {
                "fiscal_year": {
                    "attributes": {"year": {"source": "fiscal_year"}},
                    "primaryKey": "year",
                    "dimensionType": "datetime",
                },
                "account": {
                    "attributes": {"account": {"source": "account"}},
                    "primaryKey": "account",
                    "dimensionType": "classification",
                },
                "side": {
                    "attributes": {"side": {"source": "side"}},
                    "primaryKey": "side",
                    "dimensionType": "other",
                },
                "phase": {
                    "attributes": {"phase": {"source": "phase"}},
                    "primaryKey": "phase",
                    "dimensionType": "other",
                },
                "line": {
                    "attributes": {
                        "path": {"source": "path"},
                        "name": {"source": "name", "labelfor": "path"},
                        "parent": {"source": "parent_path", "parent": "path"},
                    },
                    "primaryKey": "path",
                    "dimensionType": "classification",
                },
            },
        },  # fmt: skip
    }
