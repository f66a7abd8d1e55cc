from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from yorozu.training.services import sessions_send_reminders


class Command(BaseCommand):
    help = "翌日に開催される研修の参加確定者へ前日通知を送ります（各研修1回。cron で毎日実行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="開催日（YYYY-MM-DD）。省略時は明日")
        parser.add_argument("--force", action="store_true", help="送信済みの研修にも再送する")

    def handle(self, *args: Any, date: str | None, force: bool, **options: Any) -> None:
        day = self._day(date)
        sent = sessions_send_reminders(on=day, force=force)
        for session in sent:
            self.stdout.write(
                f"通知: {session.title}（{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}）"
            )
        self.stdout.write(f"{day:%Y年%m月%d日} 開催の研修 {len(sent)}件の前日通知を送りました。")

    @staticmethod
    def _day(text: str | None) -> date:
        if not text:
            return timezone.localdate() + timedelta(days=1)
        try:
            return date.fromisoformat(text)
        except ValueError as bad:
            raise CommandError("--date は YYYY-MM-DD で指定してください。") from bad
