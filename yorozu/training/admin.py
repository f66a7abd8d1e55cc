from django.contrib import admin

from yorozu.training.models import (
    CalendarFeed,
    Feedback,
    Material,
    Registration,
    Skill,
    SkillAssessment,
    SkillReviewer,
    TrainingSession,
)


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "topic", "starts_at", "capacity", "status"]
    list_filter = ["kind", "topic", "status", "fiscal_year"]
    search_fields = ["title", "instructor"]
    readonly_fields = ["uid", "sequence", "fiscal_year"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["session", "user", "status", "attended", "queued_at"]
    list_filter = ["status", "attended"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "topic", "sort_order"]


@admin.register(SkillAssessment)
class SkillAssessmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["consultant", "skill", "kind", "level", "assessed_on", "assessor"]
    list_filter = ["kind", "skill"]


admin.site.register([Material, Feedback, SkillReviewer])
admin.site.register(CalendarFeed, list_display=["user", "created_at"], exclude=["token"])
