"""Running one analysis of a dataset (a dict as stored in a saved view) into what pages, reports, the
API and the public page show. Reads only; free-text results are cached per dataset version."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError

from yorozu_core.analysis import analyses as core
from yorozu_core.analysis import text as text_core
from yorozu_core.analysis.cache import cache_key, cached
from yorozu_core.analysis.columns import NO_ANSWER, ColumnSpec, Kind
from yorozu_core.analysis.engine import Filter, Table
from yorozu_core.analysis.errors import DatasetError
from yorozu_core.analysis.report import ReportTable, frequency_table

from .models import Dataset
from .selectors import table_of

SUPPRESSED = "*"


@dataclass
class Result:
    analysis: dict[str, Any]
    title: str
    frequencies: core.Frequencies | None = None
    crosstab: core.Crosstab | None = None
    series: core.TimeSeries | None = None
    text: dict[str, Any] | None = None
    filter_label: str = ""
    tables: list[ReportTable] = field(default_factory=list)
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return str(self.analysis["type"])

    @property
    def network_nodes(self) -> list[dict[str, Any]]:
        nodes = (self.text or {}).get("nodes", [])
        largest = max((n["documents"] for n in nodes), default=1) or 1
        return [{**n, "r": round(8 + 16 * (n["documents"] / largest) ** 0.5, 1)} for n in nodes]

    @property
    def network_edges(self) -> list[dict[str, Any]]:
        where = {n["word"]: (n["x"], n["y"]) for n in (self.text or {}).get("nodes", [])}
        return [
            {**e, "x1": where[e["source"]][0], "y1": where[e["source"]][1], "x2": where[e["target"]][0],
             "y2": where[e["target"]][1], "width": round(1 + 6 * e["jaccard"], 1)}
            for e in (self.text or {}).get("edges", [])
            if e["source"] in where and e["target"] in where
        ]  # fmt: skip


def _spec(dataset: Dataset, key: str | None, *, label: str) -> ColumnSpec:
    spec = dataset.spec(key or "")
    if spec is None:
        raise ValidationError(f"{label}の列を選んでください。")
    return spec


def _filters(dataset: Dataset, analysis: dict[str, Any]) -> tuple[list[Filter], str]:
    key, value = analysis.get("filter_column"), analysis.get("filter_value")
    if not key or not value:
        return [], ""
    spec = _spec(dataset, key, label="絞り込み")
    return [Filter(spec, (str(value),))], f"{spec.name}＝{value}"


def run(dataset: Dataset, analysis: dict[str, Any], *, public_min: int | None = None) -> Result:
    """``public_min``: suppress counts below it (the public page); None shows everything."""
    table = table_of(dataset)
    filters, filter_label = _filters(dataset, analysis)
    runner = {"frequencies": _frequencies, "crosstab": _crosstab, "timeseries": _timeseries, "text": _text}
    try:
        result = runner[str(analysis.get("type"))](dataset, table, analysis, filters)
    except KeyError as exc:
        raise ValidationError(f"分析の種類「{analysis.get('type')}」はありません。") from exc
    except DatasetError as exc:
        raise ValidationError(str(exc)) from exc
    result.filter_label = filter_label
    if filter_label:
        result.title += f"（{filter_label}）"
        for index, item in enumerate(result.tables):
            result.tables[index] = replace(item, title=f"{item.title}（{filter_label}）")
    if public_min is not None:
        _suppress(result, public_min)
    return result


def _frequencies(dataset: Dataset, table: Table, analysis: dict[str, Any], filters: list[Filter]) -> Result:
    spec = _spec(dataset, analysis.get("column"), label="集計する")
    found = core.frequencies(table, spec, filters)
    note = f"{found.base_label} {found.base:,}人"
    if spec.kind == Kind.MULTI:
        note += f"、回答数 {found.mentions:,}件"
    if found.no_answer:
        note += f"、無回答 {found.no_answer:,}人（％の母数に含めない）"
    if found.mean is not None:
        note += f"。平均 {found.mean}（{found.scale_note}）"
    items = [(i.value, i.count, i.percent) for i in found.items]
    return Result(
        analysis=analysis, title=f"単純集計: {spec.name}", frequencies=found,
        tables=[frequency_table(f"単純集計 {spec.name}", note, items, found.no_answer)],
        chart={"type": "bar", "labels": [i.value for i in found.items],
               "datasets": [{"label": "件数", "data": [i.count for i in found.items]}]},
    )  # fmt: skip


def _crosstab(dataset: Dataset, table: Table, analysis: dict[str, Any], filters: list[Filter]) -> Result:
    row = _spec(dataset, analysis.get("row"), label="表側（行）")
    column = _spec(dataset, analysis.get("column"), label="表頭（列）")
    found = core.crosstab(table, row, column, filters)
    title = f"クロス集計: {row.name} × {column.name}"
    test = found.test
    note = (
        f"カイ二乗 {test.statistic:.3f}、自由度 {test.dof}、p = {test.p:.4g}（無回答を除く）。{test.warning}"
        if test else "カイ二乗検定はできません（2行2列以上の回答が必要です）。"
    )  # fmt: skip
    header = (f"{row.name}＼{column.name}", *found.columns, "合計")
    counts = tuple((label, *r, sum(r)) for label, r in zip(found.rows, found.counts, strict=True))
    totals = ("合計", *found.column_totals, found.total)
    row_pct = tuple((label, *r) for label, r in zip(found.rows, found.row_percent(), strict=True))
    col_pct = tuple((label, *r) for label, r in zip(found.rows, found.column_percent(), strict=True))
    tables = [
        ReportTable(f"{title}（件数）", header, (*counts, totals), note=note, chart_column=0),
        ReportTable(
            f"{title}（行％）", header[:-1], row_pct, note="各行の合計を100%とした割合", chart_column=0
        ),
        ReportTable(
            f"{title}（列％）", header[:-1], col_pct, note="各列の合計を100%とした割合", chart_column=0
        ),
    ]
    datasets = [
        {"label": c, "data": [r[j] for r in found.row_percent()]} for j, c in enumerate(found.columns)
    ]
    return Result(analysis=analysis, title=title, crosstab=found, tables=tables,
                  chart={"type": "stacked", "labels": list(found.rows), "datasets": datasets})  # fmt: skip


def _timeseries(dataset: Dataset, table: Table, analysis: dict[str, Any], filters: list[Filter]) -> Result:
    spec = _spec(dataset, analysis.get("column"), label="日時")
    split = dataset.spec(analysis["split"]) if analysis.get("split") else None
    unit = analysis.get("unit") or "hour"
    found = core.timeseries(table, spec, unit=unit, compare=analysis.get("compare") or "", split=split,
                            filters=filters)  # fmt: skip
    side_by_side = {"day": "日ごとに並べて", "year": "年ごとに並べて"}.get(found.compare)
    extra = side_by_side or (f"{found.compare}別" if found.compare else "")
    title = f"時系列: {spec.name}（{core.TIME_UNITS[unit]}ごと{'、' + extra if extra else ''}）"
    header = ("時間帯・日付", *found.series)
    rows = tuple((b, *c) for b, c in zip(found.buckets, found.counts, strict=True))
    note = f"日時を読めない行 {found.unparsed:,}件は含めていません。" if found.unparsed else ""
    datasets = [{"label": s, "data": [c[j] for c in found.counts]} for j, s in enumerate(found.series)]
    return Result(analysis=analysis, title=title, series=found,
                  tables=[ReportTable(title, header, rows, note=note, chart_column=1 if len(found.series) == 1 else 0)],
                  chart={"type": "line", "labels": list(found.buckets), "datasets": datasets})  # fmt: skip


def stop_words_of(dataset: Dataset) -> list[str]:
    return dataset.stop_words.split() if dataset.stop_words.strip() else list(text_core.DEFAULT_STOP_WORDS)


def documents_of(dataset: Dataset, table: Table, spec: ColumnSpec) -> list[text_core.Document]:
    """Every answer of the column, tokenised once per dataset version (cached as JSON)."""
    data = cached(
        dataset.cache_folder,
        cache_key("documents", spec.key),
        lambda: text_core.documents_to_json(text_core.documents(core.text_answers(table, spec))),
    )
    return text_core.documents_from_json(data)


def segmented_documents(
    dataset: Dataset, table: Table, spec: ColumnSpec, filters: list[Filter], segment: ColumnSpec | None
) -> list[text_core.Document]:
    docs = documents_of(dataset, table, spec)
    if not filters and segment is None:
        return docs
    wanted = {row: label for row, _, label in core.text_answers(table, spec, filters, segment=segment)}
    return [replace(d, segment=wanted[d.row]) for d in docs if d.row in wanted]


def _text(dataset: Dataset, table: Table, analysis: dict[str, Any], filters: list[Filter]) -> Result:
    spec = _spec(dataset, analysis.get("column"), label="自由記述")
    segment = dataset.spec(analysis["segment"]) if analysis.get("segment") else None
    stops = stop_words_of(dataset)
    key = cache_key("text", spec.key, stops, analysis.get("filter_column"), analysis.get("filter_value"),
                    segment.key if segment else None)  # fmt: skip
    found = cached(
        dataset.cache_folder,
        key,
        lambda: text_core.analyse(segmented_documents(dataset, table, spec, filters, segment), stops),
    )
    title = f"自由記述: {spec.name}"
    words = tuple((w["word"], w["pos"], w["count"], w["documents"]) for w in found["words"])
    edges = tuple((e["source"], e["target"], e["jaccard"], e["both"]) for e in found["edges"])
    tables = [
        ReportTable(f"{title}（頻出語）", ("語", "品詞", "出現回数", "回答数"), words,
                    note=f"回答 {found['answers']:,}件。SudachiPy の辞書形。", chart_column=2, chart_rows=20),
        ReportTable(f"{title}（共起）", ("語1", "語2", "Jaccard係数", "両方を含む回答数"), edges,
                    note="同じ回答に現れる語の組（Jaccard係数の大きい順）", chart_column=0),
    ]  # fmt: skip
    if segment is not None:
        seg = found["segments"]
        header = ("語", *(f"{s}（{n}件）" for s, n in zip(seg["labels"], seg["sizes"], strict=True)))
        tables.append(ReportTable(f"{title}（{segment.name}別）", header,
                                  tuple((w, *n) for w, n in seg["rows"]),
                                  note=f"{segment.name}ごとの、その語を含む回答数", chart_column=0))  # fmt: skip
    top = found["words"][:20]
    return Result(analysis=analysis, title=title + (f"（{segment.name}別）" if segment else ""), text=found,
                  tables=tables, chart={"type": "bar", "labels": [w["word"] for w in top],
                                        "datasets": [{"label": "出現回数", "data": [w["count"] for w in top]}]})  # fmt: skip


def _suppress(result: Result, minimum: int) -> None:
    """Counts below ``minimum`` become 「*」 in every table and 0 in charts (small cells identify people)."""

    def hide(value: Any) -> Any:
        return (
            SUPPRESSED
            if isinstance(value, int) and not isinstance(value, bool) and 0 < value < minimum
            else value
        )

    for index, table in enumerate(result.tables):
        rows = []
        for row in table.rows:
            cells = list(row)
            hidden = {j for j, v in enumerate(cells) if hide(v) == SUPPRESSED}
            cells = [hide(v) for v in cells]
            if result.kind == "frequencies" and 1 in hidden and len(cells) > 2:
                cells[2] = SUPPRESSED
            rows.append(tuple(cells))
        result.tables[index] = replace(table, rows=tuple(rows))
    if result.kind == "text":
        result.tables = result.tables[:1]
        result.text = None
    if result.kind == "crosstab":
        result.tables = result.tables[:1]
    for dataset in result.chart.get("datasets", []):
        dataset["data"] = [0 if isinstance(v, int) and 0 < v < minimum else v for v in dataset["data"]]
    if result.kind == "crosstab":
        result.chart = {}


def no_answer_label() -> str:
    return NO_ANSWER
