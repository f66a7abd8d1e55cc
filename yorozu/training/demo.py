"""Demo data for 人材育成: FY2025 into FY2026 (today in the demo is 2026-11-26, so some sessions are
still ahead), registrations, attendance, feedback and the consultants' skill assessments.

Idempotent and deterministic: every row has a natural key (sessions a UUID derived from their
name and date) and every "random" choice comes from a seeded generator walked in a fixed order.
History is written to the models directly: the services refuse registrations for sessions that
have already started, which is right for people and wrong for a year of history.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from yorozu.accounts.demo import DEPARTMENTS, section
from yorozu.accounts.models import User
from yorozu.training.models import (
    Feedback,
    Kind,
    Registration,
    Skill,
    SkillAssessment,
    SkillReviewer,
    Topic,
    TrainingSession,
)
from yorozu_core.fiscal import fiscal_year_of

NAMESPACE = uuid.UUID("6f1d7c52-3a0e-4d8e-9b7a-0c2f5e1b7d01")
DEMO_TODAY = date(2026, 11, 26)
STAFF_PER_SECTION = 2

# (day, topic, title, instructor, capacity, place or "online")
ALL_STAFF: list[tuple[str, str, str, str, int, str]] = [
    ("2025-05-20", Topic.RPA, "RPA入門研修（WinActor）", "IT推進課 相談 花子", 20, "本庁舎 7階 研修室A"),
    (
        "2025-06-17",
        Topic.AI_OCR,
        "AI-OCR活用研修 — 手書き帳票の読み取り",
        "IT推進課 分析 次郎",
        20,
        "本庁舎 7階 研修室A",
    ),
    (
        "2025-07-15",
        Topic.LOGO_FORM,
        "LoGoフォームで電子申請フォームを作る",
        "IT推進課 相談 花子",
        24,
        "本庁舎 7階 研修室B",
    ),
    (
        "2025-09-09",
        Topic.GENERATIVE_AI,
        "生成AI（ChatGPT）活用研修 — 安全な使い方とプロンプト",
        "IT推進課 管理者 太郎",
        40,
        "online",
    ),
    (
        "2025-10-21",
        Topic.SECURITY,
        "情報セキュリティ研修 — LGWAN と個人情報",
        "IT推進課 管理者 太郎",
        40,
        "区民ホール 小ホール",
    ),
    (
        "2025-11-18",
        Topic.RPA,
        "RPA実践研修 — シナリオを作って動かす",
        "IT推進課 相談 花子",
        16,
        "本庁舎 7階 研修室A",
    ),
    (
        "2026-01-20",
        Topic.GENERATIVE_AI,
        "生成AI応用研修 — 文書作成と要約",
        "IT推進課 分析 次郎",
        30,
        "online",
    ),
    (
        "2026-02-17",
        Topic.LOGO_FORM,
        "LoGoフォーム応用 — 集計とkintone連携",
        "IT推進課 相談 花子",
        20,
        "本庁舎 7階 研修室B",
    ),
    (
        "2026-05-19",
        Topic.RPA,
        "RPA入門研修（WinActor）令和8年度",
        "IT推進課 相談 花子",
        20,
        "本庁舎 7階 研修室A",
    ),
    (
        "2026-06-16",
        Topic.GENERATIVE_AI,
        "生成AI活用研修 — 法的な注意点とプロンプト",
        "IT推進課 管理者 太郎",
        40,
        "online",
    ),
    ("2026-07-14", Topic.AI_OCR, "AI-OCR活用研修 令和8年度", "IT推進課 分析 次郎", 20, "本庁舎 7階 研修室A"),
    (
        "2026-09-15",
        Topic.LOGO_FORM,
        "LoGoフォーム入門 令和8年度",
        "IT推進課 相談 花子",
        24,
        "本庁舎 7階 研修室B",
    ),
    (
        "2026-10-20",
        Topic.SECURITY,
        "情報セキュリティ研修 令和8年度",
        "IT推進課 管理者 太郎",
        40,
        "区民ホール 小ホール",
    ),
    (
        "2026-11-10",
        Topic.GENERATIVE_AI,
        "生成AI応用研修 — 議事録と住民向け文書",
        "IT推進課 分析 次郎",
        30,
        "online",
    ),
    ("2026-12-08", Topic.RPA, "RPA実践研修 — 例外処理と運用", "IT推進課 相談 花子", 16, "本庁舎 7階 研修室A"),
    (
        "2027-01-19",
        Topic.GENERATIVE_AI,
        "生成AIプロンプト演習（少人数）",
        "IT推進課 分析 次郎",
        4,
        "本庁舎 7階 研修室B",
    ),
    (
        "2027-02-16",
        Topic.AI_OCR,
        "AI-OCR応用 — 帳票設計から見直す",
        "IT推進課 分析 次郎",
        20,
        "本庁舎 7階 研修室A",
    ),
]
STUDY_TOPICS = [
    (Topic.BUSINESS_ANALYSIS, "業務量調査の読み方"),
    (Topic.DOCUMENTS, "事業計画書の書き方"),
    (Topic.PRESENTATION, "所管課への提案の伝え方"),
]

SKILLS: list[tuple[str, str, tuple[str, str, str, str]]] = [
    (
        "業務分析（業務量調査）",
        Topic.BUSINESS_ANALYSIS,
        (
            "調査票の項目を説明できる",
            "支援を受けて調査票をまとめられる",
            "一人で調査し、改善の方向を所管課に示せる",
            "調査手法を改善し、他の人に教えられる",
        ),
    ),
    (
        "RPAシナリオ設計",
        Topic.RPA,
        (
            "RPAで何ができるか説明できる",
            "簡単なシナリオを作れる",
            "例外処理を含むシナリオを一人で作り、運用を引き継げる",
            "全庁研修の講師ができる",
        ),
    ),
    (
        "AI-OCR帳票設計",
        Topic.AI_OCR,
        (
            "AI-OCRの仕組みを説明できる",
            "既存の帳票定義を直せる",
            "帳票から読み取り定義を一人で作れる",
            "読み取りやすい帳票への見直しを提案できる",
        ),
    ),
    (
        "LoGoフォーム・電子申請",
        Topic.LOGO_FORM,
        (
            "フォームを回答・集計できる",
            "フォームを作れる",
            "所管課の申請をフォームに置き換える設計ができる",
            "連携や運用ルールを設計し教えられる",
        ),
    ),
    (
        "生成AI活用",
        Topic.GENERATIVE_AI,
        (
            "利用ルールを理解している",
            "定型のプロンプトで業務に使える",
            "業務に合わせたプロンプトと注意点を所管課に示せる",
            "研修教材を作り講師ができる",
        ),
    ),
    (
        "資料作成（事業計画書）",
        Topic.DOCUMENTS,
        (
            "雛形を埋められる",
            "指摘を受けて計画書を仕上げられる",
            "予算要求に耐える計画書を一人で書ける",
            "他の人の計画書を添削できる",
        ),
    ),
    (
        "プレゼンテーション",
        Topic.PRESENTATION,
        (
            "用意された資料で説明できる",
            "自分で資料を作り説明できる",
            "幹部・所管課への提案を一人で行える",
            "全庁向けの発表ができ、指導できる",
        ),
    ),
    (
        "ファシリテーション",
        "",
        (
            "会議の進行役を補助できる",
            "少人数の打合せを進行できる",
            "関係部署が多い会議を一人で進行できる",
            "対立のある場を合意に導ける",
        ),
    ),
]
# consultant → skill index → (self levels, review levels) at the four assessment dates
ASSESSMENT_DATES = [date(2025, 4, 15), date(2025, 10, 15), date(2026, 4, 15), date(2026, 10, 15)]
GROWTH: dict[str, list[tuple[int, int, int, int]]] = {
    "consultant": [
        (2, 3, 3, 4),
        (3, 3, 4, 4),
        (1, 1, 2, 2),
        (2, 3, 3, 3),
        (2, 2, 3, 3),
        (2, 2, 3, 3),
        (2, 3, 3, 3),
        (1, 2, 2, 2),
    ],
    "consultant2": [
        (2, 2, 3, 3),
        (1, 2, 2, 2),
        (2, 2, 2, 3),
        (1, 2, 2, 2),
        (2, 3, 3, 4),
        (1, 2, 2, 3),
        (1, 1, 2, 2),
        (1, 1, 1, 2),
    ],
    "admin": [
        (3, 3, 3, 3),
        (2, 2, 2, 2),
        (1, 1, 1, 1),
        (2, 2, 3, 3),
        (3, 3, 3, 4),
        (3, 3, 3, 3),
        (3, 3, 4, 4),
        (2, 2, 2, 2),
    ],
}


def _at(day: str | date, hour: int, minute: int = 0) -> datetime:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return timezone.make_aware(datetime.combine(value, time(hour, minute)))


def _staff() -> list[User]:
    """Two staff members per section (no password: they exist for the reports), plus the demo requesters."""
    people = []
    for bureau, sections in DEPARTMENTS.items():
        for name in sections:
            if name == "IT推進課":
                continue
            dept = section(bureau, name)
            for n in range(1, STAFF_PER_SECTION + 1):
                username = f"staff-{dept.pk:03d}-{n}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "role": User.Role.REQUESTER,
                        "department": dept,
                        "display_name": f"{name} 職員{n}",
                    },
                )
                if created:
                    user.set_unusable_password()
                    user.save()
                people.append(user)
    return people


def _session(key: str, **fields: object) -> TrainingSession:
    uid = uuid.uuid5(NAMESPACE, key)
    starts_at = fields["starts_at"]
    assert isinstance(starts_at, datetime)
    fields["fiscal_year"] = fiscal_year_of(timezone.localdate(starts_at))
    session, _ = TrainingSession.objects.get_or_create(uid=uid, defaults=fields)
    return session


def _sessions(organisers: dict[str, User]) -> list[TrainingSession]:
    sessions = []
    for day, topic, title, instructor, capacity, place in ALL_STAFF:
        online = place == "online"
        sessions.append(
            _session(
                f"all:{day}:{title}",
                kind=Kind.ALL_STAFF,
                topic=topic,
                title=title,
                description=f"{Topic(topic).label}を業務で使うための研修です。教材はIT推進課が作成しました（セキュリティ・法令上の注意点を含みます）。",
                starts_at=_at(day, 14),
                ends_at=_at(day, 16, 30),
                place="" if online else place,
                online_url="https://meet.yorozu.lg.jp/training" if online else "",
                instructor=instructor,
                capacity=capacity,
                organiser=organisers["consultant"],
            )
        )
    first = date(2025, 4, 24)
    for n in range(24):  # a study group on the fourth Thursday-ish of every month
        day = first + timedelta(weeks=4 * n + (n // 3))
        topic, theme = STUDY_TOPICS[n % 3]
        sessions.append(
            _session(
                f"study:{n}",
                kind=Kind.STUDY_GROUP,
                topic=topic,
                title=f"課内勉強会 第{n + 1}回 {theme}",
                description="コンサルタント同士で事例を持ち寄り、手法を磨く勉強会です。",
                starts_at=_at(day, 17, 15),
                ends_at=_at(day, 18, 15),
                place="本庁舎 7階 IT推進課 打合せスペース",
                instructor=["相談 花子", "分析 次郎", "管理者 太郎"][n % 3],
                capacity=6,
                organiser=organisers["admin" if n % 2 else "consultant"],
            )
        )
    return sessions


def _register(session: TrainingSession, user: User, status: str, order: int) -> Registration:
    """A demo registration under the same rule as ``services.registration_create``: the session row is
    locked and a seat is confirmed only while one is free, else the person waits. (Writing the status
    straight in once put 17 confirmed people into the 16 seats of demo session 15.)"""
    existing = Registration.objects.filter(session=session, user=user).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        confirmed = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
        if status == Registration.Status.CONFIRMED and confirmed >= locked.capacity:
            status = Registration.Status.WAITLISTED
        return Registration.objects.create(
            session=locked,
            user=user,
            status=status,
            department=user.department,
            queued_at=session.starts_at - timedelta(days=14, minutes=-order),
        )


def _fit_capacity(sessions: list[TrainingSession]) -> None:
    """Repair a demo database loaded before the fix: seats confirmed past the capacity go back to the
    waiting list, last come first (the same order the service serves the queue in)."""
    for session in sessions:
        confirmed = list(
            session.registrations.filter(status=Registration.Status.CONFIRMED).order_by("queued_at", "id")
        )
        for registration in confirmed[session.capacity :]:
            registration.status = Registration.Status.WAITLISTED
            registration.save(update_fields=["status"])


def _history(
    sessions: list[TrainingSession], staff: list[User], consultants: list[User], rng: random.Random
) -> None:
    now = _at(DEMO_TODAY, 12)
    for session in sessions:
        pool = consultants if session.kind == Kind.STUDY_GROUP else staff
        take = min(len(pool), session.capacity + (2 if session.capacity < 10 else 0))
        take = (
            take
            if session.kind == Kind.STUDY_GROUP or session.capacity < 10
            else rng.randint(session.capacity * 2 // 3, session.capacity)
        )
        chosen = rng.sample(pool, take)
        for order, user in enumerate(chosen):
            status = (
                Registration.Status.CONFIRMED if order < session.capacity else Registration.Status.WAITLISTED
            )
            registration = _register(session, user, status, order)
            if session.ends_at < now and registration.is_confirmed:
                _attend_and_answer(registration, rng)


def _attend_and_answer(registration: Registration, rng: random.Random) -> None:
    attended = rng.random() < 0.92
    if registration.attended is None:
        registration.attended = attended
        registration.save(update_fields=["attended"])
    if not registration.attended or rng.random() > 0.75:
        return
    base = 4 if registration.session.kind == Kind.STUDY_GROUP else rng.choice([3, 4, 4, 5])
    Feedback.objects.get_or_create(
        registration=registration,
        defaults={
            "satisfaction": min(5, base + rng.choice([0, 0, 1])),
            "understanding": max(1, base - rng.choice([0, 1, 1])),
            "usefulness": min(5, max(1, base + rng.choice([-1, 0, 0, 1]))),
            "comment": rng.choice(
                [
                    "",
                    "",
                    "実習が多くて分かりやすかった。",
                    "自分の課の業務で試してみたい。",
                    "もう少し時間がほしい。",
                    "資料を課内で共有します。",
                ]
            ),
            "submitted_at": registration.session.ends_at + timedelta(hours=2),
        },
    )


def _demo_requesters(sessions: list[TrainingSession]) -> None:
    """The demo logins get something to see: a past session to answer, an upcoming seat, a queue place."""
    by_day = {timezone.localdate(s.starts_at).isoformat(): s for s in sessions if s.kind == Kind.ALL_STAFF}
    requester = User.objects.get(username="requester")
    requester2 = User.objects.get(username="requester2")
    past = _register(by_day["2026-11-10"], requester, Registration.Status.CONFIRMED, 99)
    if past.attended is None:
        past.attended = True
        past.save(update_fields=["attended"])
    _register(by_day["2026-12-08"], requester, Registration.Status.CONFIRMED, 99)
    _register(by_day["2027-01-19"], requester2, Registration.Status.WAITLISTED, 99)


def _skills(people: dict[str, User]) -> None:
    skills = []
    for order, (name, topic, levels) in enumerate(SKILLS):
        skill, _ = Skill.objects.get_or_create(
            name=name,
            defaults={
                "topic": topic,
                "sort_order": order,
                **{f"level{i + 1}": t for i, t in enumerate(levels)},
            },
        )
        skills.append(skill)
    SkillReviewer.objects.get_or_create(user=people["consultant"])
    reviewer_of = {
        "consultant": people["admin"],
        "consultant2": people["consultant"],
        "admin": people["consultant"],
    }
    for username, rows in GROWTH.items():
        for skill, levels in zip(skills, rows, strict=True):
            for when, level in zip(ASSESSMENT_DATES, levels, strict=True):
                _assess(people[username], skill, SkillAssessment.Kind.SELF, level, when, people[username])
                review = max(1, level - (1 if (skill.pk + when.month) % 4 == 0 else 0))
                _assess(
                    people[username],
                    skill,
                    SkillAssessment.Kind.REVIEW,
                    review,
                    when + timedelta(days=7),
                    reviewer_of[username],
                )


def _assess(person: User, skill: Skill, kind: str, level: int, when: date, assessor: User) -> None:
    SkillAssessment.objects.get_or_create(
        consultant=person,
        skill=skill,
        kind=kind,
        assessed_on=when,
        defaults={"level": level, "assessor": assessor},
    )


def load_demo(*, stdout: TextIO) -> None:
    rng = random.Random(20261126)
    people = {u.username: u for u in User.objects.filter(username__in=["consultant", "consultant2", "admin"])}
    sessions = _sessions(people)
    staff = _staff()
    _demo_requesters(sessions)  # first: their seats are part of the capacity the history fills
    _history(sessions, staff, [people["consultant"], people["consultant2"], people["admin"]], rng)
    _fit_capacity(sessions)
    _skills(people)
    stdout.write(
        f"研修: {TrainingSession.objects.count()} 件、申込: {Registration.objects.count()} 件、"
        f"アンケート: {Feedback.objects.count()} 件、スキル評価: {SkillAssessment.objects.count()} 件\n"
    )
