"""相談台帳の取り込み: yorozu's own export (CSV UTF-8 BOM / CP932, xlsx) or a city's Excel ledger in the
documented template (docs/consultations-import.md), all or nothing.

A row is the same case as one already stored when it carries the export's number (``ID``/``番号``) that
an earlier import recorded, or when 件名 + 受付日 + 所管課 match: re-importing a file adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yorozu.accounts.models import Department, User
from yorozu.common.audit import record
from yorozu.common.imports import ImportProblem, Row, department_lookup, find_department, read_rows
from yorozu.consultations.models import Consultation, Stage, Theme, TimelineEntry
from yorozu.consultations.services import CaseInput, consultation_create
from yorozu_core.fiscal import FiscalYearError, fiscal_year_label, fiscal_year_of, parse_fiscal_year

ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("ID", "番号", "No", "No.", "相談番号"),
    "title": ("件名", "相談件名"),
    "theme": ("相談テーマ", "テーマ"),
    "stage": ("段階", "状況", "ステータス"),
    "department": ("相談課", "所管課", "担当課", "課名"),
    "received_on": ("受付日", "相談日"),
    "fiscal_year": ("年度",),
    "desired_timing": ("希望時期",),
    "current_issue": ("現状の課題", "課題"),
    "target_work": ("対象業務",),
}
REQUIRED = ("title", "theme", "department", "received_on")
TEMPLATE_HEADER = [
    "番号",
    "件名",
    "相談テーマ",
    "段階",
    "所管課",
    "受付日",
    "希望時期",
    "現状の課題",
    "対象業務",
]
NOT_WRITTEN = "（台帳から取り込み。記載なし）"


def _choice(row: Row, column: str, choices: list[tuple[str, str]], what: str) -> str:
    text = row.text(column)
    for value, label in choices:
        if text in (value, str(label)):
            return value
    names = "、".join(str(label) for _, label in choices)
    raise row.problem(column, f"「{text}」という{what}はありません（使えるもの: {names}）。")


@dataclass(frozen=True)
class Planned:
    row: int
    key: str
    title: str
    theme: str
    stage: str
    department: Department
    received_on: date
    desired_timing: str
    current_issue: str
    target_work: str

    @property
    def theme_label(self) -> str:
        return str(Theme(self.theme).label)

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


@dataclass
class ImportResult:
    source: str
    new: list[Planned] = field(default_factory=list)
    existing: list[Planned] = field(default_factory=list)
    saved: bool = False
    dry_run: bool = False

    def summary(self) -> str:
        verb = "取り込みました" if self.saved else "取り込めます（確認のみ、保存していません）"
        if not self.saved and not self.dry_run:
            verb = "取り込みました（新しいものはありません）"
        return f"{self.source}: 新しい相談 {len(self.new)}件を{verb}。既にある相談 {len(self.existing)}件は変更しません。"


def _plan_row(row: Row, departments: dict[str, Department]) -> Planned:
    title = row.required("title")
    theme = _choice(row, "theme", Theme.choices, "相談テーマ")
    stage = _choice(row, "stage", Stage.choices, "段階") if row.text("stage") else Stage.RECEIVED
    department = find_department(row, "department", departments)
    received_on = row.date("received_on")
    assert received_on is not None
    _check_fiscal_year(row, received_on)
    number = row.text("number")
    return Planned(
        row=row.number,
        key=f"no:{number}" if number else "",
        title=title,
        theme=theme,
        stage=stage,
        department=department,
        received_on=received_on,
        desired_timing=row.text("desired_timing")[:100],
        current_issue=row.text("current_issue") or NOT_WRITTEN,
        target_work=row.text("target_work") or NOT_WRITTEN,
    )


def _check_fiscal_year(row: Row, received_on: date) -> None:
    written = row.text("fiscal_year")
    if not written:
        return
    try:
        year = parse_fiscal_year(written)
    except FiscalYearError as error:
        raise row.problem("fiscal_year", str(error)) from error
    if year != fiscal_year_of(received_on):
        expected = fiscal_year_label(fiscal_year_of(received_on))
        raise row.problem(
            "fiscal_year", f"受付日 {received_on} は{expected}です（「{written}」と合いません）。"
        )


def _exists(plan: Planned) -> bool:
    same = Consultation.objects.filter(
        title=plan.title, received_on=plan.received_on, department=plan.department
    )
    return same.exists() or bool(plan.key and Consultation.objects.filter(import_key=plan.key).exists())


def consultation_import(*, user: User, data: bytes, source: str, dry_run: bool = False) -> ImportResult:
    """Check every row first; then save them all in one transaction (or nothing, on the first error)."""
    departments = department_lookup()
    result = ImportResult(source=source, dry_run=dry_run)
    seen: set[tuple[str, date, int]] = set()
    for row in read_rows(data, source=source, aliases=ALIASES, required=REQUIRED):
        plan = _plan_row(row, departments)
        identity = (plan.title, plan.received_on, plan.department.pk)
        if identity in seen:
            raise row.problem("title", "同じ件名・受付日・所管課の行がファイルの中に2つあります。")
        seen.add(identity)
        (result.existing if _exists(plan) else result.new).append(plan)
    if not dry_run and result.new:
        _save(user, result)
    return result


@transaction.atomic
def _save(user: User, result: ImportResult) -> None:
    for plan in result.new:
        _create(user, plan, result.source)
    record(
        action="import",
        model="consultations.consultation",
        object_id="",
        object_repr=f"相談台帳の取り込み {result.source}: {len(result.new)}件",
        changes={"rows": [None, len(result.new)]},
    )
    result.saved = True


def _create(user: User, plan: Planned, source: str) -> Consultation:
    at = timezone.make_aware(datetime.combine(plan.received_on, time(9, 0)))
    data = CaseInput(plan.title, plan.theme, plan.current_issue, plan.target_work, plan.desired_timing)
    try:
        case = consultation_create(
            user=user,
            data=data,
            department=plan.department,
            received_on=plan.received_on,
            at=at,
            announce=False,
        )
    except (ValidationError, PermissionDenied) as error:  # name the row; the transaction rolls back
        raise ImportProblem(_messages(error), source=source, row=plan.row) from error
    case.import_key = plan.key
    if plan.stage != Stage.RECEIVED:
        TimelineEntry.objects.create(
            consultation=case,
            kind=TimelineEntry.Kind.TRANSITION,
            author=user,
            at=timezone.now(),
            from_stage=Stage.RECEIVED,
            to_stage=plan.stage,
            body="相談台帳から取り込み（取り込み時点の段階）",
        )
        case.stage = plan.stage
    case.save()
    return case


def _messages(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))
