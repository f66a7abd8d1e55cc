"""The public board's pages as plain context dicts, shared by the live views and the static export.

Every link comes from a :class:`Links`: absolute URLs when served by Django, relative paths
ending in ``index.html`` in the static export so that it works from any folder or file://.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from django.templatetags.static import static

from yorozu_core.budget import (
    ACCOUNT_GENERAL,
    HOUSEHOLDS,
    SIDE_EXPENDITURE,
    Compared,
    Status,
    estimate_resident_tax,
    format_change_percent,
    format_yen,
    format_yen_short,
    per_resident,
    per_resident_per_day,
    tax_per_day,
    wareki_label,
)
from yorozu_core.budget.execution import budget_and_settlement, execution_rows
from yorozu_core.budget.peers import peer_figure, similar
from yorozu_core.budget.search import fold, query_words, reading
from yorozu_core.budget.snapshot import BoardData, BookData, LineData
from yorozu_core.budget.trend import TrendPoint, match_line, series

from .models import Municipality

ASSETS = ("css/yorozu.css", "budget/budget.css", "budget/budget.js", "vendor/chartjs/chart.umd.min.js")


@dataclass(frozen=True)
class Links:
    """``root`` leads to the municipality's board: "/budget/222101/" live, "../../" static.

    ``view`` selects a budget other than the year's default (一般会計 歳出, 当初):
    "b/<会計>/<歳入|歳出>/<phase>/" (percent-encoded), see :func:`view_segment`."""

    root: str
    site: str = ""  # static: path to the export's top folder (for assets)
    static_site: bool = False
    view: str = ""

    def with_view(self, view: str) -> Links:
        return replace(self, view=view)

    def _page(self, path: str) -> str:
        return f"{self.root}{path}{'index.html' if self.static_site else ''}"

    def year(self, year: int) -> str:
        return self._page(f"{year}/{self.view}")

    def node(self, year: int, path: str | None) -> str:
        return self._page(f"{year}/{self.view}n/{path}/") if path else self.year(year)

    def csv(self, year: int, path: str | None) -> str:
        base = f"{self.root}{year}/{self.view}" + (f"n/{path}/" if path else "")
        return base + ("data.csv" if self.static_site else "csv/")

    def trend(self, year: int, path: str | None) -> str:
        return self._page(f"{year}/{self.view}trend/" + (f"n/{path}/" if path else ""))

    def trend_csv(self, year: int, path: str | None) -> str:
        return f"{self.root}{year}/{self.view}trend/" + (f"n/{path}/" if path else "") + "csv/"

    def phases(self, year: int, path: str | None) -> str:
        """予算 beside 決算: always from the year's plain URL (the page picks the phases itself)."""
        return self._page(f"{year}/phases/" + (f"n/{path}/" if path else ""))

    def open_data(self, year: int, name: str) -> str:
        """lines.csv or datapackage.json: the same file names live and in the static export."""
        return f"{self.root}{year}/open-data/{name}"

    def search(self, year: int) -> str:
        return self._page(f"{year}/{self.view}search/")

    def tax(self, year: int) -> str:
        """Always the year's 一般会計 歳出: the estimate spreads the tax over it."""
        return self._page(f"{year}/tax/")

    def asset(self, name: str) -> str:
        return f"{self.site}static/{name}" if self.static_site else static(name)


def view_segment(data: BoardData, book: BookData, *, quoted: bool = True) -> str:
    """ "" for the year's default budget, else "b/<会計>/<歳入|歳出>/<phase>/" (a folder in the export)."""
    if data.is_default(book):
        return ""
    parts = [book.account, book.side]
    return "b/" + "/".join(quote(p, safe="") if quoted else p for p in parts) + f"/{book.phase_slug}/"


def _money(amount: int | None) -> dict[str, Any]:
    if amount is None:
        return {"value": None, "exact": "—", "short": "—"}
    return {"value": amount, "exact": format_yen(amount), "short": format_yen_short(amount)}


def _row(item: Compared, total: int, links: Links, year: int, line: LineData | None) -> dict[str, Any]:
    return {
        "name": item.name,
        "label": item.label,
        "code": line.code if line else "",
        "href": links.node(year, item.ref) if item.ref and line is not None and line.children else "",
        "path": item.ref,
        "amount": _money(item.amount),
        "previous": _money(item.previous_amount),
        "change": _money(item.change),
        "change_percent": format_change_percent(item.amount, item.previous_amount),
        "share": f"{item.amount / total * 100:.1f}%" if total > 0 and item.amount > 0 else "—",
        "status": item.status.value,
        "status_class": {Status.NEW: "new", Status.DISCONTINUED: "gone"}.get(item.status, ""),
    }


