"""Every page walked against the permission matrix (the cast), plus what each page shows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from yorozu.impacts.models import EffectRecord, Tool, VolumeProfile
from yorozu.impacts.tests.factories import make_deployment, make_effect

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "requester", "colleague", "outsider", "consultant", "viewer", "admin"]
DESK = {"consultant", "admin"}


def _user(cast, who: str):
    return None if who == "anonymous" else cast.by_name[who]


@pytest.fixture
def deployment(cast):
    row = make_deployment(cast.consultant, cast.department, name="住民異動届の入力")
    make_effect(cast.consultant, row, cases=600)  # 80 h in 令和4年度
    return row


def _expected_read(who: str, *, own_department_only: bool = False) -> int:
    if who == "anonymous":
        return 302
    if own_department_only and who == "outsider":
        return 404
    return 200


@pytest.mark.parametrize("who", CAST)
def test_report_page(cast, client_as, deployment, who: str) -> None:
    response = client_as(_user(cast, who)).get("/impacts/", {"fiscal_year": "R4"})
    assert response.status_code == _expected_read(who)
    if response.status_code == 200:
        body = response.content.decode()
        assert "令和4年度" in body
        assert 'id="impacts-chart"' in body and "<table" in body
        shown = "80.0時間" if who != "outsider" else "0.0時間"
        assert shown in body


def test_report_alias_and_bad_year(cast, client_as, deployment) -> None:
    client = client_as(cast.consultant)
    assert client.get("/impacts/report/").status_code == 200
    response = client.get("/impacts/", {"fiscal_year": "令和百年度x"})
    assert response.status_code == 200
    assert "年度として読めません" in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_report_export_is_an_xlsx_openpyxl_reads(cast, client_as, deployment, who: str) -> None:
    response = client_as(_user(cast, who)).get("/impacts/report/export.xlsx", {"fiscal_year": "2022"})
    assert response.status_code == _expected_read(who)
    if response.status_code == 200:
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["概要", "年度別推移", "ツール別", "所管課別"]
        summary = {row[0]: row[1] for row in workbook["概要"].iter_rows(min_row=2, values_only=True)}
        assert summary["年度"] == "令和4年度"
        assert summary["実績（時間）"] == (0 if who == "outsider" else 80)
        header = [c.value for c in workbook["年度別推移"][1]]
        assert header[:2] == ["年度", "相談件数"]


@pytest.mark.parametrize("who", CAST)
def test_public_page_is_off_by_default(cast, client_as, deployment, who: str) -> None:
    assert client_as(_user(cast, who)).get("/impacts/public/").status_code == 404


def test_public_page_shows_only_aggregates_when_switched_on(cast, client_as, deployment, settings) -> None:
    settings.YOROZU_PUBLIC_DX_RESULTS = True
    response = client_as(None).get("/impacts/public/", {"fiscal_year": "2022"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "80.0時間" in body
    assert "戸籍住民課" not in body and "住民異動届" not in body


def test_public_page_can_be_switched_on_by_the_stored_setting(cast, client_as, deployment) -> None:
    response = client_as(cast.admin).post(
        "/impacts/settings/", {"hourly_rate_yen": 4560, "public_results": "on"}
    )
    assert response.status_code == 302
    assert client_as(None).get("/impacts/public/").status_code == 200


@pytest.mark.parametrize("who", CAST)
def test_deployment_list(cast, client_as, deployment, who: str) -> None:
    response = client_as(_user(cast, who)).get("/impacts/deployments/")
    assert response.status_code == _expected_read(who)
    if response.status_code == 200:
        assert ("住民異動届の入力" in response.content.decode()) == (who != "outsider")


@pytest.mark.parametrize("who", CAST)
def test_deployment_detail(cast, client_as, deployment, who: str) -> None:
    response = client_as(_user(cast, who)).get(f"/impacts/deployments/{deployment.pk}/")
    assert response.status_code == _expected_read(who, own_department_only=True)
    if response.status_code == 200:
        body = response.content.decode()
        assert "80.00" in body
        assert "36万4,800円" in body  # 80 h × ¥4,560
        assert ("効果を記録する" in body) == (who in DESK)


def _write_status(who: str, success: int) -> int:
    if who == "anonymous":
        return 302
    return success if who in DESK else 403


@pytest.mark.parametrize("who", CAST)
def test_deployment_create(cast, client_as, deployment, who: str) -> None:
    client = client_as(_user(cast, who))
    assert client.get("/impacts/deployments/new/").status_code == _write_status(who, 200)
    data = {
        "tool": deployment.tool_id,
        "name": f"新しい導入 {who}",
        "department": cast.department.pk,
        "go_live": "2024-04-01",
        "status": "live",
    }
    response = client.post("/impacts/deployments/new/", data)
    assert response.status_code == _write_status(who, 302)
    assert deployment.__class__.objects.filter(name=f"新しい導入 {who}").exists() == (who in DESK)


@pytest.mark.parametrize("who", CAST)
def test_deployment_update(cast, client_as, deployment, who: str) -> None:
    client = client_as(_user(cast, who))
    assert client.get(f"/impacts/deployments/{deployment.pk}/edit/").status_code == _write_status(who, 200)
    data = {
        "tool": deployment.tool_id,
        "name": "名称変更",
        "department": cast.department.pk,
        "go_live": "2022-04-01",
        "retired_on": "2024-03-31",
        "status": "live",
    }
    assert client.post(f"/impacts/deployments/{deployment.pk}/edit/", data).status_code == _write_status(
        who, 302
    )
    deployment.refresh_from_db()
    assert (deployment.name == "名称変更") == (who in DESK)
    if who in DESK:
        assert deployment.status == "retired"


EFFECT = {
    "kind": "realised",
    "period_start": "2023-04-01",
    "period_end": "2023-06-30",
    "cases": "870",
    "minutes_before": "10",
    "minutes_after": "2",
    "upkeep_hours": "0",
}


@pytest.mark.parametrize("who", CAST)
def test_effect_create(cast, client_as, deployment, who: str) -> None:
    response = client_as(_user(cast, who)).post(f"/impacts/deployments/{deployment.pk}/effects/", EFFECT)
    assert response.status_code == _write_status(who, 302)
    assert EffectRecord.objects.filter(cases=870).exists() == (who in DESK)


def test_effect_create_shows_japanese_errors(cast, client_as, deployment) -> None:
    data = EFFECT | {"period_end": "2024-04-30"}
    response = client_as(cast.consultant).post(f"/impacts/deployments/{deployment.pk}/effects/", data)
    assert response.status_code == 422
    assert "1つの年度" in response.content.decode()


def test_effect_create_for_an_unseen_deployment_is_404_even_for_the_desk(cast, client_as) -> None:
    assert client_as(cast.consultant).post("/impacts/deployments/999/effects/", EFFECT).status_code == 404


@pytest.mark.parametrize("who", CAST)
def test_effect_delete(cast, client_as, deployment, who: str) -> None:
    effect = deployment.effects.get()
    response = client_as(_user(cast, who)).post(f"/impacts/effects/{effect.pk}/delete/")
    assert response.status_code == _write_status(who, 302)
    assert EffectRecord.objects.filter(pk=effect.pk).exists() == (who not in DESK)


@pytest.mark.parametrize("who", CAST)
def test_deployment_weights(cast, client_as, deployment, who: str) -> None:
    client = client_as(_user(cast, who))
    url = f"/impacts/deployments/{deployment.pk}/weights/"
    assert client.get(url).status_code == _write_status(who, 200)
    data = {f"m{m}": "1" for m in range(1, 13)} | {"m4": "3"}
    assert client.post(url, data).status_code == _write_status(who, 302)
    assert VolumeProfile.objects.filter(deployment=deployment).exists() == (who in DESK)


@pytest.mark.parametrize("who", CAST)
def test_department_weights(cast, client_as, deployment, who: str) -> None:
    client = client_as(_user(cast, who))
    assert client.get("/impacts/weights/").status_code == _write_status(who, 200)
    data = {f"m{m}": "2" for m in range(1, 13)} | {"department": cast.department.pk}
    assert client.post("/impacts/weights/", data).status_code == _write_status(who, 302)
    assert VolumeProfile.objects.filter(department=cast.department).exists() == (who in DESK)


@pytest.mark.parametrize("who", CAST)
def test_tool_list(cast, client_as, deployment, who: str) -> None:
    client = client_as(_user(cast, who))
    assert client.get("/impacts/tools/").status_code == _expected_read(who)
    response = client.post("/impacts/tools/", {"name": f"kintone-{who}", "kind": "low_code"})
    assert response.status_code == _write_status(who, 302)
    assert Tool.objects.filter(name=f"kintone-{who}").exists() == (who in DESK)


@pytest.mark.parametrize("who", CAST)
def test_settings_page_is_for_admins(cast, client_as, who: str) -> None:
    expected = 302 if who == "anonymous" else 200 if who == "admin" else 403
    assert client_as(_user(cast, who)).get("/impacts/settings/").status_code == expected


def test_as_of_on_the_page(cast, client_as, deployment) -> None:
    body = client_as(cast.viewer).get("/impacts/", {"as_of": date(2023, 3, 31).isoformat()}).content.decode()
    assert "2023年3月31日" in body


@pytest.mark.parametrize("who", CAST)
def test_effect_preview(cast, client_as, deployment, who: str) -> None:
    response = client_as(_user(cast, who)).post(
        f"/impacts/deployments/{deployment.pk}/effects/preview/", EFFECT
    )
    assert response.status_code == _write_status(who, 200)
    if who in DESK:
        body = response.content.decode()
        assert "116.00時間" in body and "464.0時間" in body and "25.0%" in body
        assert "<html" not in body  # only the fragment


def test_effect_preview_waits_for_complete_input(cast, client_as, deployment) -> None:
    response = client_as(cast.consultant).post(
        f"/impacts/deployments/{deployment.pk}/effects/preview/", {"cases": "3"}
    )
    assert "入力すると" in response.content.decode()
    assert not EffectRecord.objects.filter(cases=3).exists()


def test_deployment_create_links_a_consultation_of_the_same_department(cast, client_as, deployment) -> None:
    from yorozu.consultations.models import Consultation

    case = Consultation.objects.create(
        title="転入届のRPA化",
        theme="rpa",
        current_issue="手入力",
        target_work="転入届",
        department=cast.department,
        requester=cast.requester,
        received_on="2022-05-01",
        fiscal_year=2022,
        stage_changed_at="2022-05-01T00:00:00+09:00",
    )
    data = {
        "tool": deployment.tool_id,
        "name": "転入届の入力",
        "department": cast.other_department.pk,
        "consultation": case.pk,
        "go_live": "2023-04-01",
        "status": "live",
    }
    client = client_as(cast.consultant)
    response = client.post("/impacts/deployments/new/", data)
    assert response.status_code == 200 and "一致しません" in response.content.decode()
    response = client.post("/impacts/deployments/new/", data | {"department": cast.department.pk})
    assert response.status_code == 302
    assert deployment.__class__.objects.get(name="転入届の入力").consultation == case
