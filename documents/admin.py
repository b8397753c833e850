from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only register of generated documents; files are downloaded through the site."""

    list_display = ["title", "kind", "status", "owner", "created_at", "finished_at", "attempts"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "filename"]
    exclude = ["file"]
    readonly_fields = [
        "kind",
        "title",
        "filename",
        "owner",
        "params",
        "status",
        "content_type",
        "size",
        "error",
        "attempts",
        "template_version",
        "created_at",
        "queued_at",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False
