"""The record form covers every field kind; bad input comes back in Japanese with nothing saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yorozu.ledgers import services
from yorozu.ledgers.models import Ledger, Record

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_kind(cast):
    ledger = services.ledger_create(user=cast.consultant, department=cast.department, name="全種類")
    for key, kind, choices in [
        ("short", "text", []),
        ("long", "textarea", []),
        ("amount", "number", []),
        ("day", "date", []),
        ("moment", "datetime", []),
        ("colour", "choice", ["赤", "青"]),
        ("tags", "multi", ["a", "b", "c"]),
        ("flag", "bool", []),
        ("person", "user", []),
        ("paper", "file", []),
    ]:
        services.field_create(
            user=cast.consultant,
            ledger=ledger,
            key=key,
            label=f"項目{key}",
            kind=kind,
            choices=choices,
            required=key == "short",
        )
    return ledger


def test_a_record_with_every_kind_is_created_from_the_page(client_as, cast, every_kind):
    response = client_as(cast.requester).post(
        f"/ledgers/{every_kind.pk}/records/new/",
        {
            "short": "件名",
            "long": "一行目\n二行目",
            "amount": "1234.5",
            "day": "2019-05-01",
            "moment": "2024-04-01T09:30",
            "colour": "青",
            "tags": ["a", "c"],
            "flag": "on",
            "person": cast.colleague.pk,
            "paper": SimpleUploadedFile("memo.txt", "メモ".encode()),
        },
    )
    record = Record.objects.get(ledger=every_kind)
    assert response.status_code == 302
    assert record.values == {
        "short": "件名",
        "long": "一行目\n二行目",
        "amount": 1234.5,
        "day": "2019-05-01",
        "moment": "2024-04-01T09:30",
        "colour": "青",
        "tags": ["a", "c"],
        "flag": True,
        "person": cast.colleague.pk,
    }
    assert record.attachments.get().field_key == "paper"
    page = client_as(cast.requester).get(response["Location"]).content.decode()
    assert "令和元年5月1日" in page and "colleague" in page and "memo.txt" in page


def test_bad_input_is_shown_in_japanese_and_nothing_is_saved(client_as, cast, every_kind):
    page = (
        client_as(cast.requester)
        .post(
            f"/ledgers/{every_kind.pk}/records/new/",
            {"amount": "たくさん", "paper": SimpleUploadedFile("evil.exe", b"MZ\x90\x00")},
        )
        .content.decode()
    )
    assert "必須" in page and "数値" in page
    assert not Record.objects.exists()


def test_a_disguised_upload_is_refused_whole(client_as, cast, every_kind):
    page = (
        client_as(cast.requester)
        .post(
            f"/ledgers/{every_kind.pk}/records/new/",
            {"short": "x", "paper": SimpleUploadedFile("scan.pdf", b"not a pdf at all")},
        )
        .content.decode()
    )
    assert "scan.pdf" in page and "一致しません" in page
    assert not Record.objects.exists()
    assert Ledger.objects.get(pk=every_kind.pk).next_number == 1


def test_edit_keeps_values_of_fields_not_on_the_form(client_as, cast, every_kind):
    record = services.record_create(
        user=cast.requester, ledger=every_kind, values={"short": "a", "colour": "赤"}
    )
    services.field_set_hidden(user=cast.consultant, field=every_kind.fields.get(key="colour"), hidden=True)
    client_as(cast.requester).post(f"/ledgers/{every_kind.pk}/records/{record.pk}/edit/", {"short": "b"})
    record.refresh_from_db()
    assert record.values["short"] == "b" and record.values["colour"] == "赤"


def test_filters_sort_and_views(client_as, cast, every_kind):
    for short, colour, amount in [("one", "赤", 5), ("two", "青", 30), ("three", "赤", 100)]:
        services.record_create(
            user=cast.requester,
            ledger=every_kind,
            values={"short": short, "colour": colour, "amount": amount},
        )
    client = client_as(cast.requester)
    page = client.get(f"/ledgers/{every_kind.pk}/", {"f_colour": "赤", "sort": "-amount"}).content.decode()
    assert page.index("three") < page.index("one") and "two" not in page.split('id="records"')[1]
    view = services.view_save(
        user=cast.consultant,
        ledger=every_kind,
        name="金額順",
        columns=["short", "amount"],
        sort_key="amount",
        descending=True,
    )
    page = client.get(f"/ledgers/{every_kind.pk}/", {"view": view.pk}).content.decode()
    table = page.split('id="records"')[1]
    assert table.index("three") < table.index("two") < table.index("one") and "項目colour" not in table


def test_the_export_holds_every_visible_field(client_as, cast, every_kind):
    services.record_create(
        user=cast.requester, ledger=every_kind, values={"short": "a", "day": "2024-04-01", "flag": True}
    )
    body = client_as(cast.requester).get(f"/ledgers/{every_kind.pk}/export/").content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("記録番号,状態,項目short")
    assert "令和6年4月1日" in body and "はい" in body


def test_the_designer_builds_a_ledger_in_the_browser_forms(client_as, cast):
    client = client_as(cast.consultant)
    created = client.post(
        "/ledgers/new/", {"department": cast.department.pk, "name": "窓口記録", "description": ""}
    )
    ledger = Ledger.objects.get(name="窓口記録")
    assert created["Location"] == f"/ledgers/{ledger.pk}/design/"
    client.post(
        f"/ledgers/{ledger.pk}/design/fields/new/",
        {"label": "区分", "kind": "choice", "choices": "転入\n転出"},
    )
    client.post(f"/ledgers/{ledger.pk}/design/statuses/new/", {"name": "受付", "is_initial": "on"})
    done = ledger.statuses.get()
    client.post(f"/ledgers/{ledger.pk}/design/statuses/new/", {"name": "完了"})
    client.post(
        f"/ledgers/{ledger.pk}/design/statuses/{done.pk}/",
        {"name": "受付", "is_initial": "on", "allowed_next": [ledger.statuses.get(name="完了").pk]},
    )
    field = ledger.fields.get()
    assert field.choices == ["転入", "転出"]
    assert [s.name for s in ledger.statuses.get(name="受付").allowed_next.all()] == ["完了"]
    empty_choice = client.post(
        f"/ledgers/{ledger.pk}/design/fields/new/", {"label": "x", "kind": "multi"}
    ).content.decode()
    assert "選択肢を1つ以上" in empty_choice
    exported = client.get(f"/ledgers/{ledger.pk}/design/export/")
    assert exported["Content-Type"].startswith("application/json") and "転入" in exported.content.decode()


def test_partner_organisations_and_their_users_are_registered_by_the_desk(client_as, cast):
    client = client_as(cast.admin)
    client.post(
        "/ledgers/organisations/new/",
        {"name": "よろず病院", "kind": "medical", "allowed_networks": "10.0.0.0/8", "is_active": "on"},
    )
    from yorozu.ledgers.models import PartnerOrganisation

    organisation = PartnerOrganisation.objects.get(name="よろず病院")
    bad = client.post(
        f"/ledgers/organisations/{organisation.pk}/",
        {
            "name": "よろず病院",
            "kind": "medical",
            "allowed_networks": "10.0.0.0/8\nどこか",
            "is_active": "on",
        },
    )
    assert "2行目" in bad.content.decode()
    client.post(
        f"/ledgers/organisations/{organisation.pk}/users/",
        {"username": "hospital1", "display_name": "病院 担当", "password": "long-enough-pass"},
    )
    user = organisation.members.get().user
    assert user.is_external and user.department is None


def test_long_lists_are_paged_in_the_database_or_after_filtering(client_as, cast, every_kind):
    from yorozu.ledgers.models import Record

    member = cast.requester
    Record.objects.bulk_create(
        [
            Record(
                ledger=every_kind, number=n, values={"short": f"row{n:03d}", "amount": n}, created_by=member
            )
            for n in range(1, 56)
        ]
    )
    client = client_as(member)
    second = client.get(f"/ledgers/{every_kind.pk}/", {"page": 2}).content.decode()
    assert "記録 55 件（2 / 2 ページ）" in second and "#51" in second and "#50<" not in second
    reversed_first = client.get(f"/ledgers/{every_kind.pk}/", {"sort": "-amount"}).content.decode()
    assert "#55" in reversed_first and "#5<" not in reversed_first and "page=2" in reversed_first
    api = client.get(f"/ledgers/{every_kind.pk}/", {"q": "row05"}).content.decode()
    assert "記録 6 件" in api  # row050 … row055


def test_any_field_can_be_filtered_without_javascript(client_as, cast, every_kind):
    for short, day in [("spring", "2024-04-01"), ("autumn", "2024-10-01")]:
        services.record_create(user=cast.requester, ledger=every_kind, values={"short": short, "day": day})
    page = (
        client_as(cast.requester)
        .get(f"/ledgers/{every_kind.pk}/", {"field": "day", "value": "2024-10"})
        .content.decode()
    )
    table = page.split('id="records"')[1]
    assert "autumn" in table and "spring" not in table
