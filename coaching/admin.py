"""Admin for support: read what the pages wrote. Changes go through the pages (services)."""

from django.contrib import admin

from .models import Action, Competence, Conversation, ConversationTemplate, Question


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(ConversationTemplate)
class ConversationTemplateAdmin(admin.ModelAdmin):
    list_display = ["number", "version", "title_sv", "is_current", "created_at"]
    list_filter = ["number", "is_current"]
    inlines = [QuestionInline]


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["company", "number", "status", "planned_at", "held_on"]
    list_filter = ["status", "number"]
    list_select_related = ["company", "template"]
    raw_id_fields = ["company", "template", "created_by"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["what", "conversation", "due_on", "done_on"]
    list_select_related = ["conversation__company", "conversation__template"]
    raw_id_fields = ["conversation", "owner_contact"]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["company", "area", "name"]
    list_select_related = ["company", "area"]
    raw_id_fields = ["company"]
