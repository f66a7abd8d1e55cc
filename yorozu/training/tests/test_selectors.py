from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from yorozu.consultations.models import Consultation
from yorozu.training import selectors, services
from yorozu.training.tests.factories import make_session, make_skill, move_to_past
from yorozu_core.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


def consultation(cast, theme: str, on: date, department=None) -> Consultation:
    return Consultation.objects.create(
        title=f"{theme} の相談",
        theme=theme,
        current_issue="手作業が多い",
        target_work="入力",
        department=department or cast.department,
        requester=cast.requester,
        received_on=on,
        fiscal_year=fiscal_year_of(on),
        stage_changed_at=timezone.now(),
    )


def attended_session(cast, topic: str, days_ago: int, users):
    session = make_session(cast.consultant, topic=topic)
    for user in users:
        services.registration_create(user=user, session=session)
    move_to_past(session, days=days_ago)
    services.attendance_record(user=cast.consultant, session=session, attended_user_ids={u.pk for u in users})
    return session


def test_training_to_desk_counts_the_departments_consultations_before_and_after(cast):
    session = attended_session(cast, "rpa", 100, [cast.requester, cast.colleague, cast.outsider])
    anchor = timezone.localdate(session.starts_at)
    consultation(cast, "rpa", anchor - timedelta(days=200))
    consultation(cast, "rpa", anchor + timedelta(days=10))
    consultation(cast, "rpa", anchor + timedelta(days=50))
    consultation(cast, "ai_ocr", anchor + timedelta(days=5))  # another theme: not counted
    consultation(cast, "rpa", anchor - timedelta(days=400))  # outside the window
    consultation(cast, "rpa", anchor + timedelta(days=3), department=cast.other_department)
    links = selectors.training_to_desk(user=cast.viewer, fiscal_year=session.fiscal_year)
    by_department = {link.department: (link.result.before, link.result.after) for link in links}
    assert by_department == {"区民文化部 戸籍住民課": (1, 2), "子ども家庭部 児童相談所": (0, 1)}
    assert {link.themes for link in links} == {"RPA化"}
    with pytest.raises(PermissionDenied):
        selectors.training_to_desk(user=cast.requester, fiscal_year=session.fiscal_year)


def test_craft_topics_do_not_appear_in_the_desk_link(cast):
    session = attended_session(cast, "presentation", 3, [cast.requester])
    assert selectors.training_to_desk(user=cast.admin, fiscal_year=session.fiscal_year) == []


def test_fiscal_year_report_counts_attendees_by_department_and_topic(cast):
    first = attended_session(cast, "rpa", 3, [cast.requester, cast.colleague, cast.outsider])
    second = attended_session(cast, "generative_ai", 2, [cast.requester])
    services.attendance_record(
        user=cast.consultant, session=second, attended_user_ids=set()
    )  # nobody came after all
    answers = [(5, 4, 4), (3, 2, 4)]
    for user, (s, u, w) in zip((cast.requester, cast.colleague), answers, strict=True):
        services.feedback_submit(user=user, session=first, data=services.FeedbackData(s, u, w))
    report = selectors.fiscal_year_report(user=cast.viewer, fiscal_year=first.fiscal_year)
    assert report.participants == 3
    assert report.topics == ["RPA"]
    assert report.matrix == [("区民文化部 戸籍住民課", [2], 2), ("子ども家庭部 児童相談所", [1], 1)]
    ((label, summary),) = report.by_topic
    assert label == "RPA" and summary.respondents == 2 and summary.attendees == 3
    assert [s.mean for _, s in summary.rows] == [4.0, 3.0, 4.0]
    assert summary.comments == []  # viewers see aggregates only


def test_skill_matrix_uses_the_latest_review_on_the_chosen_date(cast):
    skill = make_skill()
    kinds = services.skill_assess
    kinds(
        user=cast.consultant,
        consultant=cast.consultant,
        skill=skill,
        kind="self",
        level=2,
        assessed_on=date(2025, 4, 1),
    )
    kinds(
        user=cast.consultant,
        consultant=cast.consultant,
        skill=skill,
        kind="self",
        level=4,
        assessed_on=date(2026, 4, 1),
    )
    kinds(
        user=cast.admin,
        consultant=cast.consultant,
        skill=skill,
        kind="review",
        level=3,
        assessed_on=date(2026, 4, 8),
    )
    kinds(
        user=cast.admin,
        consultant=cast.admin,
        skill=skill,
        kind="self",
        level=3,
        assessed_on=date(2026, 4, 1),
    )
    now = selectors.skill_matrix(user=cast.viewer, as_of=date(2026, 5, 1))
    assert [(row.person.username, row.cells[0]["level"]) for row in now.rows] == [
        ("admin", 3),
        ("consultant", 3),
    ]
    assert now.thin == []
    before = selectors.skill_matrix(user=cast.viewer, as_of=date(2025, 5, 1))
    assert [(row.person.username, row.cells[0]["level"]) for row in before.rows] == [
        ("admin", 0),
        ("consultant", 2),
    ]
    assert before.thin == [(skill, 0)]
    with pytest.raises(PermissionDenied):
        selectors.skill_matrix(user=cast.requester)
