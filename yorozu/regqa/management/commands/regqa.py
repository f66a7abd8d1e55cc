"""``yorozu regqa ingest|embed|ask|eval|eval-marked|purge-logs``: the regulation assistant from the command line."""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yorozu.accounts.models import User
from yorozu.common.audit import acting_as
from yorozu.regqa import embedding, index, selectors, services
from yorozu.regqa.models import Collection
from yorozu_core.retrieval.embed_job import remaining_text
from yorozu_core.retrieval.evaluate import evaluate, read_eval_jsonl


class Command(BaseCommand):
    help = (
        "規則Q&A: 規則の取り込み（ingest）、意味検索の準備（embed）、質問（ask）、"
        "検索精度の評価（eval, eval-marked）、質問ログの削除（purge-logs）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        ingest = sub.add_parser(
            "ingest", help="規則のファイルを取り込む（同名のファイルは新しい版に置き換え）"
        )
        ingest.add_argument("paths", nargs="+", type=Path)
        ingest.add_argument("--collection", required=True, help="コレクション名（なければ全職員向けに作成）")
        embed = sub.add_parser(
            "embed", help="意味検索（dense）のベクトルをまだない条文について作る（中断しても続きから）"
        )
        embed.add_argument("--collection", required=True)
        ask = sub.add_parser("ask", help="質問して出典つきの回答を表示する")
        ask.add_argument("question")
        ask.add_argument("--collection", required=True)
        ask.add_argument("--json", action="store_true", dest="as_json")
        ev = sub.add_parser("eval", help="JSON Lines の質問集で検索精度（R@k, MRR, nDCG）を測る")
        ev.add_argument("file", type=Path)
        ev.add_argument("--collection", required=True)
        ev.add_argument("--k", type=int, default=10)
        ev.add_argument("--json", action="store_true", dest="as_json")
        marked = sub.add_parser(
            "eval-marked", help="正解記事が確認された質問ログで、現在の検索の精度（R@1/R@5）を測る"
        )
        marked.add_argument("--collection", required=True)
        marked.add_argument("--k", type=int, default=10)
        marked.add_argument("--json", action="store_true", dest="as_json")
        purge = sub.add_parser("purge-logs", help="保存期間を過ぎた質問ログを削除する")
        purge.add_argument(
            "--days", type=int, default=None, help="保存日数（既定: YOROZU_REGQA_LOG_RETENTION_DAYS）"
        )
        for p in (ingest, embed, ask, ev, marked, purge):
            p.add_argument("--user", default=None, help="操作する利用者（既定: 最初のシステム管理者）")

    def handle(self, *args: Any, action: str, user: str | None, **options: Any) -> None:
        actor = _user(user)
        with acting_as(actor):
            getattr(self, "_" + action.replace("-", "_"))(actor, **options)

    def _ingest(self, actor: User, *, paths: list[Path], collection: str, **_: Any) -> None:
        target = Collection.objects.filter(name=collection).first()
        if target is None:
            target = services.collection_create(user=actor, name=collection)
            self.stdout.write(f"コレクション「{collection}」を作成しました（全職員が閲覧可）。")
        files = []
        for path in _expand(paths):
            try:
                files.append((path.name, path.read_bytes()))
            except OSError as exc:
                raise CommandError(f"「{path}」を読めません: {exc.strerror}") from exc
        try:
            report = services.document_ingest(
                user=actor, collection=target, files=files, embed_in_background=False
            )
        except services.IngestError as exc:
            raise CommandError(f"{exc} コレクションは変更していません。") from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"合計: 規則{len(report.documents)}件、{report.article_count}条を取り込みました。")
        target.refresh_from_db()
        self._embed_collection(target)

    def _embed(self, actor: User, *, collection: str, **_: Any) -> None:
        self._embed_collection(_collection(actor, collection))

    def _embed_collection(self, collection: Collection) -> None:
        """Dense vectors for the rows that lack them (only with YOROZU_REGQA_DENSE on); BM25
        search already works while this runs."""
        if index.embedder() is None or collection.index_version <= 0:
            return
        bar = ProgressBar(self.stdout)
        outcome = embedding.run(collection.pk, collection.index_version, progress=bar.update)
        bar.close()
        messages = {
            "done": "意味検索の準備ができました（検索はハイブリッドになります）。",
            "busy": "別の処理が意味検索の準備をしています。終わるまでは BM25 で検索します。",
            "gone": "新しい取り込みがあったため中断しました（続きはその取り込みの処理が行います）。",
            "stopped": "中断しました。もう一度実行すると続きから再開します。",
        }
        self.stdout.write(messages[outcome])

    def _ask(self, actor: User, *, question: str, collection: str, as_json: bool, **_: Any) -> None:
        answer = services.question_ask(
            user=actor, question=question, collection=_collection(actor, collection)
        )
        if as_json:
            citations = [
                {
                    k: services.citation_dict(p)[k]
                    for k in ("source", "article", "paragraph", "score", "citation")
                }
                for p in answer.passages
            ]
            data = {
                "answer": answer.plain_text(),
                "mode": answer.mode,
                "highlight": answer.highlight,
                "citations": citations,
                "rejected_citations": answer.rejected,
                "unsupported_sentences": answer.unsupported,
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(answer.plain_text())
        self.stdout.write("\n" + answer.notice)

    def _eval(self, actor: User, *, file: Path, collection: str, k: int, as_json: bool, **_: Any) -> None:
        target = _collection(actor, collection)
        retriever = index.load(target.pk, target.index_version)
        if retriever is None:
            raise CommandError(f"コレクション「{collection}」にはまだ規則が取り込まれていません。")
        try:
            questions = read_eval_jsonl(file.read_text(encoding="utf-8").splitlines())
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"評価ファイルを読めません: {exc}") from exc
        report = evaluate(questions, lambda q: retriever.search(q, k=k), retriever.chunks, k=k)
        data = report.as_dict()
        if as_json:
            self.stdout.write(json.dumps(data))
            return
        self.stdout.write(f"質問数: {report.n}")
        for key, value in data.items():
            self.stdout.write(f"{key:>12}: {value:.3f}")

    def _eval_marked(self, actor: User, *, collection: str, k: int, as_json: bool, **_: Any) -> None:
        """The desk's own evaluation set: logged questions with the article a consultant marked."""
        target = _collection(actor, collection)
        if index.load(target.pk, target.index_version) is None:
            raise CommandError(f"コレクション「{collection}」にはまだ規則が取り込まれていません。")
        report = selectors.marked_eval(user=actor, collection=target, k=k)
        if report is None:
            raise CommandError(
                f"コレクション「{collection}」には正解記事が確認された質問がありません"
                "（質問ログで答えになる条文を記録してください）。"
            )
        data = report.as_dict()
        if as_json:
            self.stdout.write(json.dumps({"n": report.n} | data))
            return
        self.stdout.write(f"正解記事が確認された質問: {report.n}件（同義語を含む現在の検索）")
        for key, value in data.items():
            self.stdout.write(f"{key:>12}: {value:.3f}")

    def _purge_logs(self, actor: User, *, days: int | None, **_: Any) -> None:
        count = services.question_log_purge(user=actor, days=days)
        self.stdout.write(f"質問ログを{count}件削除しました。")


