"""相談台帳の取り込み: the export comes back as the same cases; errors name row and column, save nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from yorozu.common.imports import ImportProblem
from yorozu.common.models import AuditEntry
from yorozu.consultations import services
from yorozu.consultations.imports import consultation_import
from yorozu.consultations.models import Consultation
from yorozu.consultations.tests.factories import make_case

pytestmark = pytest.mark.django_db

FIELDS = ("title", "theme", "stage", "department__name", "received_on", "fiscal_year")


def _cases() -> list[tuple]:
    return sorted(Consultation.objects.values_list(*FIELDS))


def _some_cases(cast) -> None:
    make_case(cast.requester, title="契約事務のRPA化", received_on=date(2022, 5, 10))
    held = make_case(cast.requester, title="窓口の混雑、可視化", theme="bi", received_on=date(2023, 3, 31))
    services.consultation_transition(user=cast.consultant, consultation=held, to="analysis")
    make_case(
        cast.consultant,
        department=cast.other_department,
        title="申請書のAI-OCR",
        theme="ai_ocr",
        received_on=date(2024, 4, 1),
    )


@pytest.mark.parametrize(
    ("query", "suffix"),
    [("", ".csv"), ("?encoding=cp932", ".csv"), ("?format=xlsx", ".xlsx")],
    ids=["csv-utf8-bom", "csv-cp932", "xlsx"],
)
def test_an_export_imported_into_a_fresh_instance_gives_the_same_cases(
    cast, client_as, tmp_path, query, suffix
):
    _some_cases(cast)
    before = _cases()
    exported = client_as(cast.consultant).get(f"/consultations/export/{query}")
    assert exported.status_code == 200
    path = tmp_path / f"相談一覧{suffix}"
    path.write_bytes(b"".join(exported.streaming_content) if exported.streaming else exported.content)
    Consultation.objects.all().delete()  # a fresh instance: the same department tree, no cases

    call_command("consultations", "import", str(path))
    assert _cases() == before
    call_command("consultations", "import", str(path))  # re-importing the same file adds nothing
    assert len(_cases()) == len(before)


def test_importing_the_export_into_the_same_instance_adds_nothing(cast, client_as):
    _some_cases(cast)
    exported = client_as(cast.consultant).get("/consultations/export/")
    result = consultation_import(user=cast.admin, data=exported.content, source="相談一覧.csv")
    assert (len(result.new), len(result.existing)) == (0, 3)


TEMPLATE = (
    "番号,件名,相談テーマ,段階,所管課,受付日,希望時期,現状の課題,対象業務\n"
    "1,住民票郵送請求の電子化,オンライン申請化,受付,区民文化部 戸籍住民課,令和4年5月10日,R5,郵送の処理に時間がかかる,郵送請求\n"
    "2,保育所入所審査のRPA化,RPA化,完了,区民文化部 戸籍住民課,R4.5.10,,,\n"
    "3,議事録の要約,生成AI活用,業務分析,区民文化部 戸籍住民課,令和元年5月1日,,,\n"
)


def _department_named(cast, text: str) -> str:
    return text.replace("区民文化部 戸籍住民課", cast.department.full_name)


def test_the_documented_template_reads_wareki_dates_and_stages(cast):
    data = _department_named(cast, TEMPLATE).encode("cp932")
    result = consultation_import(user=cast.admin, data=data, source="台帳.csv")
    assert result.saved and len(result.new) == 3
    rows = dict(Consultation.objects.values_list("title", "received_on"))
    assert rows["住民票郵送請求の電子化"] == date(2022, 5, 10)
    assert rows["保育所入所審査のRPA化"] == date(2022, 5, 10)
    assert rows["議事録の要約"] == date(2019, 5, 1)
    done = Consultation.objects.get(title="保育所入所審査のRPA化")
    assert (done.stage, done.fiscal_year) == ("done", 2022)
    assert done.timeline.filter(to_stage="done").exists()
    assert AuditEntry.objects.filter(action="import", model="consultations.consultation").count() == 1


@pytest.mark.parametrize(
    ("change", "row", "column", "words"),
    [
        (("区民文化部 戸籍住民課,R4.5.10", "区民文化部 未来課,R4.5.10"), 3, "所管課", "組織にありません"),
        (("R4.5.10", "R4.2.30"), 3, "受付日", "という日付はありません"),
        (("令和元年5月1日", "平成31年5月1日"), 4, "受付日", "平成は2019年4月30日まで"),
        (("RPA化", "ロボット化"), 3, "相談テーマ", "相談テーマはありません"),
        (("完了", "終了"), 3, "段階", "段階はありません"),
    ],
    ids=["unknown-department", "bad-wareki-date", "heisei-after-its-end", "unknown-theme", "unknown-stage"],
)
def test_a_bad_row_names_row_and_column_and_nothing_is_imported(cast, tmp_path, change, row, column, words):
    text = _department_named(cast, TEMPLATE.replace(*change))
    text = text.replace("区民文化部 未来課", "区民文化部 未来課")
    path = tmp_path / "台帳.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    audits = AuditEntry.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("consultations", "import", str(path))
    message = str(error.value)
    assert f"{row}行目「{column}」列" in message and words in message and "何も取り込んでいません" in message
    assert not Consultation.objects.exists()
    assert AuditEntry.objects.count() == audits


def test_dry_run_saves_nothing(cast, tmp_path):
    path = tmp_path / "台帳.csv"
    path.write_text(_department_named(cast, TEMPLATE), encoding="utf-8")
    call_command("consultations", "import", str(path), "--dry-run")
    assert not Consultation.objects.exists()


def test_a_missing_column_is_named(cast):
    with pytest.raises(ImportProblem, match="「受付日」"):
        consultation_import(
            user=cast.admin, data="件名,相談テーマ,所管課\nx,RPA化,総務課\n".encode(), source="a.csv"
        )


def test_the_import_page_previews_then_imports_and_only_the_desk_may_use_it(cast, client_as):
    assert client_as(cast.requester).get("/consultations/import/").status_code == 403
    assert client_as(cast.viewer).get("/consultations/import/").status_code == 403
    client = client_as(cast.consultant)
    upload = _upload(_department_named(cast, TEMPLATE).encode("utf-8"))
    preview = client.post("/consultations/import/", {"file": upload})
    assert "3件を取り込む" in preview.content.decode()
    assert not Consultation.objects.exists()
    done = client.post("/consultations/import/", {"confirm": "1"})
    assert done.status_code == 302
    assert Consultation.objects.count() == 3


def test_the_import_page_shows_the_error_with_row_and_column(cast, client_as):
    bad = TEMPLATE.replace("R4.5.10", "R4.13.1")
    page = client_as(cast.consultant).post("/consultations/import/", {"file": _upload(bad.encode())})
    text = page.content.decode()
    assert "3行目「受付日」列" in text and "何も取り込んでいません" in text


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("台帳.csv", data, content_type="text/csv")


def test_path_is_needed(tmp_path: Path):
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("consultations", "import", str(tmp_path / "none.csv"))
