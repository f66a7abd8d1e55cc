"""Who may do what in training (one place, used by views, API, services and templates)."""

from __future__ import annotations

from typing import Any

from yorozu.accounts.permissions import is_desk_staff
from yorozu.training.models import Kind, SkillReviewer, TrainingSession


def can_organise(user: Any) -> bool:
    """Consultants and admins organise sessions, take attendance and read every answer."""
    return is_desk_staff(user)


def can_see_session(user: Any, session: TrainingSession) -> bool:
    """Everyone logged in sees 全庁研修; 課内勉強会 are the desk's own (and visible to viewers)."""
    if not user.is_authenticated:
        return False
    return session.kind == Kind.ALL_STAFF or user.sees_all_departments


def can_read_reports(user: Any) -> bool:
    return bool(user.is_authenticated and user.sees_all_departments)


def is_skill_holder(user: Any) -> bool:
    """The people in the skill matrix: the desk's consultants and its admins."""
    return bool(user.is_authenticated and user.is_active and (user.is_consultant or user.is_yorozu_admin))


def can_see_skills(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_consultant or user.is_yorozu_admin or user.is_viewer))


def can_review_skills(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        user.is_yorozu_admin or (user.is_consultant and SkillReviewer.objects.filter(user=user).exists())
    )
