"""Filters for the validation list (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Participant
from companies.selectors import participant_name_q
from framtidssakrad.filters import ListFilterSet

from .models import TestCentre, ValidationModel, ValidationStatus

UPCOMING, UNRECORDED = "upcoming", "unrecorded"


class ValidationFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Participant"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ValidationStatus.choices)
    model = django_filters.ModelChoiceFilter(
        label=_("Validation model"), queryset=ValidationModel.objects.all()
    )
    centre = django_filters.ModelChoiceFilter(
        label=_("Test centre"), queryset=TestCentre.objects.none()
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        method="filter_when",
        choices=[
            (UPCOMING, _("Upcoming")),
            (UNRECORDED, _("Past date, no result")),
        ],
    )
    company = django_filters.ModelChoiceFilter(
        label=_("Company"),
        field_name="company",
        queryset=Company.objects.none(),
        widget=django_filters.widgets.forms.HiddenInput,
    )
    participant = django_filters.ModelChoiceFilter(
        label=_("Participant"),
        queryset=Participant.objects.none(),
        widget=django_filters.widgets.forms.HiddenInput,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices within the user's scope, so a filter cannot confirm that a row exists.
        self.filters["centre"].queryset = TestCentre.objects.for_user(user)
        self.filters["company"].queryset = Company.objects.for_user(user)
        self.filters["participant"].queryset = Participant.objects.for_user(user)

    def search(self, queryset, name, value):
        return queryset.filter(participant_name_q(value, "participant__"))

    def filter_when(self, queryset, name, value):
        if value == UPCOMING:
            return queryset.upcoming().order_by("scheduled_at", "pk")
        return queryset.unrecorded()
