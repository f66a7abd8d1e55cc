"""Reads on consultation cases, always scoped by the requesting user (CONVENTIONS.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404

from yorozu.accounts.models import Department, User
from yorozu.accounts.permissions import scope_to_user
from yorozu.consultations.models import Consultation, EffortLog, Stage, Theme, TimelineEntry
from yorozu_core.fiscal import fiscal_year_bounds, fiscal_year_label
from yorozu_core.lifecycle import CLOSED, FLOW, median_from_counts, search_terms


@dataclass(frozen=True)
class CaseFilters:
    stage: str = ""
    department_id: int | None = None
    theme: str = ""
    fiscal_year: int | None = None
    assignee_id: int | None = None
    keyword: str = ""
    unreadable: bool = False  # a filter value could not be read: show nothing, never everything


def consultation_visible(*, user: User) -> QuerySet[Consultation]:
    return scope_to_user(Consultation.objects.all(), user)


def consultation_list(*, user: User, filters: CaseFilters | None = None) -> QuerySet[Consultation]:
    """The cases ``user`` may see, filtered, newest 受付 first, ready to render (no N+1)."""
    f = filters or CaseFilters()
    cases = consultation_visible(user=user)
    if f.unreadable:
        cases = cases.none()
    exact = {
        "stage": f.stage,
        "department_id": f.department_id,
        "theme": f.theme,
        "fiscal_year": f.fiscal_year,
        "assignees__id": f.assignee_id,
    }
    cases = cases.filter(**{k: v for k, v in exact.items() if v not in ("", None)})
    for term in search_terms(f.keyword):
        cases = cases.filter(search_text__contains=term)
    return cases.select_related("department__parent", "requester").prefetch_related(
        Prefetch("assignees", queryset=User.objects.order_by("id"))
    )


def consultation_get(*, user: User, pk: int) -> Consultation:
    """One case, or 404 when it does not exist or ``user`` may not see it."""
    case = (
        consultation_visible(user=user)
        .select_related("department__parent", "requester")
        .prefetch_related("assignees", "related_departments", "attachments")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("相談が見つかりません。")
    return case


def timeline_of(*, consultation: Consultation) -> QuerySet[TimelineEntry]:
    return consultation.timeline.select_related("author").order_by("at", "id")


def effort_of(*, consultation: Consultation) -> tuple[QuerySet[EffortLog], list[dict[str, Any]], Decimal]:
    """The effort log rows, hours per consultant, and the total hours of one case."""
    logs = consultation.effort_logs.select_related("consultant")
    per_consultant = list(
        logs.order_by()
        .values("consultant__id", "consultant__display_name", "consultant__username")
        .annotate(hours=Sum("hours"))
        .order_by("-hours")
    )
    total = sum((row["hours"] for row in per_consultant), Decimal(0))
    return logs, per_consultant, total


def consultants() -> QuerySet[User]:
    return User.objects.filter(role__in=[User.Role.CONSULTANT, User.Role.ADMIN], is_active=True).order_by(
        "id"
    )


def departments_for_filter(*, user: User) -> QuerySet[Department]:
    if user.sees_all_departments:
        return Department.objects.filter(kind=Department.Kind.SECTION).select_related("parent")
    return Department.objects.filter(pk=user.department_id).select_related("parent")


def _grouped(cases: QuerySet[Consultation], field: str) -> dict[int, dict[Any, int]]:
    result: dict[int, dict[Any, int]] = defaultdict(dict)
    for row in cases.order_by().values("fiscal_year", field).annotate(n=Count("id")):
        result[row["fiscal_year"]][row[field]] = row["n"]
    return result


def consultation_stats(*, user: User) -> list[dict[str, Any]]:
    """Per fiscal year: count, by stage, by theme and by department (names), oldest year first."""
    cases = consultation_visible(user=user)
    by_stage, by_theme = _grouped(cases, "stage"), _grouped(cases, "theme")
    by_department = _grouped(cases, "department_id")
    names = {d.pk: d.full_name for d in Department.objects.select_related("parent")}
    return [
        {
            "fiscal_year": year,
            "label": fiscal_year_label(year),
            "count": sum(stages.values()),
            "by_stage": {s.value: stages.get(s.value, 0) for s in Stage},
            "by_theme": {t.value: by_theme[year].get(t.value, 0) for t in Theme},
            "by_department": {names.get(d, str(d)): n for d, n in sorted(by_department[year].items())},
        }
        for year, stages in sorted(by_stage.items())
    ]


def median_days_by_stage(*, user: User, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    """Median whole days cases stayed in each stage, from the timeline's transitions.

    The database returns a histogram (stage, days → count) and Python takes the middle, so the
    dashboard never loads 100,000 timeline rows (decision record 0303).
    """
    transitions = TimelineEntry.objects.filter(
        kind=TimelineEntry.Kind.TRANSITION, days_in_stage__isnull=False
    )
    if not user.sees_all_departments:
        transitions = transitions.filter(consultation__department_id=user.department_id)
    if fiscal_year is not None:
        transitions = transitions.filter(consultation__fiscal_year=fiscal_year)
    histogram: dict[str, dict[int, int]] = defaultdict(dict)
    grouped = transitions.order_by().values_list("from_stage", "days_in_stage").annotate(n=Count("id"))
    for stage, days, n in grouped:
        histogram[stage][days] = n
    return [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "count": sum(histogram[stage].values()),
            "median": median_from_counts(histogram[stage]),
        }
        for stage in FLOW[:-1]
    ]


def open_cases_per_consultant(*, user: User, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    """Open cases per consultant (plus unassigned), with the hours each logged in ``fiscal_year``."""
    cases = consultation_visible(user=user).exclude(stage__in=CLOSED)
    counts = dict(
        cases.order_by().values("assignees__id").annotate(n=Count("id")).values_list("assignees__id", "n")
    )
    hours = _hours_per_consultant(user=user, fiscal_year=fiscal_year)
    rows = [
        {"user": c, "count": counts.get(c.pk, 0), "hours": hours.get(c.pk, Decimal(0))} for c in consultants()
    ]
    if counts.get(None):
        rows.append({"user": None, "count": counts[None], "hours": None})
    return rows


def _hours_per_consultant(*, user: User, fiscal_year: int | None) -> dict[int, Decimal]:
    logs = scope_to_user(EffortLog.objects.all(), user, department_field="consultation__department")
    if fiscal_year is not None:
        first, last = fiscal_year_bounds(fiscal_year)
        logs = logs.filter(worked_on__range=(first, last))
    return dict(
        logs.order_by().values("consultant_id").annotate(h=Sum("hours")).values_list("consultant_id", "h")
    )


def board_columns(*, user: User, filters: CaseFilters, per_column: int = 30) -> list[dict[str, Any]]:
    """The board: one column per stage with its newest cards (the rest counted, not loaded)."""
    cases = consultation_list(user=user, filters=CaseFilters(**{**filters.__dict__, "stage": ""}))
    counts = dict(cases.order_by().values("stage").annotate(n=Count("id")).values_list("stage", "n"))
    columns = []
    for stage in Stage:
        shown = list(cases.filter(stage=stage).order_by("-stage_changed_at", "-id")[:per_column])
        total = counts.get(stage.value, 0)
        columns.append({"stage": stage, "cases": shown, "total": total, "hidden": max(0, total - len(shown))})
    return columns
