from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yorozu.common.models import AuditEntry
from yorozu.worksheets import selectors, services
from yorozu.worksheets.models import AnalysisSettings
from yorozu.worksheets.tests.factories import consultation, item_data, items_of, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):  # noqa: ANN001, ANN201
    return consultation(department=cast.department, requester=cast.requester)


def test_a_requester_adds_a_row_and_the_figures_follow(cast, case) -> None:  # noqa: ANN001
    rate(yen=4000)
    services.work_item_create(user=cast.requester, consultation=case, data=item_data())
    analysis = selectors.analysis_for(consultation=case)
    totals = analysis.totals
    assert (totals.hours_before, totals.hours_after, totals.hours_saved) == (300, 60, 240)
    assert totals.cost_saved == 960_000
    assert analysis.rows[0].ranked[0].label == "RPA"


def test_seasonal_volumes_set_the_annual_cases(cast, case) -> None:  # noqa: ANN001
    data = item_data(
        annual_cases="",
        normal_monthly="100",
        peak_monthly="300",
        peak_months="3,4",
        off_monthly="50",
        off_months="8",
    )
    item = services.work_item_create(user=cast.requester, consultation=case, data=data)
    assert item.annual_cases == Decimal(1550)


def test_peak_months_without_a_peak_volume_are_refused(cast, case) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError):
        services.work_item_create(
            user=cast.requester,
            consultation=case,
            data={**item_data(), "normal_monthly": Decimal(10), "peak_months": "3"},
        )
    assert items_of(case) == []


def test_outsiders_and_viewers_cannot_change_a_worksheet(cast, case) -> None:  # noqa: ANN001
    for user in (cast.outsider, cast.viewer):
        with pytest.raises(PermissionDenied):
            services.work_item_create(user=user, consultation=case, data=item_data())
    assert items_of(case) == []


def test_update_and_delete_are_audited(cast, case) -> None:  # noqa: ANN001
    item = services.work_item_create(user=cast.consultant, consultation=case, data=item_data())
    services.work_item_update(user=cast.colleague, item=item, data={"minutes_per_case": Decimal(20)})
    item.refresh_from_db()
    assert item.minutes_per_case == 20
    services.work_item_delete(user=cast.requester, item=item)
    assert items_of(case) == []
    assert AuditEntry.objects.filter(model="worksheets.workitem").count() >= 3


def test_import_adds_all_rows_or_replaces_them(cast, case) -> None:  # noqa: ANN001
    services.work_item_create(user=cast.requester, consultation=case, data=item_data())
    count = services.worksheet_import(
        user=cast.requester, consultation=case, rows=[item_data(name="a"), item_data(name="b")]
    )
    assert count == 2 and len(items_of(case)) == 3
    services.worksheet_import(
        user=cast.requester, consultation=case, rows=[item_data(name="c")], replace=True
    )
    assert [i.name for i in items_of(case)] == ["c"]
    assert AuditEntry.objects.filter(action="import").exists()


def test_the_plan_gives_payback(cast, case) -> None:  # noqa: ANN001
    rate(yen=4000)
    services.work_item_create(user=cast.requester, consultation=case, data=item_data())
    services.worksheet_plan_update(
        user=cast.consultant,
        consultation=case,
        data={"initial_cost": 500_000, "build_cost": 1_000_000, "annual_licence": 300_000},
    )
    analysis = selectors.analysis_for(consultation=case)
    assert analysis.payback is not None and round(analysis.payback, 2) == Decimal("2.27")  # 1.5M / 660k


def test_rates_per_grade_change_the_cost(cast, case) -> None:  # noqa: ANN001
    rate(yen=4000)
    senior = services.hourly_rate_save(user=cast.consultant, data={"grade": "係長", "yen_per_hour": 6000})
    services.work_item_create(user=cast.requester, consultation=case, data=item_data(grade=str(senior.pk)))
    assert selectors.analysis_for(consultation=case).totals.cost_before == 1_800_000
    with pytest.raises(PermissionDenied):
        services.hourly_rate_save(user=cast.requester, data={"grade": "主任", "yen_per_hour": 1})


def test_only_one_rate_is_the_default(cast) -> None:  # noqa: ANN001
    first = rate(grade="主事", yen=4000)
    services.hourly_rate_save(
        user=cast.admin, data={"grade": "主任", "yen_per_hour": 4500, "is_default": True}
    )
    first.refresh_from_db()
    assert first.is_default is False
    assert selectors.default_rate() == 4500


def test_settings_change_fte_and_weights(cast, case) -> None:  # noqa: ANN001
    services.work_item_create(user=cast.requester, consultation=case, data=item_data())
    services.analysis_settings_update(
        user=cast.consultant, annual_working_hours=Decimal(1500), weights={"routine": 0.2, "stable": 3.0}
    )
    assert AnalysisSettings.objects.get().fit_weights == {"stable": 3.0}
    assert selectors.analysis_for(consultation=case).totals.fte_before == Decimal("0.2")
    with pytest.raises(ValueError, match="重み"):
        services.analysis_settings_update(
            user=cast.consultant, annual_working_hours=Decimal(1), weights={"rules": -1}
        )
