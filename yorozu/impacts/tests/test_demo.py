"""The demo tells the programme's story from records; the report computes its headline figures."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from yorozu.accounts.demo import load_demo as load_accounts
from yorozu.accounts.models import User
from yorozu.common.audit import acting_as
from yorozu.consultations.models import Consultation
from yorozu.impacts.demo import load_demo
from yorozu.impacts.models import Deployment, EffectRecord, ToolKind
from yorozu.impacts.reports import impact_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> User:
    load_accounts(stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    with acting_as(admin):
        load_demo(stdout=io.StringIO())
    return admin


def test_the_report_counts_36_rpa_scenarios_live_on_1_october_2023(demo: User) -> None:
    report = impact_report(user=demo, as_of=date(2023, 10, 1))
    assert report.live_of(ToolKind.RPA) == 36


def test_about_half_as_many_were_live_a_year_earlier(demo: User) -> None:
    assert impact_report(user=demo, as_of=date(2022, 10, 1)).live_of(ToolKind.RPA) == 19


def test_realised_hours_through_reiwa_4_add_up_to_1065(demo: User) -> None:
    report = impact_report(user=demo, fiscal_year=2022)
    assert report.label == "令和4年度"
    assert report.cumulative.realised == Decimal(1065)
    assert report.series[-1].cumulative_realised == Decimal(1065)


def test_the_1065_hours_are_not_typed_in_but_derived_from_cases_and_minutes(demo: User) -> None:
    records = EffectRecord.objects.filter(kind="realised", fiscal_year__lte=2022)
    by_formula = sum(
        (r.cases * (r.minutes_before - r.minutes_after) / 60 - r.upkeep_hours for r in records), Decimal(0)
    )
    assert by_formula == Decimal(1065)


def test_the_spring_measurement_is_annualised_with_the_seasonal_weights(demo: User) -> None:
    effect = EffectRecord.objects.get(deployment__name="転出証明書の発行記録", kind="realised")
    assert effect.hours_saved == Decimal(116)
    assert effect.annual_hours == Decimal("331.43")  # 116 / 0.35, not 116 × 4


def test_loading_twice_changes_nothing(demo: User) -> None:
    counts = (Deployment.objects.count(), EffectRecord.objects.count())
    with acting_as(demo):
        load_demo(stdout=io.StringIO())
    assert (Deployment.objects.count(), EffectRecord.objects.count()) == counts
    assert impact_report(user=demo, fiscal_year=2022).cumulative.realised == Decimal(1065)


def test_deployments_link_to_the_consultations_demo_cases(demo: User) -> None:
    consultations_demo = pytest.importorskip("yorozu.consultations.demo")
    with acting_as(demo):
        consultations_demo.load_demo(stdout=io.StringIO())
        load_demo(stdout=io.StringIO())  # a second run links what the first could not
    linked = Deployment.objects.filter(consultation__isnull=False).select_related("consultation")
    assert linked.count() >= 15
    assert all(d.consultation.department_id == d.department_id for d in linked)
    assert linked.get(name="保育料の算定データ作成").consultation.title == "保育料算定のRPA化"
    r4 = impact_report(user=demo, fiscal_year=2022)
    assert (r4.consultations, r4.cumulative.realised) == (34, Decimal(1065))
    assert impact_report(user=demo, fiscal_year=2023).consultations == 33
    on_1_october = impact_report(user=demo, as_of=date(2023, 10, 1))
    assert on_1_october.live_of(ToolKind.RPA) == 36
    received = Consultation.objects.filter(received_on__range=(date(2023, 4, 1), date(2023, 10, 1)))
    assert on_1_october.consultations == received.count() < 33  # counted to the day
