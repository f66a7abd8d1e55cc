"""The columns of the case list export (CSV and xlsx share them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yorozu.consultations.models import Consultation

EXPORT_HEADER = [
    "ID",
    "件名",
    "相談テーマ",
    "段階",
    "相談課",
    "相談者",
    "担当",
    "受付日",
    "年度",
    "希望時期",
    "現状の課題",
    "対象業務",
    "段階の変更日時",
]


def export_rows(cases: QuerySet[Consultation]) -> Iterator[list[Any]]:
    for case in cases.iterator(chunk_size=1000):
        yield [
            case.pk,
            case.title,
            case.get_theme_display(),
            case.get_stage_display(),
            case.department.full_name,
            str(case.requester),
            "、".join(str(a) for a in case.assignees.all()),
            case.received_on.isoformat(),
            case.fiscal_year_label,
            case.desired_timing,
            case.current_issue,
            case.target_work,
            timezone.localtime(case.stage_changed_at).strftime("%Y-%m-%d %H:%M"),
        ]
