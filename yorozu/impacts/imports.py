"""Tool ledger import: a city's deployments with their realised effects (e.g. an RPA 実績表: scenario,
department, tool, go-live, period, 件数, minutes before/after), all rows or none.

Same rules as the 相談台帳 import (decision record 0310): a deployment is the same one when 名称 + ツール +
所管課 match, an effect record when its deployment, 区分 and period match — re-importing adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from yorozu.accounts.models import Department, User
from yorozu.accounts.permissions import is_desk_staff
from yorozu.common.audit import record
from yorozu.common.imports import ImportProblem, Row, department_lookup, find_department, read_rows
from yorozu.impacts import services
from yorozu.impacts.models import Deployment, EffectRecord, Tool
from yorozu_core.dates import DateParseError, parse_japanese_date
from yorozu_core.fiscal import fiscal_year_of

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("名称", "シナリオ名", "導入名", "業務名"),
    "department": ("所管課", "課名", "担当課"),
    "tool": ("ツール", "ツール名", "製品"),
    "go_live": ("稼働日", "稼働開始日", "運用開始日"),
    "retired_on": ("廃止日",),
    "kind": ("区分",),
    "period": ("期間", "測定期間"),
    "period_start": ("測定期間（開始）", "期間（開始）", "開始日"),
    "period_end": ("測定期間（終了）", "期間（終了）", "終了日"),
    "cases": ("件数", "処理件数"),
    "minutes_before": ("導入前（分）", "導入前の1件あたり時間（分）", "作業時間（導入前・分）"),
    "minutes_after": ("導入後（分）", "導入後の1件あたり時間（分）", "作業時間（導入後・分）"),
    "upkeep_hours": ("保守等の時間", "保守等の時間（時間）", "保守時間"),
}
REQUIRED = ("name", "department", "tool", "go_live")
TEMPLATE_HEADER = [
    "シナリオ名", "所管課", "ツール", "稼働日", "区分", "期間", "件数", "導入前（分）", "導入後（分）", "保守等の時間",
]  # fmt: skip
WHOLE_CITY = {"全庁", "全庁共通", "全体"}
_RANGE = re.compile(r"\s*[〜～~]\s*")


@dataclass(frozen=True)
class PlannedEffect:
    kind: str
    period_start: date
    period_end: date
    cases: int
    minutes_before: Decimal
    minutes_after: Decimal
    upkeep_hours: Decimal

    @property
    def hours_saved(self) -> Decimal:
        return self.cases * (self.minutes_before - self.minutes_after) / 60 - self.upkeep_hours


@dataclass(frozen=True)
class PlannedRow:
    row: int
    name: str
    department: Department | None
    tool: Tool
    go_live: date
    retired_on: date | None
    effect: PlannedEffect | None


@dataclass
class LedgerImportResult:
    source: str
    rows: list[PlannedRow] = field(default_factory=list)
    new_deployments: int = 0
    new_effects: int = 0
    saved: bool = False
    dry_run: bool = False

    def summary(self) -> str:
        verb = "取り込みました" if self.saved else "取り込めます（確認のみ、保存していません）"
        if not self.saved and not self.dry_run:
            verb = "取り込みました（新しいものはありません）"
        return (
            f"{self.source}: {len(self.rows)}行。新しい導入 {self.new_deployments}件、"
            f"新しい効果の記録 {self.new_effects}件を{verb}。既にあるものは変更しません。"
        )


def _tool(row: Row) -> Tool:
    text = row.required("tool")
    tool = services.tool_resolve(text=text)
    if tool is None:
        names = "、".join(Tool.objects.values_list("name", flat=True)) or "（未登録）"
        raise row.problem("tool", f"「{text}」というツールは登録されていません（登録済み: {names}）。")
    return tool


def _department(row: Row, lookup: dict[str, Department]) -> Department | None:
    return None if row.text("department") in WHOLE_CITY else find_department(row, "department", lookup)


def _period(row: Row) -> tuple[date, date] | None:
    if row.text("period"):
        parts = _RANGE.split(row.text("period"))
        if len(parts) != 2:
            raise row.problem("period", "期間は「開始〜終了」で書いてください（例: R4.4.1〜R5.3.31）。")
        try:
            start, end = parse_japanese_date(parts[0]), parse_japanese_date(parts[1])
        except DateParseError as error:
            raise row.problem("period", str(error)) from error
        column = "period"
    elif row.text("period_start") or row.text("period_end"):
        start, end = row.date("period_start"), row.date("period_end")
        assert start is not None and end is not None
        column = "period_end"
    else:
        return None
    if end < start:
        raise row.problem(column, "期間の終了日が開始日より前です。")
    if fiscal_year_of(start) != fiscal_year_of(end):
        raise row.problem(column, "期間は1つの年度（4月1日〜翌年3月31日）の中で書いてください。")
    return start, end


def _kind(row: Row) -> str:
    text = row.text("kind") or "実績"
    for kind in EffectRecord.Kind:
        if text in (kind.value, str(kind.label)):
            return kind.value
    raise row.problem("kind", f"「{text}」という区分はありません（実績 または 見込み）。")


def _effect(row: Row) -> PlannedEffect | None:
    period = _period(row)
    if period is None:
        return None
    cases = row.amount("cases")
    before, after = row.amount("minutes_before"), row.amount("minutes_after")
    upkeep = row.amount("upkeep_hours", required=False) or 0
    assert cases is not None and before is not None and after is not None
    if cases != int(cases):
        raise row.problem("cases", "件数は整数で書いてください。")
    return PlannedEffect(
        kind=_kind(row),
        period_start=period[0],
        period_end=period[1],
        cases=int(cases),
        minutes_before=Decimal(str(before)),
        minutes_after=Decimal(str(after)),
        upkeep_hours=Decimal(str(upkeep)),
    )


def _plan_row(row: Row, lookup: dict[str, Department]) -> PlannedRow:
    go_live = row.date("go_live")
    retired_on = row.date("retired_on", required=False)
    assert go_live is not None
    if retired_on is not None and retired_on <= go_live:
        raise row.problem("retired_on", "廃止日は稼働日より後の日付にしてください。")
    return PlannedRow(
        row=row.number,
        name=row.required("name")[:200],
        department=_department(row, lookup),
        tool=_tool(row),
        go_live=go_live,
        retired_on=retired_on,
        effect=_effect(row),
    )


def _find_deployment(plan: PlannedRow) -> Deployment | None:
    return Deployment.objects.filter(name=plan.name, tool=plan.tool, department=plan.department).first()


def _effect_exists(deployment: Deployment | None, effect: PlannedEffect) -> bool:
    if deployment is None:
        return False
    return EffectRecord.objects.filter(
        deployment=deployment,
        kind=effect.kind,
        period_start=effect.period_start,
        period_end=effect.period_end,
    ).exists()


def ledger_import(*, user: User, data: bytes, source: str, dry_run: bool = False) -> LedgerImportResult:
    """Check every row, count what is new, then save everything in one transaction (or nothing)."""
    if not user.is_authenticated or not is_desk_staff(user):
        raise ImportProblem("取り込めるのはIT推進課の担当者と管理者です。", source=source)
    lookup = department_lookup()
    result = LedgerImportResult(source=source, dry_run=dry_run)
    new_keys: set[tuple[str, int, int | None]] = set()
    new_effects: set[tuple[object, ...]] = set()
    for row in read_rows(data, source=source, aliases=ALIASES, required=REQUIRED):
        plan = _plan_row(row, lookup)
        result.rows.append(plan)
        key = (plan.name, plan.tool.pk, plan.department.pk if plan.department else None)
        existing = _find_deployment(plan)
        if existing is None:
            new_keys.add(key)
        effect = plan.effect
        if effect and not _effect_exists(existing, effect):
            new_effects.add((key, effect.kind, effect.period_start, effect.period_end))
    result.new_deployments, result.new_effects = len(new_keys), len(new_effects)
    if not dry_run and (new_keys or new_effects):
        _save(user, result)
    return result


@transaction.atomic
def _save(user: User, result: LedgerImportResult) -> None:
    for plan in result.rows:
        try:
            _save_row(user, plan)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            raise ImportProblem(text, source=result.source, row=plan.row) from error
    record(
        action="import",
        model="impacts.deployment",
        object_id="",
        object_repr=f"導入・効果の取り込み {result.source}: 導入 {result.new_deployments}件、効果 {result.new_effects}件",
        changes={"deployments": [None, result.new_deployments], "effects": [None, result.new_effects]},
    )
    result.saved = True


def _save_row(user: User, plan: PlannedRow) -> None:
    deployment = _find_deployment(plan) or services.deployment_create(
        user=user,
        tool=plan.tool,
        name=plan.name,
        go_live=plan.go_live,
        department=plan.department,
        retired_on=plan.retired_on,
        note="台帳から取り込み",
    )
    effect = plan.effect
    if effect is None or _effect_exists(deployment, effect):
        return
    services.deployment_record_effect(
        user=user,
        deployment=deployment,
        kind=effect.kind,
        period_start=effect.period_start,
        period_end=effect.period_end,
        cases=effect.cases,
        minutes_before=effect.minutes_before,
        minutes_after=effect.minutes_after,
        upkeep_hours=effect.upkeep_hours,
        note="台帳から取り込み",
    )
