from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from yorozu.accounts import services
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
