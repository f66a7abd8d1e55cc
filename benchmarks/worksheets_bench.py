"""業務量調査 speed: a worksheet of 500 tasks recalculates and renders in ≤ 300 ms server time.

Run:  uv run python benchmarks/worksheets_bench.py [--tasks 500] [--repeat 7]

Builds a throw-away SQLite database in a temporary folder, fills one consultation's worksheet with
N tasks, and times (median and best of --repeat runs, in ms):
  recalc   – load the rows and compute every figure, fit and the totals (selectors.analysis_for)
  page     – GET the whole worksheet page (query + calculation + template render), server side
  htmx     – POST an edit of one row with HX-Request (save + recalculation + row and totals partials)
  export   – the Excel export of the sheet
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["YOROZU_DATA_DIR"] = tempfile.mkdtemp(prefix="yorozu-ws-bench-")
os.environ.setdefault("YOROZU_DEBUG", "true")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from yorozu.accounts.models import Department, User  # noqa: E402
from yorozu.common.audit import acting_as  # noqa: E402
from yorozu.worksheets import excel, selectors, services  # noqa: E402
from yorozu.worksheets.tests.factories import ROW, consultation, item_data, rate  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    bureau = Department.objects.create(name="総務部", kind=Department.Kind.BUREAU)
    section = Department.objects.create(name="契約管財課", parent=bureau)
    user = User.objects.create_user(
        username="bench", password="x" * 12, role=User.Role.REQUESTER, department=section
    )
    rate(yen=4560)
    case = consultation(department=section, requester=user)
    kinds = ["paper", "mixed", "electronic"]
    rows = [
        item_data(
            name=f"業務{i:03d}",
            annual_cases=str(12 + i * 7),
            minutes_per_case=str(5 + i % 30),
            medium=kinds[i % 3],
            resident_facing=str(i % 4 == 0),
            shared_across=str(i % 5 == 0),
            normal_monthly=str(10 + i) if i % 2 else "",
            peak_monthly=str(30 + i) if i % 2 else "",
            peak_months="3,4" if i % 2 else "",
        )
        for i in range(args.tasks)
    ]
    with acting_as(user):
        services.worksheet_import(user=user, consultation=case, rows=rows)
    item = selectors.analysis_for(consultation=case).rows[0].item
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page_url = reverse("worksheets:worksheet-detail", args=[case.pk])
    edit_url = reverse("worksheets:item-edit", args=[item.pk])
    assert client.get(page_url).status_code == 200
    results = {
        "recalc": timed(lambda: selectors.analysis_for(consultation=case), args.repeat),
        "page": timed(lambda: client.get(page_url), args.repeat),
        "htmx": timed(
            lambda: client.post(edit_url, {**ROW, "name": "業務000"}, headers={"HX-Request": "true"}),
            args.repeat,
        ),
        "export": timed(
            lambda: excel.workbook_bytes(selectors.analysis_for(consultation=case)), max(3, args.repeat // 2)
        ),
    }
    print(f"worksheet of {args.tasks} tasks, {args.repeat} runs (SQLite, server side, ms)")
    for name, (median, best) in results.items():
        print(f"  {name:<7} median {median:7.1f} ms   best {best:7.1f} ms")
    page_ok = results["page"][0] <= 300
    print(f"target: page ≤ 300 ms → {'OK' if page_ok else 'OVER'} (median {results['page'][0]:.1f} ms)")


if __name__ == "__main__":
    main()
