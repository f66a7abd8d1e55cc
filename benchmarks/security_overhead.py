"""What the issue-10 security layer costs per request, and how fast a webhook target is checked.

Run:  uv run python benchmarks/security_overhead.py [--requests 300]

Builds a throw-away SQLite database, logs a requester in, and times GET /accounts/me/ (a small
signed-in page) with the full middleware stack, then with the three issue-10 middlewares removed
(idle timeout, external-user guard, no-store). Also times the external-user guard's table lookup, a
csv export of 2,000 formula-looking cells (neutralised) and check_webhook_url on an IP literal.
Prints median and p95 in ms.
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
os.environ["YOROZU_DATA_DIR"] = tempfile.mkdtemp(prefix="yorozu-sec-bench-")
os.environ.setdefault("YOROZU_DEBUG", "true")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from yorozu.accounts.models import Department, User  # noqa: E402
from yorozu.common.access import access_table  # noqa: E402
from yorozu.common.exports import csv_bytes  # noqa: E402
from yorozu.common.webhook_targets import check_webhook_url  # noqa: E402

ISSUE_10 = {
    "yorozu.accounts.middleware.IdleTimeoutMiddleware",
    "yorozu.common.middleware.ExternalUserMiddleware",
    "yorozu.common.middleware.NoStoreMiddleware",
}


def samples(fn: Callable[[], object], count: int) -> tuple[float, float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def page_timings(user: User, count: int) -> tuple[float, float]:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/accounts/me/")  # warm up
    return samples(lambda: client.get("/accounts/me/"), count)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    bureau = Department.objects.create(name="総務部", kind=Department.Kind.BUREAU)
    section = Department.objects.create(name="総務課", parent=bureau)
    user = User.objects.create_user(username="bench", password="x" * 12, role="requester", department=section)
    with override_settings(YOROZU_2FA_ENFORCED=False):
        full = page_timings(user, args.requests)
        without = [m for m in settings.MIDDLEWARE if m not in ISSUE_10]
        with override_settings(MIDDLEWARE=without):
            bare = page_timings(user, args.requests)
    lookup = samples(lambda: access_table().get("consultations:case-detail"), 10_000)
    rows = [[f'=HYPERLINK("http://x/{i}")', i] for i in range(2000)]
    export = samples(lambda: csv_bytes(["件名", "番号"], rows), 20)
    webhook = samples(lambda: check_webhook_url("https://8.8.8.8/hook", "logochat"), 1000)
    print(f"GET /accounts/me/ with issue-10 middlewares:    median {full[0]:.2f} ms, p95 {full[1]:.2f} ms")
    print(f"GET /accounts/me/ without them:                  median {bare[0]:.2f} ms, p95 {bare[1]:.2f} ms")
    print(f"access table lookup:                             median {lookup[0] * 1000:.2f} µs")
    print(f"CSV of 2,000 formula-looking rows (neutralised): median {export[0]:.2f} ms")
    print(f"check_webhook_url (IP literal):                  median {webhook[0] * 1000:.1f} µs")
    print(f"declared entries in the access table:            {len(access_table())}")


if __name__ == "__main__":
    main()
