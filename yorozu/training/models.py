from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from yorozu.consultations.models import Theme
from yorozu_core.fiscal import fiscal_year_label


class Kind(models.TextChoices):
    ALL_STAFF = "all_staff", "全庁研修"
    STUDY_GROUP = "study_group", "課内勉強会"


class Topic(models.TextChoices):
    RPA = "rpa", "RPA"
    AI_OCR = "ai_ocr", "AI-OCR"
    LOGO_FORM = "logo_form", "LoGoフォーム"
    GENERATIVE_AI = "generative_ai", "生成AI"
    SECURITY = "security", "セキュリティ"
    BUSINESS_ANALYSIS = "business_analysis", "業務分析"
    DOCUMENTS = "documents", "資料作成"
    PRESENTATION = "presentation", "プレゼンテーション"
    LOW_CODE = "low_code", "ローコード"
    BI = "bi", "BI・データ活用"
    OTHER = "other", "その他"


# The one place where a training topic meets the desk's consultation themes (相談テーマ):
# the training-to-desk report counts consultations with these themes. Topics that teach
# the consultants' own craft (業務分析, 資料作成 …) lead to no theme.
TOPIC_THEMES: dict[str, tuple[str, ...]] = {
    Topic.RPA: (Theme.RPA,),
    Topic.AI_OCR: (Theme.AI_OCR,),
    Topic.LOGO_FORM: (Theme.ONLINE_APPLICATION,),
    Topic.GENERATIVE_AI: (Theme.GENERATIVE_AI,),
    Topic.LOW_CODE: (Theme.LOW_CODE,),
    Topic.BI: (Theme.BI,),
}


