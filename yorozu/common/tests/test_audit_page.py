"""The audit log page: Japanese names, JST times, a readable 操作者, logins can be left out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import update_last_login
from django.urls import reverse

from yorozu.common.audit import acting_as
from yorozu.common.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = reverse("common:audit-list")


def test_model_and_field_names_are_japanese_and_codes_are_labels(cast, client_as) -> None:  # noqa: ANN001
    with acting_as(cast.consultant):
        cast.department.name = "住民課"
        cast.department.save()
    record = AuditEntry.objects.create(
        actor=cast.consultant,
        actor_label="consultant",
        action="update",
        model="accounts.user",
        object_id=str(cast.requester.pk),
        object_repr="requester",
        changes={"role": ["requester", "viewer"], "is_active": [True, False]},
    )
    body = client_as(cast.admin).get(URL).content.decode()
    assert "<td>組織 #" in body and "<td>利用者 #" in body and "accounts.department#" not in body
    assert "名称: 戸籍住民課 → 住民課" in body
    assert "所管課職員 → 幹部" in body and "requester → viewer" not in body
    assert "はい → いいえ" in body
    assert "組織（accounts.department）" in body  # the filter names the model in Japanese too
    assert record.pk


def test_times_are_shown_in_jst_also_inside_the_changes(cast, client_as) -> None:  # noqa: ANN001
    entry = AuditEntry.objects.create(
        actor=cast.admin,
        actor_label="admin",
        action="update",
        model="training.trainingsession",
        object_id="1",
        object_repr="研修",
        changes={"starts_at": ["2026-11-30 21:05:00+00:00", "2026-12-01 01:00:00+00:00"]},
    )
    AuditEntry.objects.filter(pk=entry.pk).update(at=datetime(2026, 11, 30, 21, 5, tzinfo=UTC))
    body = client_as(cast.admin).get(URL).content.decode()
    assert "2026-12-01 06:05:00" in body  # the entry's own time, UTC 21:05 → JST 06:05
    assert "2026-12-01 06:05:00 → 2026-12-01 10:00:00" in body
    assert "+00:00" not in body and "日時（JST）" in body


def test_the_actor_is_readable_and_the_system_is_named(cast, client_as) -> None:  # noqa: ANN001
    with acting_as(cast.consultant):
        cast.department.name = "住民課"
        cast.department.save()
    cast.department.name = "戸籍住民課"
    cast.department.save()  # no acting user: a command or a job
    body = client_as(cast.admin).get(URL).content.decode()
    assert "consultant（consultant・IT推進課コンサルタント）" in body
    assert "システム（コマンド・自動処理）" in body
    assert "<td>system</td>" not in body


def test_logins_can_be_left_out(cast, client_as) -> None:  # noqa: ANN001
    update_last_login(None, cast.requester)
    with acting_as(cast.consultant):
        cast.department.name = "住民課"
        cast.department.save()
    client = client_as(cast.admin)
    everything = client.get(URL).content.decode()
    assert "ログイン" in everything and "requester（本人）" in everything
    without = client.get(URL, {"hide_logins": "1"}).content.decode()
    assert "requester（本人）" not in without and "住民課" in without
    assert 'name="hide_logins" value="1" checked' in without


def test_only_admins_see_the_audit_log(cast, client_as) -> None:  # noqa: ANN001
    for name in ("requester", "consultant", "viewer"):
        assert client_as(cast.by_name[name]).get(URL).status_code == 403
    assert client_as(cast.admin).get(URL).status_code == 200
