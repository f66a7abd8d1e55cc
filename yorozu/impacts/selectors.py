"""Reads of the effect ledger, always scoped by the requesting user (requesters: their department)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from yorozu.accounts.models import User
from yorozu.accounts.permissions import scope_to_user
from yorozu.consultations.models import Consultation
from yorozu.impacts.models import Deployment, EffectRecord, Tool, VolumeProfile
from yorozu.impacts.services import ledger_settings, weights_for
from yorozu.worksheets.selectors import Analysis, analysis_for, seasonal_volume
from yorozu_core.effects import FISCAL_MONTHS, annualise, period_share, record_hours, record_yen
from yorozu_core.fiscal import fiscal_year_label, fiscal_year_of


@dataclass(frozen=True)
class DeploymentFilters:
    kind: str = ""
    tool_id: int | None = None
    department_id: int | None = None
    status: str = ""
    query: str = ""


def deployment_list(*, user: User, filters: DeploymentFilters | None = None) -> QuerySet[Deployment]:
    rows = scope_to_user(Deployment.objects.all(), user).select_related(
        "tool", "department", "department__parent", "consultation"
    )
    f = filters or DeploymentFilters()
    if f.kind:
        rows = rows.filter(tool__kind=f.kind)
    if f.tool_id:
        rows = rows.filter(tool_id=f.tool_id)
    if f.department_id:
        rows = rows.filter(department_id=f.department_id)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.query:
        rows = rows.filter(name__icontains=f.query)
    return rows


def deployment_get(*, user: User, pk: int) -> Deployment:
    """The deployment if the user may see it; 404 otherwise (never its data)."""
    found = deployment_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("導入が見つかりません。")
    return found


def effect_list(*, user: User, deployment: Deployment) -> QuerySet[EffectRecord]:
    deployment_get(user=user, pk=deployment.pk)
    return EffectRecord.objects.filter(deployment=deployment).select_related("recorded_by")


def effect_get(*, user: User, pk: int) -> EffectRecord:
    found = (
        scope_to_user(EffectRecord.objects.all(), user, department_field="deployment__department")
        .select_related("deployment")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("効果の記録が見つかりません。")
    return found


def tool_list() -> QuerySet[Tool]:
    """Tools are not department data: every signed-in user may read the register."""
    return Tool.objects.all()


def volume_profile_of(*, user: User, deployment: Deployment) -> VolumeProfile | None:
    """The profile whose weights apply to ``deployment`` (its own, else its department's)."""
    deployment_get(user=user, pk=deployment.pk)
    own = VolumeProfile.objects.filter(deployment=deployment).first()
    if own or not deployment.department_id:
        return own
    return VolumeProfile.objects.filter(department_id=deployment.department_id).first()


def department_profiles() -> QuerySet[VolumeProfile]:
    return VolumeProfile.objects.filter(department__isnull=False).select_related("department__parent")


@dataclass(frozen=True)
class EffectPreview:
    hours_saved: Decimal
    annual_hours: Decimal
    share_percent: Decimal
    yen: int


def effect_preview(*, user: User, deployment: Deployment, data: dict[str, Any]) -> EffectPreview | None:
    """What recording ``data`` would give (hours, annualised hours, yen); None while it is incomplete."""
    deployment_get(user=user, pk=deployment.pk)
    try:
        hours = record_hours(
            cases=data["cases"],
            minutes_before=data["minutes_before"],
            minutes_after=data["minutes_after"],
            upkeep_hours=data.get("upkeep_hours") or 0,
        )
        weights = weights_for(deployment)
        share = period_share(data["period_start"], data["period_end"], weights)
        annual = annualise(
            hours=hours, period_start=data["period_start"], period_end=data["period_end"], weights=weights
        )
    except (KeyError, ValueError, TypeError):
        return None
    return EffectPreview(
        hours_saved=hours,
        annual_hours=annual.quantize(Decimal("0.01")),
        share_percent=(share * 100).quantize(Decimal("0.1")),
        yen=record_yen(hours=hours, hourly_rate_yen=ledger_settings().hourly_rate_yen),
    )


# 業務分析's tool (yorozu_core.toolfit.Tool) → the ledger's tool kind.
TOOLFIT_TO_KIND = {
    "rpa": "rpa",
    "ai_ocr": "ai_ocr",
    "online_form": "online_form",
    "low_code": "low_code",
    "bi": "bi",
    "gen_ai": "generative_ai",
}
_DEC2 = Decimal("0.01")


def _monthly_weights(analysis: Analysis) -> list[Decimal] | None:
    """The worksheet's monthly volumes (April first), or None when no task has seasons (flat)."""
    if not any(row.item.has_seasons for row in analysis.rows):
        return None
    weights = [Decimal(0)] * 12
    for row in analysis.rows:
        volume = seasonal_volume(row.item)
        months = volume.monthly_weights() if volume else (row.figures.cases / 12,) * 12
        weights = [w + m for w, m in zip(weights, months, strict=True)]
    return [w.quantize(_DEC2, ROUND_HALF_UP) for w in weights]


def _suggested_tool(analysis: Analysis) -> Tool | None:
    ws = analysis.worksheet
    wanted = ws.proposed_tool if ws and ws.proposed_tool else ""
    if not wanted:
        best = [row.best for row in analysis.rows if row.best is not None]
        wanted = max(best, key=lambda f: f.score).tool.value if best else ""
    kind = TOOLFIT_TO_KIND.get(wanted)
    return Tool.objects.filter(kind=kind).order_by("id").first() if kind else None


def deployment_initial_from_case(*, consultation: Consultation, today: date) -> dict[str, Any]:
    """The 「導入を登録」 form prefilled from the case's 業務量調査: volumes, minutes before/after,
    upkeep and seasonal months, so nothing is typed twice (the consultant may still edit each)."""
    analysis = analysis_for(consultation=consultation)
    ws, totals = analysis.worksheet, analysis.totals
    go_live = ws.go_live if ws and ws.go_live else today
    initial: dict[str, Any] = {
        "name": consultation.title,
        "go_live": go_live,
        "tool": _suggested_tool(analysis),
        "projected_fiscal_year": fiscal_year_label(fiscal_year_of(go_live)),
    }
    if totals.cases > 0:
        after = sum((row.figures.hours_after for row in analysis.rows), Decimal(0))
        initial |= {
            "cases": int(totals.cases.to_integral_value()),
            "minutes_before": (totals.hours_before * 60 / totals.cases).quantize(_DEC2, ROUND_HALF_UP),
            "minutes_after": (after * 60 / totals.cases).quantize(_DEC2, ROUND_HALF_UP),
            "upkeep_hours": (ws.upkeep_hours if ws else Decimal(0)),
        }
    weights = _monthly_weights(analysis)
    if weights:
        initial |= {f"m{month}": w for month, w in zip(FISCAL_MONTHS, weights, strict=True)}
    return initial
