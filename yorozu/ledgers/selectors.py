"""Reads of 共有台帳, always scoped by the requesting user (rules.py says who may see what)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils import timezone

from yorozu.accounts.models import User
from yorozu.ledgers import rules
from yorozu.ledgers.models import AccessGrant, Ledger, LedgerField, ReadLog, Record, Share
from yorozu_core.ledger_fields import BOOL, CHOICE, MULTI, USER, display, is_empty, sort_key


@dataclass(frozen=True)
class LedgerRow:
    ledger: Ledger
    can_read: bool
    can_design: bool
    can_see_readers: bool


def ledger_rows(*, user: Any) -> list[LedgerRow]:
    """The ledgers a user has any business with: readers, designers, administrators, partners."""
    if user.is_external:
        ids = rules.active_shares(user).values_list("ledger_id", flat=True)
        return [LedgerRow(ledger, True, False, False) for ledger in Ledger.objects.filter(pk__in=ids)]
    rows = []
    for ledger in Ledger.objects.select_related("department", "department__parent"):
        row = LedgerRow(
            ledger,
            can_read=rules.can_read_records(user, ledger),
            can_design=rules.can_design(user),
            can_see_readers=rules.can_see_readers(user, ledger),
        )
        if row.can_read or row.can_design or row.can_see_readers:
            rows.append(row)
    return rows


def readable_ledgers(*, user: Any) -> list[Ledger]:
    """Only ledgers whose records the user may read (internal users; the API's list)."""
    if user.is_external:
        return []
    return [row.ledger for row in ledger_rows(user=user) if row.can_read]


def ledger_get(*, user: Any, ledger_id: int) -> Ledger:
    """A ledger the user may open (read records, design it, or see its readers); 404 otherwise."""
    ledger = Ledger.objects.select_related("department").filter(pk=ledger_id).first()
    if ledger is None:
        raise Http404("台帳が見つかりません。")
    if user.is_external:
        if not rules.active_shares(user).filter(ledger=ledger).exists():
            raise Http404("台帳が見つかりません。")
        return ledger
    allowed = (
        rules.can_read_records(user, ledger) or rules.can_design(user) or rules.can_see_readers(user, ledger)
    )
    if not allowed:
        raise Http404("台帳が見つかりません。")
    return ledger


def readable_ledger_get(*, user: Any, ledger_id: int) -> Ledger:
    ledger = ledger_get(user=user, ledger_id=ledger_id)
    if not (user.is_external or rules.can_read_records(user, ledger)):
        raise Http404("台帳が見つかりません。")
    return ledger


@dataclass
class RecordFilters:
    keyword: str = ""
    status_id: int | None = None
    by_field: dict[str, str] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False


def record_queryset(*, user: Any, ledger: Ledger) -> QuerySet[Record]:
    records = Record.objects.filter(ledger=ledger)
    if user.is_external:
        shares = rules.active_shares(user).filter(ledger=ledger)
        return records.filter(rules.shared_record_filter(shares))
    if not rules.can_read_records(user, ledger):
        return records.none()
    return records


class RecordRow(NamedTuple):
    """What a list needs of a record, without building model instances (decision record 0902)."""

    pk: int
    number: int
    status_id: int | None
    values: dict[str, Any]


class LazyRows(Sequence[RecordRow]):
    """Rows straight from the database, counted and sliced there (what Paginator and the API need)."""

    def __init__(self, queryset: QuerySet[Any]) -> None:
        self.queryset = queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:  # type: ignore[override]  # Paginator calls count() when it exists
        return len(self)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [RecordRow(*row) for row in self.queryset[index]]
        return RecordRow(*self.queryset[index])

    def __iter__(self) -> Iterator[RecordRow]:
        return (RecordRow(*row) for row in self.queryset.iterator(chunk_size=1000))


def record_rows(*, user: Any, ledger: Ledger, filters: RecordFilters | None = None) -> Sequence[RecordRow]:
    """Records the user may read, filtered on the fields they may see, sorted (by number by default)."""
    filters = filters or RecordFilters()
    records = record_queryset(user=user, ledger=ledger)
    if filters.status_id:
        records = records.filter(status_id=filters.status_id)
    plain = records.order_by("number").values_list("pk", "number", "status_id", "values")
    if not (filters.keyword or filters.by_field or filters.sort):
        return LazyRows(plain)  # the database counts and pages; nothing is loaded beyond one page
    rows = [RecordRow(*row) for row in plain]
    if filters.keyword or filters.by_field:
        if user.is_external:  # search only what the partner may see
            shares = list(rules.active_shares(user).filter(ledger=ledger))
            rows = [r for r in rows if _matches(r, rules.shared_keys(shares, r.pk, r.status_id), filters)]
        else:
            keys = {f.key for f in rules.visible_fields(ledger)}
            rows = [r for r in rows if _matches(r, keys, filters)]
    if filters.sort:
        rows.sort(key=lambda r: sort_key(r.values.get(filters.sort)), reverse=filters.descending)
    return rows


def records_in_order(ledger: Ledger, rows: Sequence[RecordRow]) -> list[Record]:
    """Full records for one page of rows, in the rows' order."""
    found = (
        Record.objects.filter(ledger=ledger, pk__in=[r.pk for r in rows]).select_related("status").in_bulk()
    )
    return [found[r.pk] for r in rows]


def _matches(record: RecordRow, keys: set[str], filters: RecordFilters) -> bool:
    for key, wanted in filters.by_field.items():
        if key not in keys or not _value_matches(record.values.get(key), wanted):
            return False
    if filters.keyword:
        text = " ".join(str(record.values.get(k, "")) for k in keys) + f" #{record.number}"
        return all(word in text for word in filters.keyword.split())
    return True


def _value_matches(value: Any, wanted: str) -> bool:
    if is_empty(value):
        return False
    if isinstance(value, bool):
        return ("はい" if value else "いいえ") == wanted or str(value).lower() == wanted.lower()
    if isinstance(value, list):
        return wanted in [str(v) for v in value]
    if isinstance(value, int | float):
        return str(value) == wanted
    return wanted in str(value)


def record_get(*, user: Any, ledger: Ledger, record_id: int) -> tuple[Record, rules.RecordAccess]:
    record = Record.objects.select_related("ledger", "status").filter(pk=record_id, ledger=ledger).first()
    access = rules.record_access(user, record) if record else None
    if record is None or access is None:
        raise Http404("記録が見つかりません。")
    return record, access


def user_names(ledger: Ledger) -> dict[int, str]:
    return {u.pk: str(u) for u in User.objects.filter(department_id=ledger.department_id)} | {
        u.pk: str(u) for u in User.objects.filter(ledger_grants__ledger=ledger)
    }


def display_row(record: Record | RecordRow, fields: list[LedgerField], names: dict[int, str]) -> list[str]:
    return [display(f.kind, record.values.get(f.key), names) for f in fields]


def filterable(field: LedgerField) -> bool:
    return field.kind in (CHOICE, MULTI, BOOL, USER)


def record_reads(*, record: Record) -> QuerySet[ReadLog]:
    return ReadLog.objects.filter(record=record).select_related("user")


def access_report(*, ledger: Ledger) -> list[dict[str, Any]]:
    """Per reader: how many reads, of how many records, and when last."""
    return list(
        ReadLog.objects.filter(record__ledger=ledger)
        .values("user__username", "user__display_name", "user__role")
        .annotate(reads=Count("id"), records=Count("record", distinct=True), last=Max("at"))
        .order_by("-last")
    )


@dataclass(frozen=True)
class Readers:
    members: list[User]
    grants: list[AccessGrant]
    shares: list[Share]


def readers_of(*, ledger: Ledger) -> Readers:
    today = timezone.localdate()
    members = User.objects.filter(
        department_id=ledger.department_id, role=User.Role.REQUESTER, is_active=True
    )
    return Readers(
        members=list(members),
        grants=list(ledger.grants.filter(expires_on__gte=today).select_related("user")),
        shares=list(
            ledger.shares.filter(expires_on__gte=today).select_related("organisation", "record", "status")
        ),
    )
