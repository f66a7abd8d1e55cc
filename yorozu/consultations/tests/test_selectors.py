from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from yorozu.consultations import selectors, services
from yorozu.consultations.models import Consultation
from yorozu.consultations.selectors import CaseFilters
from yorozu.consultations.tests.factories import make_case

JST = ZoneInfo("Asia/Tokyo")
pytestmark = pytest.mark.django_db


def _move(case, user, *stages_and_days):
    for stage, day in stages_and_days:
        at = datetime(day.year, day.month, day.day, 12, tzinfo=JST)
        services.consultation_transition(user=user, consultation=case, to=stage, at=at, reason="r")


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("ケイヤク", ["ｹｲﾔｸ事務の自動化"]),
        ("ｹｲﾔｸ", ["ｹｲﾔｸ事務の自動化"]),
        ("ＲＰＡ", ["RPAで台帳更新"]),
        ("rpa 台帳", ["RPAで台帳更新"]),
        ("年1,800件", ["RPAで台帳更新"]),
        ("存在しない", []),
    ],
)
def test_keyword_search_matches_width_and_kana_variants(cast, keyword, expected):
    make_case(cast.requester, title="ｹｲﾔｸ事務の自動化", target_work="契約")
    make_case(cast.requester, title="RPAで台帳更新", target_work="年１，８００件")
    found = selectors.consultation_list(user=cast.consultant, filters=CaseFilters(keyword=keyword))
    assert [c.title for c in found] == expected


def test_filters_combine(cast):
    a = make_case(cast.requester, theme="rpa", received_on=date(2024, 4, 1))
    make_case(cast.requester, theme="bi", received_on=date(2024, 4, 2))
    make_case(cast.outsider, theme="rpa", received_on=date(2024, 4, 3))
    services.consultation_assign(user=cast.consultant, consultation=a, consultants=[cast.consultant])
    f = CaseFilters(
        theme="rpa", department_id=cast.department.pk, fiscal_year=2024, assignee_id=cast.consultant.pk
    )
    assert list(selectors.consultation_list(user=cast.admin, filters=f)) == [a]
    assert list(selectors.consultation_list(user=cast.outsider, filters=f)) == []


def test_median_days_in_each_stage_come_from_the_timeline(cast):
    for days in (10, 20, 40):
        case = make_case(cast.requester, received_on=date(2026, 4, 1))
        Consultation.objects.filter(pk=case.pk).update(stage_changed_at=datetime(2026, 4, 1, 9, tzinfo=JST))
        _move(
            case,
            cast.consultant,
            ("analysis", date(2026, 4, 1 + days % 30) if days < 30 else date(2026, 5, 11)),
        )
    rows = {r["stage"]: r for r in selectors.median_days_by_stage(user=cast.consultant)}
    assert rows["received"]["count"] == 3
    assert rows["received"]["median"] == 20
    assert rows["analysis"]["median"] is None


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(cast):
    for day in (date(2026, 4, 11), date(2026, 4, 21)):
        case = make_case(cast.requester)
        Consultation.objects.filter(pk=case.pk).update(stage_changed_at=datetime(2026, 4, 1, 9, tzinfo=JST))
        _move(case, cast.consultant, ("analysis", day))
    rows = {r["stage"]: r for r in selectors.median_days_by_stage(user=cast.consultant)}
    assert rows["received"]["median"] == 15


def test_open_cases_per_consultant(cast):
    a, b = make_case(cast.requester), make_case(cast.requester)
    make_case(cast.requester)
    services.consultation_assign(user=cast.admin, consultation=a, consultants=[cast.consultant, cast.admin])
    services.consultation_assign(user=cast.admin, consultation=b, consultants=[cast.consultant])
    _move(b, cast.consultant, ("withdrawn", date(2026, 11, 26)))
    counts = {
        str(r["user"]) if r["user"] else None: r["count"]
        for r in selectors.open_cases_per_consultant(user=cast.viewer)
    }
    assert counts == {"consultant": 1, "admin": 1, None: 1}


@pytest.mark.parametrize(
    ("now", "year", "label"),
    [
        (datetime(2027, 3, 31, 23, 59, tzinfo=JST), 2026, "令和8年度"),
        (datetime(2027, 4, 1, 0, 1, tzinfo=JST), 2027, "令和9年度"),
    ],
)
def test_the_dashboard_defaults_to_the_current_fiscal_year_which_flips_on_1_april(
    cast, client_as, now, year, label
):
    make_case(cast.requester, received_on=date(2027, 3, 31))
    with time_machine.travel(now, tick=False):
        response = client_as(cast.consultant).get(reverse("consultations:dashboard"))
    assert response.context["year"] == year
    assert f"{label}の相談件数" in response.content.decode()
    assert response.context["current"] == (None if year == 2027 else response.context["stats"][0])


def test_the_demo_has_34_cases_in_reiwa_4_and_33_in_reiwa_5_and_is_idempotent(db, settings):
    from yorozu.accounts.demo import load_demo as load_accounts
    from yorozu.consultations.demo import DEMO_CASES, load_demo

    load_accounts(stdout=StringIO())
    load_demo(stdout=StringIO())
    first = Consultation.objects.count()
    load_demo(stdout=StringIO())
    assert Consultation.objects.count() == first == len(DEMO_CASES) == len(set(DEMO_CASES))
    consultant = Consultation.objects.first().assignees.first()
    years = {row["fiscal_year"]: row for row in selectors.consultation_stats(user=consultant)}
    assert years[2022]["count"] == 34 and years[2022]["label"] == "令和4年度"
    assert years[2023]["count"] == 33
    assert {2024, 2025, 2026} <= set(years)
    stages = {s for row in years.values() for s, n in row["by_stage"].items() if n}
    assert stages == {
        "received",
        "analysis",
        "planning",
        "design",
        "implementation",
        "measurement",
        "done",
        "on_hold",
        "withdrawn",
    }
    from yorozu.consultations.demo import TOPICS

    assert {t.title for t in TOPICS} <= set(DEMO_CASES)


def test_hours_per_consultant_count_only_the_fiscal_year(cast):
    from decimal import Decimal

    case = make_case(cast.requester)
    services.consultation_assign(user=cast.admin, consultation=case, consultants=[cast.consultant])
    for day, hours in [(date(2026, 3, 31), "5"), (date(2026, 4, 1), "2"), (date(2027, 3, 31), "1.5")]:
        services.effort_log_create(
            user=cast.consultant, consultation=case, worked_on=day, hours=Decimal(hours)
        )
    rows = {
        str(r["user"]): r for r in selectors.open_cases_per_consultant(user=cast.viewer, fiscal_year=2026)
    }
    assert rows["consultant"]["hours"] == Decimal("3.5") and rows["consultant"]["count"] == 1
    outsider_rows = {
        str(r["user"]): r for r in selectors.open_cases_per_consultant(user=cast.outsider, fiscal_year=2026)
    }
    assert outsider_rows["consultant"]["hours"] == 0
