"""Budgets of a municipality: per fiscal year, 会計, 歳入/歳出 and phase, as a tree of lines."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from yorozu.accounts.models import validate_municipality_code


def new_board_stamp() -> str:
    return secrets.token_hex(8)


class Municipality(models.Model):
    code = models.CharField(
        "全国地方公共団体コード", max_length=6, unique=True, validators=[validate_municipality_code]
    )
    name = models.CharField("団体名", max_length=50)
    designated_city = models.BooleanField(
        "指定都市", default=False, help_text="住民税の税率（市8%・県2%）の推計に使います"
    )
    intro = models.TextField("ボードの紹介文", blank=True)
    board_stamp = models.CharField(
        "ボードの版",
        max_length=16,
        default=new_board_stamp,
        editable=False,
        help_text="公開・取込・説明文・人口の変更で変わり、各プロセスのボードのキャッシュを無効にします",
    )

    class Meta:
        verbose_name = verbose_name_plural = "団体（予算ボード）"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Population(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField("年度")
    population = models.PositiveIntegerField("人口")
    source = models.CharField("出典", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "人口"
        ordering = ["municipality", "year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="budget_population_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.year}: {self.population:,}人"


class Budget(models.Model):
    class Phase(models.TextChoices):
        INITIAL = "initial", "当初予算"
        SUPPLEMENTARY = "supplementary", "補正予算"
        FINAL = "final", "最終予算"
        SETTLED = "settled", "決算"

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    account = models.CharField("会計", max_length=50, default="一般会計")
    side = models.CharField(
        "歳入歳出", max_length=2, choices=[("歳入", "歳入"), ("歳出", "歳出")], default="歳出"
    )
    phase = models.CharField("予算の段階", max_length=20, choices=Phase.choices, default=Phase.INITIAL)
    phase_number = models.PositiveSmallIntegerField("補正の号数", default=0)
    source_unit = models.CharField("元の単位", max_length=2, default="円")
    source_format = models.CharField("取込形式", max_length=30)
    source_name = models.CharField("取込ファイル", max_length=200)
    source_sha256 = models.CharField(max_length=64, blank=True)
    derived_note = models.CharField(
        "作成方法の注記",
        max_length=300,
        blank=True,
        help_text="他年度の予算書の前年度予算額から作った場合など",
    )
    total = models.BigIntegerField("合計（円）")
    depth = models.PositiveSmallIntegerField("階層の深さ")
    sum_mismatches = models.JSONField("内訳の不一致", default=list, blank=True)
    warnings = models.JSONField("取込時の注意", default=list, blank=True)
    is_published = models.BooleanField("公開", default=False)
    draft_of = models.ForeignKey(
        "self",
        verbose_name="置き換える公開中の版",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="drafts",
        help_text="公開中の年度を取り込み直した下書き。明示的に公開するまで住民には見えません",
    )
    imported_at = models.DateTimeField("取込日時", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = verbose_name_plural = "予算"
        ordering = ["municipality", "-fiscal_year", "account", "side", "phase", "phase_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year", "account", "side", "phase", "phase_number"],
                condition=models.Q(draft_of__isnull=True),
                name="budget_budget_unique_version",
            ),
            models.UniqueConstraint(fields=["draft_of"], name="budget_budget_one_draft_per_version"),
        ]

    def __str__(self) -> str:
        draft = "（下書き）" if self.draft_of_id else ""
        return f"{self.municipality.name} {self.fiscal_year}年度 {self.account} {self.side} {self.phase_label}{draft}"

    @property
    def is_draft(self) -> bool:
        return self.draft_of_id is not None

    @property
    def phase_label(self) -> str:
        if self.phase == self.Phase.SUPPLEMENTARY and self.phase_number:
            return f"補正予算（第{self.phase_number}号）後"
        return str(self.get_phase_display())


def key_hash(key_path: str) -> str:
    return hashlib.sha1(key_path.encode(), usedforsecurity=False).hexdigest()


class BudgetLine(models.Model):
    """A node of the tree. ``path`` ("3-2-1") is its place for URLs; ``key_path`` (names) matches
    the same line in another year."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    depth = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField()
    path = models.CharField(max_length=100)
    key_path = models.TextField()
    key_hash = models.CharField(max_length=40)
    label = models.CharField("階層", max_length=10)
    code = models.CharField("番号", max_length=20, blank=True)
    name = models.CharField("名称", max_length=300)
    amount = models.BigIntegerField("予算額（円）")
    previous_amount = models.BigIntegerField("前年度予算額（円）", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "予算の行"
        ordering = ["budget", "depth", "position"]
        constraints = [models.UniqueConstraint(fields=["budget", "path"], name="budget_line_unique_path")]
        indexes = [
            models.Index(fields=["budget", "parent", "position"]),
            models.Index(fields=["budget", "key_hash"]),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.name}"


class Explanation(models.Model):
    """A 説明 line printed beside a 目 in the 予算書: shown, never summed."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="explanations")
    position = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)
    amount = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["line", "position"]

    def __str__(self) -> str:
        return self.text


class LineNote(models.Model):
    """A 説明文 for residents, kept by the line's names so it survives re-imports and carries over years."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="notes")
    key_path = models.TextField()
    key_hash = models.CharField(max_length=40)
    text = models.TextField("説明文", max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "説明文"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key_hash"], name="budget_linenote_unique_key")
        ]

    def __str__(self) -> str:
        return self.key_path
