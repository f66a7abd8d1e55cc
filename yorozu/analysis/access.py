"""Who may use each データ分析 page and API operation (see yorozu/common/access.py)."""

from __future__ import annotations

from typing import Any

from yorozu.common.access import DESK, EVERYONE, GET_ONLY, NOBODY, STAFF, WRITERS, Access

SCOPED_READ = Access(get=STAFF, department_scoped=True, methods=GET_ONLY,
                     note="requesters: their department's datasets and those shared with it")  # fmt: skip
SCOPED_WRITE = Access(get=WRITERS, post=WRITERS, department_scoped=True,
                      note="the owning department's requesters and the desk; shared departments only read")  # fmt: skip
POST_ONLY = Access(get=NOBODY, post=WRITERS, department_scoped=True, methods=frozenset({"POST"}),
                   note="form targets of the dataset page; GET answers 405")  # fmt: skip

ACCESS: dict[str, Access] = {
    "analysis:dataset-list": Access(
        get=STAFF, post=WRITERS, note="the list is scoped; upload to one's own department"
    ),
    "analysis:town-list": Access(get=DESK, post=DESK),
    "analysis:dataset-detail": SCOPED_READ,
    "analysis:dataset-columns": POST_ONLY,
    "analysis:dataset-replace": SCOPED_WRITE,
    "analysis:dataset-share": POST_ONLY,
    "analysis:dataset-stop-words": POST_ONLY,
    "analysis:dataset-delete": POST_ONLY,
    "analysis:dataset-frequencies": SCOPED_READ,
    "analysis:dataset-crosstab": SCOPED_READ,
    "analysis:dataset-timeseries": SCOPED_READ,
    "analysis:dataset-text": SCOPED_READ,
    "analysis:dataset-row": SCOPED_READ,
    "analysis:view-add": POST_ONLY,
    "analysis:view-detail": SCOPED_READ,
    "analysis:view-edit": SCOPED_WRITE,
    "analysis:view-delete": POST_ONLY,
    "analysis:view-report-xlsx": SCOPED_READ,
    "analysis:view-report-docx": SCOPED_READ,
    "analysis:view-table-csv": SCOPED_READ,
    "analysis:public-view": Access(
        get=EVERYONE, methods=GET_ONLY, note="published results: counts below the minimum suppressed"
    ),
    "analysis:public-csv": Access(get=EVERYONE, methods=GET_ONLY, note="tables of a published results page"),
    "api:GET /api/analysis/datasets/": Access(get=STAFF, note="scoped list"),
    "api:POST /api/analysis/datasets/": Access(post=WRITERS, note="multipart upload to one's own department"),
    "api:GET /api/analysis/datasets/{dataset_id}": SCOPED_READ,
    "api:GET /api/analysis/datasets/{dataset_id}/crosstab": SCOPED_READ,
    "api:GET /api/analysis/datasets/{dataset_id}/frequencies": SCOPED_READ,
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A small questionnaire of ``cast.department`` with a saved view that is also published."""
    import tempfile
    from pathlib import Path

    from yorozu.analysis import services
    from yorozu_core.analysis.reading import rows_to_csv_bytes

    header = ["回答ID", "年代", "満足度", "ご意見"]
    ages, scale = ("20代", "30代", "40代"), ("満足", "どちらともいえない", "不満")
    opinions = ("絵本の読み聞かせが楽しかったです。", "駐車場が狭くて困りました。", "")
    rows = [[str(i), ages[i % 3], scale[i % 3 // 2], opinions[i % 3]] for i in range(1, 31)]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "survey.csv"
        source.write_bytes(rows_to_csv_bytes(header, rows))
        dataset = services.dataset_import(
            user=cast.requester, source=source, name="フェスタのアンケート", file_name="survey.csv",
            department=cast.department,
        )  # fmt: skip
    key = {s.name: s.key for s in dataset.specs}
    view = services.saved_view_add(user=cast.requester, dataset=dataset, name="報告",
                                   analysis={"type": "crosstab", "row": key["年代"], "column": key["満足度"]})  # fmt: skip
    view = services.saved_view_add(user=cast.requester, dataset=dataset, name="", view=view,
                                   analysis={"type": "text", "column": key["ご意見"]})  # fmt: skip
    view = services.saved_view_update(user=cast.requester, view=view, is_public=True, min_count=5)
    dataset_pages = {"pk": dataset.pk, "dataset_id": dataset.pk, "row": 2}
    return {
        "*": {**dataset_pages, "slug": view.public_slug, "analysis": 0, "table": 0},
        **{
            f"analysis:{name}": {"pk": view.pk}
            for name in (
                "view-detail",
                "view-edit",
                "view-delete",
                "view-report-xlsx",
                "view-report-docx",
                "view-table-csv",
            )
        },  # fmt: skip
    }
