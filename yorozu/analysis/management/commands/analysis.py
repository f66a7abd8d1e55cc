"""yorozu analysis import|crosstab|frequencies|export-static"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from yorozu.accounts.models import Department
from yorozu.common.audit import acting_as
from yorozu.consultations.models import Consultation

from ... import services
from ...export import export_static
from ...models import Dataset
from ...results import run


class Command(BaseCommand):
    help = "データ分析: 取り込み（import）、クロス集計（crosstab）、単純集計（frequencies）、公開ページの書き出し（export-static）"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="CSV・TSV・xlsx・xls・ods を取り込み、最後の行にデータのIDを表示する"
        )
        imp.add_argument("file")
        imp.add_argument("--name", required=True)
        imp.add_argument("--department", help="所管課のコードまたは名前（IDも可）")
        imp.add_argument("--consultation", type=int, help="結びつける相談のID")
        imp.add_argument("--sheet", default="", help="表計算ファイルのシート名")
        cross = sub.add_parser("crosstab", help="2つの列のクロス集計とカイ二乗検定")
        cross.add_argument("dataset_id", type=int)
        cross.add_argument("row_column")
        cross.add_argument("column_column")
        cross.add_argument("--json", action="store_true")
        freq = sub.add_parser("frequencies", help="1つの列の単純集計")
        freq.add_argument("dataset_id", type=int)
        freq.add_argument("column")
        freq.add_argument("--json", action="store_true")
        export = sub.add_parser("export-static", help="公開中の集計結果ページを静的ファイルとして書き出す")
        export.add_argument("directory")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイルがありません: {path}")
        department = _department(options["department"])
        consultation = None
        if options["consultation"]:
            consultation = Consultation.objects.filter(pk=options["consultation"]).first()
            if consultation is None:
                raise CommandError(f"相談 #{options['consultation']} がありません。")
        department = department or (consultation.department if consultation else None)
        if department is None:
            raise CommandError("--department（所管課）または --consultation を指定してください。")
        try:
            with acting_as(None):
                dataset = services.dataset_import(
                    user=None, source=path, name=options["name"], file_name=path.name, department=department,
                    consultation=consultation, sheet=options["sheet"],
                )  # fmt: skip
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"{dataset.row_count:,}行・{len(dataset.headers)}列を取り込みました（{dataset.department}）。"
        )
        for spec in dataset.specs:
            self.stdout.write(f"  {spec.name}: {spec.kind_label}")
        self.stdout.write(str(dataset.pk))

    def _crosstab(self, options: dict[str, Any]) -> None:
        dataset = _dataset(options["dataset_id"])
        analysis = {"type": "crosstab", "row": _key(dataset, options["row_column"]),
                    "column": _key(dataset, options["column_column"])}  # fmt: skip
        result = _run(dataset, analysis)
        assert result.crosstab is not None
        if options["json"]:
            self.stdout.write(json.dumps(result.crosstab.as_json(), ensure_ascii=False))
            return
        self._print_tables(result)

    def _frequencies(self, options: dict[str, Any]) -> None:
        dataset = _dataset(options["dataset_id"])
        result = _run(dataset, {"type": "frequencies", "column": _key(dataset, options["column"])})
        assert result.frequencies is not None
        if options["json"]:
            self.stdout.write(json.dumps(result.frequencies.as_json(), ensure_ascii=False))
            return
        self._print_tables(result)

    def _print_tables(self, result: Any) -> None:
        table = result.tables[0]
        self.stdout.write(table.title)
        if table.note:
            self.stdout.write(table.note)
        self.stdout.write("\t".join(table.header))
        for row in table.rows:
            self.stdout.write("\t".join("" if v is None else str(v) for v in row))

    def _export_static(self, options: dict[str, Any]) -> None:
        counts = export_static(Path(options["directory"]))
        self.stdout.write(f"{counts['pages']}ページを書き出しました: {options['directory']}")


def _department(text: str | None) -> Department | None:
    if not text:
        return None
    query = Q(name=text) | Q(code=text)
    if text.isdigit():
        query |= Q(pk=int(text))
    found = list(Department.objects.filter(query)[:2])
    if len(found) != 1:
        raise CommandError(f"所管課「{text}」が{'見つかりません' if not found else '複数あります'}。")
    return found[0]


def _dataset(pk: int) -> Dataset:
    dataset = Dataset.objects.filter(pk=pk).first()
    if dataset is None:
        raise CommandError(f"データ #{pk} がありません。")
    return dataset


def _key(dataset: Dataset, name_or_key: str) -> str:
    for spec in dataset.specs:
        if name_or_key in (spec.key, spec.name):
            return spec.key
    raise CommandError(
        f"列「{name_or_key}」はこのデータにありません（列: {'、'.join(s.name for s in dataset.specs)}）。"
    )


def _run(dataset: Dataset, analysis: dict[str, Any]) -> Any:
    try:
        return run(dataset, analysis)
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from exc
