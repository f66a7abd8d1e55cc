"""yorozu budget import|summary|export-static"""

from __future__ import annotations

import json
import os
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yorozu.common.audit import acting_as
from yorozu_core.budget import FORMAT_NAMES, BudgetImportError, Unit, parse_fiscal_year
from yorozu_core.budget.census import read_census_population

from ... import selectors, services
from ...export import export_static
from ...models import Budget, Municipality


def _census() -> dict[str, tuple[str, int]]:
    default = Path(settings.BASE_DIR).parent / "shared" / "data"
    path = (
        Path(os.environ.get("YOROZU_SHARED_DATA", default))
        / "census2020-population"
        / "municipality_population_2020.csv"
    )
    return read_census_population(path.read_bytes(), source=path.name) if path.exists() else {}


class Command(BaseCommand):
    help = "予算の取り込み（import）、款別の集計（summary）、静的サイトの書き出し（export-static）"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="予算ファイル（CSV/xlsx）を取り込む（同じ年度は置き換え）")
        imp.add_argument("file")
        imp.add_argument("--municipality", required=True, help="6桁の団体コード")
        imp.add_argument("--fiscal-year", required=True)
        imp.add_argument("--unit", choices=[u.value for u in Unit])
        imp.add_argument("--format", choices=FORMAT_NAMES)
        imp.add_argument("--phase", choices=[p.value for p in Budget.Phase], default=Budget.Phase.INITIAL)
        imp.add_argument("--phase-number", type=int, default=0)
        imp.add_argument("--name", default="", help="新しい団体の名称（国勢調査にない場合）")
        imp.add_argument(
            "--publish", action="store_true",
            help="取り込んだ年度を公開する（公開中の年度の取込み直しは下書きになり、publish で公開します）",
        )  # fmt: skip
        publish = sub.add_parser("publish", help="取込み直した下書きを、変更点を表示してから公開する")
        publish.add_argument("budget_id", type=int, help="下書きの ID（import の出力にあります）")
        publish.add_argument(
            "--yes", action="store_true", help="確認なしで公開する（このオプションが必要です）"
        )
        summary = sub.add_parser("summary", help="歳出の款別の合計")
        summary.add_argument("--municipality", required=True)
        summary.add_argument("--fiscal-year", required=True)
        summary.add_argument("--json", action="store_true")
        export = sub.add_parser("export-static", help="公開中の全年度を静的サイトとして書き出す")
        export.add_argument("directory")
        export.add_argument("--municipality")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _year(self, text: str) -> int:
        try:
            return parse_fiscal_year(text)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイルがありません: {path}")
        started = time.perf_counter()
        try:
            with acting_as(None):
                municipality = services.municipality_get_or_create(
                    code=options["municipality"], name=options["name"], census=_census()
                )
                summary = services.budget_import(
                    user=None, municipality=municipality, data=path.read_bytes(), source=path.name,
                    fiscal_year=self._year(options["fiscal_year"]),
                    unit=Unit(options["unit"]) if options["unit"] else None, format=options["format"],
                    phase=options["phase"], phase_number=options["phase_number"], publish=options["publish"],
                )  # fmt: skip
        except BudgetImportError as error:
            raise CommandError(str(error)) from error
        except Exception as error:
            if error.__class__.__name__ == "ValidationError":
                raise CommandError(
                    f"団体を登録できません: {error}（--name で名称を指定してください）"
                ) from error
            raise
        for text in summary.describe():
            self.stdout.write(f"{municipality.name}: {text}")
        for budget in summary.derived:
            self.stdout.write(f"前年度 {budget.fiscal_year}: {budget.total:,}円（{budget.derived_note}）")
        for budget in [*summary.budgets, *summary.derived]:
            if budget.is_draft:
                self._describe_draft(budget)
        for budget in summary.budgets:
            for mismatch in budget.sum_mismatches:
                self.stderr.write(f"内訳の不一致: {mismatch['message']}")
            for warning in budget.warnings:
                self.stderr.write(f"注意: {warning}")
        self.stdout.write(f"{time.perf_counter() - started:.2f}秒")

    def _describe_draft(self, draft: Budget) -> None:
        self.stdout.write(
            f"下書き ID {draft.pk}: {draft.fiscal_year}年度 {draft.account} {draft.side}は公開中のため、"
            f"公開中の版はそのままにして下書きとして取り込みました（公開: yorozu budget publish {draft.pk} --yes）"
        )
        for row in selectors.draft_comparison(draft=draft):
            if row["change"] != 0:
                self.stdout.write(
                    f"  {row['name']}: {row['published'] or 0:,}円 → {row['draft'] or 0:,}円（{row['status']}）"
                )

    def _publish(self, options: dict[str, Any]) -> None:
        draft = Budget.objects.filter(pk=options["budget_id"]).first()
        if draft is None or not draft.is_draft:
            raise CommandError(f"ID {options['budget_id']} の下書きはありません")
        self._describe_draft(draft)
        if not options["yes"]:
            raise CommandError("公開するには --yes を付けてください（上の変更点を確かめてから）")
        with acting_as(None):
            services.budget_publish_draft(user=None, draft=draft)
        self.stdout.write(f"公開しました: {draft}（合計 {draft.total:,}円）")

    def _summary(self, options: dict[str, Any]) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        year = self._year(options["fiscal_year"])
        budget = (
            Budget.objects.filter(municipality=municipality, fiscal_year=year, account="一般会計", side="歳出", draft_of=None)
            .order_by("phase", "-phase_number").first() if municipality else None
        )  # fmt: skip
        if budget is None:
            raise CommandError(f"{options['municipality']} の {year}年度 一般会計 歳出はありません")
        children = selectors.children_of(budget=budget, line=None)
        compared = selectors.compared_children(budget=budget, line=None, children=children)
        items = [{"name": c.name, "amount": c.amount, "previous_amount": c.previous_amount} for c in compared]
        if options["json"]:
            self.stdout.write(json.dumps({"total": budget.total, "items": items}, ensure_ascii=False))
            return
        self.stdout.write(f"{municipality} {year}年度 歳出 {budget.total:,}円")
        for item in items:
            self.stdout.write(f"  {item['name']}: {item['amount']:,}円（前年度 {item['previous_amount']}）")

    def _export_static(self, options: dict[str, Any]) -> None:
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"団体 {options['municipality']} はありません")
        started = time.perf_counter()
        counts = export_static(Path(options["directory"]), municipality=municipality)
        self.stdout.write(
            f"{counts['years']}年度・{counts['pages']}ページを書き出しました（{time.perf_counter() - started:.2f}秒）"
        )
