from __future__ import annotations

from django.conf import settings
from django.db import models

from yorozu_core.fiscal import fiscal_year_label
from yorozu_core.lifecycle import allowed_transitions


class Theme(models.TextChoices):
    ONLINE_APPLICATION = "online_application", "オンライン申請化"
    RPA = "rpa", "RPA化"
    AI_OCR = "ai_ocr", "AI-OCR"
    LOW_CODE = "low_code", "ローコード"
    BI = "bi", "BI可視化"
    GENERATIVE_AI = "generative_ai", "生成AI活用"
    LIVE_STREAMING = "live_streaming", "ライブ配信"
    COUNTER = "counter", "窓口改善"
    OTHER = "other", "その他"


class Stage(models.TextChoices):
    RECEIVED = "received", "受付"
    ANALYSIS = "analysis", "業務分析"
    PLANNING = "planning", "事業計画（予算化）"
    DESIGN = "design", "システム設計"
    IMPLEMENTATION = "implementation", "実装・導入"
    MEASUREMENT = "measurement", "効果測定"
    DONE = "done", "完了"
    ON_HOLD = "on_hold", "保留"
    WITHDRAWN = "withdrawn", "取下げ"


class Consultation(models.Model):
    """A 相談票 and the case that grows from it."""

    title = models.CharField("件名", max_length=200)
    theme = models.CharField("相談テーマ", max_length=30, choices=Theme.choices)
    current_issue = models.TextField("現状の課題")
    target_work = models.TextField("対象業務")
    desired_timing = models.CharField("希望時期", max_length=100, blank=True)
    department = models.ForeignKey(
        "accounts.Department", verbose_name="相談課", on_delete=models.PROTECT, related_name="consultations"
    )
    related_departments = models.ManyToManyField(
        "accounts.Department", verbose_name="関係部署", blank=True, related_name="related_consultations"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="相談者",
        on_delete=models.PROTECT,
        related_name="requested_consultations",
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="担当コンサルタント",
        blank=True,
        related_name="assigned_consultations",
    )
    received_on = models.DateField("受付日", db_index=True)
    # Stored, not computed per query: the list, the dashboard and the API filter and group by it
    # on 10,000+ cases. Always set from received_on by the services (fiscal_year_of).
    fiscal_year = models.PositiveSmallIntegerField("年度", db_index=True)
    stage = models.CharField(
        "段階", max_length=20, choices=Stage.choices, default=Stage.RECEIVED, db_index=True
    )
    stage_changed_at = models.DateTimeField("段階の変更日時")
    closing_reason = models.TextField("保留・取下げ・完了の理由", blank=True)
    # The stage a held (保留) case returns to; empty unless stage is on_hold.
    resume_stage = models.CharField("保留前の段階", max_length=20, choices=Stage.choices, blank=True)
    # NFKC-normalised, case-folded title + 現状の課題 + 対象業務, kept by the services, so that the
    # keyword filter is one substring match for 全角/半角 and ｶﾅ variants (decision record 0302).
    search_text = models.TextField("検索用テキスト", blank=True, editable=False)
    # The export's number of a case brought in by ``yorozu consultations import`` (re-import adds nothing).
    import_key = models.CharField(
        "取り込み元の番号", max_length=60, blank=True, db_index=True, editable=False
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "相談"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["department", "fiscal_year"]),
            models.Index(fields=["stage", "fiscal_year"]),
            # the dashboard's per-year breakdown by theme (decision record 0303)
            models.Index(fields=["fiscal_year", "theme"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.DONE, Stage.WITHDRAWN)

    @property
    def next_stages(self) -> list[tuple[str, str]]:
        """(value, label) of the stages this case may move to now."""
        return [(s, Stage(s).label) for s in allowed_transitions(self.stage, self.resume_stage)]


class TimelineEntry(models.Model):
    """One event on a case's timeline: a comment, a stage change, an assignment, an attachment."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "コメント"
        TRANSITION = "transition", "段階の変更"
        ASSIGNMENT = "assignment", "担当の変更"
        ATTACHMENT = "attachment", "添付"
        EFFORT = "effort", "工数"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="記入者", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("日時", db_index=True)
    from_stage = models.CharField("変更前の段階", max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField("変更後の段階", max_length=20, choices=Stage.choices, blank=True)
    body = models.TextField("内容", blank=True)
    # For a transition: whole days the case spent in from_stage (the dashboard's medians, decision 0303).
    days_in_stage = models.PositiveIntegerField("前の段階の日数", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "経過"
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["consultation", "at"]),
            models.Index(fields=["from_stage", "days_in_stage"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"consultations/{instance.consultation_id}/{filename}"


class Attachment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("ファイル", upload_to=attachment_path)
    original_name = models.CharField("ファイル名", max_length=255)
    size = models.PositiveIntegerField("サイズ")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "添付ファイル"

    def __str__(self) -> str:
        return self.original_name


class EffortLog(models.Model):
    """Hours a consultant spent on a case on one day."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="effort_logs")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="effort_logs"
    )
    worked_on = models.DateField("作業日")
    hours = models.DecimalField("時間", max_digits=5, decimal_places=2)
    note = models.CharField("内容", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工数"
        ordering = ["-worked_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="effort_hours_positive")]

    def __str__(self) -> str:
        return f"{self.worked_on} {self.hours}h"
