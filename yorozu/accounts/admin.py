from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from yorozu.accounts import services, twofactor
from yorozu.accounts.models import ApiToken, City, Department, User


@admin.register(User)
class YorozuUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "role", "department", "is_active")
    list_filter = ("role", "department", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("よろず相談DX", {"fields": ("role", "department", "display_name", "job_grade")}),
    )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "is_it_division", "sort_order")
    list_filter = ("kind",)


admin.site.register(City)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The administrator sees everyone's tokens and revokes them (tokens are issued by their owner or the CLI)."""

    list_display = ("user", "name", "created_at", "expires_at", "last_used_at")
    list_filter = ("user__role",)
    search_fields = ("user__username", "name")
    readonly_fields = ("user", "name", "digest", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="選択したトークンを失効させる")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.select_related("user"):
            services.token_revoke(user=token.user, token_id=token.pk)
            count += 1
        self.message_user(request, f"{count}件のトークンを失効させました。")


# --- two-factor devices of others (docs/security.md): list them, revoke them; never show a secret ----

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    """Who has enrolled which authenticator; revoking removes every second factor of the user
    (authenticator and recovery codes), so they enrol again at their next login where it is required."""

    list_display = ("user", "name", "confirmed", "created", "last_used")
    list_filter = ("confirmed", "user__role")
    search_fields = ("user__username", "user__display_name")
    fields = ("user", "name", "confirmed", "created", "last_used")
    readonly_fields = fields  # the key is never shown, not even to the administrator
    actions = ["revoke"]

    def created(self, device: TOTPDevice) -> object:
        return device.created_at

    def last_used(self, device: TOTPDevice) -> object:
        return device.last_used_at

    created.short_description = "登録日時"  # type: ignore[attr-defined]
    last_used.short_description = "最終利用"  # type: ignore[attr-defined]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # through the audited "revoke" action only

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(getattr(request.user, "is_yorozu_admin", False))

    @admin.action(description="選択した利用者の二要素認証を解除する（再登録が必要になります）")
    def revoke(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        users = {device.user for device in queryset.select_related("user")}
        for user in users:
            twofactor.disable(user)
        self.message_user(request, f"{len(users)}人の二要素認証を解除しました。")
