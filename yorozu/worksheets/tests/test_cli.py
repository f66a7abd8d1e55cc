"""``yorozu worksheets …`` end to end: template → fill → import → show → export → plan."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from yorozu.worksheets.tests.factories import consultation, items_of
from yorozu.worksheets.tests.test_excel import GOOD, filled_template

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("worksheets", *args, stdout=out)
    return out.getvalue()


def test_the_cli_round_trip(cast, tmp_path: Path) -> None:  # noqa: ANN001
    case = consultation(department=cast.department, requester=cast.requester)
    run("template", str(tmp_path / "t.xlsx"))
    assert (tmp_path / "t.xlsx").stat().st_size > 0
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(filled_template(GOOD))
    assert "1件の業務を取り込みました" in run("import", str(case.pk), str(filled), "--user", "requester")
    assert len(items_of(case)) == 1
    shown = run("show", str(case.pk))
    assert "要介護認定申請書の入力: 年間1,160.0時間" in shown  # 5,800 × 12 / 60
    run("export", str(case.pk), str(tmp_path / "out.xlsx"))
    run("plan", str(case.pk), str(tmp_path / "plan.docx"))
    assert any("現状と課題" in p.text for p in Document(str(tmp_path / "plan.docx")).paragraphs)


def test_the_cli_refuses_bad_files_and_other_departments(cast, tmp_path: Path) -> None:  # noqa: ANN001
    case = consultation(department=cast.department, requester=cast.requester)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(filled_template({**GOOD, "測定方法": "勘"}))
    with pytest.raises(CommandError, match="2行目「測定方法」列"):
        run("import", str(case.pk), str(bad))
    with pytest.raises(CommandError, match="見る権限がありません"):
        run("show", str(case.pk), "--user", "outsider")
    assert items_of(case) == []
