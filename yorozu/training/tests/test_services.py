from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from yorozu.common.models import NotificationChannel
from yorozu.training import services
from yorozu.training.models import Kind, Registration, SkillAssessment, SkillReviewer
from yorozu.training.tests.factories import make_session, make_skill, move_to_past, session_data

pytestmark = pytest.mark.django_db


def mailbox_for(user):
    NotificationChannel.objects.create(
        kind=NotificationChannel.Kind.EMAIL, user=user, target=f"{user.username}@example.jp"
    )


def test_session_create_sets_fiscal_year_from_the_local_date(cast):
    start = timezone.make_aware(timezone.datetime(2027, 3, 31, 23, 30))  # Tokyo: still 令和8年度
    session = make_session(cast.consultant, starts_at=start)
    assert session.fiscal_year == 2026
    assert session.organiser == cast.consultant
    assert session.sequence == 0


def test_only_desk_staff_create_sessions(cast):
    for user in (cast.requester, cast.viewer):
        with pytest.raises(PermissionDenied):
            make_session(user)


def test_session_needs_a_place_or_an_online_url(cast):
    with pytest.raises(ValidationError):
        make_session(cast.consultant, place="", online_url="")


def test_register_until_full_then_waitlist(cast):
    session = make_session(cast.consultant, capacity=2)
    first = services.registration_create(user=cast.requester, session=session)
    second = services.registration_create(user=cast.colleague, session=session)
    third = services.registration_create(user=cast.outsider, session=session)
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]
    assert first.department == cast.department


def test_registering_twice_is_refused(cast):
    session = make_session(cast.consultant)
    services.registration_create(user=cast.requester, session=session)
    with pytest.raises(ValidationError, match="すでに申し込んで"):
        services.registration_create(user=cast.requester, session=session)


def test_cancel_promotes_the_first_in_the_queue(cast):
    session = make_session(cast.consultant, capacity=1)
    services.registration_create(user=cast.requester, session=session)
    services.registration_create(user=cast.colleague, session=session)
    services.registration_create(user=cast.outsider, session=session)
    services.registration_cancel(user=cast.requester, session=session)
    statuses = dict(Registration.objects.filter(session=session).values_list("user__username", "status"))
    assert statuses == {"requester": "cancelled", "colleague": "confirmed", "outsider": "waitlisted"}


def test_cancelling_a_waitlist_place_promotes_nobody(cast):
    session = make_session(cast.consultant, capacity=1)
    services.registration_create(user=cast.requester, session=session)
    services.registration_create(user=cast.colleague, session=session)
    services.registration_create(user=cast.outsider, session=session)
    services.registration_cancel(user=cast.colleague, session=session)
    statuses = dict(Registration.objects.filter(session=session).values_list("user__username", "status"))
    assert statuses == {"requester": "confirmed", "colleague": "cancelled", "outsider": "waitlisted"}


def test_re_registering_after_cancelling_joins_the_back_of_the_queue(cast):
    session = make_session(cast.consultant, capacity=1)
    services.registration_create(user=cast.requester, session=session)
    services.registration_create(user=cast.colleague, session=session)
    services.registration_cancel(user=cast.requester, session=session)
    again = services.registration_create(user=cast.requester, session=session)
    assert again.status == "waitlisted"
    assert Registration.objects.filter(session=session).count() == 2


def test_raising_capacity_promotes_waiting_people_and_lowering_below_confirmed_is_refused(cast):
    session = make_session(cast.consultant, capacity=1)
    for user in (cast.requester, cast.colleague, cast.outsider):
        services.registration_create(user=user, session=session)
    services.session_update(
        user=cast.consultant, session=session, data=session_data(capacity=2, starts_at=session.starts_at)
    )
    assert Registration.objects.filter(session=session, status="confirmed").count() == 2
    with pytest.raises(ValidationError, match="定員"):
        services.session_update(
            user=cast.consultant, session=session, data=session_data(capacity=1, starts_at=session.starts_at)
        )


