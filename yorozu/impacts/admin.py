from django.contrib import admin

from yorozu.impacts.models import Deployment, EffectRecord, LedgerSettings, Tool, VolumeProfile


@admin.register(Tool)
class ToolAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "vendor"]
    list_filter = ["kind"]


@admin.register(Deployment)
class DeploymentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "tool", "department", "go_live", "retired_on", "status"]
    list_filter = ["tool__kind", "status"]
    search_fields = ["name"]


@admin.register(EffectRecord)
class EffectRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only here: hours are derived by the services, so records are entered on the ledger pages."""

    list_display = ["deployment", "kind", "period_start", "period_end", "hours_saved", "annual_hours"]
    list_filter = ["kind", "fiscal_year"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


admin.site.register(VolumeProfile)
admin.site.register(LedgerSettings)
