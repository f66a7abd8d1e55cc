"""The JSON API and the CLI give the same shapes: frequencies and cross-tabs."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from scipy.stats import chi2_contingency

from yorozu.analysis.models import Dataset

from .conftest import survey_rows, write_csv

pytestmark = pytest.mark.django_db


def test_api_lists_only_visible_datasets(api_as: Any, cast: Any, survey: Any) -> None:
    assert api_as(cast.requester).get("/api/analysis/datasets/").json()["count"] == 1
    assert api_as(cast.outsider).get("/api/analysis/datasets/").json() == {"count": 0, "items": []}
    assert api_as(None).get("/api/analysis/datasets/").status_code == 401


def test_api_crosstab_and_frequencies_have_the_cli_shapes(api_as: Any, cast: Any, survey: Any) -> None:
    api = api_as(cast.consultant)
    cross = api.get(f"/api/analysis/datasets/{survey.pk}/crosstab", row="年代", column="満足度").json()
    assert cross["rows"] == ["20代", "30代", "40代"]
    assert cross["columns"] == ["とても満足", "満足", "どちらともいえない", "不満", "とても不満"]
    statistic, p, dof, _ = chi2_contingency(cross["counts"], correction=False)
    assert (
        cross["chi2"] == pytest.approx(statistic) and cross["p"] == pytest.approx(p) and cross["dof"] == dof
    )
    freq = api.get(f"/api/analysis/datasets/{survey.pk}/frequencies", column="来場のきっかけ").json()
    assert freq["base"] == 120 and {i["value"] for i in freq["items"]} == {"SNS", "チラシ", "区報"}
    assert set(freq["items"][0]) == {"value", "count", "percent"}


def test_api_hides_other_departments_and_names_unknown_columns(api_as: Any, cast: Any, survey: Any) -> None:
    url = f"/api/analysis/datasets/{survey.pk}/frequencies"
    assert api_as(cast.outsider).get(url, column="満足度").status_code == 404
    response = api_as(cast.requester).get(url, column="存在しない列")
    assert response.status_code == 422 and "存在しない列" in response.json()["detail"]


def test_api_upload_is_multipart_and_checks_the_department(
    client: Any, api_as: Any, cast: Any, tmp_path: Path
) -> None:
    api = api_as(cast.requester)
    path = write_csv(tmp_path, survey_rows(n=30))
    with path.open("rb") as handle:
        response = client.post(
            "/api/analysis/datasets/", {"file": handle, "name": "API"}, headers=api.headers
        )
    assert response.status_code == 201 and response.json()["row_count"] == 30
    assert response.json()["department_id"] == cast.department.pk
    upload = io.BytesIO(b"a,b\n1,2\n")
    upload.name = "x.csv"
    response = client.post("/api/analysis/datasets/", {"file": upload, "department": cast.other_department.pk},
                           headers=api.headers)  # fmt: skip
    assert response.status_code == 422
    viewer = api_as(cast.viewer)
    upload.seek(0)
    assert client.post("/api/analysis/datasets/", {"file": upload}, headers=viewer.headers).status_code == 403


def test_cli_import_prints_the_id_last_and_json_answers(cast: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("analysis", "import", str(write_csv(tmp_path, survey_rows())), "--name", "CLI",
                 "--department", cast.department.name, stdout=out)  # fmt: skip
    dataset_id = out.getvalue().strip().splitlines()[-1]
    assert Dataset.objects.get(pk=int(dataset_id)).name == "CLI"
    out = io.StringIO()
    call_command("analysis", "crosstab", dataset_id, "来場のきっかけ", "満足度", "--json", stdout=out)
    cross = json.loads(out.getvalue())
    assert set(cross) >= {"rows", "columns", "counts", "chi2", "dof", "p"}
    assert cross["rows"] == ["SNS", "チラシ", "区報"] or sorted(cross["rows"]) == ["SNS", "チラシ", "区報"]
    out = io.StringIO()
    call_command("analysis", "frequencies", dataset_id, "満足度", "--json", stdout=out)
    freq = json.loads(out.getvalue())
    assert [i["value"] for i in freq["items"]][:2] == ["とても満足", "満足"]
    assert sum(i["count"] for i in freq["items"]) == freq["base"] == 120


def test_cli_errors_are_japanese(cast: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="「bad.csv」の2行目は列が1個しかありません"):
        call_command("analysis", "import", str(bad), "--name", "x", "--department", cast.department.name)
    with pytest.raises(CommandError, match="所管課「ない課」が見つかりません"):
        call_command("analysis", "import", str(bad), "--name", "x", "--department", "ない課")
    assert not Dataset.objects.exists()
