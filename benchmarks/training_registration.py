"""Training: how fast registrations, the session list API and the skill matrix answer.

Run (SQLite in a throwaway data folder):
    uv run python benchmarks/training_registration.py
Run on PostgreSQL (an empty database of your own):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yorozu_training_bench uv run python benchmarks/training_registration.py

Prints registrations per second (single writer and 4 concurrent writers for one session), the median
time of GET /api/training/sessions/ with 500 sessions, the .ics of one session, and the skill matrix.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("YOROZU_DATA_DIR", tempfile.mkdtemp(prefix="yorozu-bench-"))
os.environ.setdefault("YOROZU_DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")
os.environ.setdefault("YOROZU_AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from yorozu.accounts.models import Department, User  # noqa: E402
from yorozu.accounts.services import token_create  # noqa: E402
from yorozu.training import selectors, services  # noqa: E402
from yorozu.training.models import Skill, TrainingSession  # noqa: E402

SESSIONS, STAFF, WRITERS = 500, 400, 4


def setup() -> tuple[User, list[User]]:
    call_command("migrate", verbosity=0)
    bureau = Department.objects.create(name="ベンチ部", kind="bureau")
    dept = Department.objects.create(name="ベンチ課", parent=bureau)
    it = Department.objects.create(name="IT推進課", parent=bureau, is_it_division=True)
    organiser = User.objects.create(username="bench-consultant", role="consultant", department=it)
    staff = User.objects.bulk_create(
        [User(username=f"bench-{n}", role="requester", department=dept) for n in range(STAFF)]
    )
    return organiser, staff


def data(n: int, capacity: int) -> services.SessionData:
    start = (timezone.now() + timedelta(days=1 + n % 300)).replace(second=0, microsecond=0)
    return services.SessionData(
        kind="all_staff",
        topic="rpa",
        title=f"研修{n}",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        instructor="講師",
        capacity=capacity,
        place="研修室",
    )


def single_writer(organiser: User, staff: list[User]) -> float:
    session = services.session_create(user=organiser, data=data(0, 100))
    started = time.perf_counter()
    for user in staff[:200]:
        services.registration_create(user=user, session=session)
    return 200 / (time.perf_counter() - started)


def concurrent_writers(organiser: User, staff: list[User]) -> tuple[float, int]:
    session = services.session_create(user=organiser, data=data(1, 50))
    chunks = [staff[200 + i :: WRITERS][:50] for i in range(WRITERS)]

    def work(users: list[User]) -> None:
        for user in users:
            services.registration_create(user=user, session=session)
        connections.close_all()

    threads = [threading.Thread(target=work, args=(c,)) for c in chunks]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    confirmed = session.registrations.filter(status="confirmed").count()
    return sum(len(c) for c in chunks) / elapsed, confirmed


def timed(fn, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    organiser, staff = setup()
    print(f"database: {connections['default'].vendor}")
    print(f"registrations, one writer:          {single_writer(organiser, staff):8.1f} /s")
    rate, confirmed = concurrent_writers(organiser, staff)
    print(
        f"registrations, {WRITERS} writers, 1 session: {rate:8.1f} /s (confirmed {confirmed} of capacity 50)"
    )
    for n in range(2, SESSIONS):
        services.session_create(user=organiser, data=data(n, 30))
    client = Client(HTTP_HOST="localhost")
    headers = {"Authorization": f"Bearer {token_create(user=staff[0])}"}
    print(f"sessions in database:               {TrainingSession.objects.count():8d}")
    ms = timed(lambda: client.get("/api/training/sessions/", {"page_size": 500}, headers=headers))
    print(f"GET /api/training/sessions/ (500):  {ms:8.1f} ms median")
    first = TrainingSession.objects.first()
    ms = timed(lambda: client.get(f"/api/training/sessions/{first.pk}/calendar.ics", headers=headers))
    print(f"GET one session .ics:               {ms:8.1f} ms median")
    for n in range(8):
        Skill.objects.create(name=f"スキル{n}", level1="1", level2="2", level3="3", level4="4")
    print(
        f"skill matrix (8 skills, 1 person):  {timed(lambda: selectors.skill_matrix(user=organiser)):8.1f} ms median"
    )


if __name__ == "__main__":
    main()
