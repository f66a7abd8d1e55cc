from django.contrib import admin

from .models import Budget, LineNote, Municipality, Population


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "designated_city"]


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "population", "source"]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["municipality", "fiscal_year", "account", "side", "phase", "total", "is_published"]
    list_filter = ["is_published", "phase"]
    readonly_fields = ["total", "depth", "sum_mismatches", "warnings", "source_sha256"]


admin.site.register(LineNote)
