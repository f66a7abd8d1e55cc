"""Reads for training, always scoped by the requesting user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from yorozu.accounts.models import Department, User
from yorozu.consultations.models import Consultation, Theme
from yorozu.training.models import (
    TOPIC_THEMES,
    CalendarFeed,
    Feedback,
    Kind,
    Material,
    Registration,
    Skill,
    SkillAssessment,
    SkillReviewer,
    Topic,
    TrainingSession,
)
from yorozu.training.rules import can_organise, can_read_reports, can_see_skills, is_skill_holder
from yorozu_core.training import BeforeAfter, ScaleSummary, before_after, summarise_feedback, thin_skills

QUESTIONS = Feedback.QUESTIONS
QUESTION_LABELS = {"satisfaction": "満足度", "understanding": "理解度", "usefulness": "業務への活用度"}
ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


@dataclass(frozen=True)
class SessionFilters:
    when: str = "upcoming"  # upcoming | past | all
    topic: str = ""
    kind: str = ""
    fiscal_year: int | None = None


def visible_sessions(user: Any) -> QuerySet[TrainingSession]:
    if not user.is_authenticated:
        return TrainingSession.objects.none()
    sessions = TrainingSession.objects.select_related("organiser")
    return sessions if user.sees_all_departments else sessions.filter(kind=Kind.ALL_STAFF)


def with_counts(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return sessions.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waitlist_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
    )


def session_list(*, user: Any, filters: SessionFilters) -> QuerySet[TrainingSession]:
    sessions = with_counts(visible_sessions(user))
    now = timezone.now()
    if filters.when == "upcoming":
        sessions = sessions.filter(ends_at__gte=now)
    elif filters.when == "past":
        sessions = sessions.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    if filters.topic:
        sessions = sessions.filter(topic=filters.topic)
    if filters.kind:
        sessions = sessions.filter(kind=filters.kind)
    if filters.fiscal_year:
        sessions = sessions.filter(fiscal_year=filters.fiscal_year)
    return sessions


def session_get(*, user: Any, pk: int) -> TrainingSession:
    session = with_counts(visible_sessions(user)).filter(pk=pk).first()
    if session is None:
        raise Http404("研修が見つかりません。")
    return session


def registration_of(*, user: Any, session: TrainingSession) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(session=session, user=user).select_related("feedback").first()


def my_registrations(*, user: Any) -> dict[int, Registration]:
    """The user's own registrations, by session id (for marking lists)."""
    if not user.is_authenticated:
        return {}
    rows = Registration.objects.filter(user=user).exclude(status=Registration.Status.CANCELLED)
    return {r.session_id: r for r in rows}


def registrations_for(*, user: Any, session: TrainingSession) -> QuerySet[Registration]:
    if not can_organise(user):
        raise PermissionDenied("参加者の一覧はIT推進課だけが見られます。")
    return (
        session.registrations.filter(status__in=ACTIVE)
        .select_related("user", "department__parent")
        .order_by("status", "queued_at", "id")
    )


def material_get(*, user: Any, pk: int) -> Material:
    material = Material.objects.select_related("session").filter(pk=pk).first()
    if material is None or material.session_id not in set(
        visible_sessions(user).values_list("pk", flat=True)
    ):
        raise Http404("資料が見つかりません。")
    return material


@dataclass(frozen=True)
class FeedbackSummary:
    scales: dict[str, ScaleSummary]
    comments: list[str]
    respondents: int
    attendees: int

    @property
    def rows(self) -> list[tuple[str, ScaleSummary]]:
        return [(QUESTION_LABELS[q], self.scales[q]) for q in QUESTIONS]


def _summary(feedback: QuerySet[Feedback], attendees: int) -> FeedbackSummary:
    rows = list(feedback.values(*QUESTIONS, "comment"))
    comments = [r["comment"] for r in rows if r["comment"].strip()]
    return FeedbackSummary(summarise_feedback(rows, QUESTIONS), comments, len(rows), attendees)


def feedback_summary(*, user: Any, session: TrainingSession) -> FeedbackSummary:
    if not can_organise(user):
        raise PermissionDenied("アンケート結果はIT推進課だけが見られます。")
    attendees = session.registrations.filter(attended=True).count()
    return _summary(Feedback.objects.filter(registration__session=session), attendees)