def _years_nav(data: BoardData, book: BookData, line: LineData | None, links: Links) -> list[dict[str, Any]]:
    items = []
    for year in data.years(book.account, book.side):
        other = book if year == book.fiscal_year else data.same_view(book, year)
        if other is None:
            continue
        other_links = links.with_view(view_segment(data, other))
        href = other_links.year(year)
        if line is not None:
            match = line if other is book else data.same_node(line, other)
            href = other_links.node(year, match.path) if match is not None and match.children else href
        items.append(
            {"year": year, "label": wareki_label(year), "href": href, "current": year == book.fiscal_year}
        )
    return items


def _books_nav(data: BoardData, book: BookData, links: Links) -> list[dict[str, Any]]:
    """The 会計 × 歳入/歳出 published for the year (a selector only when there are several)."""
    year = book.fiscal_year
    items = []
    for account, side in data.accounts(year):
        other = data.book(year, account, side)
        assert other is not None
        current = (account, side) == (book.account, book.side)
        href = links.with_view(view_segment(data, other)).year(year)
        items.append({"label": f"{account} {side}", "href": href, "current": current})
    return items if len(items) > 1 else []


def _phases_nav(data: BoardData, book: BookData, links: Links) -> list[dict[str, Any]]:
    """The phases published for the year, 会計 and side: each shown on its own, never added together."""
    phases = data.phases(book.fiscal_year, book.account, book.side)
    if len(phases) < 2:
        return []
    return [
        {
            "label": other.phase_label,
            "href": links.with_view(view_segment(data, other)).year(book.fiscal_year),
            "current": other is book,
        }
        for other in phases
    ]


RESERVE_FUND = "予備費"


def _reserve_note(book: BookData) -> str:
    """A 歳出 without a 予備費 款 (富士市's 予算書 data has none): say that the total leaves it out."""
    if book.side != SIDE_EXPENDITURE or any(RESERVE_FUND in kan.name for kan in book.roots):
        return ""
    return "元データに予備費の行がないため、この合計は予備費を含みません。"


def node_page(
    *, municipality: Municipality, data: BoardData, book: BookData, line: LineData | None, links: Links
) -> dict[str, Any]:
    """The overview (``line`` None: the 款) or one node with its children, compared with last year.

    ``links`` are the municipality's; the page's own links add the budget's view segment."""
    year = book.fiscal_year
    links = links.with_view(view_segment(data, book))
    children = book.children(line)
    by_path = {child.path: child for child in children}
    compared = data.compared_children(book, line)
    amount = line.amount if line else book.total
    previous = data.previous_amount(book, line)
    rows = [_row(item, amount, links, year, by_path.get(item.ref)) for item in compared]
    population = data.population_for(year)
    people = population.population if population else None
    ancestors = book.ancestors(line) if line else []
    breadcrumb = [{"name": f"{book.side}全体", "href": links.year(year)}]
    breadcrumb += [{"name": a.name, "href": links.node(year, a.path)} for a in ancestors]
    chart = {
        "labels": [r["name"] for r in rows if r["amount"]["value"]],
        "values": [r["amount"]["value"] for r in rows if r["amount"]["value"]],
        "hrefs": [r["href"] for r in rows if r["amount"]["value"]],
        "previous": [r["previous"]["value"] for r in rows if r["amount"]["value"]],
        "year": wareki_label(year),
        "previousYear": wareki_label(year - 1),
    }
    return {
        "municipality": municipality,
        "budget": book,
        "year_label": wareki_label(year),
        "line": line,
        "title": line.name if line else f"{wareki_label(year)} {book.account} {book.side}",
        "level_label": (children[0].label if children else ""),
        "amount": _money(amount),
        "previous": _money(previous),
        "previous_year_label": wareki_label(year - 1),
        "previous_budget": data.previous(book),
        "previous_note": _previous_note(data, book, line),
        "change": _money(None if previous is None else amount - previous),
        "change_percent": format_change_percent(amount, previous),
        "per_resident": _money(per_resident(amount, people)),
        "per_resident_per_day": _money(per_resident_per_day(amount, people, year)),
        "population": population,
        "rows": rows,
        "chart": chart,
        "has_chart": len(chart["values"]) > 1,
        "breadcrumb": breadcrumb,
        "years": _years_nav(data, book, line, links),
        "books_nav": _books_nav(data, book, links),
        "phases_nav": _phases_nav(data, book, links),
        "overview_href": links.year(year),
        "is_expenditure": book.side == SIDE_EXPENDITURE,
        "reserve_note": _reserve_note(book) if line is None else "",
        "note": data.note_for(line) if line else municipality.intro,
        "explanations": line.explanations if line else [],
        "csv_href": links.csv(year, line.path if line else None),
        "trend_href": "" if links.static_site else links.trend(year, line.path if line else None),
        "execution_href": _execution_href(data, book, line, links),
        "search_href": links.search(year),
        "open_data_csv": links.open_data(year, "lines.csv"),
        "compare_href": ""
        if links.static_site or line is None or line.depth != 1 or not _is_general(book)
        else f"{links.root}{year}/compare/?kan={quote(line.name)}",
        "open_data_package": links.open_data(year, "datapackage.json"),
        "tax_href": links.tax(year),
        "links": links,
        "assets": {name.split("/")[-1].replace(".", "_"): links.asset(name) for name in ASSETS},
        "static_site": links.static_site,
    }


