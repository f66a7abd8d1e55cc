from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from yorozu.common.models import AuditEntry, NotificationChannel
from yorozu.consultations import services
from yorozu.consultations.models import Attachment, Consultation, Stage, TimelineEntry
from yorozu.consultations.tests.factories import case_input, make_case
from yorozu.impacts.tests.factories import make_deployment, make_effect

JST = ZoneInfo("Asia/Tokyo")
pytestmark = pytest.mark.django_db


def test_a_requester_files_a_case_for_their_own_department(cast):
    case = make_case(cast.requester)
    assert case.department == cast.department
    assert case.stage == Stage.RECEIVED
    entry = case.timeline.get()
    assert (entry.kind, entry.to_stage, entry.author) == ("transition", "received", cast.requester)


def test_the_search_text_is_normalised_for_japanese_keywords(cast):
    case = make_case(cast.requester, title="ＡＩ－ＯＣＲで帳票を読む", target_work="ｹﾝｼﾝ結果の入力")
    assert "ai-ocr" in case.search_text
    assert "ケンシン結果" in case.search_text


def test_a_viewer_cannot_file_a_case(cast):
    with pytest.raises(PermissionDenied):
        make_case(cast.viewer, department=cast.department)
    assert not Consultation.objects.exists()


def test_a_requester_cannot_file_for_another_department(cast):
    with pytest.raises(PermissionDenied):
        make_case(cast.requester, department=cast.other_department)


def test_an_unknown_theme_is_refused_in_japanese(cast):
    with pytest.raises(ValidationError) as error:
        make_case(cast.requester, theme="blockchain")
    assert "blockchain" in str(error.value)
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("received_on", "fiscal_year"),
    [
        (date(2023, 3, 31), 2022),
        (date(2023, 4, 1), 2023),
        (date(2024, 12, 31), 2024),
        (date(2025, 1, 1), 2024),
    ],
)
def test_the_fiscal_year_follows_the_received_date(cast, received_on, fiscal_year):
    assert make_case(cast.requester, received_on=received_on).fiscal_year == fiscal_year


def test_a_case_filed_late_on_31_march_belongs_to_the_ending_fiscal_year(cast):
    with time_machine.travel(datetime(2027, 3, 31, 23, 50, tzinfo=JST), tick=False):
        late = make_case(cast.requester)
    with time_machine.travel(datetime(2027, 4, 1, 0, 10, tzinfo=JST), tick=False):
        early = make_case(cast.requester)
    assert (late.received_on, late.fiscal_year) == (date(2027, 3, 31), 2026)
    assert (early.received_on, early.fiscal_year) == (date(2027, 4, 1), 2027)


def _to_implementation(case, user):
    for stage in ["analysis", "planning", "design", "implementation"]:
        services.consultation_transition(user=user, consultation=case, to=stage, comment="次へ")


def test_a_consultant_moves_a_case_through_every_stage(cast):
    case = make_case(cast.requester)
    _to_implementation(case, cast.consultant)
    deployment = make_deployment(cast.consultant, cast.department, consultation=case)
    services.consultation_transition(user=cast.consultant, consultation=case, to="measurement")
    make_effect(cast.consultant, deployment)
    services.consultation_transition(user=cast.consultant, consultation=case, to="done", comment="次へ")
    case.refresh_from_db()
    assert case.stage == Stage.DONE
    stages = list(case.timeline.filter(kind="transition").values_list("from_stage", "to_stage"))
    assert stages[-1] == ("measurement", "done")
    assert len(stages) == 7


def test_measurement_needs_a_deployment_from_the_case(cast):
    case = make_case(cast.requester)
    _to_implementation(case, cast.consultant)
    make_deployment(cast.consultant, cast.department)  # same department, but not from this case
    with pytest.raises(ValidationError, match="効果測定に進むには"):
        services.consultation_transition(user=cast.consultant, consultation=case, to="measurement")
    make_deployment(cast.consultant, cast.department, name="この相談の導入", consultation=case)
    services.consultation_transition(user=cast.consultant, consultation=case, to="measurement")
    case.refresh_from_db()
    assert case.stage == Stage.MEASUREMENT


def test_done_needs_a_realised_effect_or_a_reason_which_goes_on_the_timeline(cast):
    case = make_case(cast.requester)
    _to_implementation(case, cast.consultant)
    deployment = make_deployment(cast.consultant, cast.department, consultation=case)
    make_effect(cast.consultant, deployment, kind="projected")
    services.consultation_transition(user=cast.consultant, consultation=case, to="measurement")
    with pytest.raises(ValidationError, match="完了にするには"):
        services.consultation_transition(user=cast.consultant, consultation=case, to="done")
    services.consultation_transition(
        user=cast.consultant, consultation=case, to="done", reason="効果測定の対象外（試行のみ）"
    )
    case.refresh_from_db()
    assert case.stage == Stage.DONE
    assert case.closing_reason == "効果測定の対象外（試行のみ）"
    assert "理由: 効果測定の対象外（試行のみ）" in case.timeline.last().body


