"""事例集: case studies drafted from finished cases or imported from other municipalities."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models

from yorozu.consultations.models import Theme


class Level(models.TextChoices):
    """Who may read a published 事例 (docs/casebook.md)."""

    INTERNAL = "internal", "庁内"
    PUBLIC = "public", "公開"
    SHARED = "shared", "他団体と共有"


class Status(models.TextChoices):
    DRAFT = "draft", "下書き"
    REVIEW = "review", "所管課の確認待ち"
    PUBLISHED = "published", "公開済み"


class CaseStudy(models.Model):
    """One 事例 in the shape of the national 地方公共団体DX事例データベース."""

    uid = models.UUIDField("事例ID", default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField("版", default=1)
    title = models.CharField("事例名", max_length=200)
    summary = models.TextField("概要", blank=True)
    challenge = models.TextField("課題", blank=True)
    solution = models.TextField("解決の手法", blank=True)
    outcome = models.TextField("成果", blank=True)
    continuity = models.TextField("継続性", blank=True)
    operation_period = models.CharField("運用期間", max_length=200, blank=True)
    references = models.TextField("参考資料", blank=True)
    theme = models.CharField("テーマ", max_length=30, choices=Theme.choices, db_index=True)
    tools = models.JSONField("ツール", default=list, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="所管課",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_studies",
    )
    # The department as text: another city's department, or ours as it was named when published.
    department_name = models.CharField("担当部署", max_length=200, blank=True)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name="元の相談",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    annual_hours_saved = models.DecimalField(
        "年換算の削減時間（時間）", max_digits=12, decimal_places=1, null=True, blank=True
    )
    annual_yen_saved = models.PositiveBigIntegerField("年換算の削減額（円）", null=True, blank=True)
    effect_period_start = models.DateField("効果の測定期間（開始）", null=True, blank=True)
    effect_period_end = models.DateField("効果の測定期間（終了）", null=True, blank=True)
    status = models.CharField(
        "状態", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    level = models.CharField("公開範囲", max_length=20, choices=Level.choices, default=Level.INTERNAL)
    # Empty for our own 事例; another municipality's name and code for an imported one.
    municipality_name = models.CharField("団体名", max_length=50, blank=True)
    municipality_code = models.CharField("団体コード", max_length=6, blank=True, db_index=True)
    source_updated_at = models.DateTimeField("元の更新日時", null=True, blank=True)
    imported_at = models.DateTimeField("取込日時", null=True, blank=True)
    published_at = models.DateTimeField("公開日時", null=True, blank=True)
    # Index terms (SudachiPy normalized forms), kept by the services so ranking never re-tokenizes.
    index_terms = models.JSONField("索引語", default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作成者", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "事例"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "uid"], name="case_study_unique_per_municipality"
            )
        ]
        indexes = [models.Index(fields=["status", "level"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_imported(self) -> bool:
        return bool(self.municipality_code)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def has_effect(self) -> bool:
        return self.annual_hours_saved is not None and self.annual_hours_saved > Decimal(0)


class CaseStudyReuse(models.Model):
    """A consultation that reused a 事例 (linked by a consultant)."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="reuses")
    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="reused_case_studies"
    )
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    linked_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "事例の再利用"
        constraints = [
            models.UniqueConstraint(fields=["case_study", "consultation"], name="case_study_reuse_once")
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} → {self.case_study_id}"


class CasebookSettings(models.Model):
    """The city's casebook settings (one row): whether the public 事例 page is switched on."""

    public_page = models.BooleanField("公開事例のページを表示する", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "事例集の設定"

    def __str__(self) -> str:
        return "事例集の設定"
