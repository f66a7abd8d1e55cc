"""``yorozu casebook export|import|similar|export-static``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yorozu.accounts.models import User
from yorozu.casebook import public, selectors, services
from yorozu.casebook.exchange_io import document_bytes, read_document
from yorozu.casebook.models import Level
from yorozu.common.audit import acting_as


class Command(BaseCommand):
    help = "事例集: 交換ファイルの書き出し・取込、似ている事例の検索、公開ページの静的書き出し"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        export = sub.add_parser("export", help="公開済みの自団体の事例を交換ファイル（JSON）に書き出す")
        export.add_argument("file")
        export.add_argument(
            "--level",
            default=Level.SHARED,
            choices=[Level.SHARED, Level.PUBLIC, Level.INTERNAL],
            help="shared（他団体と共有・公開、既定）/ public（公開のみ）/ internal（公開済みのすべて）",
        )
        load = sub.add_parser(
            "import", help="他団体の交換ファイルを取り込む（同じファイルの再取込では増えない）"
        )
        load.add_argument("file")
        load.add_argument("--user", default="admin", help="取込を行う利用者（監査ログに残る。既定 admin）")
        similar = sub.add_parser("similar", help="テキストに似ている事例")
        similar.add_argument("text")
        similar.add_argument("--json", action="store_true")
        similar.add_argument("-k", type=int, default=5)
        similar.add_argument("--theme", default="")
        similar.add_argument(
            "--user", default="admin", help="この利用者に見える事例だけを検索する（既定 admin）"
        )
        static = sub.add_parser("export-static", help="公開範囲「公開」の事例を静的なHTMLとして書き出す")
        static.add_argument("directory")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        handlers = {
            "export": self._export,
            "import": self._import,
            "similar": self._similar,
            "export-static": self._export_static,
        }
        try:
            handlers[verb](**options)
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(" ".join(messages)) from error

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"利用者 {username} が見つかりません。")
        return user

    def _export(self, *, file: str, level: str, **_: Any) -> None:
        document = services.casebook_export(level=level)
        Path(file).write_bytes(document_bytes(document))
        self.stdout.write(
            f"{len(document.items)}件の事例を {file} に書き出しました（{document.municipality.name}）。"
        )

    def _import(self, *, file: str, user: str, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: ファイルが見つかりません。")
        document = read_document(path.read_bytes(), filename=path.name)
        actor = self._user(user)
        with acting_as(actor):
            result = services.casebook_import(user=actor, document=document)
        self.stdout.write(result.summary())

    def _similar(self, *, text: str, json: bool, k: int, theme: str, user: str, **_: Any) -> None:
        results = selectors.similar_case_studies(user=self._user(user), text=text, theme=theme, k=k)
        items = [
            {
                "id": r.case_study.pk,
                "title": r.case_study.title,
                "municipality": selectors.municipality_label(r.case_study),
                "theme": r.case_study.theme,
                "score": r.score,
                "reasons": r.reasons,
            }
            for r in results
        ]
        if json:
            self.stdout.write(_json_dumps({"items": items}))
            return
        for i, item in enumerate(items, start=1):
            self.stdout.write(
                f"{i}. {item['title']}（{item['municipality']}）{item['score']:.2f} {' ／ '.join(item['reasons'])}"
            )
        if not items:
            self.stdout.write("似ている事例は見つかりませんでした。")

    def _export_static(self, *, directory: str, **_: Any) -> None:
        count = public.export_static(Path(directory))
        self.stdout.write(f"{count}件の公開事例を {directory} に書き出しました（index.html）。")


def _json_dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