def topic_feedback(*, user: Any, fiscal_year: int) -> list[tuple[str, FeedbackSummary]]:
    """Satisfaction summarised per topic over a fiscal year (aggregates only: no comments for viewers)."""
    if not can_read_reports(user):
        raise PermissionDenied("報告は幹部とIT推進課が見られます。")
    result = []
    for topic in Topic:
        feedback = Feedback.objects.filter(
            registration__session__topic=topic, registration__session__fiscal_year=fiscal_year
        )
        attendees = Registration.objects.filter(
            session__topic=topic, session__fiscal_year=fiscal_year, attended=True
        ).count()
        summary = _summary(feedback, attendees)
        if summary.respondents or attendees:
            result.append((topic.label, FeedbackSummary(summary.scales, [], summary.respondents, attendees)))
    return result


@dataclass
class FiscalYearReport:
    fiscal_year: int
    sessions_by_kind: list[tuple[str, int, int]]  # label, sessions held, cancelled
    participants: int
    departments: list[str]
    topics: list[str]
    matrix: list[tuple[str, list[int], int]]  # department, attendees per topic, total
    topic_totals: list[int]
    by_topic: list[tuple[str, FeedbackSummary]] = field(default_factory=list)


def fiscal_years(*, user: Any) -> list[int]:
    years = visible_sessions(user).order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    return list(years)


def fiscal_year_report(*, user: Any, fiscal_year: int) -> FiscalYearReport:
    if not can_read_reports(user):
        raise PermissionDenied("報告は幹部とIT推進課が見られます。")
    sessions = TrainingSession.objects.filter(fiscal_year=fiscal_year)
    by_kind = [
        (
            kind.label,
            sessions.filter(kind=kind, status=TrainingSession.Status.SCHEDULED).count(),
            sessions.filter(kind=kind, status=TrainingSession.Status.CANCELLED).count(),
        )
        for kind in Kind
    ]
    attended = Registration.objects.filter(session__fiscal_year=fiscal_year, attended=True)
    counts = attended.values("department_id", "session__topic").annotate(n=Count("id"))
    cells: dict[tuple[int | None, str], int] = {
        (c["department_id"], c["session__topic"]): c["n"] for c in counts
    }
    topics = [t for t in Topic if any(k[1] == t for k in cells)]
    departments = _departments({k[0] for k in cells})
    matrix = []
    for dept_id, name in departments:
        row = [cells.get((dept_id, t), 0) for t in topics]
        matrix.append((name, row, sum(row)))
    totals = [sum(cells.get((d, t), 0) for d, _ in departments) for t in topics]
    report = FiscalYearReport(
        fiscal_year,
        by_kind,
        attended.count(),
        [n for _, n in departments],
        [t.label for t in topics],
        matrix,
        totals,
    )
    report.by_topic = topic_feedback(user=user, fiscal_year=fiscal_year)
    return report


def _departments(ids: set[int | None]) -> list[tuple[int | None, str]]:
    found = {
        d.pk: d.full_name
        for d in Department.objects.filter(pk__in=[i for i in ids if i]).select_related("parent")
    }
    ordered: list[tuple[int | None, str]] = [
        (d.pk, found[d.pk]) for d in Department.objects.filter(pk__in=found).order_by("sort_order", "id")
    ]
    if None in ids:
        ordered.append((None, "所属なし"))
    return ordered


@dataclass(frozen=True)
class DeskLink:
    topic: str
    themes: str
    department: str
    result: BeforeAfter


