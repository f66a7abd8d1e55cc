from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from yorozu_core.municipality_code import is_valid_municipality_code


def validate_municipality_code(value: str) -> None:
    if not is_valid_municipality_code(value):
        raise ValidationError("全国地方公共団体コードは検査数字を含む6桁で入力してください（例: 131199）。")


class City(models.Model):
    """The municipality that runs this installation (one row)."""

    name = models.CharField("団体名", max_length=50)
    code = models.CharField(
        "全国地方公共団体コード", max_length=6, unique=True, validators=[validate_municipality_code]
    )

    class Meta:
        verbose_name = verbose_name_plural = "自治体"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """An organisational unit: a 部 (bureau) holding 課 (sections)."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", "部"
        SECTION = "section", "課"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("種別", max_length=10, choices=Kind.choices, default=Kind.SECTION)
    parent = models.ForeignKey(
        "self",
        verbose_name="上位組織",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField("組織コード", max_length=20, blank=True)
    is_it_division = models.BooleanField("IT推進課", default=False)
    sort_order = models.PositiveIntegerField("並び順", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "組織"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="department_unique_name_per_parent"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.parent.name} {self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        if self.kind == self.Kind.SECTION and self.parent and self.parent.kind != self.Kind.BUREAU:
            raise ValidationError("課の上位組織は部にしてください。")
        if self.kind == self.Kind.BUREAU and self.parent_id:
            raise ValidationError("部は最上位の組織です。")


class User(AbstractUser):
    class Role(models.TextChoices):
        REQUESTER = "requester", "所管課職員"
        CONSULTANT = "consultant", "IT推進課コンサルタント"
        VIEWER = "viewer", "幹部（閲覧のみ）"
        ADMIN = "admin", "システム管理者"
        EXTERNAL = "external", "関係機関職員"

    role = models.CharField("役割", max_length=20, choices=Role.choices, default=Role.REQUESTER)
    department = models.ForeignKey(
        Department,
        verbose_name="所属",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    display_name = models.CharField("表示名", max_length=100, blank=True)
    job_grade = models.CharField("職位", max_length=50, blank=True)
    # Part of the session hash: raising it ends every session of the user ("log out everywhere").
    session_generation = models.PositiveIntegerField("セッション世代", default=0, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "利用者"

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        key_salt = "yorozu.accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        if self.role == self.Role.REQUESTER and not self.department_id:
            raise ValidationError({"department": "所管課職員には所属を設定してください。"})

    @property
    def is_requester(self) -> bool:
        return self.role == self.Role.REQUESTER

    @property
    def is_consultant(self) -> bool:
        return self.role == self.Role.CONSULTANT

    @property
    def is_viewer(self) -> bool:
        return self.role == self.Role.VIEWER

    @property
    def is_external(self) -> bool:
        """Staff of a partner organisation (関係機関): see only the ledger records shared with them."""
        return self.role == self.Role.EXTERNAL

    @property
    def is_yorozu_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def sees_all_departments(self) -> bool:
        """Consultants, viewers and admins see every department's records."""
        return self.role in (self.Role.CONSULTANT, self.Role.VIEWER, self.Role.ADMIN) or self.is_superuser

    @property
    def can_write(self) -> bool:
        """Viewers (幹部) read only."""
        return self.role != self.Role.VIEWER


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, default="api")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("発行日時", auto_now_add=True)
    last_used_at = models.DateTimeField("最終利用", null=True, blank=True)
    expires_at = models.DateTimeField(
        "有効期限", null=True, blank=True, help_text="空欄は無期限（推奨しません）"
    )

    class Meta:
        verbose_name = verbose_name_plural = "APIトークン"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw_token() -> str:
        return "yz_" + secrets.token_urlsafe(32)
