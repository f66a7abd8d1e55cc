"""共有台帳: ledgers designed by the desk, their records, and the sharing with partner organisations."""

from __future__ import annotations

import ipaddress
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from yorozu_core.ledger_fields import KIND_LABELS

FIELD_KINDS = list(KIND_LABELS.items())


class Ledger(models.Model):
    department = models.ForeignKey(
        "accounts.Department", verbose_name="所管課", on_delete=models.PROTECT, related_name="ledgers"
    )
    name = models.CharField("台帳名", max_length=100)
    description = models.TextField("説明", blank=True)
    next_number = models.PositiveIntegerField("次の記録番号", default=1)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "台帳"
        ordering = ["department__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="ledger_unique_name_per_department")
        ]

    def __str__(self) -> str:
        return self.name


class LedgerField(models.Model):
    """One field of a ledger. Removing a field hides it; its values stay in every record."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField("キー", max_length=40)
    label = models.CharField("項目名", max_length=100)
    kind = models.CharField("種類", max_length=20, choices=FIELD_KINDS)
    required = models.BooleanField("必須", default=False)
    choices = models.JSONField("選択肢", default=list, blank=True)
    help_text = models.CharField("説明", max_length=300, blank=True)
    position = models.PositiveIntegerField("並び順", default=0)
    is_hidden = models.BooleanField("非表示（削除済み）", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "台帳の項目"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["ledger", "key"], name="ledger_field_unique_key")]

    def __str__(self) -> str:
        return self.label


class LedgerStatus(models.Model):
    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="statuses")
    name = models.CharField("状態", max_length=50)
    position = models.PositiveIntegerField("並び順", default=0)
    is_initial = models.BooleanField("最初の状態", default=False)
    allowed_next = models.ManyToManyField("self", verbose_name="移れる状態", symmetrical=False, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "台帳の状態"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["ledger", "name"], name="ledger_status_unique_name")]

    def __str__(self) -> str:
        return self.name


class LedgerView(models.Model):
    """A saved list view: which columns, sorted how, optionally only one status."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="views")
    name = models.CharField("一覧名", max_length=50)
    columns = models.JSONField("表示する項目", default=list)
    sort_key = models.CharField("並べ替える項目", max_length=40, blank=True)
    descending = models.BooleanField("降順", default=False)
    status = models.ForeignKey(
        LedgerStatus, verbose_name="状態で絞り込み", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = verbose_name_plural = "台帳の一覧表示"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    audit_masked_fields = ("values",)  # the audit trail shows that values changed, never what they are
    ledger = models.ForeignKey(Ledger, on_delete=models.PROTECT, related_name="records")
    number = models.PositiveIntegerField("記録番号")
    status = models.ForeignKey(
        LedgerStatus, verbose_name="状態", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    values = models.JSONField("内容", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="作成者"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "台帳の記録"
        ordering = ["ledger", "number"]
        constraints = [models.UniqueConstraint(fields=["ledger", "number"], name="record_unique_number")]

    def __str__(self) -> str:
        return f"{self.ledger.name} #{self.number}"


class RecordComment(models.Model):
    audit_masked_fields = ("body",)
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("コメント")
    created_at = models.DateTimeField("日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "台帳のコメント"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.record} のコメント"


def attachment_path(instance: RecordAttachment, filename: str) -> str:
    return f"ledgers/{instance.record.ledger_id}/{instance.record_id}/{filename}"


class RecordAttachment(models.Model):
    audit_masked_fields = ("file", "name")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="attachments")
    field_key = models.CharField("項目キー", max_length=40, blank=True)
    file = models.FileField("ファイル", upload_to=attachment_path)
    name = models.CharField("ファイル名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "台帳の添付ファイル"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.record} の添付ファイル"  # the file name may name a child; it stays out of the audit


class PartnerOrganisation(models.Model):
    """関係機関: a school, a police station, a hospital … whose staff may see shared records."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "学校"
        POLICE = "police", "警察署"
        MEDICAL = "medical", "医療機関"
        HEALTH = "health", "保健センター"
        FAMILY = "family", "子ども家庭支援センター"
        OTHER = "other", "その他"

    name = models.CharField("機関名", max_length=100, unique=True)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    allowed_networks = models.TextField(
        "接続を許可するIPアドレス（1行に1つ、CIDR可。空欄は制限なし）", blank=True
    )
    is_active = models.BooleanField("有効", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "関係機関"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for number, line in enumerate(self.allowed_networks.splitlines(), start=1):
            try:
                ipaddress.ip_network(line.strip(), strict=False) if line.strip() else None
            except ValueError as error:
                raise ValidationError(
                    {"allowed_networks": f"{number}行目「{line.strip()}」はIPアドレスではありません。"}
                ) from error

    def allows_address(self, address: str) -> bool:
        networks = [line.strip() for line in self.allowed_networks.splitlines() if line.strip()]
        if not networks:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


class PartnerMember(models.Model):
    """Links an external user (role 関係機関職員) to their organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )
    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="members")

    class Meta:
        verbose_name = verbose_name_plural = "関係機関の利用者"

    def __str__(self) -> str:
        return f"{self.organisation} / {self.user}"


class Share(models.Model):
    """A record, or every record in a status, shared with one organisation: which fields, until when."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.CASCADE, related_name="shares")
    record = models.ForeignKey(Record, null=True, blank=True, on_delete=models.CASCADE, related_name="shares")
    status = models.ForeignKey(
        LedgerStatus, null=True, blank=True, on_delete=models.CASCADE, related_name="shares"
    )
    field_keys = models.JSONField("見せる項目", default=list)
    can_comment = models.BooleanField("コメントできる", default=False)
    can_attach = models.BooleanField("ファイルを添付できる", default=False)
    expires_on = models.DateField("期限（この日まで）")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "関係機関への共有"
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record__isnull=False, status__isnull=True)
                | models.Q(record__isnull=True, status__isnull=False),
                name="share_targets_record_or_status",
            )
        ]

    def __str__(self) -> str:
        target = f"#{self.record.number}" if self.record_id and self.record else f"状態「{self.status}」"
        return f"{self.ledger} {target} → {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.expires_on >= timezone.localdate()


class AccessGrant(models.Model):
    """The owning department lets one internal user (e.g. a consultant) read its records for a period."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger_grants")
    expires_on = models.DateField("期限（この日まで）")
    reason = models.CharField("理由", max_length=200, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "台帳の閲覧許可"
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ledger} → {self.user}（{self.expires_on}まで）"

    def active_on(self, day: date) -> bool:
        return self.expires_on >= day


class ReadLog(models.Model):
    """One read of a record: a page view, an attachment download, an export row or an API read.

    Written with ``bulk_create`` so the audit signals do not copy every read into the audit trail;
    this table is itself the read trail and is kept like it (decision record 0903).
    """

    class Kind(models.TextChoices):
        PAGE = "page", "画面"
        ATTACHMENT = "attachment", "添付ファイル"
        EXPORT = "export", "書き出し"
        API = "api", "API"

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("日時", default=timezone.now, db_index=True)
    address = models.CharField("接続元", max_length=64, blank=True)
    kind = models.CharField("種類", max_length=20, choices=Kind.choices, default=Kind.PAGE)
    detail = models.CharField("詳細", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "閲覧履歴"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.record} {self.at}"