def test_a_requester_withdraws_their_own_case_with_a_reason(cast):
    case = make_case(cast.requester)
    with pytest.raises(ValidationError, match="取下げには理由"):
        services.consultation_withdraw(user=cast.requester, consultation=case, reason=" ")
    services.consultation_withdraw(user=cast.requester, consultation=case, reason="既存システムで対応")
    case.refresh_from_db()
    assert (case.stage, case.closing_reason) == ("withdrawn", "既存システムで対応")
    with pytest.raises(PermissionDenied):
        services.consultation_withdraw(user=cast.outsider, consultation=make_case(cast.requester), reason="x")


def test_an_invalid_transition_is_refused_and_nothing_is_saved(cast):
    case = make_case(cast.requester)
    entries, audits = TimelineEntry.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="この段階へは移せません"):
        services.consultation_transition(user=cast.consultant, consultation=case, to="design")
    case.refresh_from_db()
    assert case.stage == Stage.RECEIVED
    assert TimelineEntry.objects.count() == entries
    assert AuditEntry.objects.count() == audits


def test_a_held_case_returns_to_the_stage_it_came_from(cast):
    case = make_case(cast.requester)
    services.consultation_transition(user=cast.consultant, consultation=case, to="analysis")
    services.consultation_transition(
        user=cast.consultant, consultation=case, to="on_hold", reason="予算見送り"
    )
    case.refresh_from_db()
    assert (case.stage, case.resume_stage, case.closing_reason) == ("on_hold", "analysis", "予算見送り")
    with pytest.raises(ValidationError):
        services.consultation_transition(user=cast.consultant, consultation=case, to="planning")
    services.consultation_transition(user=cast.consultant, consultation=case, to="analysis")
    case.refresh_from_db()
    assert (case.stage, case.resume_stage) == ("analysis", "")


def test_withdrawal_needs_a_reason(cast):
    case = make_case(cast.requester)
    with pytest.raises(ValidationError, match="理由"):
        services.consultation_transition(user=cast.consultant, consultation=case, to="withdrawn")
    services.consultation_transition(
        user=cast.requester, consultation=case, to="withdrawn", reason="既存システムで対応"
    )
    case.refresh_from_db()
    assert (case.stage, case.closing_reason) == ("withdrawn", "既存システムで対応")


@pytest.mark.parametrize("who", ["requester", "colleague", "outsider", "viewer"])
def test_only_the_desk_moves_a_case_forward(cast, who):
    case = make_case(cast.requester)
    with pytest.raises(PermissionDenied):
        services.consultation_transition(user=getattr(cast, who), consultation=case, to="analysis")


def test_an_outsider_cannot_withdraw_another_departments_case(cast):
    case = make_case(cast.requester)
    with pytest.raises(PermissionDenied):
        services.consultation_transition(user=cast.outsider, consultation=case, to="withdrawn", reason="x")


def test_the_transition_records_the_days_spent_in_the_stage(cast):
    with time_machine.travel(datetime(2026, 4, 1, 9, tzinfo=JST), tick=False):
        case = make_case(cast.requester)
    with time_machine.travel(datetime(2026, 4, 15, 17, tzinfo=JST), tick=False):
        entry = services.consultation_transition(user=cast.consultant, consultation=case, to="analysis")
    assert entry.days_in_stage == 14


def test_the_audit_trail_has_the_before_and_after_of_a_transition(cast):
    case = make_case(cast.requester)
    services.consultation_transition(user=cast.consultant, consultation=case, to="analysis")
    audit = AuditEntry.objects.filter(
        model="consultations.consultation", object_id=str(case.pk), action="update"
    ).get()
    assert audit.changes["stage"] == ["received", "analysis"]


def test_assignment_takes_one_or_more_consultants(cast):
    case = make_case(cast.requester)
    services.consultation_assign(
        user=cast.consultant, consultation=case, consultants=[cast.consultant, cast.admin]
    )
    assert set(case.assignees.all()) == {cast.consultant, cast.admin}
    assert case.timeline.filter(kind="assignment").exists()


def test_assignment_is_for_desk_staff_and_to_desk_staff(cast):
    case = make_case(cast.requester)
    with pytest.raises(PermissionDenied):
        services.consultation_assign(user=cast.requester, consultation=case, consultants=[cast.consultant])
    with pytest.raises(ValidationError, match="IT推進課"):
        services.consultation_assign(user=cast.consultant, consultation=case, consultants=[cast.colleague])
    assert not case.assignees.exists()


