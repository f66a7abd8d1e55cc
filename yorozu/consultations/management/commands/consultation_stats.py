"""``yorozu consultation_stats``: cases per fiscal year (和暦) by stage, as a table or JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yorozu.accounts.models import User
from yorozu.consultations.models import Stage
from yorozu.consultations.selectors import consultation_stats


class Command(BaseCommand):
    help = "年度別の相談件数（段階別）を表示します。--user の見える範囲で数えます（既定: 全庁）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="", help="この利用者に見える相談だけを数える")
        parser.add_argument("--json", action="store_true", help="API と同じ JSON で出力する")

    def handle(self, *args: Any, user: str, json: bool, **options: Any) -> None:
        viewer = self._viewer(user)
        rows = consultation_stats(user=viewer)
        if json:
            self.stdout.write(_dumps({"by_fiscal_year": rows}))
            return
        stages = list(Stage)
        self.stdout.write("\t".join(["年度", "件数", *[s.label for s in stages]]))
        for row in rows:
            cells = [row["label"], str(row["count"]), *[str(row["by_stage"][s.value]) for s in stages]]
            self.stdout.write("\t".join(cells))

    def _viewer(self, username: str) -> User:
        if not username:
            return User(role=User.Role.VIEWER, is_active=True)  # unsaved: sees every department
        found = User.objects.filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(f"利用者「{username}」が見つかりません。")
        return found


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
