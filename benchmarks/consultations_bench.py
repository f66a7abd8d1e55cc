"""Consultation desk benchmark; prints its numbers. Run:

    uv run python benchmarks/consultations_bench.py
    uv run python benchmarks/consultations_bench.py --cases 10000 --entries 100000 --users 20 --seconds 30

Builds a fresh SQLite database in its own YOROZU_DATA_DIR under /tmp (production-like settings:
SECRET_KEY set, YOROZU_DEBUG=false, collectstatic with the manifest storage) holding 10,000
consultations and 100,000 timeline entries, then measures:

1. server time (in-process, full middleware stack) p50/p95 of the filtered paginated list, the case
   page and the dashboard (target ≤ 150 ms) and the API list (target ≤ 100 ms);
2. a bounded loopback load run: gunicorn, 20 concurrent users for 30 s over the same pages; the
   target is zero errors.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path("/tmp/yorozu-bench-consultations")
ENV = {
    "YOROZU_DATA_DIR": str(DATA_DIR),
    "YOROZU_DEBUG": "false",
    "SECRET_KEY": "benchmark-only-not-a-secret-" + "k" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "YOROZU_LOG_LEVEL": "ERROR",
    "YOROZU_AXES_ENABLED": "false",
}
os.environ.update(ENV)
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")
sys.path.insert(0, str(ROOT))


def build(cases: int, entries: int) -> None:
    """Departments and users from the demo, then bulk rows (the services are too slow for 10,000)."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from yorozu.accounts.demo import load_demo
    from yorozu.accounts.models import Department, User
    from yorozu.consultations.demo import TOPICS
    from yorozu.consultations.models import Consultation, Stage, TimelineEntry
    from yorozu_core.fiscal import fiscal_year_of
    from yorozu_core.lifecycle import FLOW, search_key

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_demo(stdout=StringIO())
    rng = random.Random(7)
    sections = list(Department.objects.filter(kind=Department.Kind.SECTION))
    desk = list(User.objects.filter(username__in=["consultant", "consultant2", "admin"]))
    requester = User.objects.get(username="requester")
    stages = [s.value for s in Stage]
    started = time.perf_counter()
    with transaction.atomic():
        rows = []
        for i in range(cases):
            topic = rng.choice(TOPICS)
            day = date(2019, 4, 1) + timedelta(days=rng.randrange(7 * 365 + 200))
            title = f"{topic.title} {i}"
            rows.append(
                Consultation(
                    title=title,
                    theme=topic.theme,
                    current_issue=topic.issue,
                    target_work=topic.work,
                    department=rng.choice(sections),
                    requester=requester,
                    received_on=day,
                    fiscal_year=fiscal_year_of(day),
                    stage=rng.choice(stages),
                    stage_changed_at=timezone.make_aware(datetime.combine(day, datetime.min.time())),
                    search_text=search_key(title, topic.issue, topic.work),
                )
            )
        Consultation.objects.bulk_create(rows, batch_size=1000)
        ids = list(Consultation.objects.values_list("id", flat=True))
        through = Consultation.assignees.through
        through.objects.bulk_create(
            [through(consultation_id=pk, user_id=rng.choice(desk).pk) for pk in ids], batch_size=2000
        )
        batch, now = [], timezone.now()
        for n in range(entries):
            pk = ids[n % len(ids)]
            step = (n // len(ids)) % (len(FLOW) - 1)
            batch.append(
                TimelineEntry(
                    consultation_id=pk,
                    kind="transition" if n % 3 else "comment",
                    author=desk[n % len(desk)],
                    at=now - timedelta(days=rng.randrange(2000)),
                    from_stage=FLOW[step] if n % 3 else "",
                    to_stage=FLOW[step + 1] if n % 3 else "",
                    body="ヒアリングを実施しました。",
                    days_in_stage=rng.randrange(1, 120) if n % 3 else None,
                )
            )
            if len(batch) == 5000:
                TimelineEntry.objects.bulk_create(batch)
                batch = []
        TimelineEntry.objects.bulk_create(batch)
    print(
        f"built {cases:,} consultations and {entries:,} timeline entries in {time.perf_counter() - started:.1f} s"
    )


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def server_times(rounds: int) -> dict[str, list[float]]:
    from django.test import Client

    from yorozu.accounts.models import User
    from yorozu.accounts.services import token_create
    from yorozu.consultations.models import Consultation

    consultant = User.objects.get(username="consultant")
    client = Client()
    client.force_login(consultant)
    auth = {"Authorization": f"Bearer {token_create(user=consultant)}"}
    ids = list(Consultation.objects.values_list("id", flat=True))
    rng = random.Random(3)
    lists = [
        "?fiscal_year=2024&page=3",
        "?stage=analysis&page=2",
        "?q=RPA&page=2",
        "?q=ｹﾞﾝｼﾞｮｳ",
        "?theme=bi&fiscal_year=R5",
        "",
    ]
    targets = {
        "list": lambda: client.get("/consultations/" + rng.choice(lists)),
        "case page": lambda: client.get(f"/consultations/{rng.choice(ids)}/"),
        "dashboard": lambda: client.get(
            "/consultations/dashboard/?fiscal_year=" + str(rng.choice([2022, 2023, 2024]))
        ),
        "API list": lambda: client.get(
            "/api/consultations/" + (rng.choice(lists) or "?") + "&page_size=50", headers=auth
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    for name, call in targets.items():
        call()  # warm-up
        for _ in range(rounds):
            started = time.perf_counter()
            response = call()
            times[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, response.status_code)
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_cookie() -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from yorozu.accounts.models import User

    user = User.objects.get(username="viewer")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def load_run(users: int, seconds: int) -> None:
    from yorozu.consultations.models import Consultation

    ids = list(Consultation.objects.values_list("id", flat=True))
    cookie, port = session_cookie(), free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "yorozu.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-k",
            "gthread",
            "--workers",
            "2",
            "--threads",
            "8",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **ENV},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        paths = [
            "/consultations/?fiscal_year=2024&page=2",
            "/consultations/dashboard/",
            "/consultations/?q=RPA",
        ]
        results: list[tuple[float, bool]] = []
        lock, stop = threading.Lock(), time.monotonic() + seconds

        def user(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < stop:
                path = rng.choice([*paths, f"/consultations/{rng.choice(ids)}/"])
                request = urllib.request.Request(base + path, headers={"Cookie": cookie})
                started, ok = time.perf_counter(), False
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        response.read()
                        ok = response.status == 200 and "/accounts/login/" not in response.url
                except OSError:
                    ok = False
                with lock:
                    results.append(((time.perf_counter() - started) * 1000, ok))

        threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        latencies = [ms for ms, _ in results]
        errors = sum(1 for _, ok in results if not ok)
        print(
            f"load: {users} users × {seconds} s → {len(results)} requests, {len(results) / seconds:.1f} req/s, "
            f"p50 {percentile(latencies, 0.5):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, errors {errors}"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    import django

    django.setup()
    build(args.cases, args.entries)
    targets = {"list": 150, "case page": 150, "dashboard": 150, "API list": 100}
    for name, samples in server_times(args.rounds).items():
        p95 = percentile(samples, 0.95)
        verdict = "OK" if p95 <= targets[name] else "OVER"
        print(
            f"{name:<10} p50 {statistics.median(samples):6.1f} ms  p95 {p95:6.1f} ms  (target ≤ {targets[name]} ms) {verdict}"
        )
    load_run(args.users, args.seconds)


if __name__ == "__main__":
    main()
