"""Test data for 業務分析: consultations (built directly: the consultations app owns their services)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from yorozu.consultations.models import Consultation, Theme
from yorozu.worksheets.models import HourlyRate, WorkItem

ROW: dict[str, Any] = {
    "name": "契約台帳への転記",
    "purpose": "入札結果を契約台帳と財務会計システムに登録する",
    "legal_basis": "地方自治法第234条",
    "annual_cases": "1200",
    "minutes_per_case": "15",
    "minutes_after": "3",
    "staff": "1",
    "medium": "electronic",
    "completes_on_pc": "True",
    "rules_writable": "yes",
    "judgement": "few",
    "routine": "True",
    "core": "False",
    "change_expected": "False",
    "has_manual": "True",
    "measurement": "measured",
    "work_kind": "data_entry",
    "resident_facing": "False",
    "shared_across": "False",
}


def consultation(*, department: Any, requester: Any, title: str = "契約事務のRPA化") -> Consultation:
    return Consultation.objects.create(
        title=title,
        theme=Theme.RPA,
        current_issue="入札結果の登録と契約台帳への転記を毎月手作業で行っている。",
        target_work="入札結果の登録",
        department=department,
        requester=requester,
        received_on=date(2025, 5, 1),
        fiscal_year=2025,
        stage_changed_at=timezone.now(),
    )


def item_data(**overrides: Any) -> dict[str, Any]:
    """Cleaned data as the services take it (form-validated)."""
    from yorozu.worksheets.forms import WorkItemForm

    form = WorkItemForm(data={**ROW, **overrides})
    assert form.is_valid(), form.errors
    return form.cleaned_data


def rate(grade: str = "主事", yen: int = 4000, default: bool = True) -> HourlyRate:
    return HourlyRate.objects.create(grade=grade, yen_per_hour=yen, is_default=default)


def items_of(case: Consultation) -> list[WorkItem]:
    return list(WorkItem.objects.filter(worksheet__consultation=case))
