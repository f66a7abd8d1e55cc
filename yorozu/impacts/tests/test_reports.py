"""The report: fiscal-year attribution, cumulative sums, live counts, scoping, frozen-time defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from yorozu.impacts import services
from yorozu.impacts.models import ToolKind
from yorozu.impacts.reports import impact_report
from yorozu.impacts.tests.factories import make_deployment, make_effect, make_tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):
    ours = make_deployment(cast.consultant, cast.department, go_live=date(2022, 4, 1))
    theirs = make_deployment(
        cast.consultant, cast.other_department, name="児童記録の集計", go_live=date(2023, 4, 1)
    )
    # 31 March belongs to 令和4年度, 1 April to 令和5年度.
    make_effect(cast.consultant, ours, start=date(2023, 3, 1), end=date(2023, 3, 31), cases=600)  # 80 h
    make_effect(cast.consultant, ours, start=date(2023, 4, 1), end=date(2023, 4, 30), cases=300)  # 40 h
    make_effect(cast.consultant, theirs, start=date(2023, 4, 1), end=date(2023, 4, 30), cases=150)  # 20 h
    make_effect(
        cast.consultant, ours, kind="projected", start=date(2023, 4, 1), end=date(2024, 3, 31), cases=3000
    )
    return ours, theirs


def test_a_record_ending_31_march_counts_in_the_year_before(cast, ledger) -> None:
    r4 = impact_report(user=cast.consultant, fiscal_year=2022)
    r5 = impact_report(user=cast.consultant, fiscal_year=2023)
    assert r4.year.realised == Decimal(80)
    assert r5.year.realised == Decimal(60)
    assert r5.cumulative.realised == Decimal(140)
    assert r5.year.projected == Decimal(400)


def test_as_of_counts_only_measurements_finished_by_that_day(cast, ledger) -> None:
    report = impact_report(user=cast.consultant, as_of=date(2023, 4, 29))
    assert report.fiscal_year == 2023
    assert report.year.realised == Decimal(0)
    assert report.cumulative.realised == Decimal(80)


def test_live_counts_follow_go_live_and_retirement(cast, ledger) -> None:
    ours, theirs = ledger
    services.deployment_update(user=cast.consultant, deployment=ours, retired_on=date(2023, 6, 1))
    assert impact_report(user=cast.consultant, as_of=date(2023, 5, 31)).live_of(ToolKind.RPA) == 2
    assert impact_report(user=cast.consultant, as_of=date(2023, 6, 1)).live_of(ToolKind.RPA) == 1
    assert impact_report(user=cast.consultant, as_of=date(2023, 3, 31)).live_of(ToolKind.RPA) == 1


def test_a_requester_sees_only_the_figures_of_their_department(cast, ledger) -> None:
    report = impact_report(user=cast.requester, fiscal_year=2023)
    assert report.year.realised == Decimal(40)
    assert [row.name for row in report.by_department] == ["区民文化部 戸籍住民課"]
    assert impact_report(user=cast.outsider, fiscal_year=2023).year.realised == Decimal(20)


def test_by_department_and_by_kind_add_up_to_the_total(cast, ledger) -> None:
    make_deployment(
        cast.consultant,
        None,
        name="全庁チャット",
        tool=make_tool(cast.consultant, "AIチャット", ToolKind.GENERATIVE_AI),
    )
    report = impact_report(user=cast.viewer, fiscal_year=2023)
    assert sum(row.hours.realised for row in report.by_department) == report.year.realised
    assert sum(row.hours.realised for row in report.by_kind) == report.year.realised
    assert "全庁" in [row.name for row in report.by_department]


def test_yen_uses_the_configured_hourly_rate(cast, ledger) -> None:
    services.ledger_settings_update(user=cast.admin, hourly_rate_yen=4_560, public_results=False)
    assert impact_report(user=cast.consultant, fiscal_year=2022).year_yen == 80 * 4_560


@time_machine.travel(date(2024, 3, 31), tick=False)
def test_on_31_march_the_default_year_is_the_one_ending(cast, ledger) -> None:
    report = impact_report(user=cast.consultant)
    assert (report.label, report.as_of) == ("令和5年度", date(2024, 3, 31))


@time_machine.travel(date(2024, 4, 1), tick=False)
def test_on_1_april_the_default_year_is_the_new_one(cast, ledger) -> None:
    report = impact_report(user=cast.consultant)
    assert (report.label, report.as_of) == ("令和6年度", date(2024, 4, 1))
    assert report.year.realised == Decimal(0)
    assert report.cumulative.realised == Decimal(140)


@time_machine.travel(date(2023, 5, 15), tick=False)
def test_the_current_year_is_counted_to_today(cast, ledger) -> None:
    report = impact_report(user=cast.consultant, fiscal_year=2023)
    assert report.as_of == date(2023, 5, 15)
    assert report.year.realised == Decimal(60)


def test_the_series_runs_from_the_first_year_with_records(cast, ledger) -> None:
    report = impact_report(user=cast.consultant, fiscal_year=2023)
    assert [row.label for row in report.series] == ["令和4年度", "令和5年度"]
    assert [row.cumulative_realised for row in report.series] == [Decimal(80), Decimal(140)]


def test_the_report_cards_agree_with_its_tables(cast, client_as):
    """Issue 9: a 見込み card of 0.0 h beside tool rows with thousands of hours is a bug."""
    ocr = make_tool(cast.consultant, name="DX Suite", kind="ai_ocr")
    rpa = make_deployment(cast.consultant, cast.department, go_live=date(2023, 4, 1))
    scan = make_deployment(cast.consultant, None, name="帳票読取", tool=ocr, go_live=date(2023, 4, 1))
    for deployment in (rpa, scan):
        make_effect(
            cast.consultant, deployment, kind="projected", start=date(2023, 4, 1), end=date(2024, 3, 31)
        )
        make_effect(cast.consultant, deployment, start=date(2023, 4, 1), end=date(2023, 9, 30), cases=900)
    page = client_as(cast.consultant).get("/impacts/", {"fiscal_year": "R5"})
    report = page.context["report"]
    total = sum
    assert report.year.projected == total(k.hours.projected for k in report.by_kind) > 0
    assert report.year.realised == total(k.hours.realised for k in report.by_kind) > 0
    assert report.year.projected == total(d.hours.projected for d in report.by_department)
    assert report.year.realised == total(d.hours.realised for d in report.by_department)
    assert report.series[-1].hours == report.year
    assert report.live_total == total(k.live for k in report.by_kind)
    text = page.content.decode()
    card = f"{report.year.projected:,.1f}時間"
    assert card in text and text.count(f"{report.year.projected:,.1f}") >= 3  # card, tool total, series row
