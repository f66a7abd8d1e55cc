"""Builders for the ledger's tests: real rows written through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from yorozu.impacts import services
from yorozu.impacts.models import Deployment, EffectRecord, Tool, ToolKind


def make_tool(user: Any, name: str = "WinActor", kind: str = ToolKind.RPA) -> Tool:
    return Tool.objects.filter(name=name).first() or services.tool_create(user=user, name=name, kind=kind)


def make_deployment(
    user: Any,
    department: Any,
    *,
    name: str = "住民異動届の入力",
    go_live: date = date(2022, 4, 1),
    **extra: Any,
) -> Deployment:
    tool = extra.pop("tool", None) or make_tool(user)
    return services.deployment_create(
        user=user, tool=tool, name=name, go_live=go_live, department=department, **extra
    )


def make_effect(
    user: Any,
    deployment: Deployment,
    *,
    kind: str = EffectRecord.Kind.REALISED,
    start: date = date(2022, 4, 1),
    end: date = date(2023, 3, 31),
    cases: int = 600,
    before: str = "10",
    after: str = "2",
    upkeep: str = "0",
) -> EffectRecord:
    return services.deployment_record_effect(
        user=user,
        deployment=deployment,
        kind=kind,
        period_start=start,
        period_end=end,
        cases=cases,
        minutes_before=Decimal(before),
        minutes_after=Decimal(after),
        upkeep_hours=Decimal(upkeep),
    )
