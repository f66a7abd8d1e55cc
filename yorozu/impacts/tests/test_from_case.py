"""「導入を登録」 from a case page: department and consultation set, projection prefilled from the worksheet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from yorozu.consultations.tests.factories import make_case
from yorozu.impacts.models import Deployment, EffectRecord, MeasurementDue, Tool, VolumeProfile
from yorozu.impacts.tests.factories import make_effect, make_tool
from yorozu.worksheets.models import WorkItem, Worksheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tool(cast):
    make_tool(cast.consultant)


ITEM = {
    "medium": "paper",
    "completes_on_pc": True,
    "rules_writable": "yes",
    "judgement": "few",
    "routine": True,
    "core": False,
    "measurement": "measured",
}


def _worksheet(case):
    ws = Worksheet.objects.create(consultation=case, go_live=date(2026, 10, 1), upkeep_hours=Decimal(10))
    WorkItem.objects.create(
        worksheet=ws,
        name="住民異動届の入力",
        annual_cases=Decimal(1550),
        normal_monthly=Decimal(100),
        peak_monthly=Decimal(300),
        peak_months="3,4",
        off_monthly=Decimal(50),
        off_months="8",
        minutes_per_case=Decimal(12),
        minutes_after=Decimal(3),
        **ITEM,
    )
    WorkItem.objects.create(
        worksheet=ws,
        name="証明書の郵送請求",
        annual_cases=Decimal(450),
        minutes_per_case=Decimal(20),
        minutes_after=Decimal(20),
        **ITEM,
    )
    return ws


def test_the_form_is_prefilled_from_the_worksheet(cast, client_as):
    case = make_case(cast.requester)
    _worksheet(case)
    make_tool(cast.consultant)
    page = client_as(cast.consultant).get(f"/impacts/consultations/{case.pk}/deploy/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["cases"] == 2000
    # (1550 × 12 + 450 × 20) / 2000 = 13.8 minutes before; (1550 × 3 + 450 × 20) / 2000 = 6.825 after
    assert form.initial["minutes_before"] == Decimal("13.80")
    assert form.initial["minutes_after"] == Decimal("6.83")
    assert form.initial["go_live"] == date(2026, 10, 1)
    assert form.initial["m4"] == Decimal("337.50")  # 300 (peak) + 450 / 12
    assert form.initial["m8"] == Decimal("87.50")


def _post(client, case, **overrides):
    data = {
        "tool": Tool.objects.get(name="WinActor").pk,
        "name": "住民異動届の入力RPA",
        "go_live": "2026-10-01",
        "status": "live",
        "projected_fiscal_year": "R8",
        "cases": "2000",
        "minutes_before": "13.8",
        "minutes_after": "6.83",
        "upkeep_hours": "10",
    }
    return client.post(f"/impacts/consultations/{case.pk}/deploy/", {**data, **overrides})


@time_machine.travel("2026-09-01 09:00 +0900")
def test_saving_creates_the_deployment_its_projection_and_its_measurement_schedule(cast, client_as):
    case = make_case(cast.requester)
    _worksheet(case)
    response = _post(
        client_as(cast.consultant), case, **{f"m{m}": "3" if m == 4 else "1" for m in range(1, 13)}
    )
    assert response.status_code == 302
    deployment = Deployment.objects.get(consultation=case)
    assert deployment.department_id == case.department_id
    effect = EffectRecord.objects.get(deployment=deployment)
    assert (effect.kind, effect.period_start, effect.period_end) == (
        "projected",
        date(2026, 4, 1),
        date(2027, 3, 31),
    )
    assert effect.hours_saved == Decimal("222.33")  # 2000 × 6.97 / 60 − 10
    assert VolumeProfile.objects.get(deployment=deployment).weights[0] == "3"
    dues = list(MeasurementDue.objects.filter(deployment=deployment).values_list("months_after", "due_on"))
    assert dues == [(3, date(2027, 1, 1)), (6, date(2027, 4, 1)), (12, date(2027, 10, 1))]
    page = client_as(cast.requester).get(f"/consultations/{case.pk}/")
    assert "住民異動届の入力RPA" in page.content.decode()
    assert "222.3" in page.content.decode()


def test_a_half_filled_projection_is_refused_and_nothing_is_saved(cast, client_as):
    case = make_case(cast.requester)
    response = _post(client_as(cast.consultant), case, minutes_after="")
    assert response.status_code == 200
    assert "年間件数と導入前・導入後の時間をすべて" in response.content.decode()
    assert not Deployment.objects.exists()


def test_only_the_desk_registers_and_other_departments_get_404(cast, client_as):
    case = make_case(cast.requester)
    assert _post(client_as(cast.requester), case).status_code == 403
    assert _post(client_as(cast.viewer), case).status_code == 403
    assert not Deployment.objects.exists()


def test_a_realised_effect_fulfils_the_measurements_due_by_its_end(cast):
    case = make_case(cast.requester)
    from yorozu.impacts.services import deployment_create

    deployment = deployment_create(
        user=cast.consultant,
        tool=make_tool(cast.consultant),
        name="x",
        go_live=date(2024, 4, 1),
        consultation=case,
    )
    make_effect(cast.consultant, deployment, start=date(2024, 4, 1), end=date(2024, 6, 30))
    states = dict(MeasurementDue.objects.filter(deployment=deployment).values_list("months_after", "status"))
    assert states == {3: "done", 6: "open", 12: "open"}