def test_no_registration_for_cancelled_started_or_hidden_sessions(cast):
    cancelled = services.session_cancel(user=cast.consultant, session=make_session(cast.consultant))
    with pytest.raises(ValidationError, match="中止"):
        services.registration_create(user=cast.requester, session=cancelled)
    started = move_to_past(make_session(cast.consultant))
    with pytest.raises(ValidationError, match="開始済み"):
        services.registration_create(user=cast.requester, session=started)
    study = make_session(cast.consultant, kind=Kind.STUDY_GROUP)
    with pytest.raises(PermissionDenied):
        services.registration_create(user=cast.requester, session=study)
    with pytest.raises(PermissionDenied):
        services.registration_create(user=cast.viewer, session=make_session(cast.consultant))
    assert services.registration_create(user=cast.consultant, session=study).is_confirmed


def test_update_bumps_sequence_and_notifies_registrants_on_commit(cast, django_capture_on_commit_callbacks):
    mailbox_for(cast.requester)
    session = make_session(cast.consultant)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(user=cast.requester, session=session)
    assert "申込完了" in mail.outbox[-1].subject
    later = session.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.session_update(
            user=cast.consultant, session=session, data=session_data(starts_at=later)
        )
    assert updated.sequence == 1
    assert "研修の変更" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.session_cancel(user=cast.consultant, session=updated)
    assert cancelled.sequence == 2 and cancelled.is_cancelled
    assert "研修の中止" in mail.outbox[-1].subject


