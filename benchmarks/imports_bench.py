"""Ledger import and case-page benchmark; prints its numbers. Run:

    uv run python benchmarks/imports_bench.py [--rows 2000]

Builds a fresh SQLite database in its own YOROZU_DATA_DIR under /tmp (departments and users from the
accounts demo), writes a 相談台帳 CSV (CP932, the template with 和暦 dates) and an RPA 実績表 xlsx of
``--rows`` rows each, and measures:

1. ``consultations import --dry-run`` (check only) and the import itself; a re-import (adds nothing);
2. ``impacts import`` of the 実績表 (deployments + realised effects) and its re-import;
3. the case page (lifecycle sections) p50/p95 over 50 requests for a case with 3 deployments.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path("/tmp/yorozu-bench-imports")
os.environ.update(
    {
        "YOROZU_DATA_DIR": str(DATA_DIR),
        "YOROZU_DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "YOROZU_LOG_LEVEL": "ERROR",
        "YOROZU_AXES_ENABLED": "false",
    }
)
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")
sys.path.insert(0, str(ROOT))


def _timed(label: str, action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s — {getattr(result, 'summary', lambda: '')()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    rows = parser.parse_args().rows
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    DATA_DIR.mkdir(parents=True)
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.test import Client

    from yorozu.accounts.demo import load_demo
    from yorozu.accounts.models import Department, User
    from yorozu.common.audit import acting_as
    from yorozu.common.exports import xlsx_bytes
    from yorozu.consultations.imports import consultation_import
    from yorozu.consultations.models import Consultation
    from yorozu.impacts.imports import ledger_import
    from yorozu.impacts.services import tool_create
    from yorozu_core.dates import wareki_date

    call_command("migrate", verbosity=0)
    load_demo(stdout=StringIO())
    admin = User.objects.get(username="admin")
    sections = [d.full_name for d in Department.objects.filter(kind="section").select_related("parent")]
    with acting_as(admin):
        tool_create(user=admin, name="WinActor", kind="rpa")
    day0 = date(2022, 4, 1)
    lines = ["番号,件名,相談テーマ,段階,所管課,受付日,希望時期,現状の課題,対象業務"]
    for i in range(rows):
        received = day0 + timedelta(days=i % 1400)
        lines.append(
            f"{i + 1},相談{i + 1},RPA化,受付,{sections[i % len(sections)]},{wareki_date(received)},,課題,業務"
        )
    ledger = ("\n".join(lines) + "\n").encode("cp932")
    header = [
        "シナリオ名",
        "所管課",
        "ツール",
        "稼働日",
        "区分",
        "期間",
        "件数",
        "導入前（分）",
        "導入後（分）",
    ]
    sheet = [
        [
            f"シナリオ{i}",
            sections[i % len(sections)],
            "WinActor",
            "R4.4.1",
            "実績",
            "R5.4.1〜R5.9.30",
            100 + i,
            10,
            2,
        ]
        for i in range(rows)
    ]
    rpa = xlsx_bytes(header, sheet)
    print(f"{rows} rows each; CSV {len(ledger):,} bytes, xlsx {len(rpa):,} bytes")
    with acting_as(admin):
        _timed(
            "相談台帳 dry run",
            lambda: consultation_import(user=admin, data=ledger, source="台帳.csv", dry_run=True),
        )
        _timed("相談台帳 import", lambda: consultation_import(user=admin, data=ledger, source="台帳.csv"))
        _timed("相談台帳 re-import", lambda: consultation_import(user=admin, data=ledger, source="台帳.csv"))
        _timed("実績表 import", lambda: ledger_import(user=admin, data=rpa, source="実績表.xlsx"))
        _timed("実績表 re-import", lambda: ledger_import(user=admin, data=rpa, source="実績表.xlsx"))
    case = Consultation.objects.order_by("id").first()
    assert case is not None
    from yorozu.impacts.models import Deployment

    Deployment.objects.filter(pk__in=Deployment.objects.values("pk")[:3]).update(
        consultation=case, department=case.department
    )
    client = Client()
    client.force_login(User.objects.get(username="consultant"))
    client.get(f"/consultations/{case.pk}/")
    times = []
    for _ in range(50):
        start = time.perf_counter()
        assert client.get(f"/consultations/{case.pk}/").status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"case page: p50 {statistics.median(times):.0f} ms, p95 {times[int(len(times) * 0.95) - 1]:.0f} ms")


if __name__ == "__main__":
    main()
