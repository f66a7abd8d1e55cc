"""A small 児童相談所 ledger shared with a school and a police station, on top of the root ``cast``.

Owning department: ``cast.other_department`` (児童相談所), whose staff member is ``cast.outsider``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from yorozu.common.audit import acting_as


@dataclass
class World:
    ledger: Any
    records: list[Any]
    linked: Any  # status 関係機関連携, shared with the school
    school: Any
    police: Any
    clinic: Any  # an organisation with no shares
    school_user: Any
    police_user: Any
    clinic_user: Any
    member: Any  # 児童相談所 staff (cast.outsider)
    today: date


@pytest.fixture
def world(cast: Any) -> World:
    from yorozu.ledgers import services

    admin, member = cast.admin, cast.outsider
    today = timezone.localdate()
    with acting_as(admin):
        ledger = services.ledger_create(user=admin, department=cast.other_department, name="関係機関連絡票")
        for key, label, kind, choices in [
            ("child", "児童（仮名）", "text", []),
            ("grade", "学年", "choice", ["小1", "小2", "小3"]),
            ("urgency", "緊急性", "choice", ["高", "中", "低"]),
            ("summary", "主訴", "textarea", []),
            ("received_on", "受付日", "date", []),
            ("worker", "担当者", "user", []),
        ]:
            services.field_create(user=admin, ledger=ledger, key=key, label=label, kind=kind, choices=choices)
        made = {
            n: services.status_save(
                user=admin, ledger=ledger, name=n, is_initial=n == "受付", allowed_next=[]
            )
            for n in ["受付", "関係機関連携", "終結"]
        }
        made["受付"].allowed_next.set([made["関係機関連携"]])
        made["関係機関連携"].allowed_next.set([made["終結"]])
        school = services.organisation_save(user=admin, name="よろず区立第一小学校", kind="school")
        police = services.organisation_save(user=admin, name="よろず警察署", kind="police")
        clinic = services.organisation_save(user=admin, name="よろずクリニック", kind="medical")
        users = [
            services.partner_user_create(
                user=admin, organisation=org, username=name, display_name=name, password=cast.password
            )
            for org, name in [(school, "school1"), (police, "police1"), (clinic, "clinic1")]
        ]
    with acting_as(member):
        records = [
            services.record_create(
                user=member,
                ledger=ledger,
                values={
                    "child": f"児童{i}",
                    "grade": "小2",
                    "urgency": "高" if i == 1 else "中",
                    "summary": f"秘密の経過{i}",
                    "received_on": "2024-04-01",
                    "worker": member.pk,
                },
            )
            for i in range(1, 4)
        ]
        services.record_move(user=member, record=records[0], to=made["関係機関連携"])
        services.share_create(
            user=member,
            ledger=ledger,
            organisation=school,
            status=made["関係機関連携"],
            field_keys=["child", "grade"],
            expires_on=today + timedelta(days=30),
            can_comment=True,
        )
        services.share_create(
            user=member,
            ledger=ledger,
            organisation=police,
            record=records[1],
            field_keys=["urgency"],
            expires_on=today + timedelta(days=7),
        )
    return World(ledger, records, made["関係機関連携"], school, police, clinic, *users, member, today)
