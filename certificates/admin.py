from django.contrib import admin

from .models import Certificate, CertificateBatch


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued and revoked through the site's services, which keep
    the snapshot, the PDF and the participant's status consistent."""

    list_display = ["code", "participant_name", "subject", "level_name", "issued_on", "status"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["code", "participant_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CertificateBatch)
class CertificateBatchAdmin(admin.ModelAdmin):
    list_display = ["description", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
