from django.contrib import admin

from .models import PersonalDataAccess, Profile


def _superusers_only(request) -> bool:
    # Django admin bypasses the roles and scoping of the application: superusers only.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "test_centre"]
    list_filter = ["role", "test_centre"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "user", "participant", "purpose"]
    list_select_related = ["user", "participant"]
    readonly_fields = ["accessed_at", "user", "participant", "purpose"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The access log is append-only (audit/guards.py; a trigger on PostgreSQL).
        return False
