from django.contrib import admin

from .models import Collection, Document, DocumentVersion, QuestionLog


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["name", "index_version", "created_at"]
    filter_horizontal = ["departments"]
    readonly_fields = ["index_version"]


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    readonly_fields = [
        "number",
        "filename",
        "sha256",
        "is_current",
        "article_count",
        "chunk_count",
        "created_at",
    ]
    fields = readonly_fields


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "collection", "source"]
    list_filter = ["collection"]
    inlines = [VersionInline]
    readonly_fields = ["collection", "source"]


@admin.register(QuestionLog)
class QuestionLogAdmin(admin.ModelAdmin):
    list_display = ["asked_at", "user", "question", "mode", "rating"]
    list_filter = ["mode", "rating"]
    readonly_fields = [f.name for f in QuestionLog._meta.fields]
