"""Regulation collections, their documents (with every ingested version) and the question log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yorozu.accounts.models import Department, User


class Collection(models.Model):
    """A set of regulations searched together, visible to the departments and roles named
    (none named: every member of staff). 福利厚生・服務 for all staff, 人事内部 for HR only."""

    name = models.CharField("名称", max_length=100, unique=True)
    description = models.TextField("説明", blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name="閲覧できる組織", blank=True, related_name="regqa_collections"
    )
    roles = models.JSONField("閲覧できる役割", default=list, blank=True)
    index_version = models.PositiveIntegerField("索引の版", default=0)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "規則コレクション"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open_to_all(self) -> bool:
        return not self.roles and not self.departments.exists()


class Document(models.Model):
    """One regulation in a collection; ``source`` is its file name without extension."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="documents")
    source = models.CharField("ファイル名（拡張子なし）", max_length=200)
    title = models.CharField("規則名", max_length=300)
    number = models.CharField("番号", max_length=200, blank=True)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "規則"
        ordering = ["collection", "title"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "source"], name="regqa_document_unique_source")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> DocumentVersion | None:
        return self.versions.filter(is_current=True).first()


def _version_path(instance: DocumentVersion, filename: str) -> str:
    return f"regqa/{instance.document.collection_id}/{instance.document.source}/v{instance.number}/{filename}"


class DocumentVersion(models.Model):
    """An ingested file. Re-ingesting replaces the current version; older ones stay for the audit trail."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版")
    file = models.FileField("ファイル", upload_to=_version_path, max_length=400)
    filename = models.CharField("元のファイル名", max_length=255)
    sha256 = models.CharField(max_length=64)
    is_current = models.BooleanField("現行", default=True)
    article_count = models.PositiveIntegerField("条の数", default=0)
    chunk_count = models.PositiveIntegerField("検索単位の数", default=0)
    skipped = models.JSONField("取り込まなかったもの", default=list, blank=True)
    injection_flags = models.JSONField("AIへの指示のような記述", default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登録者", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "規則の版"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="regqa_version_unique_number"),
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(is_current=True), name="regqa_version_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} 第{self.number}版"


class QuestionLog(models.Model):
    """Who asked what and when, what was answered and cited, and the asker's feedback.
    Kept for ``YOROZU_REGQA_LOG_RETENTION_DAYS`` days (``yorozu regqa purge-logs``)."""

    class Mode(models.TextChoices):
        EXTRACTIVE = "extractive", "抜粋"
        LLM = "llm", "生成"
        NOT_FOUND = "not_found", "該当なし"

    class Rating(models.TextChoices):
        GOOD = "good", "役に立った"
        BAD = "bad", "役に立たなかった"

    class Mark(models.TextChoices):
        """What a consultant found the right answer to be ("" = 未確認; ADR 0419)."""

        ARTICLE = "article", "正解記事あり"
        NOT_COVERED = "not_covered", "対象外"

    user = models.ForeignKey(User, verbose_name="質問者", null=True, on_delete=models.SET_NULL)
    collection = models.ForeignKey(
        Collection, verbose_name="コレクション", null=True, blank=True, on_delete=models.SET_NULL
    )
    question = models.TextField("質問")
    answer = models.TextField("回答", blank=True)
    mode = models.CharField("回答方式", max_length=20, choices=Mode.choices)
    citations = models.JSONField("出典", default=list)
    rejected_citations = models.JSONField("削除した出典", default=list, blank=True)
    unsupported_sentences = models.JSONField("出典を確認できず削除した文", default=list, blank=True)
    rating = models.CharField("評価", max_length=10, choices=Rating.choices, blank=True)
    comment = models.TextField("評価のコメント", blank=True)
    asked_at = models.DateTimeField("質問日時", auto_now_add=True, db_index=True)
    # The article a consultant marks as the answer (or 対象外): the evaluation set of the collection
    # and the other side of a synonym suggestion (ADR 0419). Source and article as in citations.
    mark = models.CharField("確認結果", max_length=20, choices=Mark.choices, blank=True, db_index=True)
    marked_collection = models.ForeignKey(
        Collection,
        verbose_name="正解記事のコレクション",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="marked_questions",
    )
    marked_source = models.CharField("正解記事の規則（ファイル名）", max_length=200, blank=True)
    marked_article = models.CharField("正解記事の条", max_length=50, blank=True)
    marked_citation = models.CharField("正解記事", max_length=400, blank=True)
    marked_by = models.ForeignKey(
        User, verbose_name="確認者", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField("確認日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "質問ログ"
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mark="article") | ~models.Q(marked_source=""),
                name="regqa_questionlog_marked_article_has_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.asked_at:%Y-%m-%d %H:%M} {self.question[:30]}"

    @property
    def mark_label(self) -> str:
        return self.get_mark_display() if self.mark else "未確認"


class Synonym(models.Model):
    """A word staff use and the words this collection's regulations use for it (弁償 → 賠償),
    curated by the desk; used by the not-found decision and as query expansion (ADR 0410)."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="synonyms")
    term = models.CharField("質問での言い方", max_length=50)
    synonyms = models.CharField("規則での言い方（読点区切り）", max_length=200)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "同義語"
        ordering = ["collection", "term"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "term"], name="regqa_synonym_unique_term")
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.synonyms}"

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w.strip() for w in self.synonyms.replace(",", "、").split("、") if w.strip())
