import io

import pytest

from yorozu.accounts.demo import load_demo as load_accounts
from yorozu.accounts.models import User
from yorozu.common.audit import acting_as
from yorozu.training import selectors
from yorozu.training.demo import load_demo
from yorozu.training.models import Feedback, Kind, Registration, SkillAssessment, TrainingSession

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(TrainingSession.objects.order_by("uid").values_list("uid", "title", "capacity")),
        list(
            Registration.objects.order_by("session__uid", "user__username").values_list(
                "user__username", "status", "attended"
            )
        ),
        list(
            Feedback.objects.order_by(
                "registration__session__uid", "registration__user__username"
            ).values_list("satisfaction", "understanding", "usefulness")
        ),
        SkillAssessment.objects.count(),
    )


def test_demo_covers_two_fiscal_years_and_is_idempotent():
    out = io.StringIO()
    load_accounts(stdout=out)
    admin = User.objects.get(username="admin")
    with acting_as(admin):
        load_demo(stdout=out)
        first = snapshot()
        load_demo(stdout=out)
    assert snapshot() == first
    assert set(TrainingSession.objects.values_list("fiscal_year", flat=True)) == {2025, 2026}
    assert TrainingSession.objects.filter(kind=Kind.STUDY_GROUP).count() == 24
    assert TrainingSession.objects.filter(starts_at__date__gt="2026-11-26").exists()
    full = TrainingSession.objects.get(title="生成AIプロンプト演習（少人数）")
    assert full.registrations.filter(status="confirmed").count() == full.capacity
    assert full.registrations.filter(status="waitlisted").count() >= 1
    assert Feedback.objects.count() > 50
    matrix = selectors.skill_matrix(user=admin)
    assert len(matrix.rows) == 3 and len(matrix.skills) == 8
    assert {s.name for s, _ in matrix.thin} >= {"AI-OCR帳票設計"}
    report = selectors.fiscal_year_report(user=admin, fiscal_year=2025)
    assert report.participants > 100 and len(report.matrix) > 10


def test_no_demo_session_has_more_confirmed_seats_than_its_capacity():
    """Demo session 15 showed 定員 16 with 参加確定 17: the demo wrote the demo requester's seat
    around the capacity check after filling the session. Every session must fit its capacity."""
    from django.db.models import Count, F, Q

    out = io.StringIO()
    load_accounts(stdout=out)
    with acting_as(User.objects.get(username="admin")):
        load_demo(stdout=out)
        load_demo(stdout=out)
    over = TrainingSession.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed"))
    ).filter(confirmed__gt=F("capacity"))
    assert list(over.values_list("pk", "title", "capacity", "confirmed")) == []
    requester = User.objects.get(username="requester")
    assert Registration.objects.filter(user=requester, status="confirmed").count() == 2  # kept their seats


def test_a_demo_database_overbooked_before_the_fix_is_repaired_on_the_next_run():
    out = io.StringIO()
    load_accounts(stdout=out)
    with acting_as(User.objects.get(username="admin")):
        load_demo(stdout=out)
        session = TrainingSession.objects.filter(capacity__gte=10).order_by("pk").first()
        outsiders = User.objects.exclude(training_registrations__session=session).order_by("pk")
        while session.registrations.filter(status="confirmed").count() <= session.capacity:
            Registration.objects.create(  # what the old demo did: a seat written past the lock
                session=session, user=outsiders.first(), status="confirmed", queued_at=session.starts_at
            )
        load_demo(stdout=out)
    assert session.registrations.filter(status="confirmed").count() == session.capacity
