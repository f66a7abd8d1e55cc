"""Who may read, change, design and share a ledger's records (need to know; decision record 0901).

- Records are read by the owning department's staff (所管課職員 of that department) and by internal
  users the department granted access to, until the grant expires. Consultants, viewers and
  administrators are not readers by role: they need a grant like anyone else.
- Consultants and administrators design ledgers (fields, statuses, views) without reading records.
- Administrators and the owning department see that records exist and who can read them.
- External users (関係機関職員) see only records shared with their organisation, only the shared
  fields, only until the share expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from yorozu.accounts.models import User
from yorozu.ledgers.models import AccessGrant, Ledger, LedgerField, PartnerOrganisation, Record, Share


def organisation_of(user: Any) -> PartnerOrganisation | None:
    if not getattr(user, "is_external", False):
        return None
    membership = getattr(user, "partner_membership", None)
    if membership is None or not membership.organisation.is_active:
        return None
    return membership.organisation


def is_member(user: Any, ledger: Ledger) -> bool:
    """Staff of the owning department (所管課職員 only: a viewer or consultant posted there is not)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == User.Role.REQUESTER
        and user.department_id == ledger.department_id
    )


def has_grant(user: Any, ledger: Ledger) -> bool:
    if not user.is_authenticated or user.is_external:
        return False
    return AccessGrant.objects.filter(ledger=ledger, user=user, expires_on__gte=timezone.localdate()).exists()


def can_read_records(user: Any, ledger: Ledger) -> bool:
    """Internal readers: the owning department and holders of an unexpired grant."""
    return is_member(user, ledger) or has_grant(user, ledger)


def can_write_records(user: Any, ledger: Ledger) -> bool:
    return can_read_records(user, ledger) and user.can_write


def can_manage(user: Any, ledger: Ledger) -> bool:
    """Grants, shares, 閲覧履歴 and the access report belong to the owning department."""
    return is_member(user, ledger)


def can_design(user: Any) -> bool:
    return bool(
        user.is_authenticated and (user.role in (User.Role.CONSULTANT, User.Role.ADMIN) or user.is_superuser)
    )


def can_see_readers(user: Any, ledger: Ledger) -> bool:
    """Who can read a ledger (not what): the owning department and administrators."""
    return is_member(user, ledger) or bool(user.is_authenticated and user.is_yorozu_admin)


def active_shares(user: Any) -> QuerySet[Share]:
    organisation = organisation_of(user)
    if organisation is None:
        return Share.objects.none()
    return Share.objects.filter(organisation=organisation, expires_on__gte=timezone.localdate())


def shared_record_filter(shares: QuerySet[Share]) -> Q:
    record_ids = [s.record_id for s in shares if s.record_id]
    status_ids = [s.status_id for s in shares if s.status_id]
    return Q(pk__in=record_ids) | Q(status_id__in=status_ids)


def shares_for(user: Any, record: Record) -> list[Share]:
    shares = list(active_shares(user).filter(ledger_id=record.ledger_id))
    return covering(shares, record.pk, record.status_id)


def covering(shares: list[Share], record_id: int, status_id: int | None) -> list[Share]:
    """The shares (already loaded) that include a record: by the record itself or by its status."""
    return [s for s in shares if s.record_id == record_id or (s.status_id and s.status_id == status_id)]


def shared_keys(shares: list[Share], record_id: int, status_id: int | None) -> set[str]:
    return {key for share in covering(shares, record_id, status_id) for key in share.field_keys}


@dataclass(frozen=True)
class RecordAccess:
    """What one user may do with one record they can read."""

    fields: list[LedgerField]
    can_edit: bool
    can_comment: bool
    can_attach: bool
    can_move: bool
    is_external: bool

    @property
    def field_keys(self) -> set[str]:
        return {f.key for f in self.fields}


def visible_fields(ledger: Ledger) -> list[LedgerField]:
    return list(ledger.fields.filter(is_hidden=False))


def record_access(user: Any, record: Record) -> RecordAccess | None:
    """``None`` when the user may not read the record at all (the caller answers 404)."""
    ledger = record.ledger
    if user.is_authenticated and user.is_external:
        shares = shares_for(user, record)
        if not shares:
            return None
        keys = {key for share in shares for key in share.field_keys}
        return RecordAccess(
            fields=[f for f in visible_fields(ledger) if f.key in keys],
            can_edit=False,
            can_comment=any(s.can_comment for s in shares),
            can_attach=any(s.can_attach for s in shares),
            can_move=False,
            is_external=True,
        )
    if not can_read_records(user, ledger):
        return None
    writable = bool(user.can_write)
    return RecordAccess(
        fields=visible_fields(ledger),
        can_edit=writable,
        can_comment=writable,
        can_attach=writable,
        can_move=writable,
        is_external=False,
    )


def needs_two_factor(user: Any) -> bool:
    """Two-factor login for external users and for anyone who can read a ledger's records."""
    if not user.is_authenticated:
        return False
    if user.is_external:
        return True
    if user.role == User.Role.REQUESTER and Ledger.objects.filter(department_id=user.department_id).exists():
        return True
    return AccessGrant.objects.filter(user=user, expires_on__gte=timezone.localdate()).exists()
