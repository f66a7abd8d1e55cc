"""Test helpers: cases are made through the real services (no hand-built rows)."""

from __future__ import annotations

from datetime import date
from typing import Any

from yorozu.consultations.models import Consultation, Theme
from yorozu.consultations.services import CaseInput, consultation_create


def case_input(**overrides: Any) -> CaseInput:
    values: dict[str, Any] = {
        "title": "契約事務のRPA化",
        "theme": Theme.RPA,
        "current_issue": "入札結果の転記を手作業で行っている。",
        "target_work": "契約台帳の更新（年1,800件）",
        "desired_timing": "令和9年度",
    }
    return CaseInput(**{**values, **overrides})


def make_case(
    user: Any, *, department: Any = None, received_on: date | None = None, **fields: Any
) -> Consultation:
    return consultation_create(
        user=user, data=case_input(**fields), department=department, received_on=received_on
    )
