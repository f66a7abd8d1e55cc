from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class AuditEntry(models.Model):
    """One change to one record: who, when, what it was before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "作成"
        UPDATE = "update", "更新"
        DELETE = "delete", "削除"
        IMPORT = "import", "取込"
        ACCESS = "access", "参照"

    at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作者", null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField("操作者（記録時）", max_length=150, blank=True)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    model = models.CharField("対象", max_length=100, db_index=True)
    object_id = models.CharField("ID", max_length=64, db_index=True)
    object_repr = models.CharField("表示名", max_length=200, blank=True)
    changes = models.JSONField("変更内容", default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = verbose_name_plural = "監査ログ"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.model}#{self.object_id}"


class NotificationChannel(models.Model):
    """Where a department's or a user's notifications go: e-mail or a chat tool's incoming webhook."""

    class Kind(models.TextChoices):
        EMAIL = "email", "電子メール"
        LOGOCHAT = "logochat", "LoGoチャット"
        TEAMS = "teams", "Microsoft Teams"
        SLACK = "slack", "Slack"
        LINEWORKS = "lineworks", "LINE WORKS"
        CHATWORK = "chatwork", "Chatwork"

    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="組織",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_channels",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="利用者",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_channels",
    )
    target = models.CharField("宛先（メールアドレスまたはWebhook URL）", max_length=500)
    secret = models.CharField("トークン（Chatwork APIトークン等）", max_length=200, blank=True)
    events = models.CharField("通知するイベント（カンマ区切り、空欄はすべて）", max_length=300, blank=True)
    is_active = models.BooleanField("有効", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知先"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=False) | models.Q(user__isnull=False),
                name="notification_channel_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.department or self.user}"

    def wants(self, event: str) -> bool:
        wanted = [e.strip() for e in self.events.split(",") if e.strip()]
        return not wanted or event in wanted


class NotificationDelivery(models.Model):
    """One attempt log of a notification to one channel."""

    class Status(models.TextChoices):
        SENT = "sent", "送信済み"
        FAILED = "failed", "失敗"

    channel = models.ForeignKey(NotificationChannel, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField("イベント", max_length=50)
    subject = models.CharField("件名", max_length=200)
    status = models.CharField("状態", max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField("試行回数", default=0)
    error = models.TextField("エラー", blank=True)
    at = models.DateTimeField("日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知の送信記録"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.event} {self.get_status_display()}"
