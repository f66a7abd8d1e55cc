"""Builders for training tests: real rows through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from yorozu.training import services
from yorozu.training.models import Kind, Skill, Topic, TrainingSession


def session_data(**overrides: Any) -> services.SessionData:
    start = overrides.pop("starts_at", None) or (timezone.now() + timedelta(days=7)).replace(
        second=0, microsecond=0
    )
    values: dict[str, Any] = {
        "kind": Kind.ALL_STAFF,
        "topic": Topic.RPA,
        "title": "RPA入門研修",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "instructor": "相談 花子",
        "capacity": 10,
        "place": "本庁舎 研修室A",
        "description": "WinActor の基本",
    }
    values.update(overrides)
    return services.SessionData(**values)


def make_session(organiser: Any, **overrides: Any) -> TrainingSession:
    return services.session_create(user=organiser, data=session_data(**overrides))


def move_to_past(session: TrainingSession, *, days: int = 1) -> TrainingSession:
    """Sessions are created in the future (the services refuse the past); tests then age them."""
    start: datetime = timezone.now() - timedelta(days=days)
    TrainingSession.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    session.refresh_from_db()
    return session


def make_skill(name: str = "RPAシナリオ設計", order: int = 0) -> Skill:
    return Skill.objects.create(
        name=name,
        sort_order=order,
        level1="知っている",
        level2="支援付きでできる",
        level3="一人でできる",
        level4="教えられる",
    )
