"""Search and filters for the course list (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from framtidssakrad.filters import ListFilterSet

from .models import Course, CourseForm, CourseStatus, Provider


class CourseFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    form = django_filters.ChoiceFilter(label=_("Form"), choices=CourseForm.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CourseStatus.choices)
    provider = django_filters.ModelChoiceFilter(
        label=_("Provider"), queryset=Provider.objects.all()
    )
    starts_after = django_filters.DateFilter(
        label=_("Starting from"),
        field_name="starts_on",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Course
        fields = ["q", "form", "status", "provider", "starts_after"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value))
