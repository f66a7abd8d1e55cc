"""``yorozu impacts report`` on the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from yorozu.impacts.tests.factories import make_deployment, make_effect

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):
    make_effect(cast.consultant, make_deployment(cast.consultant, cast.department), cases=600)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("impacts", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_year_in_wareki(ledger) -> None:
    text = _run("report", "--fiscal-year", "R4")
    assert "令和4年度" in text and "実績の累計: 80.0時間" in text


def test_it_answers_json_like_the_api(ledger) -> None:
    body = json.loads(_run("report", "--as-of", "2023-03-31", "--json"))
    assert body["hours_saved"]["realised"] == 80.0 and body["deployments_by_tool"]["rpa"] == 1


def test_it_writes_an_xlsx(ledger, tmp_path) -> None:
    target = tmp_path / "r4.xlsx"
    _run("report", "--fiscal-year", "2022", "--xlsx", str(target))
    assert load_workbook(target)["概要"]["B2"].value == "令和4年度"


def test_it_refuses_an_unreadable_year(ledger) -> None:
    with pytest.raises(CommandError, match="年度として読めません"):
        _run("report", "--fiscal-year", "someday")
