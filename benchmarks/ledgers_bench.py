"""Benchmark: a 共有台帳 of 5,000 records × 12 fields — the list (search + sort), a record page (with
its read-log write), the list as a partner (300 shared records), the CSV export (5,000 logged reads)
and the API list.

Records are filtered and sorted in Python over the JSON values (decision record 0902); this script
shows what that costs at the size one department's ledger reaches. No target in the issue; the
product-wide page target is ≤ 150 ms. Run:

    uv run python benchmarks/ledgers_bench.py                      # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yz_i14_bench uv run python benchmarks/ledgers_bench.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")
os.environ.setdefault("YOROZU_DEBUG", "true")
os.environ.setdefault("YOROZU_DATA_DIR", tempfile.mkdtemp(prefix="ledgers-bench-"))
os.environ.setdefault("YOROZU_AXES_ENABLED", "false")
os.environ.setdefault("YOROZU_2FA_ENFORCED", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from yorozu.accounts.models import Department, User  # noqa: E402
from yorozu.accounts.services import token_create  # noqa: E402
from yorozu.common.audit import acting_as  # noqa: E402
from yorozu.ledgers import services  # noqa: E402
from yorozu.ledgers.models import Ledger, ReadLog, Record  # noqa: E402

RECORDS = 5_000
SHARED = 300
RUNS = 7


def build() -> tuple[Ledger, User, User]:
    call_command("migrate", verbosity=0)
    bureau, _ = Department.objects.get_or_create(name="ベンチ部", parent=None, defaults={"kind": "bureau"})
    section, _ = Department.objects.get_or_create(name="ベンチ課", parent=bureau)
    designer, _ = User.objects.get_or_create(username="bench-designer", defaults={"role": "consultant"})
    member, _ = User.objects.get_or_create(
        username="bench-member", defaults={"role": "requester", "department": section}
    )
    Ledger.objects.filter(department=section).delete() if not Record.objects.exists() else None
    ledger = Ledger.objects.filter(department=section, name="ベンチ台帳").first()
    if ledger is None:
        with acting_as(designer):
            ledger = _design(designer, section)
        _fill(ledger, member)
    partner = _partner(designer, member, ledger)
    return ledger, member, partner


def _design(designer: User, section: Department) -> Ledger:
    ledger = services.ledger_create(user=designer, department=section, name="ベンチ台帳")
    kinds = [
        "text",
        "textarea",
        "number",
        "date",
        "choice",
        "multi",
        "bool",
        "text",
        "number",
        "date",
        "choice",
        "text",
    ]
    for index, kind in enumerate(kinds):
        choices = ["高", "中", "低"] if kind in ("choice", "multi") else []
        services.field_create(
            user=designer, ledger=ledger, key=f"f{index}", label=f"項目{index}", kind=kind, choices=choices
        )
    for name in ("受付", "対応中", "終結"):
        services.status_save(
            user=designer, ledger=ledger, name=name, is_initial=name == "受付", allowed_next=[]
        )
    return ledger


def _fill(ledger: Ledger, member: User) -> None:
    rng = random.Random(14)
    statuses = list(ledger.statuses.all())
    words = ["登校", "面談", "家庭訪問", "健診", "連絡", "見守り", "相談", "支援"]
    rows = []
    for number in range(1, RECORDS + 1):
        day = date(2024, 4, 1) + timedelta(days=rng.randint(0, 600))
        values = {
            "f0": f"記録{number}",
            "f1": "、".join(rng.sample(words, 3)) * 5,
            "f2": rng.randint(0, 10_000),
            "f3": day.isoformat(),
            "f4": rng.choice(["高", "中", "低"]),
            "f5": rng.sample(["高", "中", "低"], 2),
            "f6": rng.random() < 0.5,
            "f7": rng.choice(words),
            "f8": rng.random() * 100,
            "f9": (day + timedelta(days=30)).isoformat(),
            "f10": rng.choice(["高", "中", "低"]),
            "f11": f"備考{number % 97}",
        }
        rows.append(
            Record(
                ledger=ledger, number=number, status=statuses[number % 3], values=values, created_by=member
            )
        )
    Record.objects.bulk_create(rows, batch_size=1000)
    Ledger.objects.filter(pk=ledger.pk).update(next_number=RECORDS + 1)


def _partner(designer: User, member: User, ledger: Ledger) -> User:
    partner = User.objects.filter(username="bench-partner").first()
    if partner is not None:
        return partner
    with acting_as(designer):
        org = services.organisation_save(user=designer, name="ベンチ小学校", kind="school")
        partner = services.partner_user_create(
            user=designer,
            organisation=org,
            username="bench-partner",
            display_name="p",
            password="bench-password-1",
        )
    with acting_as(member):
        for record in ledger.records.order_by("number")[:SHARED]:
            services.share_create(
                user=member,
                ledger=ledger,
                organisation=org,
                record=record,
                field_keys=["f0", "f3", "f4"],
                expires_on=date(2099, 1, 1),
            )
    return partner


def timed(label: str, call) -> None:  # type: ignore[no-untyped-def]
    call()  # warm-up, not counted
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (label, response.status_code)
    print(f"{label:<52} median {statistics.median(times):7.1f} ms   worst {max(times):7.1f} ms")


def main() -> None:
    ledger, member, partner = build()
    engine = django.db.connection.vendor
    print(
        f"{engine}: {ledger.records.count():,} records × {ledger.fields.count()} fields, {SHARED} shared with one partner"
    )
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    base = f"/ledgers/{ledger.pk}/"
    record = ledger.records.order_by("number").first()
    timed("list page (all records, first 6 columns)", lambda: client.get(base))
    timed(
        "list page, keyword + choice filter + sort",
        lambda: client.get(base, {"q": "面談", "f_f4": "高", "sort": "-f2"}),
    )
    timed("record page (writes one read-log row)", lambda: client.get(f"{base}records/{record.pk}/"))
    before = ReadLog.objects.count()
    timed("CSV export of every record (5,000 logged reads)", lambda: client.get(f"{base}export/"))
    print(f"  read-log rows written by {RUNS + 1} exports: {ReadLog.objects.count() - before:,}")
    partner_client = Client()
    partner_client.force_login(partner, backend="django.contrib.auth.backends.ModelBackend")
    timed("list page as a partner (300 shared records)", lambda: partner_client.get(base))
    token = token_create(user=member)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    timed("API list, page of 50 (50 logged reads)", lambda: api.get(f"/api{base}records/"))


if __name__ == "__main__":
    main()
