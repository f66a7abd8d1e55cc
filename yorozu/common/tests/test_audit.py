import pytest

from yorozu.accounts.models import Department
from yorozu.common.audit import acting_as, record
from yorozu.common.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_records_a_create_with_the_acting_user(cast):
    with acting_as(cast.admin):
        department = Department.objects.create(name="広報課", parent=cast.department.parent)
    entry = AuditEntry.objects.get(model="accounts.department", object_id=str(department.pk), action="create")
    assert entry.actor == cast.admin
    assert entry.changes["name"] == [None, "広報課"]


def test_it_records_before_and_after_of_an_update(cast):
    with acting_as(cast.consultant):
        cast.department.name = "住民課"
        cast.department.save()
    entry = AuditEntry.objects.filter(model="accounts.department", action="update").latest("id")
    assert entry.changes == {"name": ["戸籍住民課", "住民課"]}
    assert entry.actor_label == "consultant"


def test_an_unchanged_save_writes_no_update(cast):
    before = AuditEntry.objects.count()
    cast.department.save()
    assert AuditEntry.objects.count() == before


def test_it_records_a_delete(cast):
    department = Department.objects.create(name="臨時課", parent=cast.department.parent)
    department.delete()
    entry = AuditEntry.objects.get(model="accounts.department", action="delete")
    assert entry.changes["name"] == ["臨時課", None]


def test_it_never_writes_a_password_hash(cast):
    cast.requester.set_password("another-password-42")
    cast.requester.save()
    entry = AuditEntry.objects.filter(model="accounts.user", action="update").latest("id")
    before, after = entry.changes["password"]
    assert before.startswith("********") and after.startswith("********") and before != after
    assert "pbkdf2" not in str(entry.changes)


def test_a_bulk_import_can_record_a_summary(cast):
    record(
        action="import",
        model="budget.budget",
        object_id="2024",
        object_repr="令和6年度",
        changes={"lines": [0, 120]},
        actor=cast.admin,
    )
    assert AuditEntry.objects.get(action="import").actor == cast.admin


def test_the_audit_screen_is_for_admins_only(cast, client_as):
    assert client_as(cast.admin).get("/common/audit/").status_code == 200
    for name in ("requester", "consultant", "viewer"):
        assert client_as(cast.by_name[name]).get("/common/audit/").status_code == 403
    assert client_as(None).get("/common/audit/").status_code == 302


def test_the_audit_screen_shows_before_and_after(cast, client_as):
    with acting_as(cast.admin):
        cast.department.name = "住民課"
        cast.department.save()
    page = client_as(cast.admin).get("/common/audit/", {"model": "accounts.department"}).content.decode()
    assert "戸籍住民課 → 住民課" in page


def test_audit_entries_cannot_be_edited_in_the_admin(cast, client_as):
    entry = AuditEntry.objects.first()
    response = client_as(cast.admin).post(
        f"/admin/common/auditentry/{entry.pk}/change/", {"action": "delete"}
    )
    assert response.status_code == 403