def test_a_colleague_comments_but_an_outsider_cannot(cast):
    case = make_case(cast.requester)
    services.consultation_comment(user=cast.colleague, consultation=case, body="様式を添付します")
    with pytest.raises(PermissionDenied):
        services.consultation_comment(user=cast.outsider, consultation=case, body="見えないはず")
    assert list(case.timeline.filter(kind="comment").values_list("body", flat=True)) == ["様式を添付します"]


def test_effort_is_logged_by_consultants_and_totalled(cast):
    from yorozu.consultations.selectors import effort_of

    case = make_case(cast.requester)
    services.effort_log_create(
        user=cast.consultant, consultation=case, worked_on=date(2026, 5, 1), hours=Decimal("2.5")
    )
    services.effort_log_create(
        user=cast.admin, consultation=case, worked_on=date(2026, 5, 2), hours=Decimal("1")
    )
    with pytest.raises(PermissionDenied):
        services.effort_log_create(
            user=cast.requester, consultation=case, worked_on=date(2026, 5, 2), hours=Decimal("1")
        )
    _, per_consultant, total = effort_of(consultation=case)
    assert total == Decimal("3.5")
    assert [row["hours"] for row in per_consultant] == [Decimal("2.5"), Decimal("1")]


def test_an_attachment_is_stored_under_the_data_dir(cast, settings):
    case = make_case(cast.requester)
    pdf = SimpleUploadedFile("現行様式.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    attachment = services.attachment_add(user=cast.requester, consultation=case, upload=pdf)
    assert attachment.original_name == "現行様式.pdf"
    path = settings.MEDIA_ROOT / attachment.file.name
    assert path.is_file() and str(path).startswith(str(settings.DATA_DIR))


def test_an_attachment_with_a_forged_extension_is_refused_in_japanese(cast):
    case = make_case(cast.requester)
    forged = SimpleUploadedFile(
        "見積書.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
    )
    with pytest.raises(ValidationError, match="一致しません"):
        services.attachment_add(user=cast.requester, consultation=case, upload=forged)
    assert not Attachment.objects.exists()
    assert not case.timeline.filter(kind="attachment").exists()


def test_a_new_case_reaches_slack_and_teams_webhooks(cast, http_server, django_capture_on_commit_callbacks):
    NotificationChannel.objects.create(
        kind="slack", department=cast.department, target=f"{http_server.url}/slack"
    )
    NotificationChannel.objects.create(
        kind="teams", department=cast.department, target=f"{http_server.url}/teams"
    )
    NotificationChannel.objects.create(
        kind="slack", department=cast.other_department, target=f"{http_server.url}/other"
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(cast.requester, title="書かない窓口の導入")
    by_path = {r.path: r.json() for r in http_server.requests}
    assert set(by_path) == {"/slack", "/teams"}
    assert "書かない窓口の導入" in by_path["/slack"]["text"]
    assert f"/consultations/{case.pk}/" in by_path["/slack"]["text"]
    card = by_path["/teams"]["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard"
    assert "書かない窓口の導入" in card["body"][0]["text"]


def test_stage_changes_notify_the_assignees(cast, http_server, django_capture_on_commit_callbacks):
    case = make_case(cast.requester)
    services.consultation_assign(user=cast.consultant, consultation=case, consultants=[cast.consultant])
    NotificationChannel.objects.create(kind="slack", user=cast.consultant, target=f"{http_server.url}/me")
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_transition(user=cast.admin, consultation=case, to="analysis", comment="着手")
    assert len(http_server.requests) == 1
    assert "受付 → 業務分析" in http_server.requests[0].json()["text"]


def test_nothing_is_sent_when_the_transaction_fails(cast, http_server, django_capture_on_commit_callbacks):
    NotificationChannel.objects.create(kind="slack", department=cast.department, target=http_server.url)
    case = make_case(cast.requester)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.consultation_transition(user=cast.consultant, consultation=case, to="done")
    assert http_server.requests == []


def test_a_case_with_a_forged_attachment_is_not_half_saved(cast):
    forged = SimpleUploadedFile("様式.xlsx", b"plain text pretending to be a workbook")
    with pytest.raises(ValidationError, match="一致しません"):
        services.consultation_create(user=cast.requester, data=case_input(), attachments=[forged])
    assert not Consultation.objects.exists()
    assert not TimelineEntry.objects.exists()
    assert not AuditEntry.objects.filter(model="consultations.consultation").exists()
