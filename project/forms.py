from django import forms
from django.utils.translation import gettext_lazy as _

from framtidssakrad.widgets import DateInput

from .models import Project


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "funder",
            "funder_reference",
            "start_date",
            "end_date",
            "target_companies",
            "target_participants",
            "target_validations",
            "target_certificates",
            "target_development",
            "target_hours",
            "report_activities",
            "report_deviations",
            "report_horizontal_principles",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "report_activities": forms.Textarea(attrs={"rows": 4}),
            "report_deviations": forms.Textarea(attrs={"rows": 3}),
            "report_horizontal_principles": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project cannot end before it starts."))
        return cleaned
