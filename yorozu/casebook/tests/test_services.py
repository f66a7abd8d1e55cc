from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from yorozu.accounts.models import City
from yorozu.casebook import services
from yorozu.casebook.exchange_io import read_document
from yorozu.casebook.models import CaseStudy, CaseStudyReuse, Level, Status
from yorozu.casebook.tests.factories import (
    document_dict,
    finished_case,
    import_neighbours,
    neighbour_document,
    own_city,
    published,
)
from yorozu.common.audit import acting_as
from yorozu.common.models import AuditEntry
from yorozu.consultations.models import Stage
from yorozu_core.casebook.exchange import dump_document, parse_document

pytestmark = pytest.mark.django_db


def test_the_draft_carries_the_worksheet_and_ledger_figures(cast: Any) -> None:
    draft = services.case_study_draft(user=cast.consultant, consultation=finished_case(cast))
    assert draft.status == Status.DRAFT
    assert draft.annual_hours_saved == Decimal("80.0")  # 600 件 × (10 − 2) 分
    assert draft.annual_yen_saved == 80 * 4560  # the ledger's hourly rate
    assert (draft.effect_period_start.isoformat(), draft.effect_period_end.isoformat()) == (
        "2022-04-01",
        "2023-03-31",
    )
    assert "年間1,200件、300.0時間（入力: 電子）" in draft.challenge
    assert "導入したツール: WinActor" in draft.solution
    assert "計画時の削減見込み: 年間240.0時間" in draft.solution
    assert "入札結果の一覧からRPAで登録する。" in draft.solution
    assert "令和4年度の実績" in draft.outcome and "80.0時間" in draft.outcome
    assert draft.operation_period == "2022年4月1日〜（稼働中）"
    assert draft.tools == ["WinActor"]
    assert draft.index_terms


def test_the_draft_carries_no_ones_name(cast: Any) -> None:
    draft = services.case_study_draft(user=cast.consultant, consultation=finished_case(cast))
    text = " ".join(
        str(getattr(draft, f)) for f in ("summary", "challenge", "solution", "outcome", "continuity")
    )
    for user in (cast.requester, cast.consultant):
        assert user.username not in text and user.display_name not in text


def test_drafting_twice_returns_the_same_draft(cast: Any) -> None:
    case = finished_case(cast)
    first = services.case_study_draft(user=cast.consultant, consultation=case)
    assert services.case_study_draft(user=cast.consultant, consultation=case) == first
    assert CaseStudy.objects.count() == 1


@pytest.mark.parametrize("stage", [Stage.IMPLEMENTATION, Stage.RECEIVED])
def test_it_drafts_only_from_measurement_or_done(cast: Any, stage: str) -> None:
    with pytest.raises(PermissionDenied):
        services.case_study_draft(user=cast.consultant, consultation=finished_case(cast, stage=stage))


