"""The permission matrix over every ledger page and API operation (need to know: 404 when unreadable)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from yorozu.ledgers import services
from yorozu.ledgers.models import AccessGrant, ReadLog, Share

pytestmark = pytest.mark.django_db


def record_url(world, index=0, suffix=""):
    return f"/ledgers/{world.ledger.pk}/records/{world.records[index].pk}/{suffix}"


def who(cast, world, name):
    return {
        "member": world.member,
        "other_department": cast.requester,
        "consultant": cast.consultant,
        "viewer": cast.viewer,
        "admin": cast.admin,
        "school": world.school_user,
        "police": world.police_user,
        "clinic": world.clinic_user,
    }[name]


@pytest.mark.parametrize(
    ("name", "record_status", "list_status"),
    [
        ("member", 200, 200),
        ("other_department", 404, 404),
        ("consultant", 404, 200),  # designs the ledger, sees that records exist, not their contents
        ("viewer", 404, 404),
        ("admin", 404, 200),
        ("school", 200, 200),
        ("police", 404, 200),  # police got record #2 only
        ("clinic", 404, 404),
    ],
)
def test_the_first_record_is_readable_only_by_those_who_need_it(
    client_as, cast, world, name, record_status, list_status
):
    client = client_as(who(cast, world, name))
    assert client.get(record_url(world)).status_code == record_status
    assert client.get(f"/ledgers/{world.ledger.pk}/").status_code == list_status


def test_designers_and_admins_see_no_contents_in_the_list(client_as, cast, world):
    for user in (cast.consultant, cast.admin):
        page = client_as(user).get(f"/ledgers/{world.ledger.pk}/").content.decode()
        assert "秘密の経過" not in page and "児童1" not in page
        assert "3 件の記録" in page


def test_a_consultant_with_a_grant_reads_until_it_expires(client_as, cast, world):
    services.grant_create(
        user=world.member,
        ledger=world.ledger,
        grantee=cast.consultant,
        expires_on=world.today + timedelta(days=3),
    )
    client = client_as(cast.consultant)
    assert "秘密の経過1" in client.get(record_url(world)).content.decode()
    AccessGrant.objects.update(expires_on=world.today - timedelta(days=1))  # the day after the period
    assert client.get(record_url(world)).status_code == 404


def test_a_partner_sees_only_the_shared_fields_and_only_until_expiry(client_as, world):
    client = client_as(world.school_user)
    page = client.get(record_url(world)).content.decode()
    assert "児童1" in page and "小2" in page
    assert "秘密の経過" not in page and "緊急性" not in page
    listing = client.get(f"/ledgers/{world.ledger.pk}/").content.decode()
    assert "児童1" in listing and "児童2" not in listing and "秘密" not in listing
    Share.objects.filter(organisation=world.school).update(expires_on=world.today - timedelta(days=1))
    assert client.get(record_url(world)).status_code == 404
    assert client.get(f"/ledgers/{world.ledger.pk}/").status_code == 404


def test_the_police_see_one_record_with_fewer_fields(client_as, world):
    page = client_as(world.police_user).get(record_url(world, 1)).content.decode()
    assert "緊急性" in page and "中" in page and "児童2" not in page


def test_a_partner_cannot_search_on_fields_it_may_not_see(client_as, world):
    found = (
        client_as(world.school_user)
        .get(f"/ledgers/{world.ledger.pk}/", {"q": "秘密の経過1"})
        .content.decode()
    )
    assert "該当する記録はありません" in found


@pytest.mark.parametrize(
    "path",
    [
        "/consultations/",
        "/budget/manage/",
        "/regqa/",
        "/training/",
        "/admin/",
        "/api/openapi.json",
    ],
)
def test_partners_see_no_other_part_of_yorozu(client_as, world, path):
    response = client_as(world.school_user).get(path)
    refused = response.status_code in (401, 403, 404)
    assert refused or (response.status_code == 302 and "login" in response["Location"])


def test_partners_land_on_the_ledgers_after_login(client_as, world):
    response = client_as(world.school_user).get("/")
    assert response.status_code == 302 and response["Location"] == "/ledgers/"


@pytest.mark.parametrize(
    ("suffix", "method"),
    [("edit/", "get"), ("move/", "post"), ("reads/", "get")],
)
def test_partners_cannot_edit_move_or_see_the_read_log(client_as, world, suffix, method):
    response = getattr(client_as(world.school_user), method)(record_url(world, 0, suffix))
    assert response.status_code == 404


def test_partners_cannot_export(client_as, world):
    assert client_as(world.school_user).get(f"/ledgers/{world.ledger.pk}/export/").status_code == 404


def test_partners_comment_only_when_the_share_allows(client_as, world):
    assert (
        client_as(world.school_user).post(record_url(world, 0, "comments/"), {"body": "学校から"}).status_code
        == 302
    )
    assert world.records[0].comments.filter(author=world.school_user).exists()
    assert (
        client_as(world.police_user).post(record_url(world, 1, "comments/"), {"body": "警察から"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("member", 200),
        ("admin", 200),
        ("other_department", 404),
        ("consultant", 404),
        ("viewer", 404),
        ("school", 404),
    ],
)
def test_who_can_read_is_shown_to_the_department_and_admins(client_as, cast, world, name, status):
    assert client_as(who(cast, world, name)).get(f"/ledgers/{world.ledger.pk}/access/").status_code == status


def test_admins_see_who_can_read_but_not_the_access_report(client_as, cast, world):
    page = client_as(cast.admin).get(f"/ledgers/{world.ledger.pk}/access/").content.decode()
    assert "よろず区立第一小学校" in page and "閲覧レポート" not in page


@pytest.mark.parametrize(
    ("name", "status"), [("member", 200), ("consultant", 404), ("admin", 404), ("other_department", 404)]
)
def test_the_read_log_of_a_record_belongs_to_the_department(client_as, cast, world, name, status):
    assert client_as(who(cast, world, name)).get(record_url(world, 0, "reads/")).status_code == status


@pytest.mark.parametrize(
    ("name", "status"),
    [("consultant", 200), ("admin", 200), ("member", 404), ("viewer", 404), ("school", 404)],
)
def test_only_the_desk_designs(client_as, cast, world, name, status):
    assert client_as(who(cast, world, name)).get(f"/ledgers/{world.ledger.pk}/design/").status_code == status
    assert client_as(who(cast, world, name)).get("/ledgers/organisations/").status_code == status


def test_only_the_department_shares_and_grants(client_as, cast, world):
    assert client_as(world.member).get(f"/ledgers/{world.ledger.pk}/shares/new/").status_code == 200
    for user in (cast.consultant, cast.admin, cast.requester):
        assert client_as(user).get(f"/ledgers/{world.ledger.pk}/shares/new/").status_code == 404
        grant = client_as(user).post(
            f"/ledgers/{world.ledger.pk}/grants/", {"user": user.pk, "expires_on": "2099-01-01"}
        )
        assert grant.status_code == 404


def test_a_viewer_with_a_grant_reads_but_cannot_change(client_as, cast, world):
    services.grant_create(user=world.member, ledger=world.ledger, grantee=cast.viewer, expires_on=world.today)
    client = client_as(cast.viewer)
    assert client.get(record_url(world)).status_code == 200
    assert client.get(record_url(world, 0, "edit/")).status_code == 403


def test_attachments_are_as_private_as_their_record(client_as, cast, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.record_attach(
        user=world.member, record=world.records[0], upload=SimpleUploadedFile("memo.txt", "面談メモ".encode())
    )
    attachment = world.records[0].attachments.get()
    url = record_url(world, 0, f"attachments/{attachment.pk}/")
    assert client_as(world.school_user).get(url).status_code == 200
    for user in (cast.consultant, cast.admin, world.police_user, cast.requester):
        assert client_as(user).get(url).status_code == 404
    assert ReadLog.objects.filter(kind=ReadLog.Kind.ATTACHMENT, user=world.school_user).count() == 1


def test_the_ip_allowlist_blocks_partners_elsewhere(client_as, world):
    world.school.allowed_networks = "192.0.2.0/24"
    world.school.save()
    client = client_as(world.school_user)
    assert client.get(record_url(world), REMOTE_ADDR="198.51.100.7").status_code == 403
    assert client.get(record_url(world), REMOTE_ADDR="192.0.2.10").status_code == 200


def test_an_address_outside_the_list_of_another_organisation_does_not_matter(client_as, world):
    world.police.allowed_networks = "192.0.2.0/24"
    world.police.save()
    assert client_as(world.school_user).get(record_url(world), REMOTE_ADDR="198.51.100.7").status_code == 200


def test_partners_do_not_see_the_internal_status_of_a_record(client_as, world):
    listing = client_as(world.police_user).get(f"/ledgers/{world.ledger.pk}/").content.decode()
    record = client_as(world.police_user).get(record_url(world, 1)).content.decode()
    assert "受付" not in listing.split('id="records"')[1] and "受付" not in record.split("<h1>")[1]


def test_partners_attach_only_when_the_share_allows_and_see_only_conversation_files(client_as, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(name):
        return {"file": SimpleUploadedFile(name, "連絡".encode())}

    url = record_url(world, 0, "attachments/")
    assert client_as(world.school_user).post(url, upload("a.txt")).status_code == 403
    Share.objects.filter(organisation=world.school).update(can_attach=True)
    assert client_as(world.school_user).post(url, upload("b.txt")).status_code == 302
    world.records[0].attachments.create(
        field_key="summary",
        file=SimpleUploadedFile("internal.txt", b"x"),
        name="internal.txt",
        uploaded_by=world.member,
    )
    page = client_as(world.school_user).get(record_url(world)).content.decode()
    assert "b.txt" in page and "internal.txt" not in page
    internal = world.records[0].attachments.get(name="internal.txt")
    assert (
        client_as(world.school_user).get(record_url(world, 0, f"attachments/{internal.pk}/")).status_code
        == 404
    )


def test_partners_cannot_probe_statuses_or_hidden_values_through_filters_and_sorting(client_as, world):
    services.record_move(user=world.member, record=world.records[1], to=world.linked)  # both shared now
    services.record_update(user=world.member, record=world.records[0], values={"summary": "z"})
    services.record_update(user=world.member, record=world.records[1], values={"summary": "a"})
    client = client_as(world.school_user)
    base = f"/ledgers/{world.ledger.pk}/"
    other_status = world.ledger.statuses.get(name="受付").pk
    assert "児童1" in client.get(base, {"status": other_status}).content.decode()  # status ignored
    by_hidden = client.get(base, {"sort": "summary"}).content.decode().split('id="records"')[1]
    assert by_hidden.index("児童1") < by_hidden.index("児童2")  # sorting on a hidden field is ignored
    assert "該当する記録はありません" in client.get(base, {"f_summary": "z"}).content.decode()
