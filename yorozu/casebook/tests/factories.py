"""Test data for 事例集: a finished case with a 業務量調査 and a realised effect, written through the
real services of the apps that own them."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from yorozu.accounts.models import City
from yorozu.casebook import services
from yorozu.casebook.models import CaseStudy, Level
from yorozu.consultations.models import Consultation, Stage
from yorozu.impacts.tests.factories import make_deployment, make_effect, make_tool
from yorozu.worksheets.models import HourlyRate
from yorozu.worksheets.services import work_item_create, worksheet_plan_update
from yorozu.worksheets.tests.factories import consultation, item_data, rate
from yorozu_core.casebook.exchange import parse_document

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data"


def own_city() -> City:
    return City.objects.get_or_create(code="139998", defaults={"name": "よろず区"})[0]


def finished_case(cast: Any, *, stage: str = Stage.DONE, title: str = "契約事務のRPA化") -> Consultation:
    """業務量調査 1,200件 × 15分 → 3分 (300 h/年 before); realised FY2022: 600件 × 10分 → 2分 = 80 h."""
    if not HourlyRate.objects.exists():
        rate()
    case = consultation(department=cast.department, requester=cast.requester, title=title)
    work_item_create(user=cast.consultant, consultation=case, data=item_data())
    worksheet_plan_update(
        user=cast.consultant,
        consultation=case,
        data={"proposed_tool": "rpa", "solution": "入札結果の一覧からRPAで登録する。"},
    )
    deployment = make_deployment(
        cast.consultant,
        cast.department,
        name="入札結果の登録",
        tool=make_tool(cast.consultant),
        consultation=case,
    )
    make_effect(cast.consultant, deployment, start=date(2022, 4, 1), end=date(2023, 3, 31), cases=600)
    Consultation.objects.filter(pk=case.pk).update(stage=stage)
    case.refresh_from_db()
    return case


def published(cast: Any, *, level: str = Level.INTERNAL, case: Consultation | None = None) -> CaseStudy:
    draft = services.case_study_draft(user=cast.consultant, consultation=case or finished_case(cast))
    return services.case_study_publish(user=cast.requester, case_study=draft, level=level)


def neighbour_document(name: str = "midori.json") -> Any:
    return parse_document(json.loads((DEMO_DATA / name).read_text(encoding="utf-8")))


def import_neighbours(user: Any) -> None:
    for name in ("midori.json", "aoba.json"):
        services.casebook_import(user=user, document=neighbour_document(name))


def document_dict(**overrides: Any) -> dict[str, Any]:
    item = {
        "id": str(uuid.UUID(int=1)),
        "version": 1,
        "updated_at": "2026-01-01T09:00:00+09:00",
        "title": "電子申請の事例",
        "theme": "online_application",
    }
    return {
        "format": "yorozu-casebook",
        "format_version": 1,
        "exported_at": "2026-01-02T09:00:00+09:00",
        "municipality": {"name": "みどり市", "code": "139912"},
        "items": [item],
        **overrides,
    }
