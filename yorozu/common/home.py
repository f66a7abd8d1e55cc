"""Reads for the home page: what each role starts the day with (issue 9), scoped by the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from yorozu.accounts.models import User
from yorozu.accounts.permissions import is_desk_staff, scope_to_user
from yorozu.consultations.lifecycle import DueRow, due_state
from yorozu.consultations.models import Consultation, Stage, TimelineEntry
from yorozu.impacts.models import MeasurementDue
from yorozu.impacts.reports import ImpactReport, impact_report
from yorozu.training.models import Registration, TrainingSession
from yorozu.training.selectors import visible_sessions
from yorozu_core.fiscal import fiscal_year_of
from yorozu_core.lifecycle import CLOSED

# Who holds the next step of an open case, and what it is (the requester's home page).
NEXT_STEP: dict[str, tuple[str, str]] = {
    Stage.RECEIVED: ("IT推進課", "相談内容の確認と担当の割り当て"),
    Stage.ANALYSIS: ("所管課・IT推進課", "業務量調査（業務の件数・時間の記入と分析）"),
    Stage.PLANNING: ("IT推進課", "事業計画書の作成と予算要求"),
    Stage.DESIGN: ("IT推進課", "システムの設計"),
    Stage.IMPLEMENTATION: ("IT推進課・所管課", "導入と稼働の準備"),
    Stage.MEASUREMENT: ("所管課", "効果測定（導入後の件数・時間の報告）"),
    Stage.ON_HOLD: ("所管課・IT推進課", "再開の判断"),
}
UPCOMING_DAYS = 60


@dataclass(frozen=True)
class CaseLine:
    case: Consultation
    days_in_stage: int
    holder: str
    next_step: str


def _line(case: Consultation, today: Any) -> CaseLine:
    holder, step = NEXT_STEP.get(case.stage, ("—", "—"))
    return CaseLine(case, (today - timezone.localdate(case.stage_changed_at)).days, holder, step)


def _open_cases(user: User) -> QuerySet[Consultation]:
    return scope_to_user(Consultation.objects.exclude(stage__in=CLOSED), user).select_related(
        "department__parent"
    )


def my_cases_by_stage(user: User) -> list[tuple[str, list[CaseLine]]]:
    today = timezone.localdate()
    cases = _open_cases(user).filter(assignees=user).order_by("stage_changed_at", "id")
    grouped: dict[str, list[CaseLine]] = {}
    for case in cases:
        grouped.setdefault(case.stage, []).append(_line(case, today))
    return [(str(Stage(s).label), grouped[s]) for s in Stage.values if s in grouped]


def waiting_for_triage(user: User) -> list[CaseLine]:
    today = timezone.localdate()
    cases = _open_cases(user).filter(stage=Stage.RECEIVED).annotate(n=Count("assignees")).filter(n=0)
    return [_line(c, today) for c in cases.order_by("received_on", "id")[:30]]


def requester_waiting(user: User) -> list[CaseLine]:
    """Open cases whose latest timeline comment is the department's (not the desk's): the desk owes a reply."""
    today = timezone.localdate()
    last = TimelineEntry.objects.filter(
        consultation=OuterRef("pk"), kind=TimelineEntry.Kind.COMMENT
    ).order_by("-at", "-id")
    cases = _open_cases(user).annotate(last_role=Subquery(last.values("author__role")[:1]))
    waiting = cases.filter(last_role=User.Role.REQUESTER)
    if not user.is_yorozu_admin:
        waiting = waiting.filter(assignees=user)
    return [_line(c, today) for c in waiting.order_by("stage_changed_at", "id")[:30]]


def measurements_due(user: User, *, ahead_days: int = 14) -> list[DueRow]:
    today = timezone.localdate()
    rows = scope_to_user(
        MeasurementDue.objects.filter(
            status=MeasurementDue.Status.OPEN, due_on__lte=today + timedelta(ahead_days)
        ),
        user,
        department_field="deployment__department",
    ).select_related("deployment__consultation")
    return [DueRow(m, due_state(m.due_on, today)) for m in rows.order_by("due_on", "id")[:50]]


def upcoming_training(user: User, *, mine_only: bool) -> list[TrainingSession]:
    now = timezone.now()
    sessions = visible_sessions(user).filter(
        ends_at__gte=now,
        starts_at__lte=now + timedelta(days=UPCOMING_DAYS),
        status=TrainingSession.Status.SCHEDULED,
    )
    if mine_only:
        registered = Registration.objects.filter(user=user).exclude(status=Registration.Status.CANCELLED)
        sessions = sessions.filter(pk__in=registered.values("session_id")) | sessions.filter(organiser=user)
    return list(sessions.order_by("starts_at", "id").distinct()[:10])


def department_cases(user: User) -> list[CaseLine]:
    today = timezone.localdate()
    return [_line(c, today) for c in _open_cases(user).order_by("-received_on", "-id")[:50]]


def key_figures(user: User) -> ImpactReport:
    return impact_report(user=user, fiscal_year=fiscal_year_of(timezone.localdate()))


def home_context(user: User) -> dict[str, Any]:
    if user.role == User.Role.EXTERNAL:
        return {"home": "external"}
    if is_desk_staff(user):
        return {
            "home": "desk",
            "my_cases": my_cases_by_stage(user),
            "triage": waiting_for_triage(user),
            "due": measurements_due(user),
            "training": upcoming_training(user, mine_only=True),
            "waiting": requester_waiting(user),
        }
    if user.is_requester:
        return {
            "home": "requester",
            "cases": department_cases(user),
            "training": upcoming_training(user, mine_only=False),
        }
    return {"home": "viewer", "report": key_figures(user)}
