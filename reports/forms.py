from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import County
from framtidssakrad.widgets import DateInput
from validation.models import TestCentre

from .selectors import Filters


class FiltersForm(forms.Form):
    """The dashboard's filters; every field optional (empty: the whole scope, up to today)."""

    county = forms.ChoiceField(
        label=_("County"), choices=[("", _("All counties")), *County.choices], required=False
    )
    centre = forms.ModelChoiceField(
        label=_("Test centre"),
        queryset=TestCentre.objects.none(),
        required=False,
        empty_label=_("All test centres"),
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = TestCentre.objects.for_user(user).order_by("name", "pk")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned

    def filters(self) -> Filters:
        """The valid filters (an invalid form filters nothing)."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            county=data.get("county") or "",
            centre_id=data["centre"].pk if data.get("centre") else None,
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
        )


class SubscriptionForm(forms.Form):
    monthly = forms.BooleanField(
        label=_("E-mail me the progress report every month"), required=False
    )


class FunderMonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter the month as YYYY-MM.")},
    )
