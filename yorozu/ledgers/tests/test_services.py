"""Design changes keep data, every read is logged, notifications reach a real local webhook server."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from yorozu.common.audit import acting_as
from yorozu.common.models import AuditEntry, NotificationChannel
from yorozu.ledgers import services
from yorozu.ledgers.models import Ledger, ReadLog
from yorozu_core.ledger_design import DesignError, dump_design, load_design

pytestmark = pytest.mark.django_db


def field(world, key):
    return world.ledger.fields.get(key=key)


def test_a_removed_field_is_hidden_and_its_values_come_back(cast, world):
    summary = field(world, "summary")
    services.field_set_hidden(user=cast.consultant, field=summary, hidden=True)
    services.record_update(user=world.member, record=world.records[0], values={"child": "児童1改"})
    world.records[0].refresh_from_db()
    assert world.records[0].values["summary"] == "秘密の経過1"
    services.field_set_hidden(user=cast.consultant, field=summary, hidden=False)
    assert world.records[0].values["child"] == "児童1改"


def test_a_hidden_field_disappears_from_pages_and_exports(client_as, cast, world):
    services.field_set_hidden(user=cast.consultant, field=field(world, "summary"), hidden=True)
    client = client_as(world.member)
    assert (
        "秘密の経過1"
        not in client.get(f"/ledgers/{world.ledger.pk}/records/{world.records[0].pk}/").content.decode()
    )
    assert "秘密の経過1" not in client.get(f"/ledgers/{world.ledger.pk}/export/").content.decode("utf-8-sig")


def test_a_type_change_that_converts_keeps_every_value(cast, world):
    grade = field(world, "grade")
    services.field_update(
        user=cast.consultant, field=grade, label="学年", kind="text", required=False, choices=[], help_text=""
    )
    world.records[0].refresh_from_db()
    assert world.records[0].values["grade"] == "小2"


def test_a_type_change_that_cannot_convert_is_refused_with_the_record_named(cast, world):
    summary = field(world, "summary")
    with pytest.raises(ValidationError) as error:
        services.field_update(
            user=cast.consultant,
            field=summary,
            label="主訴",
            kind="number",
            required=False,
            choices=[],
            help_text="",
        )
    assert "記録 #1" in " ".join(error.value.messages) and "数値ではありません" in " ".join(
        error.value.messages
    )
    summary.refresh_from_db()
    world.records[0].refresh_from_db()
    assert summary.kind == "textarea" and world.records[0].values["summary"] == "秘密の経過1"


def test_dropping_a_choice_in_use_is_refused(cast, world):
    with pytest.raises(ValidationError, match="選択肢"):
        services.field_update(
            user=cast.consultant,
            field=field(world, "urgency"),
            label="緊急性",
            kind="choice",
            required=False,
            choices=["高", "低"],
            help_text="",
        )


def test_the_field_edit_page_shows_the_refusal(client_as, cast, world):
    summary = field(world, "summary")
    page = (
        client_as(cast.consultant)
        .post(f"/ledgers/{world.ledger.pk}/design/fields/{summary.pk}/", {"label": "主訴", "kind": "date"})
        .content.decode()
    )
    assert "変換できない" in page and "記録 #1" in page


def test_fields_can_be_reordered(cast, world):
    services.field_move(user=cast.consultant, field=field(world, "summary"), offset=-3)
    assert list(world.ledger.fields.values_list("key", flat=True))[:2] == ["summary", "child"]


def test_a_design_round_trips_through_its_file_into_another_department(cast, world):
    text = dump_design(services.design_of(world.ledger))
    assert "秘密" not in text  # the design only, never records
    copy = services.ledger_import(user=cast.consultant, department=cast.department, design=load_design(text))
    assert copy.department == cast.department and copy.records.count() == 0
    assert list(copy.fields.values_list("key", "kind")) == list(
        world.ledger.fields.values_list("key", "kind")
    )
    assert {s.name: [n.name for n in s.allowed_next.all()] for s in copy.statuses.all()}["受付"] == [
        "関係機関連携"
    ]


def test_a_broken_design_file_names_the_place_and_creates_nothing(client_as, cast, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = json.loads(dump_design(services.design_of(world.ledger)))
    data["fields"][2]["kind"] = "colour"
    upload = SimpleUploadedFile("renrakuhyo.json", json.dumps(data).encode())
    before = Ledger.objects.count()
    page = (
        client_as(cast.consultant)
        .post("/ledgers/import/", {"department": cast.department.pk, "name": "コピー", "file": upload})
        .content.decode()
    )
    assert "renrakuhyo.json" in page and "fields[2].kind" in page
    assert Ledger.objects.count() == before
    with pytest.raises(DesignError, match="statuses\\[0\\].next"):
        data["fields"][2]["kind"] = "text"
        data["statuses"][0]["next"] = ["存在しない"]
        load_design(json.dumps(data))


def test_required_and_typed_values_are_checked_with_japanese_messages(world):
    with pytest.raises(ValidationError) as error:
        services.record_create(
            user=world.member, ledger=world.ledger, values={"grade": "小9", "received_on": "昨日"}
        )
    messages = " ".join(error.value.messages)
    assert "選択肢" in messages and "日付" in messages
    assert world.ledger.records.count() == 3


def test_record_numbers_count_up_per_ledger(world):
    record = services.record_create(user=world.member, ledger=world.ledger, values={"child": "児童4"})
    assert record.number == 4 and record.status.name == "受付"


def test_a_status_move_outside_the_allowed_moves_is_refused(world):
    with pytest.raises(ValidationError, match="移れません"):
        services.record_move(
            user=world.member, record=world.records[1], to=world.ledger.statuses.get(name="終結")
        )


def test_every_read_leaves_a_log_entry(client_as, world):
    client = client_as(world.member)
    client.get(f"/ledgers/{world.ledger.pk}/records/{world.records[0].pk}/", REMOTE_ADDR="192.0.2.5")
    client_as(world.school_user).get(f"/ledgers/{world.ledger.pk}/records/{world.records[0].pk}/")
    client = client_as(world.member)  # one test client: log the member in again
    client.get(f"/ledgers/{world.ledger.pk}/export/", {"format": "xlsx"})
    reads = ReadLog.objects.filter(record=world.records[0])
    assert reads.filter(user=world.member, kind="page", address="192.0.2.5").count() == 1
    assert reads.filter(user=world.school_user, kind="page").count() == 1
    assert ReadLog.objects.filter(kind="export", user=world.member).count() == 3  # one per exported row
    history = client.get(f"/ledgers/{world.ledger.pk}/records/{world.records[0].pk}/reads/").content.decode()
    assert "school1" in history and "192.0.2.5" in history
    report = client.get(f"/ledgers/{world.ledger.pk}/access/").content.decode()
    assert "閲覧レポート" in report and "school1" in report


def test_a_refused_read_leaves_no_entry(client_as, cast, world):
    client_as(cast.consultant).get(f"/ledgers/{world.ledger.pk}/records/{world.records[0].pk}/")
    assert not ReadLog.objects.filter(user=cast.consultant).exists()


def test_changes_are_audited_without_contents_for_the_admins_audit_page(world):
    services.record_update(user=world.member, record=world.records[2], values={"urgency": "低"})
    entry = AuditEntry.objects.filter(
        model="ledgers.record", object_id=str(world.records[2].pk), action="update"
    ).last()
    assert entry is not None and entry.changes["values"][1].startswith("********")  # changed, not shown
    assert "秘密" not in json.dumps(
        list(AuditEntry.objects.values_list("changes", flat=True)), ensure_ascii=False
    )


@pytest.mark.django_db(transaction=True)
def test_notifications_reach_the_department_and_assignee_webhooks(cast, world, http_server):
    NotificationChannel.objects.create(
        kind="slack", department=cast.other_department, target=http_server.url + "/dept"
    )
    NotificationChannel.objects.create(kind="logochat", user=world.member, target=http_server.url + "/me")
    with acting_as(world.member):
        services.record_create(
            user=world.member, ledger=world.ledger, values={"child": "児童9", "worker": world.member.pk}
        )
        services.record_comment(user=world.school_user, record=world.records[0], body="本日登校しました")
    paths = [r.path for r in http_server.requests]
    assert paths.count("/dept") == 2 and paths.count("/me") == 2
    texts = " ".join(r.json()["text"] for r in http_server.requests)
    assert "#4 が登録されました" in texts and "コメントされました" in texts
    assert "児童9" not in texts and "本日登校" not in texts  # contents never leave yorozu
