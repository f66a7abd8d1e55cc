"""Reads for the case page: everything that hangs off one consultation, in the order of the lifecycle
(相談票 → 業務量調査 → 事業計画書 → 導入 → 効果). The caller has checked that the user may see the case."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from yorozu.consultations.models import Consultation
from yorozu.impacts.models import Deployment, EffectRecord, MeasurementDue
from yorozu.impacts.services import ledger_settings
from yorozu.worksheets.selectors import Analysis, analysis_for
from yorozu_core.effects import record_yen

ZERO = Decimal(0)
DUE_SOON = timedelta(days=14)  # a measurement due within two weeks is shown as 「期限間近」


@dataclass(frozen=True)
class ToolPick:
    label: str
    tasks: int
    hours: Decimal


@dataclass(frozen=True)
class WorksheetSummary:
    tasks: int
    annual_hours: Decimal
    hours_saved: Decimal
    cost_saved: int
    top_tools: list[ToolPick]
    updated_at: object
    has_plan: bool


@dataclass
class EffectTotals:
    projected_hours: Decimal = ZERO
    realised_hours: Decimal = ZERO
    projected_yen: int = 0
    realised_yen: int = 0


@dataclass
class DeploymentRow:
    deployment: Deployment
    totals: EffectTotals = field(default_factory=EffectTotals)
    measurements: list[MeasurementDue] = field(default_factory=list)


@dataclass(frozen=True)
class DueRow:
    measurement: MeasurementDue
    state: str  # "overdue" | "soon" | "scheduled"

    @property
    def label(self) -> str:
        return {"overdue": "期限超過", "soon": "期限間近", "scheduled": "予定"}[self.state]


def due_state(due_on: date, today: date) -> str:
    if due_on < today:
        return "overdue"
    return "soon" if due_on <= today + DUE_SOON else "scheduled"


@dataclass(frozen=True)
class Lifecycle:
    worksheet: WorksheetSummary | None
    deployments: list[DeploymentRow]
    totals: EffectTotals
    due: list[DueRow]
    hourly_rate_yen: int


def top_tools(analysis: Analysis, limit: int = 3) -> list[ToolPick]:
    """The tools that rank first on most of the worksheet's hours (tasks where each is the best fit)."""
    hours: dict[str, Decimal] = defaultdict(Decimal)
    tasks: dict[str, int] = defaultdict(int)
    for row in analysis.rows:
        if row.best is not None:
            hours[row.best.label] += row.figures.hours_before
            tasks[row.best.label] += 1
    picks = [ToolPick(label, tasks[label], hours[label]) for label in hours]
    return sorted(picks, key=lambda p: (-p.hours, -p.tasks, p.label))[:limit]


def worksheet_summary(case: Consultation) -> WorksheetSummary | None:
    analysis = analysis_for(consultation=case)
    if analysis.worksheet is None:
        return None
    ws = analysis.worksheet
    return WorksheetSummary(
        tasks=analysis.totals.tasks,
        annual_hours=analysis.totals.hours_before,
        hours_saved=analysis.totals.hours_saved,
        cost_saved=analysis.totals.cost_saved,
        top_tools=top_tools(analysis),
        updated_at=ws.updated_at,
        has_plan=bool(ws.proposed_tool or ws.solution or ws.kpi or ws.go_live),
    )


def _effect_totals(effects: list[EffectRecord], rate: int) -> EffectTotals:
    totals = EffectTotals()
    for effect in effects:
        if effect.kind == EffectRecord.Kind.PROJECTED:
            totals.projected_hours += effect.annual_hours
        else:
            totals.realised_hours += effect.hours_saved
    totals.projected_yen = record_yen(hours=totals.projected_hours, hourly_rate_yen=rate)
    totals.realised_yen = record_yen(hours=totals.realised_hours, hourly_rate_yen=rate)
    return totals


def case_lifecycle(*, consultation: Consultation) -> Lifecycle:
    """Worksheet summary, deployments with projected vs realised effects, and measurements due."""
    rate = ledger_settings().hourly_rate_yen
    deployments = list(
        Deployment.objects.filter(consultation=consultation)
        .select_related("tool", "department__parent")
        .prefetch_related("effects", "measurements")
        .order_by("go_live", "id")
    )
    rows = [
        DeploymentRow(d, _effect_totals(list(d.effects.all()), rate), list(d.measurements.all()))
        for d in deployments
    ]
    all_effects = [e for d in deployments for e in d.effects.all()]
    today = timezone.localdate()
    due = [
        DueRow(m, due_state(m.due_on, today))
        for row in rows
        for m in row.measurements
        if m.status == MeasurementDue.Status.OPEN
    ]
    return Lifecycle(
        worksheet=worksheet_summary(consultation),
        deployments=rows,
        totals=_effect_totals(all_effects, rate),
        due=sorted(due, key=lambda d: d.measurement.due_on),
        hourly_rate_yen=rate,
    )
