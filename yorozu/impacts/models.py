"""The effect ledger: tools, deployments, their measured and projected effects, seasonal volumes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from yorozu_core.effects import WeightsError, validate_weights
from yorozu_core.fiscal import fiscal_year_of


class ToolKind(models.TextChoices):
    RPA = "rpa", "RPA"
    AI_OCR = "ai_ocr", "AI-OCR"
    ONLINE_FORM = "online_form", "オンライン申請"
    LOW_CODE = "low_code", "ローコード"
    BI = "bi", "BI"
    GENERATIVE_AI = "generative_ai", "生成AI"
    OTHER = "other", "その他"


class Tool(models.Model):
    """A product the city runs: WinActor, UiPath, LoGoフォーム, kintone, …"""

    name = models.CharField("ツール名", max_length=100, unique=True)
    kind = models.CharField("種類", max_length=20, choices=ToolKind.choices, db_index=True)
    vendor = models.CharField("提供者", max_length=100, blank=True)
    note = models.TextField("備考", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "ツール"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Deployment(models.Model):
    """One use of a tool in one department: an RPA scenario, an online form, a kintone app …"""

    class Status(models.TextChoices):
        PLANNED = "planned", "導入予定"
        LIVE = "live", "稼働中"
        RETIRED = "retired", "廃止"
        CANCELLED = "cancelled", "中止"

    tool = models.ForeignKey(
        Tool, verbose_name="ツール", on_delete=models.PROTECT, related_name="deployments"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="所管課",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deployments",
        help_text="空欄は全庁での利用",
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name="元の相談",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deployments",
    )
    name = models.CharField("名称", max_length=200)
    go_live = models.DateField("稼働日", db_index=True)
    retired_on = models.DateField("廃止日", null=True, blank=True)
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.LIVE)
    note = models.TextField("備考", blank=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "導入"
        ordering = ["-go_live", "-id"]
        indexes = [models.Index(fields=["go_live", "retired_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retired_on__isnull=True) | models.Q(retired_on__gt=models.F("go_live")),
                name="deployment_retired_after_go_live",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.retired_on and self.go_live and self.retired_on <= self.go_live:
            raise ValidationError({"retired_on": "廃止日は稼働日より後の日付にしてください。"})


class EffectRecord(models.Model):
    """One measurement (realised) or estimate (projected) of a deployment's effect over a period.

    ``hours_saved`` and ``annual_hours`` are derived by the services with ``yorozu_core`` and stored,
    so that a ten-year report is one grouped sum (decision record 0603).
    """

    class Kind(models.TextChoices):
        PROJECTED = "projected", "見込み"
        REALISED = "realised", "実績"

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="effects")
    kind = models.CharField("区分", max_length=10, choices=Kind.choices)
    period_start = models.DateField("測定期間（開始）")
    period_end = models.DateField("測定期間（終了）")
    fiscal_year = models.PositiveSmallIntegerField("年度", db_index=True)
    cases = models.PositiveIntegerField("件数")
    minutes_before = models.DecimalField(
        "導入前の1件あたり時間（分）", max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    minutes_after = models.DecimalField(
        "導入後の1件あたり時間（分）", max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    upkeep_hours = models.DecimalField(
        "保守等の時間（時間）",
        max_digits=9,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    hours_saved = models.DecimalField("削減時間（時間）", max_digits=12, decimal_places=2)
    annual_hours = models.DecimalField("年換算の削減時間（時間）", max_digits=12, decimal_places=2)
    note = models.CharField("備考", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="記録者", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "効果の記録"
        ordering = ["period_start", "id"]
        indexes = [models.Index(fields=["fiscal_year", "kind"]), models.Index(fields=["period_end", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start}〜{self.period_end}"

    def clean(self) -> None:
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                raise ValidationError({"period_end": "測定期間の終了日は開始日以降にしてください。"})
            if fiscal_year_of(self.period_start) != fiscal_year_of(self.period_end):
                raise ValidationError(
                    {"period_end": "測定期間は1つの年度（4月1日〜翌年3月31日）の中で指定してください。"}
                )


class VolumeProfile(models.Model):
    """Monthly case volumes (April … March) of one deployment or one department: the seasonal weights
    used to annualise a measurement (decision record 0602). A deployment's own profile wins over its
    department's; without either the year is flat."""

    deployment = models.OneToOneField(
        Deployment, null=True, blank=True, on_delete=models.CASCADE, related_name="volume_profile"
    )
    department = models.OneToOneField(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="volume_profile",
    )
    weights = models.JSONField("月別の件数比率（4月〜3月）")

    class Meta:
        verbose_name = verbose_name_plural = "月別件数比率"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deployment__isnull=False, department__isnull=True)
                | models.Q(deployment__isnull=True, department__isnull=False),
                name="volume_profile_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"月別件数比率: {self.deployment or self.department}"

    def clean(self) -> None:
        try:
            validate_weights(self.weights or [])
        except WeightsError as error:
            raise ValidationError({"weights": str(error)}) from error


class LedgerSettings(models.Model):
    """The city's settings for the ledger (one row): hourly rate for 人件費換算, public page switch."""

    hourly_rate_yen = models.PositiveIntegerField("人件費換算の時間単価（円）", default=4_560)
    public_results = models.BooleanField("DX実績の公開ページを表示する", default=False)
    measurement_months = models.CharField(
        "効果測定の時期（稼働から何か月後、カンマ区切り）", max_length=50, default="3,6,12"
    )

    class Meta:
        verbose_name = verbose_name_plural = "効果測定の設定"

    def __str__(self) -> str:
        return "効果測定の設定"


class MeasurementDue(models.Model):
    """A scheduled effect measurement of a live deployment (3, 6 and 12 months after go-live by default).

    Open until a realised effect whose period ends near the due date is recorded (then ``effect`` is set),
    or the desk marks it not needed (``skipped``, with a note). ``reminded_on``: the day
    ``yorozu impacts remind`` sent the notice (once per measurement).
    """

    class Status(models.TextChoices):
        OPEN = "open", "未測定"
        DONE = "done", "測定済み"
        SKIPPED = "skipped", "対象外"

    deployment = models.ForeignKey(
        Deployment, verbose_name="導入", on_delete=models.CASCADE, related_name="measurements"
    )
    months_after = models.PositiveSmallIntegerField("稼働からの月数")
    due_on = models.DateField("測定期限", db_index=True)
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.OPEN)
    effect = models.ForeignKey(
        EffectRecord, verbose_name="記録した実績", null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField("備考", max_length=200, blank=True)
    reminded_on = models.DateField("通知日", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "効果測定の予定"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deployment", "months_after"], name="measurement_once_per_month")
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.deployment}: {self.months_after}か月後（{self.due_on}）"


def live_on_filter(day: date) -> models.Q:
    """The rows of Deployment live on ``day`` (``yorozu_core.effects.is_live`` as a query)."""
    return (
        models.Q(go_live__lte=day)
        & (models.Q(retired_on__isnull=True) | models.Q(retired_on__gt=day))
        & ~models.Q(status__in=[Deployment.Status.CANCELLED, Deployment.Status.PLANNED])
    )
