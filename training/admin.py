"""Providers are kept in the admin (few, rarely changed); the rest is shown for support, and
changed through the app's pages, whose services hold the rules."""

from django.contrib import admin

from .models import Course, Enrolment, PlanItem, Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "organisationsnummer", "contact_name", "contact_email"]
    search_fields = ["name", "organisationsnummer"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["title", "provider", "form", "starts_on", "ends_on", "status"]
    list_filter = ["form", "status"]
    search_fields = ["title"]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["participant", "course", "status", "completed_on"]
    list_filter = ["status"]
    list_select_related = ["participant", "course"]


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyAdmin):
    list_display = ["participant", "area", "source", "closed"]
    list_filter = ["source", "closed"]
    list_select_related = ["participant", "area"]
