"""Search and filters for the register lists (django-filter)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability, has_capability

from .forms import UserChoiceField, coach_queryset
from .identifiers import normalize_organisationsnummer
from .models import (
    Company,
    CompanyStatus,
    County,
    Participant,
    ParticipantStatus,
    StartStatus,
    test_centres,
)


class CoachFilter(django_filters.ModelChoiceFilter):
    """Coaches by full name, as the tables show them (not by username)."""

    field_class = UserChoiceField


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    county = django_filters.ChoiceFilter(
        label=_("County"), field_name="municipality__county", choices=County.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CompanyStatus.choices)
    coach = CoachFilter(label=_("Coach"), queryset=coach_queryset())
    test_centre = django_filters.ModelChoiceFilter(label=_("Test centre"), queryset=test_centres())

    class Meta:
        model = Company
        fields = ["q", "county", "status", "coach", "test_centre"]

    def search(self, queryset, name, value):
        condition = Q(name__icontains=value) | Q(organisationsnummer__icontains=value)
        try:
            condition |= Q(organisationsnummer=normalize_organisationsnummer(value))
        except ValidationError:  # not an organisation number: a name search only
            pass
        return queryset.filter(condition)


def participant_name_q(value: str, path: str = "") -> Q:
    """A participant whose first or last name contains `value`, or, for two words, whose
    first name contains the first and last name the second. `path` leads from the filtered
    model to the participant (e.g. "participant__")."""
    condition = Q(**{f"{path}first_name__icontains": value}) | Q(
        **{f"{path}last_name__icontains": value}
    )
    parts = value.split()
    if len(parts) == 2:
        condition |= Q(
            **{f"{path}first_name__icontains": parts[0], f"{path}last_name__icontains": parts[1]}
        )
    return condition


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    county = django_filters.ChoiceFilter(
        label=_("County"), field_name="company__municipality__county", choices=County.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ParticipantStatus.choices)
    start_status = django_filters.ChoiceFilter(label=_("Start status"), choices=StartStatus.choices)
    coach = CoachFilter(label=_("Coach"), field_name="company__coach", queryset=coach_queryset())
    test_centre = django_filters.ModelChoiceFilter(
        label=_("Test centre"), field_name="company__test_centre", queryset=test_centres()
    )
    company = django_filters.ModelChoiceFilter(
        label=_("Company"),
        queryset=Company.objects.none(),
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = Participant
        fields = ["q", "county", "status", "start_status", "coach", "test_centre", "company"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["company"].queryset = Company.objects.for_user(user)

    def search(self, queryset, name, value):
        digits = "".join(ch for ch in value if ch.isdigit())
        condition = participant_name_q(value)
        # Only roles that may see numbers may search by them, or a search would reveal them.
        if len(digits) >= 6 and has_capability(self.user, Capability.PERSONNUMMER_VIEW):
            condition |= Q(personnummer__contains=digits)
        return queryset.filter(condition)
