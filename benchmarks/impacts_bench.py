"""Benchmark: the effect ledger's annual report over 10 years, 1,000 deployments, 50,000 effect records.

Target (issue 5): ≤ 500 ms server time. Run:

    uv run python benchmarks/impacts_bench.py                      # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yorozu_impacts_bench uv run python benchmarks/impacts_bench.py

Prints the median and worst of several runs for the selector (``impact_report``), the JSON API and
the report page. The ledger is generated deterministically (seeded) and written with bulk_create;
hours are derived with the same ``yorozu_core`` formulas the services use.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")
os.environ.setdefault("YOROZU_DEBUG", "true")
os.environ.setdefault("YOROZU_DATA_DIR", tempfile.mkdtemp(prefix="impacts-bench-"))
os.environ.setdefault("YOROZU_AXES_ENABLED", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from yorozu.accounts.models import Department, User  # noqa: E402
from yorozu.accounts.services import token_create  # noqa: E402
from yorozu.impacts.models import Deployment, EffectRecord, Tool, ToolKind  # noqa: E402
from yorozu.impacts.reports import impact_report  # noqa: E402
from yorozu_core.effects import annualise, record_hours  # noqa: E402
from yorozu_core.fiscal import fiscal_year_of  # noqa: E402

YEARS = 10
FIRST_YEAR = 2015
DEPLOYMENTS = 1_000
EFFECTS = 50_000
RUNS = 7


def build() -> User:
    call_command("migrate", verbosity=0)
    EffectRecord.objects.all().delete()
    Deployment.objects.all().delete()
    rng = random.Random(5)
    bureau, _ = Department.objects.get_or_create(name="ベンチ部", parent=None, defaults={"kind": "bureau"})
    sections = [Department.objects.get_or_create(name=f"課{i:02d}", parent=bureau)[0] for i in range(40)]
    tools = [
        Tool.objects.get_or_create(name=f"bench-{kind.value}", defaults={"kind": kind})[0]
        for kind in ToolKind
    ]
    start = date(FIRST_YEAR, 4, 1)
    deployments = Deployment.objects.bulk_create(
        Deployment(
            tool=rng.choice(tools),
            department=rng.choice(sections),
            name=f"導入{i:04d}",
            go_live=start + timedelta(days=rng.randrange(365 * YEARS)),
            status=Deployment.Status.LIVE,
        )
        for i in range(DEPLOYMENTS)
    )
    records = []
    for _ in range(EFFECTS):
        deployment = rng.choice(deployments)
        first = start + timedelta(days=rng.randrange(365 * YEARS - 40))
        last = min(first + timedelta(days=rng.randrange(7, 90)), date(fiscal_year_of(first) + 1, 3, 31))
        cases, before, after = rng.randrange(10, 500), rng.randrange(5, 30), rng.randrange(0, 5)
        hours = record_hours(cases=cases, minutes_before=before, minutes_after=after, upkeep_hours=1)
        records.append(
            EffectRecord(
                deployment=deployment,
                kind=rng.choice(["projected", "realised", "realised"]),
                period_start=first,
                period_end=last,
                fiscal_year=fiscal_year_of(first),
                cases=cases,
                minutes_before=Decimal(before),
                minutes_after=Decimal(after),
                upkeep_hours=Decimal(1),
                hours_saved=hours,
                annual_hours=annualise(hours=hours, period_start=first, period_end=last).quantize(
                    Decimal("0.01")
                ),
            )
        )
    EffectRecord.objects.bulk_create(records, batch_size=2_000)
    user, _ = User.objects.get_or_create(username="bench-consultant", defaults={"role": User.Role.CONSULTANT})
    return user


def timed(label: str, action) -> None:  # type: ignore[no-untyped-def]
    first = action()  # warm-up (connection, template cache)
    status = getattr(first, "status_code", 200)
    if status != 200:
        raise SystemExit(f"{label}: HTTP {status}")
    samples = []
    for _ in range(RUNS):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    print(f"{label:<48} median {statistics.median(samples):7.1f} ms   worst {max(samples):7.1f} ms")


def main() -> None:
    began = time.perf_counter()
    user = build()
    engine = django.db.connection.vendor
    print(
        f"ledger: {Deployment.objects.count():,} deployments, {EffectRecord.objects.count():,} effect records, "
        f"{YEARS} fiscal years ({engine}); built in {time.perf_counter() - began:.1f} s"
    )
    last_year = FIRST_YEAR + YEARS - 1
    report = impact_report(user=user, fiscal_year=last_year)
    print(
        f"check: {len(report.series)} years in the series, cumulative realised {report.cumulative.realised:,.1f} h"
    )
    timed(f"impact_report(fiscal_year={last_year})", lambda: impact_report(user=user, fiscal_year=last_year))
    timed("impact_report(as_of=2020-10-01)", lambda: impact_report(user=user, as_of=date(2020, 10, 1)))
    api = Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})
    timed(
        "GET /api/impacts/report?fiscal_year=…",
        lambda: api.get("/api/impacts/report", {"fiscal_year": last_year}),
    )
    page = Client()
    page.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    timed(
        "GET /impacts/?fiscal_year=… (page, rendered)",
        lambda: page.get("/impacts/", {"fiscal_year": last_year}),
    )
    timed(
        "GET /impacts/report/export.xlsx",
        lambda: page.get("/impacts/report/export.xlsx", {"fiscal_year": last_year}),
    )
    print("target: ≤ 500 ms for the annual report")


if __name__ == "__main__":
    main()
