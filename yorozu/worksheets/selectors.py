"""Reads for 業務分析, always scoped by the requesting user (a consultation's department decides)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from yorozu.accounts.models import User
from yorozu.accounts.permissions import scope_to_user
from yorozu.consultations.models import Consultation
from yorozu.worksheets.models import AnalysisSettings, HourlyRate, WorkItem, Worksheet
from yorozu_core.toolfit import (
    Degree,
    Fit,
    FitWeights,
    Medium,
    TaskTraits,
    WorkKind,
    assess,
    ranked,
    ranking_notes,
)
from yorozu_core.worksheet import (
    Cost,
    SeasonalVolume,
    TaskFigures,
    Totals,
    parse_months,
    payback_fiscal_year,
    payback_years,
    task_figures,
    worksheet_totals,
)

FALLBACK_RATE = 4560  # yen/h, used only when the city has not set any rate (a city's reported average)


def consultation_list(*, user: User) -> QuerySet[Consultation]:
    """Consultations the user may see, with their number of worksheet rows."""
    qs = scope_to_user(Consultation.objects.select_related("department"), user)
    # Meta.ordering is dropped from GROUP BY queries (Django ≥ 3.1): say the order the page promises.
    return qs.annotate(item_count=Count("worksheet__items")).order_by("-received_on", "-id")


def consultation_get(*, user: User, consultation_id: int) -> Consultation:
    """The consultation, or 404 when it does not exist or the user may not see it."""
    found = scope_to_user(Consultation.objects.select_related("department"), user).filter(pk=consultation_id)
    consultation = found.first()
    if consultation is None:
        raise Http404("相談が見つかりません。")
    return consultation


def work_item_get(*, user: User, item_id: int) -> WorkItem:
    qs = scope_to_user(
        WorkItem.objects.select_related("worksheet__consultation", "grade"),
        user,
        department_field="worksheet__consultation__department",
    )
    item = qs.filter(pk=item_id).first()
    if item is None:
        raise Http404("業務が見つかりません。")
    return item


def analysis_settings() -> AnalysisSettings:
    """The settings row (defaults when the city has not saved any)."""
    return AnalysisSettings.objects.filter(pk=1).first() or AnalysisSettings(pk=1)


def fit_weights(settings: AnalysisSettings) -> FitWeights:
    try:
        return FitWeights.from_mapping(settings.fit_weights or {})
    except ValueError:
        return FitWeights()


def default_rate() -> int:
    rate = HourlyRate.objects.order_by("-is_default", "sort_order", "id").first()
    return rate.yen_per_hour if rate else FALLBACK_RATE


def hourly_rate_list() -> QuerySet[HourlyRate]:
    return HourlyRate.objects.all()


@dataclass(frozen=True)
class Row:
    item: WorkItem
    figures: TaskFigures
    fits: tuple[Fit, ...]
    ranked: list[Fit]

    @property
    def best(self) -> Fit | None:
        return self.ranked[0] if self.ranked else None

    @cached_property
    def ranking_notes(self) -> list[str]:
        """Why the order is not by score (the gates), shown next to the ranking."""
        return ranking_notes(self.ranked, self.fits)

    @cached_property
    def order_note(self) -> str:
        """The note on an order that differs from the scores, or ""."""
        return next((n for n in self.ranking_notes if "点数の高い" in n), "")


@dataclass(frozen=True)
class Analysis:
    consultation: Consultation
    worksheet: Worksheet | None
    rows: list[Row]
    totals: Totals
    annual_working_hours: Decimal
    default_rate: int
    payback: Decimal | None
    payback_fy: int | None

    @property
    def cost(self) -> Cost:
        ws = self.worksheet
        return Cost(ws.initial_cost, ws.build_cost, ws.annual_licence) if ws else Cost()

    @property
    def has_cost(self) -> bool:
        """Whether any cost was entered: before that a payback of 0.0年 would be a false promise."""
        cost = self.cost
        return bool(cost.one_off or cost.annual_licence)


def seasonal_volume(item: WorkItem) -> SeasonalVolume | None:
    if item.normal_monthly is None:
        return None
    return SeasonalVolume(
        normal=item.normal_monthly,
        peak=item.peak_monthly or Decimal(0),
        off=item.off_monthly or Decimal(0),
        peak_months=parse_months(item.peak_months),
        off_months=parse_months(item.off_months),
    )


def task_traits(item: WorkItem, hours: Decimal) -> TaskTraits:
    return TaskTraits(
        annual_cases=item.annual_cases,
        annual_hours=hours,
        medium=Medium(item.medium),
        completes_on_pc=item.completes_on_pc,
        rules_writable=Degree(item.rules_writable),
        judgement=Degree(item.judgement),
        routine=item.routine,
        core=item.core,
        change_expected=item.change_expected,
        has_manual=item.has_manual,
        resident_facing=item.resident_facing,
        shared_across=item.shared_across,
        work_kind=WorkKind(item.work_kind),
    )


def build_row(item: WorkItem, *, rate: int, hours: Decimal, weights: FitWeights) -> Row:
    figures = task_figures(
        cases=item.annual_cases,
        minutes_before=item.minutes_per_case,
        minutes_after=item.minutes_after,
        hourly_rate_yen=item.grade.yen_per_hour if item.grade else rate,
        annual_working_hours=hours,
    )
    traits = task_traits(item, figures.hours_before)
    fits = assess(traits, weights)
    return Row(item=item, figures=figures, fits=fits, ranked=ranked(fits, traits))


def analysis_for(*, consultation: Consultation, items: Any = None) -> Analysis:
    """Figures, fits and totals of a consultation's worksheet (the caller has checked access)."""
    worksheet = Worksheet.objects.filter(consultation=consultation).first()
    settings = analysis_settings()
    rate, hours, weights = default_rate(), settings.annual_working_hours, fit_weights(settings)
    if items is None:
        items = WorkItem.objects.filter(worksheet=worksheet).select_related("grade") if worksheet else []
    rows = [build_row(item, rate=rate, hours=hours, weights=weights) for item in items]
    upkeep = worksheet.upkeep_hours if worksheet else Decimal(0)
    totals = worksheet_totals(
        [r.figures for r in rows],
        upkeep_hours=upkeep,
        upkeep_hourly_rate_yen=rate,
        annual_working_hours=hours,
    )
    analysis = Analysis(consultation, worksheet, rows, totals, hours, rate, None, None)
    payback = (
        payback_years(cost=analysis.cost, annual_saving_yen=totals.cost_saved) if analysis.has_cost else None
    )
    fy = (
        payback_fiscal_year(go_live=worksheet.go_live, years=payback)
        if worksheet and worksheet.go_live
        else None
    )
    return Analysis(consultation, worksheet, rows, totals, hours, rate, payback, fy)


def worksheet_analysis(*, user: User, consultation_id: int) -> Analysis:
    return analysis_for(consultation=consultation_get(user=user, consultation_id=consultation_id))


def plan_budget_year(analysis: Analysis) -> int:
    """The plan's 予算年度: as set, else the year after the request (a budget is requested the year before)."""
    ws = analysis.worksheet
    if ws and ws.budget_year:
        return ws.budget_year
    return default_budget_year(analysis.consultation)


def default_budget_year(consultation: Consultation) -> int:
    return consultation.fiscal_year + 1


def plan_author() -> str:
    """Who a 事業計画書 is from: the city and its IT division (the desk), e.g. 「よろず区 IT推進課」."""
    from yorozu.accounts.models import City, Department

    city = City.objects.first()
    desk = Department.objects.filter(is_it_division=True).order_by("pk").first()
    parts = [city.name if city else "", desk.name if desk else "DXよろず相談窓口"]
    return " ".join(p for p in parts if p)