def training_to_desk(*, user: Any, fiscal_year: int, today: date | None = None) -> list[DeskLink]:
    """Consultations on a topic's themes filed by each department whose staff attended that topic's
    training in ``fiscal_year``, in the 12 months before and after the department's first attendance."""
    if not can_read_reports(user):
        raise PermissionDenied("報告は幹部とIT推進課が見られます。")
    today = today or timezone.localdate()
    firsts = (
        Registration.objects.filter(session__fiscal_year=fiscal_year, attended=True, department__isnull=False)
        .filter(session__topic__in=list(TOPIC_THEMES))
        .values("session__topic", "department_id")
        .annotate(first=Min("session__starts_at"))
        .order_by("session__topic", "department_id")
    )
    names = {d.pk: d.full_name for d in Department.objects.select_related("parent")}
    links = []
    for row in firsts:
        topic, dept_id = row["session__topic"], row["department_id"]
        themes = TOPIC_THEMES[topic]
        filed = Consultation.objects.filter(department_id=dept_id, theme__in=themes).values_list(
            "received_on", flat=True
        )
        result = before_after(timezone.localdate(row["first"]), filed, today=today)
        theme_labels = "・".join(Theme(t).label for t in themes)
        links.append(DeskLink(Topic(topic).label, theme_labels, names.get(dept_id, ""), result))
    return links


@dataclass
class MatrixRow:
    person: User
    is_reviewer: bool
    cells: list[dict[str, Any]]


@dataclass
class SkillMatrix:
    skills: list[Skill]
    rows: list[MatrixRow]
    thin: list[tuple[Skill, int]]
    as_of: date


def skill_holders() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role__in=[User.Role.CONSULTANT, User.Role.ADMIN]) | Q(is_superuser=True))
        .order_by("role", "id")
    )


def _latest(as_of: date) -> dict[tuple[int, int, str], SkillAssessment]:
    latest: dict[tuple[int, int, str], SkillAssessment] = {}
    for a in SkillAssessment.objects.filter(assessed_on__lte=as_of).order_by("assessed_on", "id"):
        latest[(a.consultant_id, a.skill_id, a.kind)] = a
    return latest


def skill_matrix(*, user: Any, as_of: date | None = None) -> SkillMatrix:
    """Everyone's latest self and reviewer level per skill on ``as_of``. The effective level (the
    reviewer's when there is one, else the self-assessment) decides where the desk is thin."""
    if not can_see_skills(user):
        raise PermissionDenied("スキルマップはIT推進課と幹部が見られます。")
    as_of = as_of or timezone.localdate()
    skills = list(Skill.objects.all())
    latest = _latest(as_of)
    reviewers = set(SkillReviewer.objects.values_list("user_id", flat=True))
    rows, levels = [], {}
    for person in skill_holders():
        cells = []
        for skill in skills:
            own = latest.get((person.pk, skill.pk, SkillAssessment.Kind.SELF))
            review = latest.get((person.pk, skill.pk, SkillAssessment.Kind.REVIEW))
            effective = review.level if review else own.level if own else 0
            cells.append({"skill": skill, "self": own, "review": review, "level": effective})
        rows.append(MatrixRow(person, person.pk in reviewers, cells))
        levels[str(person.pk)] = {str(c["skill"].pk): c["level"] for c in cells}
    thin = thin_skills(levels) if levels else {str(s.pk): 0 for s in skills}
    by_id = {str(s.pk): s for s in skills}
    return SkillMatrix(skills, rows, [(by_id[k], n) for k, n in thin.items()], as_of)


def skill_history(*, user: Any, consultant_id: int) -> tuple[User, QuerySet[SkillAssessment]]:
    if not can_see_skills(user):
        raise PermissionDenied("スキルマップはIT推進課と幹部が見られます。")
    person = skill_holders().filter(pk=consultant_id).first()
    if person is None or not is_skill_holder(person):
        raise Http404("コンサルタントが見つかりません。")
    history = SkillAssessment.objects.filter(consultant=person).select_related("skill", "assessor")
    return person, history.order_by("skill__sort_order", "skill_id", "assessed_on", "id")


def calendar_feed(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first() if user.is_authenticated else None


def feed_sessions(*, token: str) -> tuple[User, list[TrainingSession], frozenset[int]] | None:
    """The sessions in a user's feed: those they registered for (waiting: TENTATIVE) or organise.
    Cancelled sessions stay in the feed so subscribed calendars can drop them."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    user = feed.user
    mine = Registration.objects.filter(user=user, status__in=ACTIVE)
    waiting = frozenset(
        mine.filter(status=Registration.Status.WAITLISTED).values_list("session_id", flat=True)
    )
    sessions = TrainingSession.objects.filter(Q(pk__in=mine.values("session_id")) | Q(organiser=user))
    return user, list(sessions.order_by("starts_at")), waiting