def csv_filename(
    municipality_name: str, data: BoardData, book: BookData, line: LineData | None, what: str = ""
) -> str:
    """「富士市_令和8年度_一般会計_歳出_民生費.csv」: each part once (the year is never repeated)."""
    parts = [municipality_name, wareki_label(book.fiscal_year), book.account, book.side]
    if not data.is_default(book) and book.phase != "initial":
        parts.append(book.phase_label)
    if line is not None:
        parts.append(line.name)
    if what:
        parts.append(what)
    return "_".join(p.replace("/", "_") for p in parts if p) + ".csv"


def csv_table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    header = [
        "階層",
        "番号",
        "名称",
        "予算額（円）",
        "前年度予算額（円）",
        "増減額（円）",
        "増減率",
        "構成比",
        "区分",
    ]
    body = [
        [r["label"], r["code"], r["name"], r["amount"]["value"], r["previous"]["value"], r["change"]["value"],
         r["change_percent"], r["share"], r["status"]]
        for r in rows
    ]  # fmt: skip
    return header, body


def _matched_explanations(line: LineData, query: str) -> list[str]:
    """The 説明 lines that hold a word of the query (shown under the result, so a match is explained)."""
    words = query_words(query)
    return [
        e.text
        for e in line.explanations
        if words and any(w in fold(e.text) or w in reading(e.text) for w in words)
    ][:3]


def search_rows(
    *, book: BookData, lines: list[LineData], links: Links, query: str = ""
) -> list[dict[str, Any]]:
    result = []
    keys = dict(zip((line.id for line in book.lines), book.keys(), strict=True)) if not query else {}
    for line in lines:
        trail = [a.name for a in book.ancestors(line)]
        target = line.path if line.children else (line.path.rsplit("-", 1)[0] if "-" in line.path else None)
        result.append({
            "name": line.name, "label": line.label, "code": line.code, "trail": " > ".join(t for t in trail if t),
            "href": links.node(book.fiscal_year, target), "amount": _money(line.amount),
            "previous": _money(line.previous_amount), "path": line.path,
            "explained": _matched_explanations(line, query) if query else [],
            "search_key": keys.get(line.id, ""),
        })  # fmt: skip
    return result


def tax_rows(
    *, budget: BookData, salary: int, household_key: str, municipality: Municipality, links: Links
) -> dict[str, Any]:
    label, household = HOUSEHOLDS[household_key]
    estimate = estimate_resident_tax(
        salary=salary,
        household=household,
        fiscal_year=budget.fiscal_year,
        designated_city=municipality.designated_city,
    )
    kans = budget.roots
    shares = tax_per_day(estimate.municipal, [(k.name, k.path, k.amount) for k in kans], budget.fiscal_year)
    return {
        "salary": salary,
        "household_key": household_key,
        "household_label": label,
        "estimate": estimate,
        "municipal": _money(estimate.municipal),
        "municipal_per_day": f"{estimate.municipal / 365:,.1f}円" if estimate.municipal else "0円",
        "rows": [
            {
                "name": s.name,
                "href": links.node(budget.fiscal_year, s.ref),
                "per_day": f"{s.yen_per_day:,.2f}円",
                "per_year": _money(s.yen_per_year),
                "share": f"{s.share * 100:.1f}%",
                "value_per_day": round(s.yen_per_day, 2),
            }
            for s in shares
        ],  # fmt: skip
    }


