"""yorozu_core.casebook without Django: the exchange format, similar-case ranking, draft text."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from yorozu_core.casebook.draft import DeploymentFacts, DraftFacts, EffectFacts, WorkFacts, compose_draft
from yorozu_core.casebook.exchange import (
    SCHEMA,
    CaseStudyRecord,
    ExchangeError,
    dump_document,
    is_newer,
    parse_document,
)
from yorozu_core.casebook.similar import CaseText, IndexedCase, SimilarIndex, case_terms, top_k_rate

DEMO = Path(__file__).resolve().parents[2] / "yorozu" / "casebook" / "demo_data"
JST = timezone(timedelta(hours=9))


def demo_document(name: str = "midori.json") -> Any:
    return json.loads((DEMO / name).read_text(encoding="utf-8"))


def test_dump_of_a_parsed_document_parses_to_the_same_document() -> None:
    document = parse_document(demo_document())
    assert parse_document(json.loads(json.dumps(dump_document(document)))) == document


def test_the_schema_names_every_field_the_parser_reads() -> None:
    item = SCHEMA["properties"]["items"]["items"]["properties"]
    assert set(dump_document(parse_document(demo_document()))["items"][0]) == set(item)


def test_a_time_without_offset_is_read_as_japan_time() -> None:
    data = demo_document()
    data["items"][0]["updated_at"] = "2026-06-15T10:00:00"
    assert parse_document(data).items[0].updated_at == datetime(2026, 6, 15, 10, tzinfo=JST)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("format",), "other", "format"),
        (("items", 0, "version"), 0, "1件目の事例: version"),
        (("items", 1, "effect"), {"annual_yen": 1.5}, "2件目の事例: effect.annual_yen"),
        (("items", 2, "effect"), {"period_start": "2024-13-01"}, "3件目の事例: effect.period_start"),
        (("items", 0, "tools"), "kintone", "tools"),
        (("municipality",), {"name": "みどり市", "code": "13991"}, "municipality.code"),
    ],
)
def test_bad_documents_name_the_item_and_field(path: tuple[Any, ...], value: Any, message: str) -> None:
    data = demo_document()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ExchangeError, match=message):
        parse_document(data)


def test_newer_means_a_higher_version_or_a_later_update_of_the_same_version() -> None:
    at = datetime(2026, 1, 1, tzinfo=JST)
    record = CaseStudyRecord(uid="x", version=2, updated_at=at, title="t", theme="rpa")
    assert is_newer(record, stored_version=1, stored_updated_at=at + timedelta(days=9))
    assert not is_newer(record, stored_version=3, stored_updated_at=at - timedelta(days=9))
    assert not is_newer(record, stored_version=2, stored_updated_at=at)
    assert is_newer(record, stored_version=2, stored_updated_at=at - timedelta(seconds=1))


def index_of(*cases: CaseText) -> SimilarIndex:
    return SimilarIndex(IndexedCase(c.doc_id, tuple(case_terms(c)), "", c.tools) for c in cases)


CASES = (
    CaseText(
        "1",
        "保育園の入所申込をオンライン化",
        "紙の申込書の不備確認に追われていた。",
        "オンライン申請化",
        ("LoGoフォーム",),
    ),
    CaseText(
        "2", "粗大ごみ受付のオンライン化", "電話受付が集中していた。", "オンライン申請化", ("LoGoフォーム",)
    ),
    CaseText("3", "給与支払報告書のAI-OCR", "紙の報告書を手入力していた。", "AI-OCR", ("DX Suite",)),
)


def test_it_ranks_the_case_that_shares_the_rare_terms_first_and_says_why() -> None:
    matches = index_of(*CASES).search("保育所の入所申し込みをLoGoフォームで受けたい", k=3)
    assert matches[0].doc_id == "1"
    assert "入所" in matches[0].shared_terms
    assert matches[0].tools == ("LoGoフォーム",)


def test_it_never_answers_what_is_not_allowed() -> None:
    matches = index_of(*CASES).search("保育園の入所申込", k=3, allowed=frozenset({"2", "3"}))
    assert "1" not in [m.doc_id for m in matches]


def test_nothing_in_common_means_no_answer() -> None:
    assert index_of(*CASES).search("議会中継", k=3) == []
    assert index_of(*CASES).search("   ", k=3) == []


def test_top_k_rate() -> None:
    assert top_k_rate([["a", "b", "c", "d"], ["x"]], ["d", "x"], k=3) == 0.5


def facts(**overrides: Any) -> DraftFacts:
    values: dict[str, Any] = {
        "title": "契約事務のRPA化",
        "theme_label": "RPA化",
        "department": "総務部 契約管財課",
        "current_issue": "転記を手作業で行っている。",
        "target_work": "契約台帳の更新",
        "work": (WorkFacts("転記", Decimal(1200), Decimal(300), "電子"),),
        "annual_hours_before": Decimal(300),
        "planned_hours_saved": Decimal(240),
        "deployments": (
            DeploymentFacts("入札結果の登録", "WinActor", date(2022, 4, 1), None, "稼働中", True),
        ),
        "effects": (
            EffectFacts(date(2021, 10, 1), date(2022, 3, 31), Decimal(30), Decimal(60)),
            EffectFacts(date(2022, 4, 1), date(2022, 9, 30), Decimal(40), Decimal(80)),
            EffectFacts(date(2022, 10, 1), date(2023, 3, 31), Decimal(45), Decimal(90)),
        ),
        "hourly_rate_yen": 4000,
    }
    return DraftFacts(**{**values, **overrides})


def test_the_draft_reports_the_latest_fiscal_year_realised() -> None:
    draft = compose_draft(facts())
    assert draft.realised is not None
    assert (draft.realised.fiscal_year, draft.realised.hours_saved, draft.realised.annual_hours) == (
        2022,
        Decimal(85),
        Decimal(170),
    )
    assert draft.realised.annual_yen == 680_000
    assert (draft.realised.period_start, draft.realised.period_end) == (date(2022, 4, 1), date(2023, 3, 31))
    assert "令和4年度の実績" in draft.outcome and "人件費換算 680,000円" in draft.outcome
    assert "年間1,200件、300.0時間（入力: 電子）" in draft.challenge


def test_a_draft_without_measurements_says_so() -> None:
    draft = compose_draft(facts(effects=(), deployments=()))
    assert (
        draft.realised is None and "まだ記録されていません" in draft.outcome and draft.operation_period == ""
    )


def test_the_operation_period_of_retired_deployments_ends() -> None:
    retired = DeploymentFacts("旧シナリオ", "WinActor", date(2020, 4, 1), date(2023, 3, 31), "廃止", False)
    assert compose_draft(facts(deployments=(retired,))).operation_period == "2020年4月1日〜2023年3月31日"


def test_the_published_schema_file_is_the_one_in_the_code() -> None:
    path = Path(__file__).resolve().parents[2] / "docs" / "casebook-exchange-1.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(SCHEMA))
