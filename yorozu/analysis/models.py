"""データ分析: datasets (a table loaded into Parquet), saved views over them, and the city's 町丁目 list."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models

from yorozu_core.analysis.columns import ColumnSpec, Kind


def new_public_slug() -> str:
    return secrets.token_urlsafe(9)


class Dataset(models.Model):
    """An uploaded table; its rows live in ``DATA_DIR/analysis/<id>/v<version>.parquet`` (decision 0801)."""

    name = models.CharField("名前", max_length=200)
    department = models.ForeignKey(
        "accounts.Department", verbose_name="所管課", on_delete=models.PROTECT, related_name="datasets"
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name="相談",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datasets",
    )
    shared_departments = models.ManyToManyField(
        "accounts.Department", verbose_name="共有先の課", blank=True, related_name="shared_datasets"
    )
    source_name = models.CharField("元のファイル名", max_length=255)
    source_kind = models.CharField("ファイルの種類", max_length=10)
    sheet = models.CharField("シート", max_length=100, blank=True)
    encoding = models.CharField("文字コード", max_length=20, blank=True)
    row_count = models.PositiveIntegerField("行数")
    version = models.PositiveIntegerField("版", default=1)
    headers = models.JSONField("見出し", default=list)
    # One dict per column or option group: key, name, kind, separator, order, members (ColumnSpec).
    columns = models.JSONField("列の型", default=list)
    stop_words = models.TextField("除外語", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登録者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "分析データ"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["department", "updated_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def folder(self) -> Path:
        return Path(settings.DATA_DIR) / "analysis" / str(self.pk)

    @property
    def parquet_path(self) -> Path:
        return self.folder / f"v{self.version}.parquet"

    @property
    def cache_folder(self) -> Path:
        return self.folder / f"cache-v{self.version}"

    @property
    def specs(self) -> list[ColumnSpec]:
        return [spec_from_json(item) for item in self.columns]

    def spec(self, key: str) -> ColumnSpec | None:
        return next((s for s in self.specs if s.key == key), None)


def spec_to_json(spec: ColumnSpec) -> dict[str, object]:
    return {
        "key": spec.key,
        "name": spec.name,
        "kind": spec.kind.value,
        "separator": spec.separator,
        "order": list(spec.order),
        "members": list(spec.members),
        "padded": spec.padded,
    }


def spec_from_json(item: dict[str, object]) -> ColumnSpec:
    return ColumnSpec(
        key=str(item["key"]),
        name=str(item["name"]),
        kind=Kind(str(item["kind"])),
        separator=str(item.get("separator") or ""),
        order=tuple(str(v) for v in item.get("order") or ()),  # type: ignore[attr-defined]
        members=tuple(str(v) for v in item.get("members") or ()),  # type: ignore[attr-defined]
        padded=bool(item.get("padded")),
    )


class SavedView(models.Model):
    """A named set of analyses over a dataset; re-run on every newer version of the data.

    It is the department's results page, and optionally a public page (no personal data: free-text
    answers only when chosen one by one, cells below ``min_count`` suppressed)."""

    dataset = models.ForeignKey(
        Dataset, verbose_name="分析データ", on_delete=models.CASCADE, related_name="views"
    )
    name = models.CharField("名前", max_length=200)
    description = models.TextField("説明", blank=True)
    # [{"type": "frequencies", "column": "c3"}, {"type": "crosstab", "row": "c1", "column": "c3"}, …]
    analyses = models.JSONField("分析", default=list)
    is_public = models.BooleanField("一般に公開する", default=False)
    public_slug = models.CharField("公開用の識別子", max_length=20, unique=True, default=new_public_slug)
    min_count = models.PositiveSmallIntegerField(
        "公開時に伏せる件数", default=5, help_text="この件数未満のセルは公開ページで「*」と表示します"
    )
    public_answers = models.JSONField("公開する自由記述（行番号）", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作成者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "保存した集計"
        ordering = ["dataset", "name", "id"]

    def __str__(self) -> str:
        return self.name


class TownList(models.Model):
    """The city's 町丁目 and postal codes: addresses become 町丁目 or 区外 (one list for the city)."""

    city_name = models.CharField("区市町村名", max_length=50)
    towns = models.TextField("町丁目（1行に1つ）", blank=True)
    postal_codes = models.TextField("郵便番号（1行に1つ）", blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "町丁目の一覧"

    def __str__(self) -> str:
        return self.city_name
