"""Every endpoint of /api/impacts/ walked against the permission matrix."""

from __future__ import annotations

import pytest

from yorozu.impacts.models import Deployment, EffectRecord, Tool
from yorozu.impacts.tests.factories import make_deployment, make_effect, make_tool

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "requester", "colleague", "outsider", "consultant", "viewer", "admin"]
DESK = {"consultant", "admin"}


def _api(api_as, cast, who: str):
    return api_as(None if who == "anonymous" else cast.by_name[who])


@pytest.fixture
def deployment(cast):
    make_tool(cast.consultant, "DX Suite", "ai_ocr")
    row = make_deployment(cast.consultant, cast.department, name="住民異動届の入力")
    make_effect(cast.consultant, row, cases=600)  # 80 h, 令和4年度
    return row


def _read(who: str, *, scoped: bool = False) -> int:
    if who == "anonymous":
        return 401
    return 404 if scoped and who == "outsider" else 200


def _write(who: str, success: int = 201) -> int:
    if who == "anonymous":
        return 401
    return success if who in DESK else 403


@pytest.mark.parametrize("who", CAST)
def test_list_deployments(api_as, cast, deployment, who: str) -> None:
    response = _api(api_as, cast, who).get("/api/impacts/deployments/")
    assert response.status_code == _read(who)
    if response.status_code == 200:
        assert response.json()["count"] == (0 if who == "outsider" else 1)


def test_list_filters_by_kind(api_as, cast, deployment) -> None:
    api = api_as(cast.consultant)
    assert api.get("/api/impacts/deployments/", kind="rpa").json()["count"] == 1
    assert api.get("/api/impacts/deployments/", kind="ai_ocr").json()["count"] == 0


@pytest.mark.parametrize("who", CAST)
def test_get_deployment(api_as, cast, deployment, who: str) -> None:
    response = _api(api_as, cast, who).get(f"/api/impacts/deployments/{deployment.pk}")
    assert response.status_code == _read(who, scoped=True)
    if response.status_code == 200:
        assert response.json()["kind"] == "rpa"
        assert response.json()["department"] == "区民文化部 戸籍住民課"


@pytest.mark.parametrize("who", CAST)
def test_create_deployment(api_as, cast, deployment, who: str) -> None:
    payload = {
        "tool": "RPA",
        "name": f"新規 {who}",
        "go_live": "2024-04-01",
        "department": cast.department.pk,
    }
    response = _api(api_as, cast, who).post("/api/impacts/deployments/", payload)
    assert response.status_code == _write(who)
    if who in DESK:
        body = response.json()
        assert Deployment.objects.get(pk=body["id"]).tool.name == "WinActor"
        assert body["department_id"] == cast.department.pk


def test_create_deployment_by_tool_kind_label_and_department_name(api_as, cast, deployment) -> None:
    payload = {"tool": "AI-OCR", "name": "申請書の読取", "go_live": "2024-04-01", "department": "児童相談所"}
    body = api_as(cast.admin).post("/api/impacts/deployments/", payload).json()
    assert (body["tool"], body["department_id"]) == ("DX Suite", cast.other_department.pk)


def test_create_deployment_takes_the_consultations_department(api_as, cast, deployment) -> None:
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
    payload = {"tool": "WinActor", "name": "転入届", "go_live": "2022-10-01", "consultation": case.pk}
    body = api_as(cast.consultant).post("/api/impacts/deployments/", payload).json()
    assert (body["consultation_id"], body["department_id"]) == (case.pk, cast.department.pk)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"tool": "Excelマクロ", "name": "x", "go_live": "2024-04-01"}, "登録されていません"),
        ({"tool": "RPA", "name": "x", "go_live": "2024-04-01", "department": "無い課"}, "見つかりません"),
        ({"tool": "RPA", "name": "x", "go_live": "2024-04-01", "consultation": 99999}, "見つかりません"),
        ({"tool": "RPA", "name": "x", "go_live": "2024-04-01", "retired_on": "2024-01-01"}, "廃止日"),
    ],
)
def test_create_deployment_errors_are_422_in_japanese(api_as, cast, deployment, payload, message) -> None:
    response = api_as(cast.consultant).post("/api/impacts/deployments/", payload)
    assert response.status_code == 422
    assert message in response.json()["detail"]


EFFECT = {
    "kind": "realised",
    "period_start": "2023-04-01",
    "period_end": "2023-06-30",
    "cases": 870,
    "minutes_before": 10,
    "minutes_after": 2,
    "upkeep_hours": 0,
}


@pytest.mark.parametrize("who", CAST)
def test_create_effect(api_as, cast, deployment, who: str) -> None:
    response = _api(api_as, cast, who).post(f"/api/impacts/deployments/{deployment.pk}/effects/", EFFECT)
    expected = 404 if who == "outsider" else _write(who)
    assert response.status_code == expected
    if who in DESK:
        body = response.json()
        assert float(body["hours_saved"]) == 116.0
        assert float(body["annual_hours"]) == 464.0
        assert body["yen"] == 116 * 4560