def test_promotion_is_notified(cast, django_capture_on_commit_callbacks):
    mailbox_for(cast.colleague)
    session = make_session(cast.consultant, capacity=1)
    services.registration_create(user=cast.requester, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(user=cast.colleague, session=session)
    assert "キャンセル待ち" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(user=cast.requester, session=session)
    assert "参加確定" in mail.outbox[-1].subject


def test_attendance_after_start_only_and_feedback_by_attendees(cast):
    session = make_session(cast.consultant)
    for user in (cast.requester, cast.colleague):
        services.registration_create(user=user, session=session)
    with pytest.raises(ValidationError):
        services.attendance_record(
            user=cast.consultant, session=session, attended_user_ids={cast.requester.pk}
        )
    move_to_past(session)
    with pytest.raises(PermissionDenied):
        services.attendance_record(user=cast.requester, session=session, attended_user_ids=set())
    assert (
        services.attendance_record(
            user=cast.consultant, session=session, attended_user_ids={cast.requester.pk}
        )
        == 1
    )
    answer = services.FeedbackData(satisfaction=5, understanding=4, usefulness=3, comment="良かった")
    feedback = services.feedback_submit(user=cast.requester, session=session, data=answer)
    assert feedback.registration.user == cast.requester
    with pytest.raises(PermissionDenied):  # marked absent
        services.feedback_submit(user=cast.colleague, session=session, data=answer)
    with pytest.raises(PermissionDenied):  # never registered
        services.feedback_submit(user=cast.outsider, session=session, data=answer)
    corrected = services.feedback_submit(
        user=cast.requester, session=session, data=services.FeedbackData(2, 2, 2)
    )
    assert corrected.pk == feedback.pk and corrected.satisfaction == 2


def test_feedback_before_the_session_is_refused(cast):
    session = make_session(cast.consultant)
    services.registration_create(user=cast.requester, session=session)
    with pytest.raises(ValidationError):
        services.feedback_submit(user=cast.requester, session=session, data=services.FeedbackData(5, 5, 5))


def test_feedback_outside_the_scale_is_refused(cast):
    session = make_session(cast.consultant)
    services.registration_create(user=cast.requester, session=session)
    move_to_past(session)
    with pytest.raises(ValidationError):
        services.feedback_submit(user=cast.requester, session=session, data=services.FeedbackData(6, 5, 5))


def test_materials_are_validated_and_stored_under_data_dir(cast, settings):
    session = make_session(cast.consultant)
    pdf = SimpleUploadedFile(
        "資料.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    )
    material = services.material_add(user=cast.consultant, session=session, upload=pdf)
    assert material.name == "資料.pdf"
    assert str(settings.DATA_DIR) in material.file.path
    fake = SimpleUploadedFile("slides.pdf", b"not a pdf at all")
    with pytest.raises(ValidationError):
        services.material_add(user=cast.consultant, session=session, upload=fake)
    with pytest.raises(PermissionDenied):
        services.material_add(user=cast.requester, session=session, upload=pdf)


def test_feed_rotation_changes_the_token(cast):
    first = services.calendar_feed_rotate(user=cast.requester).token
    second = services.calendar_feed_rotate(user=cast.requester).token
    assert first != second and len(second) >= 30


def test_self_assessment_only_by_the_consultant_and_reviews_only_by_reviewers(cast):
    skill = make_skill()
    own = services.skill_assess(
        user=cast.consultant, consultant=cast.consultant, skill=skill, kind="self", level=3
    )
    assert own.assessor == cast.consultant and own.assessed_on == timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.skill_assess(user=cast.admin, consultant=cast.consultant, skill=skill, kind="self", level=3)
    with pytest.raises(PermissionDenied):
        services.skill_assess(
            user=cast.consultant, consultant=cast.admin, skill=skill, kind="review", level=2
        )
    review = services.skill_assess(
        user=cast.admin, consultant=cast.consultant, skill=skill, kind="review", level=2
    )
    assert review.kind == SkillAssessment.Kind.REVIEW
    with pytest.raises(PermissionDenied):
        services.skill_assess(user=cast.admin, consultant=cast.admin, skill=skill, kind="review", level=4)
    services.reviewer_set(user=cast.admin, consultant=cast.consultant, is_reviewer=True)
    assert SkillReviewer.objects.filter(user=cast.consultant).exists()
    services.skill_assess(user=cast.consultant, consultant=cast.admin, skill=skill, kind="review", level=4)
    with pytest.raises(ValidationError):
        services.skill_assess(
            user=cast.consultant, consultant=cast.requester, skill=skill, kind="review", level=1
        )
    with pytest.raises(ValidationError):
        services.skill_assess(
            user=cast.consultant, consultant=cast.consultant, skill=skill, kind="self", level=5
        )
    with pytest.raises(PermissionDenied):
        services.reviewer_set(user=cast.consultant, consultant=cast.consultant, is_reviewer=False)


def test_remind_command_notifies_confirmed_registrants_of_tomorrows_sessions_once(
    cast, django_capture_on_commit_callbacks
):
    mailbox_for(cast.requester)
    mailbox_for(cast.colleague)
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(
        timezone.datetime.combine(tomorrow, timezone.datetime.min.time()).replace(hour=10)
    )
    session = make_session(cast.consultant, starts_at=start, capacity=1)
    make_session(cast.consultant, title="来週の研修", starts_at=start + timedelta(days=7))
    services.registration_create(user=cast.requester, session=session)
    services.registration_create(user=cast.colleague, session=session)  # waitlisted: no reminder
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("training_remind")
    assert [m.to for m in mail.outbox] == [["requester@example.jp"]]
    assert "明日の研修" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("training_remind", date=tomorrow.isoformat())
    assert len(mail.outbox) == 1


def test_reminders_skip_cancelled_sessions(cast):
    day = date.today() + timedelta(days=3)
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()).replace(hour=10))
    services.session_cancel(user=cast.consultant, session=make_session(cast.consultant, starts_at=start))
    assert services.sessions_send_reminders(on=day) == []


def test_the_admin_screen_cannot_confirm_a_seat_past_the_capacity(cast, client_as):
    """The admin's change form was a path around the session lock: it saved any status."""
    session = make_session(cast.consultant, capacity=1)
    services.registration_create(user=cast.requester, session=session)
    waiting = services.registration_create(user=cast.colleague, session=session)
    assert waiting.is_waitlisted
    url = f"/admin/training/registration/{waiting.pk}/change/"
    form = {
        "session": session.pk,
        "user": cast.colleague.pk,
        "department": cast.department.pk,
        "status": "confirmed",
        "queued_at_0": "2026-01-01",
        "queued_at_1": "10:00:00",
    }
    response = client_as(cast.admin).post(url, form)
    assert response.status_code == 200 and "定員（1人）に達している" in response.content.decode()
    assert session.registrations.filter(status="confirmed").count() == 1
    session.capacity = 0
    with pytest.raises(ValidationError, match="参加確定者数（1人）"):
        session.full_clean()