class TrainingSession(models.Model):
    """A 全庁研修 for all staff or a 課内勉強会 of the desk's consultants."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "開催予定"
        CANCELLED = "cancelled", "中止"

    kind = models.CharField("種別", max_length=20, choices=Kind.choices, default=Kind.ALL_STAFF)
    topic = models.CharField("テーマ", max_length=30, choices=Topic.choices, db_index=True)
    title = models.CharField("研修名", max_length=200)
    description = models.TextField("内容", blank=True)
    starts_at = models.DateTimeField("開始日時", db_index=True)
    ends_at = models.DateTimeField("終了日時")
    place = models.CharField("会場", max_length=200, blank=True)
    online_url = models.URLField("オンライン参加URL", blank=True)
    instructor = models.CharField("講師", max_length=100)
    capacity = models.PositiveIntegerField("定員", validators=[MinValueValidator(1)])
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="主催者",
        on_delete=models.PROTECT,
        related_name="organised_training_sessions",
    )
    # Stored, not computed per query: reports group by it. Always set by the services.
    fiscal_year = models.PositiveSmallIntegerField("年度", db_index=True)
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    uid = models.UUIDField("カレンダーUID", default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField("改訂番号", default=0)  # iCalendar SEQUENCE (RFC 5545 3.8.7.4)
    reminder_sent_at = models.DateTimeField("前日通知の送信日時", null=True, blank=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "研修"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "終了日時は開始日時より後にしてください。"})
        if not self.place and not self.online_url:
            raise ValidationError("会場またはオンライン参加URLのどちらかを入力してください。")
        if self.pk and self.capacity is not None:
            confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
            if self.capacity < confirmed:
                raise ValidationError(
                    {"capacity": f"定員を参加確定者数（{confirmed}人）より少なくはできません。"}
                )

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)


def material_path(instance: Material, filename: str) -> str:
    return f"training/materials/{instance.session_id}/{uuid.uuid4().hex}/{filename}"


class Material(models.Model):
    """A file handed out for a session (slides, hands-on data). Served only through an access-checked view."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField("ファイル", upload_to=material_path, max_length=300)
    name = models.CharField("ファイル名", max_length=200)
    size = models.PositiveBigIntegerField("サイズ")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登録者",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "研修資料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """One person's place (or place in the queue) for a session. One row per person and session."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "参加確定"
        WAITLISTED = "waitlisted", "キャンセル待ち"
        CANCELLED = "cancelled", "取消"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="参加者",
        on_delete=models.CASCADE,
        related_name="training_registrations",
    )
    # The department at the time of registration: reports must not move when someone changes section.
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="所属",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField("状態", max_length=20, choices=Status.choices, db_index=True)
    queued_at = models.DateTimeField("申込日時")  # the waiting list is served in this order
    attended = models.BooleanField("出席", null=True, blank=True)  # None: not taken yet
    cancelled_at = models.DateTimeField("取消日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "研修申込"
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="training_one_registration_per_user"),
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.session} / {self.user}"

    def clean(self) -> None:
        """A seat is confirmed only while one is free (the admin screen saves through here; the
        services decide under the session lock, docs/adr/0701)."""
        if self.status != self.Status.CONFIRMED or not self.session_id:
            return
        taken = (
            Registration.objects.filter(session_id=self.session_id, status=self.Status.CONFIRMED)
            .exclude(pk=self.pk)
            .count()
        )
        if taken >= self.session.capacity:
            raise ValidationError(
                {"status": f"定員（{self.session.capacity}人）に達しているため参加確定にできません。"}
            )

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED


def scale_field(label: str) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(label, validators=[MinValueValidator(1), MaxValueValidator(5)])


class Feedback(models.Model):
    """The after-session questionnaire: three 5-point scales and a comment."""

    QUESTIONS = ("satisfaction", "understanding", "usefulness")

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    satisfaction = scale_field("満足度")
    understanding = scale_field("理解度")
    usefulness = scale_field("業務への活用度")
    comment = models.TextField("感想・要望", blank=True)
    submitted_at = models.DateTimeField("回答日時")

    class Meta:
        verbose_name = verbose_name_plural = "研修アンケート"
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__range=(1, 5))
                & Q(understanding__range=(1, 5))
                & Q(usefulness__range=(1, 5)),
                name="training_feedback_scale_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration}（満足度 {self.satisfaction}）"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's secret iCalendar feed URL: Outlook subscribes without a session (docs/adr/0703)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_feed"
    )
    token = models.CharField("トークン", max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField("発行日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "研修カレンダー配信"

    def __str__(self) -> str:
        return f"{self.user} のカレンダー"


class Skill(models.Model):
    """A row of the consultants' skill matrix, with what each level 1–4 means."""

    name = models.CharField("スキル", max_length=100, unique=True)
    topic = models.CharField("関連する研修テーマ", max_length=30, choices=Topic.choices, blank=True)
    level1 = models.CharField("レベル1の目安", max_length=200)
    level2 = models.CharField("レベル2の目安", max_length=200)
    level3 = models.CharField("レベル3の目安", max_length=200)
    level4 = models.CharField("レベル4の目安", max_length=200)
    sort_order = models.PositiveIntegerField("並び順", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "スキル"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def level_description(self, level: int) -> str:
        return str(getattr(self, f"level{level}", ""))

    @property
    def level_descriptions(self) -> list[tuple[int, str]]:
        return [(n, self.level_description(n)) for n in (1, 2, 3, 4)]


class SkillReviewer(models.Model):
    """A consultant who may enter reviewers' assessments (admins always may)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_reviewer"
    )
    appointed_at = models.DateTimeField("指名日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "スキル評価者"

    def __str__(self) -> str:
        return str(self.user)


class SkillAssessment(models.Model):
    """One dated assessment of one consultant in one skill. Never edited: history is the list of rows."""

    class Kind(models.TextChoices):
        SELF = "self", "自己評価"
        REVIEW = "review", "評価者"

    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="コンサルタント",
        on_delete=models.CASCADE,
        related_name="skill_assessments",
    )
    skill = models.ForeignKey(
        Skill, verbose_name="スキル", on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField("種別", max_length=10, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(
        "レベル", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    assessed_on = models.DateField("評価日", db_index=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="評価者",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("根拠・コメント", max_length=300, blank=True)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "スキル評価"
        ordering = ["assessed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(level__range=(1, 4)), name="training_skill_level_1_4"),
        ]
        indexes = [models.Index(fields=["consultant", "skill", "kind", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.consultant} {self.skill} {self.get_kind_display()} {self.level}"
