"""Many people asking for the last seats at the same moment: real threads, real database connections.

On PostgreSQL every thread connects to the test database and ``select_for_update`` on the session row
serialises them. On SQLite the test database is an in-memory shared-cache database, whose table
locks fail at once instead of waiting; production SQLite is a WAL file with ``BEGIN IMMEDIATE`` and a
busy timeout. So for SQLite the test copies the database to such a file (same settings as
production) and points the threads' connections at it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from yorozu.accounts.models import User
from yorozu.training import services
from yorozu.training.models import Registration
from yorozu.training.tests.factories import make_session

THREADS = 8


@contextmanager
def production_like_database(tmp_path: Path) -> Iterator[dict[str, Any] | None]:
    if connection.vendor != "sqlite":
        yield None
        return
    connection.ensure_connection()
    target = tmp_path / "concurrency.sqlite3"
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    settings = dict(connection.settings_dict, NAME=str(target))
    yield settings


def in_thread(settings: dict[str, Any] | None, work: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        if settings is not None:
            connections["default"].settings_dict = settings
        try:
            return work()
        finally:
            connections["default"].close()

    return run


def run_together(jobs: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = []
    errors: list[BaseException] = []

    def worker(job: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results.append(job())
        except BaseException as exc:  # noqa: BLE001 - reported by the assertions
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def statuses(settings: dict[str, Any] | None, session_id: int) -> dict[str, str]:
    def read() -> dict[str, str]:
        rows = Registration.objects.filter(session_id=session_id).values_list("user__username", "status")
        return dict(rows)

    results, errors = run_together([in_thread(settings, read)])
    assert errors == []
    return results[0]


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_for_the_last_seats_never_overbook(cast, tmp_path):
    session = make_session(cast.consultant, capacity=3)
    users = [
        User.objects.create_user(
            username=f"staff{n}", password="x" * 12, role="requester", department=cast.department
        )
        for n in range(THREADS)
    ]
    services.registration_create(user=users[0], session=session)  # two seats left for seven people
    with production_like_database(tmp_path) as settings:
        jobs = [
            in_thread(settings, lambda u=u: services.registration_create(user=u, session=session).status)
            for u in users[1:]
        ]
        outcomes, errors = run_together(jobs)
        assert errors == []
        assert sorted(outcomes) == ["confirmed"] * 2 + ["waitlisted"] * (THREADS - 3)
        final = statuses(settings, session.pk)
    assert list(final.values()).count("confirmed") == 3
    assert list(final.values()).count("waitlisted") == THREADS - 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancel_and_register_give_the_seat_to_the_person_already_waiting(cast, tmp_path):
    session = make_session(cast.consultant, capacity=1)
    services.registration_create(user=cast.requester, session=session)
    services.registration_create(user=cast.colleague, session=session)  # waiting
    with production_like_database(tmp_path) as settings:
        jobs = [
            in_thread(
                settings, lambda: services.registration_cancel(user=cast.requester, session=session).status
            ),
            in_thread(
                settings, lambda: services.registration_create(user=cast.outsider, session=session).status
            ),
        ]
        outcomes, errors = run_together(jobs)
        assert errors == []
        final = statuses(settings, session.pk)
    assert sorted(outcomes) == ["cancelled", "waitlisted"]
    assert final == {"requester": "cancelled", "colleague": "confirmed", "outsider": "waitlisted"}
