"""The ledger API: internal users only, the same need-to-know rules as the pages, reads logged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from yorozu.ledgers import services
from yorozu.ledgers.models import ReadLog

pytestmark = pytest.mark.django_db


def records_url(world, record=None, suffix=""):
    base = f"/api/ledgers/{world.ledger.pk}/records/"
    return f"{base}{record.pk}/{suffix}" if record else base


def test_the_list_holds_only_ledgers_whose_records_the_user_reads(api_as, cast, world):
    body = api_as(world.member).get("/api/ledgers/").json()
    assert body == {
        "count": 1,
        "items": [{"id": world.ledger.pk, "name": "関係機関連絡票", "department": "子ども家庭部 児童相談所"}],
    }
    for user in (cast.consultant, cast.admin, cast.viewer, cast.requester):
        assert api_as(user).get("/api/ledgers/").json()["count"] == 0


def test_records_come_with_fields_by_name_and_each_read_is_logged(api_as, world):
    api = api_as(world.member)
    body = api.get(records_url(world)).json()
    assert body["count"] == 3
    assert (
        body["items"][0]["values"]["child"] == "児童1"
        and body["items"][0]["labels"]["child"] == "児童（仮名）"
    )
    one = api.get(records_url(world, world.records[1])).json()
    assert one["values"]["summary"] == "秘密の経過2" and one["status"] == "受付"
    assert ReadLog.objects.filter(kind="api", user=world.member).count() == 4


@pytest.mark.parametrize("name", ["consultant", "admin", "viewer", "requester"])
def test_a_record_the_user_may_not_read_is_404(api_as, cast, world, name):
    api = api_as(cast.by_name[name])
    assert api.get(records_url(world)).status_code == 404
    assert api.get(records_url(world, world.records[0])).status_code == 404
    assert api.patch(records_url(world, world.records[0]), {"values": {"urgency": "低"}}).status_code == 404
    assert api.post(records_url(world), {"values": {"child": "x"}}).status_code == 404


def test_a_grant_opens_the_api_too(api_as, cast, world):
    services.grant_create(
        user=world.member,
        ledger=world.ledger,
        grantee=cast.consultant,
        expires_on=world.today + timedelta(days=1),
    )
    assert api_as(cast.consultant).get(records_url(world, world.records[0])).status_code == 200


def test_create_and_update_check_values(api_as, world):
    api = api_as(world.member)
    created = api.post(
        records_url(world), {"values": {"child": "児童5", "緊急性": "低", "received_on": "2024-05-01"}}
    )
    assert created.status_code == 201 and created.json()["values"]["urgency"] == "低"
    record_id = created.json()["id"]
    bad = api.patch(f"{records_url(world)}{record_id}/", {"values": {"urgency": "最大", "nope": 1}})
    assert bad.status_code == 422 and "選択肢" in bad.json()["detail"] and "nope" in bad.json()["detail"]
    good = api.patch(f"{records_url(world)}{record_id}/", {"values": {"urgency": "高"}})
    assert good.json()["values"] == {**created.json()["values"], "urgency": "高"}


def test_a_viewer_with_a_grant_reads_but_cannot_write(api_as, cast, world):
    services.grant_create(user=world.member, ledger=world.ledger, grantee=cast.viewer, expires_on=world.today)
    api = api_as(cast.viewer)
    assert api.get(records_url(world)).status_code == 200
    assert api.patch(records_url(world, world.records[0]), {"values": {"urgency": "低"}}).status_code == 403


def test_the_read_log_is_for_the_owning_department(api_as, cast, world):
    api_as(world.member).get(records_url(world, world.records[0]))
    body = api_as(world.member).get(records_url(world, world.records[0], "reads/")).json()
    assert body["count"] == 1 and body["items"][0]["user"] == "outsider"
    services.grant_create(
        user=world.member, ledger=world.ledger, grantee=cast.consultant, expires_on=world.today
    )
    assert api_as(cast.consultant).get(records_url(world, world.records[0], "reads/")).status_code == 404


def test_external_users_get_nothing_from_the_api(client, world):
    from yorozu.accounts.models import ApiToken

    raw = ApiToken.new_raw_token()  # even a token made before createtoken refused partners
    ApiToken.objects.create(user=world.school_user, digest=ApiToken.digest_of(raw))
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/ledgers/", headers=headers).status_code in (401, 404)
    assert client.get(records_url(world, world.records[0]), headers=headers).status_code in (401, 404)
