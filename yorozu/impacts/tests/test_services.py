"""Service tests against the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yorozu.common.models import AuditEntry
from yorozu.impacts import services
from yorozu.impacts.models import Deployment, EffectRecord, ToolKind
from yorozu.impacts.tests.factories import make_deployment, make_effect, make_tool

pytestmark = pytest.mark.django_db


def test_recording_an_effect_derives_hours_and_fiscal_year(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    effect = make_effect(cast.consultant, deployment, cases=1_200, before="15", after="3", upkeep="40")
    assert effect.hours_saved == Decimal(200)
    assert effect.annual_hours == Decimal(200)  # a whole year needs no scaling
    assert effect.fiscal_year == 2022


def test_a_three_month_measurement_is_annualised_flat_without_weights(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    effect = make_effect(
        cast.consultant, deployment, start=date(2023, 4, 1), end=date(2023, 6, 30), cases=870
    )
    assert effect.hours_saved == Decimal(116)
    assert effect.annual_hours == Decimal(464)


def test_department_weights_reannualise_existing_records(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    effect = make_effect(
        cast.consultant, deployment, start=date(2023, 4, 1), end=date(2023, 6, 30), cases=870
    )
    weights = [14, 11, 10, 7, 6, 7, 7, 6, 6, 7, 8, 11]
    services.volume_profile_set(user=cast.consultant, department=cast.department, weights=weights)
    effect.refresh_from_db()
    assert effect.annual_hours == Decimal("331.43")
    assert AuditEntry.objects.filter(
        model="impacts.effectrecord", object_repr__contains="年換算の再計算"
    ).exists()


def test_a_deployments_own_weights_win_over_its_departments(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    services.volume_profile_set(user=cast.consultant, department=cast.department, weights=[1] * 12)
    services.volume_profile_set(user=cast.consultant, deployment=deployment, weights=[3, 0, 0] + [1] * 9)
    effect = make_effect(
        cast.consultant, deployment, start=date(2023, 4, 1), end=date(2023, 4, 30), cases=600
    )
    assert effect.annual_hours == Decimal(320)  # 80 h carry 3/12 of the year


def test_bad_weights_are_refused_in_japanese(cast) -> None:
    with pytest.raises(ValidationError, match="12個"):
        services.volume_profile_set(user=cast.consultant, department=cast.department, weights=[1, 2])


def test_a_period_across_the_fiscal_boundary_is_refused(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    with pytest.raises(ValidationError, match="1つの年度"):
        make_effect(cast.consultant, deployment, start=date(2023, 3, 1), end=date(2023, 4, 30))


def test_31_march_and_1_april_fall_in_different_fiscal_years(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    march = make_effect(cast.consultant, deployment, start=date(2023, 3, 31), end=date(2023, 3, 31), cases=60)
    april = make_effect(cast.consultant, deployment, start=date(2023, 4, 1), end=date(2023, 4, 1), cases=60)
    assert (march.fiscal_year, april.fiscal_year) == (2022, 2023)


def test_negative_cases_are_refused(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    with pytest.raises(ValidationError):
        make_effect(cast.consultant, deployment, cases=-1)


@pytest.mark.parametrize("who", ["requester", "outsider", "viewer"])
def test_only_desk_staff_write_the_ledger(cast, who: str) -> None:
    user = cast.by_name[who]
    deployment = make_deployment(cast.consultant, cast.department)
    with pytest.raises(PermissionDenied):
        make_effect(user, deployment)
    with pytest.raises(PermissionDenied):
        make_deployment(user, cast.department, name="別の導入")


def test_admin_writes_too(cast) -> None:
    deployment = make_deployment(cast.admin, cast.department)
    assert make_effect(cast.admin, deployment).recorded_by == cast.admin


def test_a_tool_is_found_by_name_or_by_kind(cast) -> None:
    winactor = make_tool(cast.consultant, "WinActor", ToolKind.RPA)
    make_tool(cast.consultant, "UiPath", ToolKind.RPA)
    ocr = make_tool(cast.consultant, "DX Suite", ToolKind.AI_OCR)
    assert services.tool_resolve(text="uipath").name == "UiPath"
    assert services.tool_resolve(text="RPA") == winactor  # the first registered of the kind
    assert services.tool_resolve(text="AI-OCR") == ocr
    assert services.tool_resolve(text="kintone") is None


def test_setting_a_retirement_date_retires_the_deployment(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    services.deployment_update(user=cast.consultant, deployment=deployment, retired_on=date(2024, 3, 31))
    deployment.refresh_from_db()
    assert deployment.status == Deployment.Status.RETIRED


def test_retirement_before_go_live_is_refused(cast) -> None:
    deployment = make_deployment(cast.consultant, cast.department)
    with pytest.raises(ValidationError, match="廃止日"):
        services.deployment_update(user=cast.consultant, deployment=deployment, retired_on=date(2022, 4, 1))


def test_deleting_an_effect_removes_it(cast) -> None:
    effect = make_effect(cast.consultant, make_deployment(cast.consultant, cast.department))
    services.effect_delete(user=cast.consultant, effect=effect)
    assert not EffectRecord.objects.exists()


def test_only_admins_change_the_settings(cast) -> None:
    with pytest.raises(PermissionDenied):
        services.ledger_settings_update(user=cast.consultant, hourly_rate_yen=5000, public_results=True)
    services.ledger_settings_update(user=cast.admin, hourly_rate_yen=5000, public_results=True)
    assert services.ledger_settings().hourly_rate_yen == 5000


def test_a_realised_result_is_announced_to_the_department_after_commit(
    cast, http_server, django_capture_on_commit_callbacks
) -> None:
    from yorozu.common.models import NotificationChannel

    NotificationChannel.objects.create(
        kind="slack", department=cast.department, target=http_server.url + "/hook"
    )
    deployment = make_deployment(cast.consultant, cast.department)
    with django_capture_on_commit_callbacks(execute=True):
        make_effect(cast.consultant, deployment, kind="projected")
    assert http_server.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        make_effect(cast.consultant, deployment, cases=600)
    text = http_server.requests[0].json()["text"]
    assert "住民異動届の入力 の実績を記録しました" in text and "削減時間 80.00時間" in text
    assert f"/impacts/deployments/{deployment.pk}/" in text


def test_moving_a_deployment_to_another_department_uses_that_departments_weights(cast) -> None:
    services.volume_profile_set(
        user=cast.consultant, department=cast.other_department, weights=[3, 0, 0] + [1] * 9
    )
    deployment = make_deployment(cast.consultant, cast.department)
    effect = make_effect(
        cast.consultant, deployment, start=date(2023, 4, 1), end=date(2023, 4, 30), cases=600
    )
    assert effect.annual_hours == Decimal(960)  # flat: 80 h × 12
    services.deployment_update(user=cast.consultant, deployment=deployment, name="改名")
    assert not AuditEntry.objects.filter(object_repr__contains="年換算の再計算").exists()
    services.deployment_update(user=cast.consultant, deployment=deployment, department=cast.other_department)
    effect.refresh_from_db()
    assert effect.annual_hours == Decimal(320)
