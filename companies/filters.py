"""Search and filters for the register lists (django-filter)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from framtidssakrad.filters import ListFilterSet

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
from .selectors import participant_name_q

NEXT_CONVERSATION_CHOICES = [
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("done", _("All four held")),
]


class CoachFilter(django_filters.ModelChoiceFilter):
    """Coaches by full name, as the tables show them (not by username)."""

    field_class = UserChoiceField


class CompanyFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    county = django_filters.ChoiceFilter(
        label=_("County"), field_name="municipality__county", choices=County.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CompanyStatus.choices)
    coach = CoachFilter(label=_("Coach"), queryset=coach_queryset())
    test_centre = django_filters.ModelChoiceFilter(label=_("Test centre"), queryset=test_centres())
    next_conversation = django_filters.ChoiceFilter(
        label=_("Next conversation"),
        field_name="conversations_held",
        choices=NEXT_CONVERSATION_CHOICES,
        method="filter_next_conversation",
    )

    class Meta:
        model = Company
        fields = ["q", "county", "status", "coach", "test_centre", "next_conversation"]

    def filter_next_conversation(self, queryset, name, value):
        # "Next is N" means N-1 held; "done" means all four.
        return queryset.filter(conversations_held=4 if value == "done" else int(value) - 1)

    def search(self, queryset, name, value):
        condition = Q(name__icontains=value) | Q(organisationsnummer__icontains=value)
        try:
            condition |= Q(organisationsnummer=normalize_organisationsnummer(value))
        except ValidationError:  # not an organisation number: a name search only
            pass
        return queryset.filter(condition)


class ParticipantFilter(ListFilterSet):
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
        # Names only: a personnummer in a GET search would land in URLs, access logs and browser
        # history. Staff look a number up with the POST form (views.participant_lookup).
        return queryset.filter(participant_name_q(value))
