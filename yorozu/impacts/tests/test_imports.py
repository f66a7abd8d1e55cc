"""Tool ledger import (an RPA 実績表): deployments with realised effects, all rows or none, idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from yorozu.common.exports import xlsx_bytes
from yorozu.impacts.models import Deployment, EffectRecord
from yorozu.impacts.tests.factories import make_tool

pytestmark = pytest.mark.django_db

HEADER = [
    "シナリオ名",
    "所管課",
    "ツール",
    "稼働日",
    "区分",
    "期間",
    "件数",
    "導入前（分）",
    "導入後（分）",
    "保守等の時間",
]
ROWS = [
    ["住民異動届の入力", "DEPT", "WinActor", "R4.4.1", "実績", "R4.4.1〜R5.3.31", "2400", "10", "2", "20"],
    ["住民異動届の入力", "DEPT", "WinActor", "R4.4.1", "実績", "R5.4.1〜R5.9.30", "1300", "10", "2", "10"],
    ["職員アンケート", "全庁", "RPA", "令和5年4月1日", "", "", "", "", "", ""],
]


@pytest.fixture(autouse=True)
def _tool(cast):
    make_tool(cast.consultant)


def _rows(cast, rows=ROWS):
    return [[cast.department.full_name if c == "DEPT" else c for c in r] for r in rows]


def _csv(cast, rows=ROWS, encoding="cp932") -> bytes:
    lines = [",".join(HEADER)] + [",".join(r) for r in _rows(cast, rows)]
    return ("\n".join(lines) + "\n").encode(encoding)


@pytest.mark.parametrize("kind", ["cp932", "utf-8-sig", "xlsx"])
def test_an_rpa_record_sheet_becomes_deployments_and_realised_effects_once(cast, tmp_path, kind):
    data = xlsx_bytes(HEADER, _rows(cast)) if kind == "xlsx" else _csv(cast, encoding=kind)
    path = tmp_path / ("実績表.xlsx" if kind == "xlsx" else "実績表.csv")
    path.write_bytes(data)
    call_command("impacts", "import", str(path))
    assert Deployment.objects.count() == 2
    moving = Deployment.objects.get(name="住民異動届の入力")
    assert (moving.department_id, moving.go_live) == (cast.department.pk, date(2022, 4, 1))
    assert Deployment.objects.get(name="職員アンケート").department is None
    hours = sorted(EffectRecord.objects.values_list("fiscal_year", "hours_saved"))
    assert hours == [(2022, Decimal("300.00")), (2023, Decimal("163.33"))]  # 2400×8/60−20; 1300×8/60−10
    call_command("impacts", "import", str(path))
    assert (Deployment.objects.count(), EffectRecord.objects.count()) == (2, 2)


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (
            ["x", "区民文化部 未来課", "WinActor", "R4.4.1", "", "", "", "", "", ""],
            "所管課",
            "組織にありません",
        ),
        (["x", "全庁", "ロボ太郎", "R4.4.1", "", "", "", "", "", ""], "ツール", "登録されていません"),
        (["x", "全庁", "WinActor", "R4.2.30", "", "", "", "", "", ""], "稼働日", "日付はありません"),
        (
            ["x", "全庁", "WinActor", "R4.4.1", "実績", "R4.4.1〜R5.4.30", "1", "2", "1", ""],
            "期間",
            "1つの年度",
        ),
        (
            ["x", "全庁", "WinActor", "R4.4.1", "実績", "R4.4.1〜R4.6.30", "十", "2", "1", ""],
            "件数",
            "数値として",
        ),
    ],
    ids=["unknown-department", "unknown-tool", "bad-date", "period-across-years", "bad-number"],
)
def test_a_bad_row_names_row_and_column_and_nothing_is_imported(cast, tmp_path, row, column, words):
    path = tmp_path / "実績表.csv"
    path.write_bytes(_csv(cast, [*ROWS, row]))
    with pytest.raises(CommandError) as error:
        call_command("impacts", "import", str(path))
    assert f"5行目「{column}」列" in str(error.value) and words in str(error.value)
    assert not Deployment.objects.exists() and not EffectRecord.objects.exists()


def test_dry_run_counts_without_saving(cast, tmp_path):
    path = tmp_path / "実績表.csv"
    path.write_bytes(_csv(cast))
    out = __import__("io").StringIO()
    call_command("impacts", "import", str(path), "--dry-run", stdout=out)
    assert "新しい導入 2件、新しい効果の記録 2件を取り込めます" in out.getvalue()
    assert not Deployment.objects.exists()


def test_the_import_page_previews_then_imports_for_the_desk_only(cast, client_as):
    assert client_as(cast.requester).get("/impacts/import/").status_code == 403
    client = client_as(cast.consultant)
    upload = SimpleUploadedFile("実績表.csv", _csv(cast), content_type="text/csv")
    preview = client.post("/impacts/import/", {"file": upload})
    assert "新しい導入 2件" in preview.content.decode()
    assert not Deployment.objects.exists()
    assert client.post("/impacts/import/", {"confirm": "1"}).status_code == 302
    assert EffectRecord.objects.count() == 2
