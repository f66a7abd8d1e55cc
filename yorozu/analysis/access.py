"""Who may use each データ分析 page and API operation (see yorozu/common/access.py)."""

from __future__ import annotations

from yorozu.common.access import DESK, EVERYONE, NOBODY, STAFF, WRITERS, Access

SCOPED_READ = Access(get=STAFF, department_scoped=True,
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
        get=EVERYONE, note="published results: counts below the minimum suppressed"
    ),
    "analysis:public-csv": Access(get=EVERYONE, note="tables of a published results page"),
    "api:GET /api/analysis/datasets/": Access(get=STAFF, note="scoped list"),
    "api:POST /api/analysis/datasets/": Access(post=WRITERS, note="multipart upload to one's own department"),
    "api:GET /api/analysis/datasets/{dataset_id}": SCOPED_READ,
    "api:GET /api/analysis/datasets/{dataset_id}/crosstab": SCOPED_READ,
    "api:GET /api/analysis/datasets/{dataset_id}/frequencies": SCOPED_READ,
}
