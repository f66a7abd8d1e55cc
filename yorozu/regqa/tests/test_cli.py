"""``yorozu regqa ingest|ask|eval|purge-logs`` end to end."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from yorozu.regqa.models import Collection, QuestionLog

from .conftest import DEMO

pytestmark = pytest.mark.django_db
DEMO_FILE = DEMO / "yorozu_fukuri_kyuka.txt"


def run(*args: str) -> str:
    out = StringIO()
    call_command("regqa", *args, stdout=out)
    return out.getvalue()


def test_ingest_creates_the_collection_and_reports(cast: Any) -> None:
    out = run("ingest", str(DEMO_FILE), "--collection", "福利厚生")
    assert "職員の福利厚生・休暇に関する規則（34条" in out and "合計: 規則1件、34条" in out
    assert Collection.objects.get(name="福利厚生").documents.count() == 1


def test_ingest_of_a_broken_file_fails_and_changes_nothing(cast: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a docx")
    with pytest.raises(CommandError, match="broken.docx"):
        run("ingest", str(DEMO_FILE), str(broken), "--collection", "福利厚生")
    assert not Collection.objects.get(name="福利厚生").documents.exists()


def test_ask_prints_json_with_answer_and_citations(cast: Any) -> None:
    run("ingest", str(DEMO_FILE), "--collection", "福利厚生")
    data = json.loads(run("ask", "子どもの看病のために休みたい", "--collection", "福利厚生", "--json"))
    assert "第十六条" in data["answer"]
    first = data["citations"][0]
    assert set(first) >= {"source", "article", "paragraph", "score"}
    assert (first["source"], first["article"]) == ("yorozu_fukuri_kyuka", "第十六条")
    assert data["highlight"] and data["rejected_citations"] == []
    plain = run("ask", "年休って繰り越せる？", "--collection", "福利厚生")
    assert "職員の福利厚生・休暇に関する規則 第五条" in plain and "原文" in plain
    assert QuestionLog.objects.count() == 2


def test_ask_refuses_a_collection_the_user_cannot_see(cast: Any) -> None:
    run("ingest", str(DEMO_FILE), "--collection", "人事内部")
    Collection.objects.get(name="人事内部").departments.set([cast.other_department])
    with pytest.raises(CommandError, match="権限"):
        run("ask", "年休", "--collection", "人事内部", "--user", "requester")


def test_eval_prints_the_metrics_as_json(cast: Any, tmp_path: Path) -> None:
    run("ingest", str(DEMO_FILE), "--collection", "福利厚生")
    questions = [
        {"id": "q1", "question": "年休って繰り越せる？", "gold": [{"source": "yorozu_fukuri_kyuka.txt", "article": "第5条"}]},
        {"id": "q2", "question": "子どもの看病のために休みたい", "gold": [{"source": "yorozu_fukuri_kyuka", "article": "第十六条"}]},
        {"id": "q3", "question": "宇宙旅行の補助", "gold": [{"source": "yorozu_fukuri_kyuka", "article": "第九十九条"}]},
    ]  # fmt: skip
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions), encoding="utf-8")
    data = json.loads(run("eval", str(path), "--collection", "福利厚生", "--k", "10", "--json"))
    assert set(data) == {"recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "no_hit_rate"}
    assert data["recall@10"] == pytest.approx(2 / 3) and data["no_hit_rate"] == pytest.approx(1 / 3)
    assert "recall@1" in run("eval", str(path), "--collection", "福利厚生")


def test_purge_logs_deletes_what_is_past_retention(cast: Any) -> None:
    run("ingest", str(DEMO_FILE), "--collection", "福利厚生")
    run("ask", "年休って繰り越せる？", "--collection", "福利厚生")
    QuestionLog.objects.update(asked_at=timezone.now() - timedelta(days=400))
    assert "1件削除" in run("purge-logs", "--days", "365")
    assert not QuestionLog.objects.exists()
