"""Search and filters for the certificate list (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from framtidssakrad.filters import ListFilterSet
from validation.models import ValidationModel

from .models import Certificate, CertificateState, normalize_code


class CertificateFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=CertificateState.choices, method="filter_state"
    )
    company = django_filters.ModelChoiceFilter(
        label=_("Company"), field_name="participant__company", queryset=Company.objects.none()
    )
    validation_model = django_filters.ModelChoiceFilter(
        label=_("Validation model"), queryset=ValidationModel.objects.all()
    )

    class Meta:
        model = Certificate
        fields = ["q", "state", "company", "validation_model"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["company"].queryset = Company.objects.for_user(user).order_by("name")

    def search(self, queryset, name, value):
        condition = Q(participant_name__icontains=value)
        code = normalize_code(value)
        if code:
            condition |= Q(code__startswith=code)
        return queryset.filter(condition)

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)
