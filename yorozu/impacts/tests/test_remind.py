"""`yorozu impacts remind`: due and overdue measurements are sent once, to the department's real webhook."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from yorozu.common.models import NotificationChannel
from yorozu.impacts.models import MeasurementDue
from yorozu.impacts.tests.factories import make_deployment

pytestmark = pytest.mark.django_db(transaction=True)


def _remind(today: str) -> str:
    out = io.StringIO()
    call_command("impacts", "remind", "--today", today, stdout=out)
    return out.getvalue()


def test_due_measurements_are_sent_once_to_the_department(cast, http_server):
    NotificationChannel.objects.create(
        kind="slack", department=cast.department, target=http_server.url + "/hook"
    )
    deployment = make_deployment(cast.consultant, cast.department, go_live=date(2026, 1, 15))
    assert list(MeasurementDue.objects.values_list("due_on", flat=True)) == [
        date(2026, 4, 15),
        date(2026, 7, 15),
        date(2027, 1, 15),
    ]
    assert "0件" in _remind("2026-04-01")  # two weeks ahead: not yet
    assert "1件" in _remind("2026-04-10")  # within a week
    assert "0件" in _remind("2026-04-11")  # once
    assert len(http_server.requests) == 1
    text = http_server.requests[0].json()["text"]
    assert deployment.name in text and "3か月" in text and f"/impacts/deployments/{deployment.pk}/" in text
    assert "1件" in _remind("2026-08-01")  # the 6-month one, overdue by then
    assert "期限を過ぎています" in http_server.requests[1].json()["text"]


def test_a_changed_go_live_moves_the_open_measurements_and_the_setting_changes_the_months(cast, client_as):
    from yorozu.impacts import services

    deployment = make_deployment(cast.consultant, cast.department, go_live=date(2026, 1, 15))
    client_as(cast.admin).post(
        "/impacts/settings/", {"hourly_rate_yen": "4560", "measurement_months": "１、12"}
    )
    services.deployment_update(user=cast.consultant, deployment=deployment, go_live=date(2026, 2, 1))
    assert list(MeasurementDue.objects.values_list("months_after", "due_on")) == [
        (1, date(2026, 3, 1)),
        (12, date(2027, 2, 1)),
    ]
    services.deployment_update(user=cast.consultant, deployment=deployment, status="cancelled")
    assert not MeasurementDue.objects.exists()