def test_only_the_desk_drafts(cast: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.case_study_draft(user=cast.requester, consultation=finished_case(cast))


def test_the_owning_department_publishes_not_the_consultant_or_another_department(cast: Any) -> None:
    draft = services.case_study_draft(user=cast.consultant, consultation=finished_case(cast))
    for user in (cast.consultant, cast.outsider, cast.viewer):
        with pytest.raises(PermissionDenied):
            services.case_study_publish(user=user, case_study=draft, level=Level.SHARED)
    services.case_study_publish(user=cast.requester, case_study=draft, level=Level.SHARED)
    draft.refresh_from_db()
    assert (draft.status, draft.level) == (Status.PUBLISHED, Level.SHARED)
    assert draft.published_at is not None


def test_editing_a_published_case_study_raises_its_version(cast: Any) -> None:
    cs = published(cast)
    services.case_study_update(user=cast.consultant, case_study=cs, data={"title": "契約事務のRPA化（改訂）"})
    cs.refresh_from_db()
    assert (cs.version, cs.title) == (2, "契約事務のRPA化（改訂）")


def test_a_requester_cannot_edit_after_publication(cast: Any) -> None:
    cs = published(cast)
    with pytest.raises(PermissionDenied):
        services.case_study_update(user=cast.requester, case_study=cs, data={"title": "x"})


def test_changes_are_audited(cast: Any) -> None:
    with acting_as(cast.consultant):
        cs = published(cast)
    assert AuditEntry.objects.filter(model__icontains="casestudy", object_id=str(cs.pk)).count() >= 2


def test_reuse_is_linked_once_and_counted(cast: Any) -> None:
    cs = published(cast)
    other = finished_case(cast, title="道路占用許可のRPA化")
    services.case_study_link_reuse(user=cast.consultant, case_study=cs, consultation=other)
    services.case_study_link_reuse(user=cast.consultant, case_study=cs, consultation=other)
    assert CaseStudyReuse.objects.filter(case_study=cs).count() == 1
    with pytest.raises(PermissionDenied):
        services.case_study_link_reuse(user=cast.requester, case_study=cs, consultation=other)


# --- exchange -----------------------------------------------------------------------------------


def test_export_holds_only_own_published_shared_and_public(cast: Any) -> None:
    own_city()
    internal = published(cast, level=Level.INTERNAL)
    shared = published(cast, level=Level.SHARED, case=finished_case(cast, title="保育料算定のRPA化"))
    public = published(cast, level=Level.PUBLIC, case=finished_case(cast, title="粗大ごみ受付のオンライン化"))
    services.case_study_draft(user=cast.consultant, consultation=finished_case(cast, title="下書きのまま"))
    import_neighbours(cast.consultant)
    titles = {r.title for r in services.casebook_export(level=Level.SHARED).items}
    assert titles == {shared.title, public.title}
    assert {r.title for r in services.casebook_export(level=Level.PUBLIC).items} == {public.title}
    assert internal.title in {r.title for r in services.casebook_export(level=Level.INTERNAL).items}


def test_export_then_import_in_a_fresh_installation_gives_the_same_case_studies(
    cast: Any, tmp_path: Any
) -> None:
    own_city()
    published(cast, level=Level.SHARED)
    published(cast, level=Level.PUBLIC, case=finished_case(cast, title="保育料算定のRPA化"))
    exported = tmp_path / "yorozu.json"
    call_command("casebook", "export", str(exported))
    original = json.loads(exported.read_text(encoding="utf-8"))
    # the receiving installation: another city, no 事例 of its own
    CaseStudy.objects.all().delete()
    City.objects.all().delete()
    City.objects.create(name="みどり市", code="139912")
    call_command("casebook", "import", str(exported))
    assert CaseStudy.objects.count() == 2
    again = services.to_record
    items = sorted((dump_record_dict(again(c)) for c in CaseStudy.objects.all()), key=lambda i: i["id"])
    assert items == sorted(original["items"], key=lambda i: i["id"])
    assert set(CaseStudy.objects.values_list("municipality_name", "municipality_code")) == {
        ("よろず区", "139998")
    }
    call_command("casebook", "import", str(exported))
    assert CaseStudy.objects.count() == 2


def dump_record_dict(record: Any) -> dict[str, Any]:
    from yorozu_core.casebook.exchange import dump_record

    return json.loads(json.dumps(dump_record(record), ensure_ascii=False))


def test_importing_the_same_file_twice_adds_nothing(cast: Any) -> None:
    first = services.casebook_import(user=cast.consultant, document=neighbour_document())
    second = services.casebook_import(user=cast.consultant, document=neighbour_document())
    assert (len(first.added), len(second.added), len(second.unchanged)) == (6, 0, 6)
    assert CaseStudy.objects.count() == 6


def test_a_newer_version_replaces_the_older(cast: Any) -> None:
    services.casebook_import(user=cast.consultant, document=neighbour_document())
    data = dump_document(neighbour_document())
    newer = copy.deepcopy(data)
    newer["items"][0]["version"] += 1
    newer["items"][0]["title"] = "保育園の入所申込のオンライン化（第3版）"
    result = services.casebook_import(user=cast.consultant, document=parse_document(newer))
    assert (len(result.replaced), len(result.added)) == (1, 0)
    assert CaseStudy.objects.filter(title="保育園の入所申込のオンライン化（第3版）", version=3).count() == 1
    older = copy.deepcopy(data)
    older["items"][0]["title"] = "古い版"
    services.casebook_import(user=cast.consultant, document=parse_document(older))
    assert not CaseStudy.objects.filter(title="古い版").exists()


def test_imported_case_studies_are_marked_and_never_editable(cast: Any) -> None:
    services.casebook_import(user=cast.consultant, document=neighbour_document())
    cs = CaseStudy.objects.first()
    assert cs.is_imported and cs.municipality_name == "みどり市" and cs.municipality_code == "139912"
    for user in (cast.admin, cast.consultant):
        with pytest.raises(PermissionDenied):
            services.case_study_update(user=user, case_study=cs, data={"title": "自団体のものにする"})
        with pytest.raises(PermissionDenied):
            services.case_study_publish(user=user, case_study=cs, level=Level.INTERNAL)


def test_it_refuses_a_file_of_its_own_municipality(cast: Any) -> None:
    own_city()
    data = document_dict(municipality={"name": "よろず区", "code": "139998"})
    with pytest.raises(ValidationError, match="自団体"):
        services.casebook_import(user=cast.consultant, document=parse_document(data))


def test_requesters_cannot_import(cast: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.casebook_import(user=cast.requester, document=neighbour_document())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["items"].append({**d["items"][0], "id": "not-a-uuid"}), "2件目の事例: id"),
        (lambda d: d["items"][0].update(theme="unknown"), "1件目の事例: theme"),
        (lambda d: d["items"][0].update(title=""), "1件目の事例: title"),
        (lambda d: d["items"][0].update(effect={"annual_hours": -1}), "effect.annual_hours"),
        (lambda d: d.update(municipality={"name": "x", "code": "139913"}), "municipality.code"),
        (lambda d: d.update(format_version=2), "format_version"),
        (lambda d: d["items"].append(dict(d["items"][0])), "重複"),
    ],
)
def test_a_bad_file_is_refused_naming_the_item_and_field_and_nothing_is_saved(
    cast: Any, mutate: Any, message: str
) -> None:
    data = document_dict()
    mutate(data)
    raw = json.dumps(data, ensure_ascii=False).encode()
    with pytest.raises(ValidationError, match=message):
        services.casebook_import(user=cast.consultant, document=read_document(raw, filename="bad.json"))
    assert CaseStudy.objects.count() == 0


def test_broken_json_names_the_file_line_and_column() -> None:
    with pytest.raises(ValidationError, match=r"bad.json: JSONの書式が正しくありません（2行 "):
        read_document(b'{"format":\n  oops}', filename="bad.json")


def test_an_import_that_fails_midway_saves_nothing(cast: Any, monkeypatch: Any) -> None:
    calls = {"n": 0}
    original = services._apply

    def failing(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValidationError("3件目で失敗")
        original(*args, **kwargs)

    monkeypatch.setattr(services, "_apply", failing)
    with pytest.raises(ValidationError):
        services.casebook_import(user=cast.consultant, document=neighbour_document())
    assert CaseStudy.objects.count() == 0