QUICK_SALARIES = (3_000_000, 4_000_000, 5_000_000, 7_000_000, 10_000_000)


TREND_CHART_SERIES = 8  # more lines than this make an unreadable chart; the table holds every line


def _trend_cells(points: list[TrendPoint], years: list[int]) -> list[dict[str, Any]]:
    by_year = {p.year: p for p in points}
    cells = []
    for year in years:
        point = by_year.get(year)
        cells.append({**_money(point.amount if point else None), "note": point.note if point else "",
                      "mark": bool(point and point.note), "label": wareki_label(year)})  # fmt: skip
    return cells


def trend_page(*, data: BoardData, book: BookData, line: LineData | None, links: Links) -> dict[str, Any]:
    """The line (or the total) over every published year, and each of its children likewise."""
    links = links.with_view(view_segment(data, book))
    own = series(data, book, line)
    years = [p.year for p in own]
    rows = []
    previous: int | None = None
    for point in own:
        change = None if point.amount is None or previous is None else point.amount - previous
        rows.append({"year": point.year, "label": wareki_label(point.year), "amount": _money(point.amount),
                     "change": _money(change), "change_percent": format_change_percent(point.amount, previous)
                     if point.amount is not None else "—", "name": point.name,
                     "note": "。".join(n for n in (point.year_note, point.note) if n), "phase": point.phase_label})  # fmt: skip
        previous = point.amount
    children = []
    for child in book.children(line):
        points = series(data, book, child)
        children.append({"name": child.name, "code": child.code, "amount": child.amount,
                         "href": links.trend(book.fiscal_year, child.path) if child.children else "",
                         "cells": _trend_cells(points, years), "values": [p.amount for p in points]})  # fmt: skip
    charted = sorted(children, key=lambda c: -c["amount"])[:TREND_CHART_SERIES] if children else []
    chart = {
        "labels": [wareki_label(y) for y in years],
        "series": [{"label": c["name"], "values": c["values"]} for c in charted]
        or [{"label": line.name if line else f"{book.side}合計", "values": [p.amount for p in own]}],
    }
    name = line.name if line else f"{book.account} {book.side}"
    return {
        "title": f"{name}の推移",
        "trend_rows": rows,
        "trend_children": children,
        "trend_years": [wareki_label(y) for y in years],
        "trend_chart": chart,
        "has_trend_chart": len(years) > 1,
        "charted_count": len(charted),
        "trend_csv_href": links.trend_csv(book.fiscal_year, line.path if line else None),
        "back_href": links.node(book.fiscal_year, line.path if line else None),
    }


