"""業務分析: one 業務量調査 sheet per consultation, its task rows, and the rates the figures use."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from yorozu_core.toolfit import Degree, Medium, Tool, WorkKind
from yorozu_core.worksheet import DEFAULT_ANNUAL_WORKING_HOURS, WorksheetError, parse_months

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class HourlyRate(models.Model):
    """人件費単価 per 職位 (yen per hour), set by the desk; one row is the default."""

    grade = models.CharField("職位", max_length=50, unique=True)
    yen_per_hour = models.PositiveIntegerField("時間単価（円）")
    is_default = models.BooleanField("既定の単価", default=False)
    sort_order = models.PositiveIntegerField("並び順", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "人件費単価"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.grade}（{self.yen_per_hour:,}円/時）"


class AnalysisSettings(models.Model):
    """The city's settings for 業務分析 (one row, pk=1): working year and the fit weights."""

    annual_working_hours = models.DecimalField(
        "年間勤務時間（時間/人）",
        max_digits=7,
        decimal_places=1,
        default=DEFAULT_ANNUAL_WORKING_HOURS,
        validators=[MinValueValidator(Decimal(1))],
    )
    fit_weights = models.JSONField("ツール適合の重み", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "業務分析の設定"

    def __str__(self) -> str:
        return "業務分析の設定"


class Worksheet(models.Model):
    """The 業務量調査 of a consultation, and the plan (事業計画書) drawn from it."""

    consultation = models.OneToOneField(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="worksheet"
    )
    proposed_tool = models.CharField(
        "導入するツール", max_length=20, choices=[(t.value, t.label) for t in Tool], blank=True
    )
    solution = models.TextField("解決策", blank=True)
    selection_reason = models.TextField("選定理由（補足）", blank=True)
    initial_cost = models.PositiveBigIntegerField("初期費用（円）", default=0)
    build_cost = models.PositiveBigIntegerField("構築費（円）", default=0)
    annual_licence = models.PositiveBigIntegerField("年間ライセンス・保守費（円）", default=0)
    upkeep_hours = models.DecimalField(
        "導入後の運用・保守時間（時間/年）",
        max_digits=9,
        decimal_places=1,
        default=0,
        validators=NON_NEGATIVE,
    )
    go_live = models.DateField("稼働予定日", null=True, blank=True)
    budget_year = models.PositiveSmallIntegerField(
        "予算年度", null=True, blank=True, help_text="空欄なら相談の年度の翌年度"
    )
    resident_benefit = models.TextField("住民・事業者への効果", blank=True)
    kpi = models.TextField("KPI", blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "業務量調査"

    def __str__(self) -> str:
        return f"業務量調査: {self.consultation.title}"

    @property
    def cost_total_one_off(self) -> int:
        return self.initial_cost + self.build_cost


class WorkItem(models.Model):
    """One task (業務) of a 業務量調査."""

    class Measurement(models.TextChoices):
        MEASURED = "measured", "実測"
        RECORDED = "recorded", "実績記入"
        ESTIMATED = "estimated", "推定"

    MEDIUM_CHOICES = [
        (Medium.PAPER.value, "紙"),
        (Medium.MIXED.value, "紙と電子"),
        (Medium.ELECTRONIC.value, "電子"),
    ]
    RULES_CHOICES = [
        (Degree.YES.value, "書ける"),
        (Degree.PARTLY.value, "一部書ける"),
        (Degree.NO.value, "書けない"),
    ]
    JUDGEMENT_CHOICES = [
        (Degree.FEW.value, "少ない"),
        (Degree.SOME.value, "ある"),
        (Degree.MANY.value, "多い"),
    ]
    WORK_KIND_CHOICES = [
        (WorkKind.DATA_ENTRY.value, "入力・転記"),
        (WorkKind.APPLICATION.value, "申請・届出の受付"),
        (WorkKind.CHECK.value, "審査・確認"),
        (WorkKind.AGGREGATION.value, "集計・報告"),
        (WorkKind.DOCUMENT.value, "文書作成・要約"),
        (WorkKind.INQUIRY.value, "問合せ対応"),
        (WorkKind.OTHER.value, "その他"),
    ]
    ROUTINE_CHOICES = [(True, "定型"), (False, "非定型")]
    CORE_CHOICES = [(True, "コア"), (False, "ノンコア")]
    YES_NO = [(True, "はい"), (False, "いいえ")]

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("並び順", default=0)
    name = models.CharField("業務名", max_length=200)
    purpose = models.TextField("目的・概要", blank=True)
    legal_basis = models.CharField("根拠法令", max_length=200, blank=True)
    annual_cases = models.DecimalField(
        "年間件数",
        max_digits=12,
        decimal_places=1,
        validators=NON_NEGATIVE,
        help_text="月別の件数（通常期・繁忙期・閑散期）を入れると、そこから計算します。",
    )
    normal_monthly = models.DecimalField(
        "通常期の件数（月あたり）",
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    peak_monthly = models.DecimalField(
        "繁忙期の件数（月あたり）",
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    peak_months = models.CharField("繁忙期の月", max_length=40, blank=True, help_text="例: 3,4")
    off_monthly = models.DecimalField(
        "閑散期の件数（月あたり）",
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    off_months = models.CharField("閑散期の月", max_length=40, blank=True, help_text="例: 8")
    minutes_per_case = models.DecimalField(
        "1件あたり処理時間（分）", max_digits=8, decimal_places=1, validators=NON_NEGATIVE
    )
    minutes_after = models.DecimalField(
        "導入後の処理時間（分・見込み）",
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    staff = models.DecimalField(
        "担当人数（FTE）", max_digits=6, decimal_places=2, default=1, validators=NON_NEGATIVE
    )
    grade = models.ForeignKey(
        HourlyRate, verbose_name="担当者の職位", null=True, blank=True, on_delete=models.SET_NULL
    )
    medium = models.CharField("入力は紙か電子か", max_length=12, choices=MEDIUM_CHOICES)
    completes_on_pc = models.BooleanField("PC上で完結するか", choices=YES_NO)
    rules_writable = models.CharField("手順をルールとして書けるか", max_length=8, choices=RULES_CHOICES)
    judgement = models.CharField("判断・例外の多さ", max_length=8, choices=JUDGEMENT_CHOICES)
    routine = models.BooleanField("定型/非定型", choices=ROUTINE_CHOICES)
    core = models.BooleanField("コア/ノンコア", choices=CORE_CHOICES)
    change_expected = models.BooleanField("6か月以内の変更見込み", choices=YES_NO, default=False)
    has_manual = models.BooleanField("手順書の有無", choices=[(True, "あり"), (False, "なし")], default=False)
    measurement = models.CharField("測定方法", max_length=12, choices=Measurement.choices)
    work_kind = models.CharField(
        "主な作業の種類", max_length=20, choices=WORK_KIND_CHOICES, default=WorkKind.OTHER.value
    )
    resident_facing = models.BooleanField("住民・事業者からの申請・届出か", choices=YES_NO, default=False)
    shared_across = models.BooleanField("他部署・他機関と共有するか", choices=YES_NO, default=False)

    class Meta:
        verbose_name = verbose_name_plural = "業務（業務量調査の行）"
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["worksheet", "position"])]

    def __str__(self) -> str:
        return self.name

    @property
    def has_seasons(self) -> bool:
        return self.normal_monthly is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field_name in ("peak_months", "off_months"):
            try:
                parse_months(getattr(self, field_name))
            except WorksheetError as error:
                errors[field_name] = str(error)
        if self.peak_months and self.peak_monthly is None:
            errors["peak_monthly"] = "繁忙期の月を入れたときは、繁忙期の件数も入れてください。"
        if self.off_months and self.off_monthly is None:
            errors["off_monthly"] = "閑散期の月を入れたときは、閑散期の件数も入れてください。"
        if (self.peak_monthly is not None or self.off_monthly is not None) and self.normal_monthly is None:
            errors["normal_monthly"] = "繁忙期・閑散期を使うときは、通常期の件数も入れてください。"
        if errors:
            raise ValidationError(errors)
