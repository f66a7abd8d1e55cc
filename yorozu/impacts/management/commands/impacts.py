"""``yorozu impacts report``: the effect ledger's report on the command line (text, JSON or xlsx)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from yorozu.common.imports import ImportProblem, command_user
from yorozu.impacts.exports import report_xlsx
from yorozu.impacts.imports import ledger_import
from yorozu.impacts.reports import ImpactReport, impact_report
from yorozu.impacts.services import measurement_remind
from yorozu_core.fiscal import FiscalYearError, parse_fiscal_year


class Command(BaseCommand):
    help = "効果測定の台帳を集計します（全所管課）。例: yorozu impacts report --fiscal-year R4"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        report = sub.add_parser("report", help="年度別・累計のレポート")
        report.add_argument("--fiscal-year", default="", help="年度（2022、R4、令和4年度）。省略時は今年度")
        report.add_argument("--as-of", default="", help="基準日 YYYY-MM-DD（その日時点で集計）")
        report.add_argument("--json", action="store_true", help="JSONで出力する（APIと同じ形）")
        report.add_argument("--xlsx", default="", help="Excelファイルに書き出すパス")
        remind = sub.add_parser("remind", help="期限が近い・過ぎた効果測定を通知する（毎日実行）")
        remind.add_argument("--today", default="", help="基準日 YYYY-MM-DD（省略時は今日）")
        importer = sub.add_parser("import", help="導入と効果の実績（RPA実績表など）を取り込む")
        importer.add_argument("file", help="CSV（UTF-8 / CP932）または xlsx")
        importer.add_argument("--dry-run", action="store_true", help="確認だけして保存しない")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "remind":
            self._remind(options)
            return
        if verb == "import":
            self._import(options)
            return
        result = impact_report(user=None, **self._period(options))
        if options["xlsx"]:
            Path(options["xlsx"]).write_bytes(report_xlsx(result))
            self.stdout.write(f"{options['xlsx']} に書き出しました。")
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        elif not options["xlsx"]:
            self._print(result)

    def _remind(self, options: dict[str, Any]) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today は YYYY-MM-DD で指定してください（{error}）") from error
        sent = measurement_remind(today=today)
        self.stdout.write(f"効果測定の通知: {sent}件を送りました（{today}時点、期限の7日前から）。")

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイル「{path}」が見つかりません。")
        admin = command_user()
        try:
            result = ledger_import(
                user=admin, data=path.read_bytes(), source=path.name, dry_run=options["dry_run"]
            )
        except ImportProblem as error:
            raise CommandError(str(error)) from error
        self.stdout.write(result.summary())

    def _period(self, options: dict[str, Any]) -> dict[str, Any]:
        try:
            year = parse_fiscal_year(options["fiscal_year"]) if options["fiscal_year"] else None
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except (FiscalYearError, ValueError) as error:
            raise CommandError(str(error)) from error
        return {"fiscal_year": year, "as_of": as_of}

    def _print(self, r: ImpactReport) -> None:
        write = self.stdout.write
        write(f"{r.label}（{r.start}〜{r.as_of}）")
        write(f"  相談件数: {r.consultations}件")
        live = "、".join(f"{k.label} {k.live}" for k in r.by_kind if k.live)
        write(f"  稼働中の導入（{r.as_of}時点）: {r.live_total}件（{live or 'なし'}）")
        write(f"  削減時間 見込み（年換算）: {r.year.projected:,.1f}時間")
        write(f"  削減時間 実績: {r.year.realised:,.1f}時間（年換算 {r.year.realised_annual:,.1f}時間）")
        write(f"  削減時間 実績の累計: {r.cumulative.realised:,.1f}時間（人件費換算 {r.cumulative_yen:,}円）")
        write("  年度別: " + " / ".join(f"{y.label} {y.hours.realised:,.0f}h" for y in r.series))
