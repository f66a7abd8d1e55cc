"""``yorozu worksheets template|import|export|show|plan`` — 業務量調査 from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yorozu.accounts.models import User
from yorozu.common.audit import acting_as
from yorozu.worksheets import excel, plan, selectors, services
from yorozu.worksheets.selectors import Analysis


class Command(BaseCommand):
    help = "業務量調査: テンプレート出力、Excelの取込・出力、集計の表示、事業計画書（docx/xlsx）の作成。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        template = sub.add_parser("template", help="記入用テンプレート（.xlsx）を書き出す")
        template.add_argument("out")
        for verb, text in (
            ("import", "Excelを取り込む"),
            ("export", "Excelに書き出す"),
            ("show", "集計を表示する"),
            ("plan", "事業計画書を書き出す（.docx か .xlsx）"),
        ):
            p = sub.add_parser(verb, help=text)
            p.add_argument("consultation", type=int, help="相談の番号")
            if verb != "show":
                p.add_argument("path")
            p.add_argument("--user", default="admin", help="この利用者の権限で実行する（既定: admin）")
            if verb == "import":
                p.add_argument("--replace", action="store_true", help="今ある行をすべて置き換える")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "template":
            Path(options["out"]).write_bytes(excel.workbook_bytes())
            self.stdout.write(f"テンプレートを書き出しました: {options['out']}")
            return
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"利用者「{options['user']}」は見つかりません。")
        with acting_as(user):
            getattr(self, f"_{verb}")(user, options)

    def _analysis(self, user: User, options: dict[str, Any]) -> Analysis:
        try:
            return selectors.worksheet_analysis(user=user, consultation_id=options["consultation"])
        except Exception as error:
            raise CommandError(
                f"相談 {options['consultation']} は見つからないか、見る権限がありません。"
            ) from error

    def _import(self, user: User, options: dict[str, Any]) -> None:
        consultation = self._analysis(user, options).consultation
        try:
            with open(options["path"], "rb") as stream:
                rows = excel.parse_workbook(stream)
        except excel.ImportRejected as rejected:
            raise CommandError(
                "取り込めませんでした（何も取り込んでいません）:\n" + str(rejected)
            ) from rejected
        except OSError as error:
            raise CommandError(f"ファイルを開けません: {error}") from error
        count = services.worksheet_import(
            user=user, consultation=consultation, rows=rows, replace=options["replace"]
        )
        self.stdout.write(f"{count}件の業務を取り込みました。")

    def _export(self, user: User, options: dict[str, Any]) -> None:
        Path(options["path"]).write_bytes(excel.workbook_bytes(self._analysis(user, options)))
        self.stdout.write(f"書き出しました: {options['path']}")

    def _plan(self, user: User, options: dict[str, Any]) -> None:
        content = plan.plan_content(self._analysis(user, options))
        path = Path(options["path"])
        if path.suffix not in (".docx", ".xlsx"):
            raise CommandError("書き出し先は .docx か .xlsx にしてください。")
        path.write_bytes(plan.docx_bytes(content) if path.suffix == ".docx" else plan.xlsx_bytes(content))
        self.stdout.write(f"事業計画書を書き出しました: {path}")

    def _show(self, user: User, options: dict[str, Any]) -> None:
        a = self._analysis(user, options)
        t = a.totals
        self.stdout.write(f"#{a.consultation.pk} {a.consultation.title}（{t.tasks}業務）")
        for row in a.rows:
            best = f"{row.best.label} {row.best.score}点" if row.best else "適合なし"
            self.stdout.write(
                f"  {row.item.name}: 年間{row.figures.hours_before:,.1f}時間 → 削減{row.figures.hours_saved:,.1f}時間 [{best}]"
            )
        self.stdout.write(
            f"合計: 年間{t.hours_before:,.1f}時間（{t.fte_before:.2f}人）→ 削減{t.hours_saved:,.1f}時間"
            f"（{t.reduction_rate * 100:.1f}%、{t.cost_saved:,}円/年）"
        )
