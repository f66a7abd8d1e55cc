"""Static export: every published year as plain files with relative links (works offline)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import get_template

from yorozu.common.exports import csv_bytes
from yorozu_core.budget import HOUSEHOLDS, format_yen, open_data, wareki_label
from yorozu_core.budget.snapshot import BoardData, BookData

from . import board, snapshot
from .api import budget_tree
from .models import Municipality


def export_static(directory: Path, *, municipality: Municipality | None = None) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    _copy_assets(directory)
    municipalities = [municipality] if municipality else list(Municipality.objects.all())
    counts = {"pages": 0, "years": 0}
    listing = []
    templates = {
        name: get_template(f"budget/{name}.html") for name in ("board_node", "board_search", "board_tax")
    }
    for item in municipalities:
        data = snapshot.board_data(item)
        years = data.years()
        for year in years:
            counts["years"] += 1
            for book in (b for b in data.books if b.fiscal_year == year):  # every 会計, side and phase
                counts["pages"] += _export_book(directory / item.code, item, data, book, templates)
            _export_open_data(directory / item.code / str(year) / "open-data", item, data, year)
        if years:
            listing.append((item, years))
            (directory / item.code / "index.html").write_text(
                _redirect(f"{years[-1]}/index.html"), encoding="utf-8"
            )
    (directory / "index.html").write_text(_index(listing), encoding="utf-8")
    return counts


def _export_open_data(folder: Path, municipality: Municipality, data: BoardData, year: int) -> None:
    rows = open_data.year_rows(data, municipality.code, municipality.name, year)
    _write(folder / "lines.csv", csv_bytes(open_data.HEADER, rows))
    descriptor = open_data.datapackage(
        code=municipality.code, name=municipality.name, year=year, csv_name="lines.csv"
    )
    _write(folder / "datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=1))


def _copy_assets(directory: Path) -> None:
    for name in board.ASSETS:
        found = finders.find(name)
        if found:
            target = directory / "static" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(str(found), target)


def _links(depth: int) -> board.Links:
    """``depth`` folders below the municipality folder (the page's own view segment is added by
    :func:`board.node_page`)."""
    return board.Links(root="../" * depth, site="../" * (depth + 1), static_site=True)


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _export_book(
    root: Path, municipality: Municipality, data: BoardData, book: BookData, templates: dict[str, Any]
) -> int:
    """One budget: <year>/ for the year's 一般会計 歳出, <year>/b/<会計>/<side>/<phase>/ for the others.
    Each page's context is built once and gives both its HTML and its CSV."""
    view = board.view_segment(data, book, quoted=False)
    extra = view.count("/")  # folders the view adds below the year
    base = root / str(book.fiscal_year) / view
    pages = 0
    for line in [None, *(line for line in book.lines if line.children)]:
        folder = base / "n" / line.path if line is not None else base
        links = _links((1 if line is None else 3) + extra)
        context = board.node_page(municipality=municipality, data=data, book=book, line=line, links=links)
        _write(folder / "index.html", templates["board_node"].render(context))
        _write(folder / "data.csv", csv_bytes(*board.csv_table(context["rows"])))
        pages += 1
    overview = board.node_page(
        municipality=municipality, data=data, book=book, line=None, links=_links(2 + extra)
    )
    lines = sorted(book.lines, key=lambda line: (line.depth, line.path))
    context = {
        **overview,
        "results": board.search_rows(book=book, lines=lines, links=overview["links"]),
        "query": "",
        "title": "項目をさがす",
    }
    _write(base / "search" / "index.html", templates["board_search"].render(context))
    _write(base / "budget.json", json.dumps(budget_tree(municipality, data, book), ensure_ascii=False))
    if view:
        return pages + 1
    context = {
        **overview,
        "title": "あなたの税金は1日いくら？",
        "quick": _quick_tables(municipality, book, overview["links"]),
    }
    _write(base / "tax" / "index.html", templates["board_tax"].render(context))
    return pages + 2


def _quick_tables(municipality: Municipality, book: BookData, links: board.Links) -> list[dict[str, object]]:
    tables = []
    for key, (label, _) in HOUSEHOLDS.items():
        results = [board.tax_rows(budget=book, salary=s, household_key=key, municipality=municipality, links=links)
                   for s in board.QUICK_SALARIES]  # fmt: skip
        tables.append({
            "household": label,
            "salaries": [format_yen(s) for s in board.QUICK_SALARIES],
            "taxes": [r["municipal"]["exact"] for r in results],
            "rows": [{"name": row["name"], "values": [r["rows"][i]["per_day"] for r in results]}
                     for i, row in enumerate(results[0]["rows"])],
        })  # fmt: skip
    return tables


def _redirect(target: str) -> str:
    return (
        f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>予算の見える化</title>'
        f'<meta http-equiv="refresh" content="0; url={target}"></head>'
        f'<body><p><a href="{target}">最新年度の予算へ</a></p></body></html>'
    )


def _index(listing: list[tuple[Municipality, list[int]]]) -> str:
    items = "".join(
        f"<li>{m.name}: "
        + "、".join(f'<a href="{m.code}/{y}/index.html">{wareki_label(y)}</a>' for y in years)
        + "</li>"
        for m, years in listing
    )
    return (
        '<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        'initial-scale=1"><title>予算の見える化</title><link rel="stylesheet" href="static/css/yorozu.css"></head>'
        f'<body><main id="main" class="site-main"><h1>予算の見える化</h1><ul>{items}</ul></main></body></html>'
    )
