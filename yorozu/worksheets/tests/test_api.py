"""/api/worksheets/: rows readable and writable with the department rules, figures and fit in the answer."""

from __future__ import annotations

import pytest

from yorozu.worksheets import services
from yorozu.worksheets.tests.factories import consultation, item_data, items_of

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "requester", "colleague", "outsider", "consultant", "viewer", "admin"]
READ = {
    "anonymous": 401,
    "requester": 200,
    "colleague": 200,
    "outsider": 404,
    "consultant": 200,
    "viewer": 200,
    "admin": 200,
}
WRITE = {**READ, "viewer": 403}

PAYLOAD = {
    "name": "入札結果の登録",
    "annual_cases": 1800,
    "minutes_per_case": 20,
    "minutes_after": 2,
    "medium": "electronic",
    "completes_on_pc": True,
    "rules_writable": "yes",
    "judgement": "few",
    "routine": True,
    "core": False,
    "measurement": "recorded",
}


@pytest.fixture
def case(cast):  # noqa: ANN001, ANN201
    return consultation(department=cast.department, requester=cast.requester)


@pytest.fixture
def item(cast, case):  # noqa: ANN001, ANN201
    return services.work_item_create(user=cast.requester, consultation=case, data=item_data())


def api(api_as, cast, who: str):  # noqa: ANN001, ANN201
    return api_as(None if who == "anonymous" else cast.by_name[who])


@pytest.mark.parametrize("who", CAST)
def test_listing_rows(api_as, cast, case, item, who: str) -> None:  # noqa: ANN001
    response = api(api_as, cast, who).get(f"/api/worksheets/consultations/{case.pk}/items/")
    assert response.status_code == READ[who]
    if READ[who] == 200:
        body = response.json()
        assert body["count"] == 1 and body["totals"]["hours_before"] == 300.0
        first = body["items"][0]
        assert first["figures"]["hours_saved"] == 240.0 and first["recommended"][0] == "rpa"
        assert any(f["tool"] == "ai_ocr" and not f["passed"] for f in first["fit"])


@pytest.mark.parametrize("who", CAST)
def test_reading_the_worksheet_and_a_row(api_as, cast, case, item, who: str) -> None:  # noqa: ANN001
    client = api(api_as, cast, who)
    assert client.get(f"/api/worksheets/consultations/{case.pk}/").status_code == READ[who]
    assert client.get(f"/api/worksheets/items/{item.pk}/").status_code == READ[who]


@pytest.mark.parametrize("who", CAST)
def test_creating_a_row(api_as, cast, case, who: str) -> None:  # noqa: ANN001
    response = api(api_as, cast, who).post(f"/api/worksheets/consultations/{case.pk}/items/", PAYLOAD)
    expected = 201 if WRITE[who] == 200 else WRITE[who]
    assert response.status_code == expected
    if expected == 201:
        body = response.json()
        assert body["id"] and body["figures"]["hours_before"] == 600.0  # 1,800 × 20 / 60
        assert body["totals"]["tasks"] == 1
    assert len(items_of(case)) == (1 if expected == 201 else 0)


@pytest.mark.parametrize("who", CAST)
def test_patching_a_row(api_as, cast, item, who: str) -> None:  # noqa: ANN001
    response = api(api_as, cast, who).patch(f"/api/worksheets/items/{item.pk}/", {"minutes_per_case": 30})
    assert response.status_code == WRITE[who]
    item.refresh_from_db()
    assert item.minutes_per_case == (30 if WRITE[who] == 200 else 15)
    if WRITE[who] == 200:
        assert response.json()["totals"]["hours_before"] == 600.0


@pytest.mark.parametrize("who", CAST)
def test_deleting_a_row(api_as, cast, case, item, who: str) -> None:  # noqa: ANN001
    response = api(api_as, cast, who).delete(f"/api/worksheets/items/{item.pk}/")
    assert response.status_code == WRITE[who]
    assert len(items_of(case)) == (0 if WRITE[who] == 200 else 1)


def test_put_replaces_the_row_and_needs_every_required_field(api_as, cast, item) -> None:  # noqa: ANN001
    client = api_as(cast.consultant)
    assert client.put(f"/api/worksheets/items/{item.pk}/", {"name": "x"}).status_code == 422
    response = client.put(f"/api/worksheets/items/{item.pk}/", {**PAYLOAD, "name": "置換後"})
    assert response.status_code == 200 and response.json()["name"] == "置換後"


def test_invalid_rows_are_refused_in_japanese(api_as, cast, case) -> None:  # noqa: ANN001
    client = api_as(cast.requester)
    bad = client.post(f"/api/worksheets/consultations/{case.pk}/items/", {**PAYLOAD, "medium": "fax"})
    assert bad.status_code == 422 and "入力は紙か電子か" in bad.json()["detail"]
    unknown = client.post(f"/api/worksheets/consultations/{case.pk}/items/", {**PAYLOAD, "colour": "red"})
    assert unknown.status_code == 422 and "不明な項目" in unknown.json()["detail"]
    assert items_of(case) == []


def test_seasonal_volumes_through_the_api(api_as, cast, case) -> None:  # noqa: ANN001
    payload = {
        **PAYLOAD,
        "annual_cases": None,
        "normal_monthly": 100,
        "peak_monthly": 300,
        "peak_months": "3,4",
    }
    response = api_as(cast.requester).post(f"/api/worksheets/consultations/{case.pk}/items/", payload)
    assert response.status_code == 201 and response.json()["annual_cases"] == 1600.0


def test_the_endpoints_are_in_the_openapi_document(client_as, cast) -> None:  # noqa: ANN001
    paths = client_as(cast.requester).get("/api/openapi.json").json()["paths"]
    assert "/api/worksheets/consultations/{consultation_id}/items/" in paths
    assert {"put", "patch", "delete", "get"} <= set(paths["/api/worksheets/items/{item_id}/"])
