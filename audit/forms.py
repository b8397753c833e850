"""Which part of the audit trail to show: one record, one user's actions, or one kind."""

from auditlog.registry import auditlog
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _


def tracked_kinds() -> list[tuple[str, str]]:
    kinds = [
        (f"{model._meta.app_label}.{model._meta.model_name}", str(model._meta.verbose_name))
        for model in auditlog.get_models()
    ]
    return sorted(kinds, key=lambda kind: kind[1].lower())


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    record = forms.IntegerField(label=_("Record number"), required=False, min_value=1)
    actor = forms.ModelChoiceField(
        label=_("Changed by"),
        queryset=get_user_model().objects.order_by("first_name", "last_name", "pk"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *tracked_kinds()]
        self.fields["actor"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("kind"):
            app_label, model = data["kind"].split(".")
            entries = entries.filter(
                content_type=ContentType.objects.get_by_natural_key(app_label, model)
            )
        if data.get("record"):
            entries = entries.filter(object_id=data["record"])
        if data.get("actor"):
            entries = entries.filter(actor=data["actor"])
        return entries
