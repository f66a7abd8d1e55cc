from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

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
    list_display = ("user", "name", "created_at", "last_used_at")
    readonly_fields = ("digest",)