def _user(username: str | None) -> User:
    if username:
        found = User.objects.filter(username=username, is_active=True).first()
    else:
        found = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("pk").first()
    if found is None:
        raise CommandError(
            "操作する利用者が見つかりません（--user で指定するか、管理者を作成してください）。"
        )
    return found


def _collection(user: User, name: str) -> Collection:
    found = selectors.collection_list(user=user).filter(name=name).first()
    if found is None:
        raise CommandError(f"コレクション「{name}」が見つからないか、閲覧する権限がありません。")
    return found


class ProgressBar:
    """「埋め込み [######----] 1,234/3,000件 残り約 4 分」, redrawn in place on a terminal."""

    WIDTH = 30

    def __init__(self, out: Any) -> None:
        self.out, self.started = out, time.monotonic()
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.last = -1.0

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.tty and done < total and now - self.last < 10:  # a log: one line per 10 s
            return
        self.last = now
        filled = self.WIDTH * done // max(total, 1)
        elapsed = now - self.started
        left = f" 残り約 {remaining_text((total - done) * elapsed / done)}" if done else ""
        line = f"埋め込み [{'#' * filled}{'-' * (self.WIDTH - filled)}] {done:,}/{total:,}件{left}"
        self.out.write(line, ending="\r" if self.tty and done < total else "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return out
