"""Importing and replacing a dataset: one transaction, audited, nothing half-loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from yorozu.analysis import services
from yorozu.analysis.models import Dataset
from yorozu.analysis.results import run
from yorozu.common.audit import acting_as
from yorozu.common.models import AuditEntry

from .conftest import key_of, survey_rows, write_csv

pytestmark = pytest.mark.django_db


def test_import_stores_parquet_types_columns_and_audits(survey: Any) -> None:
    assert survey.row_count == 120 and survey.parquet_path.exists()
    kinds = {s.name: s.kind.value for s in survey.specs}
    assert kinds == {"回答ID": "id", "年代": "age", "来場のきっかけ": "multi", "満足度": "ordinal",
                     "ご意見": "text", "回答日時": "datetime"}  # fmt: skip
    assert AuditEntry.objects.filter(
        model="analysis.dataset", object_id=str(survey.pk), action="import"
    ).exists()


def test_a_cp932_file_imports_like_utf8(cast: Any, tmp_path: Path) -> None:
    rows = survey_rows()
    with acting_as(cast.requester):
        dataset = services.dataset_import(user=cast.requester, source=write_csv(tmp_path, rows, encoding="cp932"),
                                          name="SJIS", file_name="survey.csv", department=cast.department)  # fmt: skip
    assert dataset.encoding == "cp932"
    found = run(dataset, {"type": "frequencies", "column": key_of(dataset, "満足度")}).frequencies
    assert found is not None and found.base == len(rows)


def test_a_bad_file_leaves_no_row_and_no_file(cast: Any, tmp_path: Path, settings: Any) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("回答ID,満足度\n1,満足\n2,不満,余分\n", encoding="utf-8")
    with (
        pytest.raises(ValidationError, match="「bad.csv」の3行目は列が3個あります"),
        acting_as(cast.requester),
    ):
        services.dataset_import(user=cast.requester, source=source, name="x", file_name="bad.csv",
                                department=cast.department)  # fmt: skip
    assert not Dataset.objects.exists()
    assert not [p for p in (Path(settings.DATA_DIR) / "analysis").rglob("*") if p.is_file()]


def test_replacing_with_the_same_columns_reruns_saved_views(survey: Any, cast: Any, tmp_path: Path) -> None:
    with acting_as(cast.requester):
        view = services.saved_view_add(user=cast.requester, dataset=survey, name="報告",
                                       analysis={"type": "frequencies", "column": key_of(survey, "満足度")})  # fmt: skip
        services.dataset_set_column(
            user=cast.requester, dataset=survey, key=key_of(survey, "ご意見"), kind="text"
        )
        newer = survey_rows(seed=9, n=80)
        services.dataset_replace(user=cast.requester, dataset=survey, source=write_csv(tmp_path, newer, name="2027.csv"),
                                 file_name="2027.csv")  # fmt: skip
    survey.refresh_from_db()
    assert survey.version == 2 and survey.row_count == 80
    found = run(survey, view.analyses[0]).frequencies
    assert found is not None and found.total == 80


def test_replacing_with_other_columns_is_refused(survey: Any, cast: Any, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("回答ID,年代\n1,20代\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="ない列: 来場のきっかけ、満足度、ご意見、回答日時"):
        services.dataset_replace(user=cast.requester, dataset=survey, source=other, file_name="other.csv")
    survey.refresh_from_db()
    assert survey.version == 1 and survey.parquet_path.exists()


def test_a_corrected_type_needs_a_separator_or_an_order(survey: Any, cast: Any) -> None:
    with pytest.raises(ValidationError, match="区切り文字を指定してください"):
        services.dataset_set_column(
            user=cast.requester, dataset=survey, key=key_of(survey, "年代"), kind="multi"
        )
    services.dataset_set_column(user=cast.requester, dataset=survey, key=key_of(survey, "年代"), kind="ordinal",
                                order="40代、30代、20代")  # fmt: skip
    found = run(survey, {"type": "frequencies", "column": key_of(survey, "年代")}).frequencies
    assert found is not None and [i.value for i in found.items] == ["40代", "30代", "20代"]
