"""Demo 業務量調査 for the consultations engineer's demo cases (looked up by title; skipped if absent).

Rates are demo values: 主任 4,560円/時 is the average a city reported (1,555 h ≈ ¥7.088M)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from yorozu.accounts.models import User
from yorozu.consultations.models import Consultation
from yorozu.worksheets import services
from yorozu.worksheets.forms import WorkItemForm
from yorozu.worksheets.models import HourlyRate, WorkItem

RATES = [
    ("会計年度任用職員", 1900, False),
    ("主事", 4000, False),
    ("主任", 4560, True),
    ("係長", 5300, False),
    ("課長補佐", 6000, False),
    ("課長", 6800, False),
]

BASE: dict[str, Any] = {
    "staff": "1",
    "medium": "electronic",
    "completes_on_pc": "True",
    "rules_writable": "yes",
    "judgement": "few",
    "routine": "True",
    "core": "False",
    "change_expected": "False",
    "has_manual": "True",
    "measurement": "recorded",
    "work_kind": "data_entry",
    "resident_facing": "False",
    "shared_across": "False",
}

# title → (rows, plan)
SHEETS: dict[str, tuple[list[dict[str, Any]], dict[str, Any]]] = {
    "契約事務のRPA化": (
        [
            {
                "name": "入札結果の財務会計システム登録",
                "legal_basis": "地方自治法第234条",
                "annual_cases": "1800",
                "minutes_per_case": "12",
                "minutes_after": "2",
                "purpose": "入札結果を財務会計システムに登録する",
            },
            {
                "name": "契約台帳の更新",
                "normal_monthly": "120",
                "peak_monthly": "300",
                "peak_months": "3,4",
                "off_monthly": "60",
                "off_months": "8",
                "minutes_per_case": "8",
                "minutes_after": "1",
                "measurement": "measured",
            },
            {
                "name": "契約内容の審査",
                "annual_cases": "1800",
                "minutes_per_case": "20",
                "rules_writable": "partly",
                "judgement": "many",
                "routine": "False",
                "core": "True",
                "work_kind": "check",
                "measurement": "estimated",
            },
        ],
        {
            "proposed_tool": "rpa",
            "initial_cost": 0,
            "build_cost": 800_000,
            "annual_licence": 600_000,
            "upkeep_hours": Decimal(40),
            "go_live": date(2026, 10, 1),
            "solution": "既存のRPA（WinActor）で入札結果の登録と契約台帳の更新を自動化する。",
            "resident_benefit": "入札結果の公表が早まり、事業者が結果を確認しやすくなる。",
            "kpi": "入力誤り 年0件\nシナリオ稼働率 95%以上",
        },
    ),
    "AI-OCRによる申請書の読み取り": (
        [
            {
                "name": "要介護認定申請書の入力",
                "legal_basis": "介護保険法第27条",
                "normal_monthly": "450",
                "peak_monthly": "700",
                "peak_months": "3,4",
                "minutes_per_case": "10",
                "minutes_after": "3",
                "medium": "paper",
                "resident_facing": "True",
                "work_kind": "application",
                "measurement": "measured",
            },
            {
                "name": "主治医意見書の受付登録",
                "annual_cases": "6000",
                "minutes_per_case": "5",
                "minutes_after": "2",
                "medium": "paper",
                "shared_across": "True",
            },
        ],
        {
            "proposed_tool": "ai_ocr",
            "initial_cost": 300_000,
            "build_cost": 500_000,
            "annual_licence": 1_200_000,
            "upkeep_hours": Decimal(60),
            "go_live": date(2027, 4, 1),
            "solution": "AI-OCRで申請書を読み取り、RPAで介護保険システムに登録する。",
            "resident_benefit": "認定結果の通知が早まる。",
            "kpi": "読み取り正答率 95%以上",
        },
    ),
    "LoGoフォームでのオンライン申請": (
        [
            {
                "name": "保育園入園申込の受付",
                "legal_basis": "子ども・子育て支援法第20条",
                "normal_monthly": "80",
                "peak_monthly": "900",
                "peak_months": "11,12",
                "minutes_per_case": "25",
                "minutes_after": "8",
                "medium": "paper",
                "completes_on_pc": "False",
                "resident_facing": "True",
                "work_kind": "application",
                "judgement": "some",
                "measurement": "recorded",
            },
            {
                "name": "書類不備の電話連絡",
                "annual_cases": "1500",
                "minutes_per_case": "10",
                "minutes_after": "3",
                "completes_on_pc": "False",
                "rules_writable": "partly",
                "work_kind": "inquiry",
                "routine": "False",
                "measurement": "estimated",
            },
        ],
        {
            "proposed_tool": "online_form",
            "initial_cost": 0,
            "build_cost": 200_000,
            "annual_licence": 400_000,
            "upkeep_hours": Decimal(20),
            "go_live": date(2026, 9, 1),
            "resident_benefit": "窓口に来ずに24時間申し込める。書類不備がその場でわかる。",
            "kpi": "オンライン申請率 60%以上",
        },
    ),
    "児童相談所と関係機関の情報共有": (
        [
            {
                "name": "関係機関との連絡記録の転記",
                "annual_cases": "3000",
                "minutes_per_case": "15",
                "minutes_after": "5",
                "medium": "mixed",
                "shared_across": "True",
                "judgement": "some",
                "core": "True",
                "change_expected": "True",
                "measurement": "estimated",
            },
        ],
        {
            "proposed_tool": "low_code",
            "build_cost": 1_500_000,
            "annual_licence": 900_000,
            "upkeep_hours": Decimal(30),
            "go_live": date(2027, 1, 4),
            "resident_benefit": "支援の連携が早まる。",
        },
    ),
    "生成AI活用による議事録作成": (
        [
            {
                "name": "審議会議事録の作成",
                "annual_cases": "40",
                "minutes_per_case": "480",
                "minutes_after": "120",
                "rules_writable": "partly",
                "judgement": "some",
                "routine": "False",
                "work_kind": "document",
                "measurement": "measured",
            },
        ],
        {
            "proposed_tool": "gen_ai",
            "annual_licence": 360_000,
            "upkeep_hours": Decimal(10),
            "go_live": date(2026, 12, 1),
        },
    ),
}


def _rates() -> None:
    for order, (grade, yen, default) in enumerate(RATES):
        HourlyRate.objects.get_or_create(
            grade=grade, defaults={"yen_per_hour": yen, "is_default": default, "sort_order": order}
        )


def _cleaned(row: dict[str, Any]) -> dict[str, Any]:
    form = WorkItemForm(data={**BASE, **row})
    if not form.is_valid():
        raise ValueError(f"デモの業務「{row['name']}」が不正です: {form.errors.as_text()}")
    return form.cleaned_data


def load_demo(*, stdout: TextIO) -> None:
    _rates()
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        stdout.write("業務分析: 管理者がいないため、デモの業務量調査を作りませんでした。")
        return
    made = 0
    for title, (rows, plan) in SHEETS.items():
        case = Consultation.objects.filter(title=title).order_by("id").first()
        if case is None or WorkItem.objects.filter(worksheet__consultation=case).exists():
            continue
        services.worksheet_import(user=admin, consultation=case, rows=[_cleaned(r) for r in rows])
        services.worksheet_plan_update(user=admin, consultation=case, data=plan)
        made += 1
    stdout.write(f"業務分析: 人件費単価{len(RATES)}件、業務量調査{made}件を用意しました。")