def trend_csv_table(context: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = ["年度", "名称", "金額（円）", "前年度からの増減（円）", "段階", "注記"]
    body = [[r["year"], r["name"], r["amount"]["value"], r["change"]["value"], r["phase"], r["note"]]
            for r in context["trend_rows"]]  # fmt: skip
    for child in context["trend_children"]:
        body.extend([[r["year"], child["name"], cell["value"], None, r["phase"], cell["note"]]
                     for r, cell in zip(context["trend_rows"], child["cells"], strict=True)])  # fmt: skip
    return header, body


def _execution_href(data: BoardData, book: BookData, line: LineData | None, links: Links) -> str:
    if links.static_site or book.account != ACCOUNT_GENERAL or book.side != SIDE_EXPENDITURE:
        return ""
    pair = budget_and_settlement(data, book.fiscal_year, book.account, book.side)
    if pair is None:
        return ""
    match = match_line(data, book, line, pair[0])[0] if line is not None else None
    return links.phases(book.fiscal_year, match.path if match is not None else None)


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def execution_page(
    *, data: BoardData, year: int, line_path: str | None, links: Links
) -> dict[str, Any] | None:
    """予算 (its phase named) beside 決算 (支出済額) and 執行率 for the 一般会計 歳出 of a year."""
    pair = budget_and_settlement(data, year, ACCOUNT_GENERAL, SIDE_EXPENDITURE)
    if pair is None:
        return None
    budget, settled = pair
    line = budget.by_path.get(line_path) if line_path else None
    if line_path and line is None:
        return None
    rows = [
        {"name": r.name, "code": r.code, "budget": _money(r.budget), "settled": _money(r.settled), "rate": _rate(r.rate),
         "href": links.phases(year, r.path) if r.has_children and r.path else ""}
        for r in execution_rows(data, budget, settled, line)
    ]  # fmt: skip
    settled_line = match_line(data, budget, line, settled)[0] if line is not None else None
    total_budget = line.amount if line else budget.total
    total_settled = settled_line.amount if settled_line else (settled.total if line is None else None)
    budget_label = "予算現額（最終予算）" if budget.phase == "final" else f"予算額（{budget.phase_label}）"
    return {
        "title": f"{line.name if line else wareki_label(year) + ' 一般会計 歳出'}の予算と決算",
        "execution_rows": rows,
        "execution_line": line,
        "budget_label": budget_label,
        "budget_phase": budget.phase_label,
        "settled_phase": settled.phase_label,
        "execution_total": {"budget": _money(total_budget), "settled": _money(total_settled),
                            "rate": _rate(total_settled / total_budget if total_settled is not None and total_budget else None)},
        "execution_crumbs": [{"name": a.name, "href": links.phases(year, a.path)} for a in budget.ancestors(line)]
        if line else [],
        "execution_root_href": links.phases(year, None),
        "execution_csv_href": links.phases(year, line.path if line else None) + "?format=csv",
    }  # fmt: skip


COMPARE_GROUPS = {
    "all": "ボードにあるすべての団体",
    "similar": "人口が半分〜2倍の団体（同規模）",
    "chosen": "選んだ団体",
}


def compare_page(
    *, municipality: Municipality, year: int, kan: str, group: str, chosen: list[str],
    boards: list[tuple[Municipality, BoardData]], links: Links,
) -> dict[str, Any]:  # fmt: skip
    """One 款 per resident for the city and the municipalities of the comparison group."""
    figures = [
        peer_figure(m.code, m.name, data, year, kan, is_self=m.pk == municipality.pk) for m, data in boards
    ]
    if group == "similar":
        figures = similar(figures)
    elif group == "chosen":
        figures = [f for f in figures if f.is_self or f.code in chosen]
    figures.sort(key=lambda f: (f.per_resident is None, -(f.per_resident or 0)))
    rows = [{"code": f.code, "name": f.name, "year": wareki_label(f.year) if f.year else "—", "amount": _money(f.amount),
             "population": f"{f.population:,}人" if f.population else "—", "population_year": f.population_year,
             "per_resident": _money(f.per_resident), "is_self": f.is_self,
             "href": links.root.replace(f"/{municipality.code}/", f"/{f.code}/")} for f in figures]  # fmt: skip
    charted = [f for f in figures if f.per_resident is not None]
    chart = {"labels": [f.name for f in charted], "values": [f.per_resident for f in charted],
             "previous": [None for _ in charted], "year": f"{kan}（住民1人あたり）", "previousYear": ""}  # fmt: skip
    return {"compare_rows": rows, "compare_kan": kan, "compare_group": group, "compare_groups": COMPARE_GROUPS,
            "compare_chart": chart, "has_compare_chart": len(charted) > 1, "compare_chosen": chosen,
            "title": f"{kan}の住民1人あたりの額を他の団体とくらべる",
            "compare_others": [(m.code, m.name) for m, _ in boards if m.pk != municipality.pk]}  # fmt: skip


def _is_general(book: BookData) -> bool:
    return book.account == ACCOUNT_GENERAL and book.side == SIDE_EXPENDITURE


def _stated_previous(book: BookData, line: LineData | None) -> int | None:
    if line is not None:
        return line.previous_amount
    stated = [kan.previous_amount for kan in book.roots]
    return sum(value or 0 for value in stated) if any(value is not None for value in stated) else None


def _previous_note(data: BoardData, book: BookData, line: LineData | None) -> str:
    """Which 前年度 figure the page uses, and the other one when both exist and differ (never mixed)."""
    stated = _stated_previous(book, line)
    other = data.previous(book)
    own: int | None = None
    if other is not None and not other.derived_note:
        match = other.by_key.get(line.key_path) if line is not None else None
        own = other.total if line is None else (match.amount if match is not None else None)
    year = wareki_label(book.fiscal_year - 1)
    if stated is not None and own is not None and other is not None and stated != own:
        return (f"前年度の額は、この予算書の「前年度予算額」欄の{format_yen(stated)}です。別に取り込んだ{year}の"
                f"{other.phase_label}では{format_yen(own)}で、{format_yen(abs(stated - own))}違います"
                "（予算書の前年度欄には補正後の額などが載ることがあるため、混ぜずに両方を示します）。")  # fmt: skip
    if stated is not None:
        return "前年度の額は、この予算書の「前年度予算額」欄によります。"
    if own is not None and other is not None:
        return f"前年度の額は、別に取り込んだ{year}の{other.phase_label}によります。"
    return ""
