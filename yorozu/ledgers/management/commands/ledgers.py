"""``yorozu ledgers``: list ledgers, export or import a design file, and the access report of a ledger.

Record contents never leave through the CLI: designs carry no records, and the report names who read
how many records when — the same figures the owning department sees on its page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yorozu.accounts.models import Department, User
from yorozu.common.audit import acting_as
from yorozu.ledgers import selectors, services
from yorozu.ledgers.models import Ledger
from yorozu_core.ledger_design import DesignError, dump_design, load_design


class Command(BaseCommand):
    help = "共有台帳: 一覧、設計ファイルの書き出し・読み込み、閲覧レポート。例: yorozu ledgers list"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("list", help="台帳の一覧（番号、名前、所管課、記録数）")
        export = sub.add_parser("export-design", help="台帳の設計をJSONに書き出す（記録は含まない）")
        export.add_argument("ledger_id", type=int)
        export.add_argument("--output", "-o", default="", help="書き出すファイル（省略時は標準出力）")
        load = sub.add_parser("import-design", help="設計ファイルから台帳を作る")
        load.add_argument("path")
        load.add_argument(
            "--department", required=True, help="所管課（例: 「子ども家庭部 児童相談所」または課名）"
        )
        load.add_argument("--name", default="", help="台帳名（省略時は設計ファイルの名前）")
        load.add_argument(
            "--as", dest="username", required=True, help="設計者（IT推進課コンサルタントか管理者）"
        )
        report = sub.add_parser("access-report", help="閲覧レポート（誰が何件をいつ読んだか）")
        report.add_argument("ledger_id", type=int)
        report.add_argument("--json", action="store_true")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        getattr(self, "_" + verb.replace("-", "_"))(**options)

    def _ledger(self, ledger_id: int) -> Ledger:
        ledger = Ledger.objects.select_related("department").filter(pk=ledger_id).first()
        if ledger is None:
            raise CommandError(f"台帳 {ledger_id} はありません（yorozu ledgers list で番号を確認）。")
        return ledger

    def _list(self, **_: Any) -> None:
        for ledger in Ledger.objects.select_related("department", "department__parent"):
            self.stdout.write(
                f"{ledger.pk:>4}  {ledger.name}（{ledger.department.full_name}）記録 {ledger.records.count()} 件"
            )

    def _export_design(self, ledger_id: int, output: str, **_: Any) -> None:
        text = dump_design(services.design_of(self._ledger(ledger_id)))
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"{output} に書き出しました。")
        else:
            self.stdout.write(text)

    def _import_design(self, path: str, department: str, name: str, username: str, **_: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"利用者「{username}」はいません。")
        target = self._department(department)
        try:
            design = load_design(Path(path).read_text(encoding="utf-8-sig"))
            with acting_as(user):
                ledger = services.ledger_import(user=user, department=target, design=design, name=name)
        except FileNotFoundError as error:
            raise CommandError(f"ファイル「{path}」が見つかりません。") from error
        except (DesignError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        except (ValidationError, PermissionDenied) as error:
            detail = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"{path}: {detail}") from error
        self.stdout.write(f"台帳「{ledger.name}」（{ledger.pk}）を{target.full_name}に作りました。")

    def _department(self, text: str) -> Department:
        parts = text.split()
        sections = Department.objects.filter(name=parts[-1], kind=Department.Kind.SECTION)
        if len(parts) > 1:
            sections = sections.filter(parent__name=parts[0])
        if sections.count() != 1:
            raise CommandError(f"所管課「{text}」が1つに決まりません（「部名 課名」で指定してください）。")
        return sections.get()

    def _access_report(self, ledger_id: int, json: bool, **_: Any) -> None:
        rows = selectors.access_report(ledger=self._ledger(ledger_id))
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            name = row["user__display_name"] or row["user__username"]
            self.stdout.write(
                f"{name}: {row['reads']} 回、{row['records']} 件、最後 {row['last']:%Y-%m-%d %H:%M}"
            )
        if not rows:
            self.stdout.write("閲覧の記録はありません。")


def _dumps(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