def test_create_effect_rejects_an_unknown_kind_and_a_cross_year_period(api_as, cast, deployment) -> None:
    api = api_as(cast.consultant)
    url = f"/api/impacts/deployments/{deployment.pk}/effects/"
    assert api.post(url, EFFECT | {"kind": "guess"}).status_code == 422
    response = api.post(url, EFFECT | {"period_end": "2024-05-01"})
    assert response.status_code == 422 and "1つの年度" in response.json()["detail"]
    assert api.post(url, EFFECT | {"cases": -3}).status_code == 422
    assert EffectRecord.objects.count() == 1


@pytest.mark.parametrize("who", CAST)
def test_list_effects(api_as, cast, deployment, who: str) -> None:
    response = _api(api_as, cast, who).get(f"/api/impacts/deployments/{deployment.pk}/effects/")
    assert response.status_code == _read(who, scoped=True)
    if response.status_code == 200:
        assert [float(e["hours_saved"]) for e in response.json()] == [80.0]


@pytest.mark.parametrize("who", CAST)
def test_report(api_as, cast, deployment, who: str) -> None:
    response = _api(api_as, cast, who).get("/api/impacts/report", fiscal_year="2022")
    assert response.status_code == _read(who)
    if response.status_code == 200:
        body = response.json()
        assert body["label"] == "令和4年度"
        expected = 0.0 if who == "outsider" else 80.0
        assert body["hours_saved"]["realised"] == expected
        assert body["hours_saved"]["cumulative"]["realised"] == expected
        assert body["deployments_by_tool"]["rpa"] == (0 if who == "outsider" else 1)


def test_report_as_of_and_wareki(api_as, cast, deployment) -> None:
    api = api_as(cast.viewer)
    before = api.get("/api/impacts/report", as_of="2022-03-31").json()
    assert before["deployments_by_tool"]["rpa"] == 0 and before["fiscal_year"] == 2021
    after = api.get("/api/impacts/report", as_of="2022-04-01").json()
    assert after["deployments_by_tool"]["rpa"] == 1
    assert api.get("/api/impacts/report", fiscal_year="R4").json()["fiscal_year"] == 2022
    assert api.get("/api/impacts/report", fiscal_year="いつか").status_code == 422


@pytest.mark.parametrize("who", CAST)
def test_tools(api_as, cast, deployment, who: str) -> None:
    api = _api(api_as, cast, who)
    assert api.get("/api/impacts/tools/").status_code == _read(who)
    response = api.post("/api/impacts/tools/", {"name": f"kintone {who}", "kind": "low_code"})
    assert response.status_code == _write(who)
    assert Tool.objects.filter(name=f"kintone {who}").exists() == (who in DESK)


def test_openapi_lists_the_impacts_endpoints(api_as, cast) -> None:
    paths = api_as(cast.viewer).get("/api/openapi.json").json()["paths"]
    assert "/api/impacts/deployments/{deployment_id}/effects/" in paths
    assert "/api/impacts/report" in paths


@pytest.mark.parametrize("who", CAST)
def test_update_deployment(api_as, cast, deployment, who: str) -> None:
    response = _api(api_as, cast, who).patch(
        f"/api/impacts/deployments/{deployment.pk}", {"retired_on": "2024-03-31"}
    )
    expected = 404 if who == "outsider" else _write(who, 200)
    assert response.status_code == expected
    deployment.refresh_from_db()
    assert (deployment.status == "retired") == (who in DESK)


def test_update_deployment_moves_it_and_refuses_nonsense(api_as, cast, deployment) -> None:
    api = api_as(cast.consultant)
    url = f"/api/impacts/deployments/{deployment.pk}"
    body = api.patch(url, {"department": "児童相談所", "tool": "DX Suite"}).json()
    assert (body["department_id"], body["kind"]) == (cast.other_department.pk, "ai_ocr")
    assert api.patch(url, {"status": "someday"}).status_code == 422
    assert api.patch(url, {"name": None}).status_code == 422
    assert api.patch(url, {"retired_on": "2000-01-01"}).status_code == 422
    assert api_as(cast.requester).get(url).status_code == 404  # moved out of their department


@pytest.mark.parametrize("who", CAST)
def test_weights(api_as, cast, deployment, who: str) -> None:
    api = _api(api_as, cast, who)
    url = f"/api/impacts/deployments/{deployment.pk}/weights"
    assert api.get(url).status_code == _read(who, scoped=True)
    response = api.put(url, {"weights": [14, 11, 10, 7, 6, 7, 7, 6, 6, 7, 8, 11]})
    assert response.status_code == (404 if who == "outsider" else _write(who, 200))
    if who in DESK:
        assert response.json()["source"] == "deployment"
        effect = deployment.effects.get()
        assert float(effect.annual_hours) == 80.0  # a whole year stays a whole year


def test_weights_are_validated_and_reannualise(api_as, cast, deployment) -> None:
    api = api_as(cast.consultant)
    url = f"/api/impacts/deployments/{deployment.pk}/weights"
    assert api.get(url).json()["source"] == "flat"
    assert api.put(url, {"weights": [1, 2, 3]}).status_code == 422
    api.put(url, {"weights": [14, 11, 10, 7, 6, 7, 7, 6, 6, 7, 8, 11]})
    body = api.post(f"/api/impacts/deployments/{deployment.pk}/effects/", EFFECT).json()
    assert float(body["annual_hours"]) == 331.43
