"""Compose the text of a 事例 from what a finished case holds: the 相談票, the 業務量調査, the tool
fit and plan, the realised effects and the deployments.

Only the case's own text fields and figures go in; no person's name is read (the requester and the
consultants are not part of :class:`DraftFacts`), so nothing personal is carried over unless a
consultant typed it into the 相談票 or the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yorozu_core.fiscal import fiscal_year_label, fiscal_year_of


@dataclass(frozen=True, slots=True)
class WorkFacts:
    name: str
    annual_cases: Decimal
    annual_hours: Decimal
    medium_label: str


@dataclass(frozen=True, slots=True)
class DeploymentFacts:
    name: str
    tool: str
    go_live: date
    retired_on: date | None
    status_label: str
    live: bool


@dataclass(frozen=True, slots=True)
class EffectFacts:
    """One realised measurement of the effect ledger."""

    period_start: date
    period_end: date
    hours_saved: Decimal
    annual_hours: Decimal


@dataclass(frozen=True, slots=True)
class DraftFacts:
    title: str
    theme_label: str
    department: str
    current_issue: str
    target_work: str
    work: tuple[WorkFacts, ...] = ()
    annual_hours_before: Decimal | None = None
    planned_hours_saved: Decimal | None = None
    proposed_tool: str = ""
    fit_reasons: tuple[str, ...] = ()
    solution: str = ""
    selection_reason: str = ""
    deployments: tuple[DeploymentFacts, ...] = ()
    effects: tuple[EffectFacts, ...] = ()
    hourly_rate_yen: int = 0


@dataclass(frozen=True, slots=True)
class RealisedSummary:
    """The latest measured fiscal year's realised effect, annualised."""

    fiscal_year: int
    period_start: date
    period_end: date
    hours_saved: Decimal
    annual_hours: Decimal
    annual_yen: int


@dataclass(frozen=True, slots=True)
class DraftText:
    title: str
    summary: str
    challenge: str
    solution: str
    outcome: str
    continuity: str
    operation_period: str
    tools: tuple[str, ...]
    realised: RealisedSummary | None


def _hours(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1')):,}時間"


def _yen(value: int) -> str:
    return f"{value:,}円"


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def realised_summary(effects: tuple[EffectFacts, ...], hourly_rate_yen: int) -> RealisedSummary | None:
    """Σ of the realised records of the latest fiscal year measured (the year the 事例 reports)."""
    if not effects:
        return None
    latest = max(fiscal_year_of(e.period_end) for e in effects)
    year = [e for e in effects if fiscal_year_of(e.period_end) == latest]
    annual = sum((e.annual_hours for e in year), Decimal(0))
    return RealisedSummary(
        fiscal_year=latest,
        period_start=min(e.period_start for e in year),
        period_end=max(e.period_end for e in year),
        hours_saved=sum((e.hours_saved for e in year), Decimal(0)),
        annual_hours=annual,
        annual_yen=int((annual * hourly_rate_yen).to_integral_value()),
    )


def compose_challenge(facts: DraftFacts) -> str:
    lines = [facts.current_issue.strip(), f"対象業務: {facts.target_work.strip()}"]
    for work in facts.work:
        lines.append(
            f"・{work.name}: 年間{work.annual_cases:,.0f}件、{_hours(work.annual_hours)}（入力: {work.medium_label}）"
        )
    if facts.annual_hours_before is not None and facts.work:
        lines.append(f"業務量調査の合計: 年間{_hours(facts.annual_hours_before)}")
    return "\n".join(line for line in lines if line)


def compose_solution(facts: DraftFacts, tools: tuple[str, ...]) -> str:
    lines = []
    if tools:
        lines.append(f"導入したツール: {'、'.join(tools)}")
    elif facts.proposed_tool:
        lines.append(f"選んだツール: {facts.proposed_tool}")
    if facts.solution.strip():
        lines.append(facts.solution.strip())
    reasons = [*facts.fit_reasons, facts.selection_reason.strip()]
    if any(reasons):
        lines.append("選定の理由: " + "。".join(r.rstrip("。") for r in reasons if r) + "。")
    if facts.planned_hours_saved is not None:
        lines.append(f"計画時の削減見込み: 年間{_hours(facts.planned_hours_saved)}")
    return "\n".join(lines)


def compose_outcome(realised: RealisedSummary | None) -> str:
    if realised is None:
        return "効果測定の実績はまだ記録されていません。"
    return (
        f"{fiscal_year_label(realised.fiscal_year)}の実績（{_day(realised.period_start)}〜{_day(realised.period_end)}"
        f"の測定）: 削減時間 {_hours(realised.hours_saved)}。"
        f"年換算 {_hours(realised.annual_hours)}（人件費換算 {_yen(realised.annual_yen)}）。"
    )


def compose_operation_period(deployments: tuple[DeploymentFacts, ...]) -> str:
    if not deployments:
        return ""
    start = min(d.go_live for d in deployments)
    ends = [d.retired_on for d in deployments if d.retired_on]
    if any(d.live for d in deployments) or not ends:
        return f"{_day(start)}〜（稼働中）"
    return f"{_day(start)}〜{_day(max(ends))}"


def compose_continuity(deployments: tuple[DeploymentFacts, ...]) -> str:
    lines = [
        f"{d.name}（{d.tool}）: {d.status_label}、稼働日 {_day(d.go_live)}"
        + (f"、廃止日 {_day(d.retired_on)}" if d.retired_on else "")
        for d in deployments
    ]
    return "\n".join(lines)


def compose_draft(facts: DraftFacts) -> DraftText:
    """The editable first version of a 事例 (the consultant reviews every field)."""
    tools = tuple(dict.fromkeys(d.tool for d in facts.deployments))
    realised = realised_summary(facts.effects, facts.hourly_rate_yen)
    summary = (
        f"{facts.department}の{facts.theme_label}の事例。"
        + (f"{'、'.join(tools)}を導入し、" if tools else "")
        + (f"年換算で{_hours(realised.annual_hours)}の業務時間を削減した。" if realised else "効果を測定中。")
    )
    return DraftText(
        title=facts.title,
        summary=summary,
        challenge=compose_challenge(facts),
        solution=compose_solution(facts, tools),
        outcome=compose_outcome(realised),
        continuity=compose_continuity(facts.deployments),
        operation_period=compose_operation_period(facts.deployments),
        tools=tools,
        realised=realised,
    )
