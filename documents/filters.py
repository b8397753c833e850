"""The filters of the document list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from framtidssakrad.filters import ListFilterSet

from . import registry
from .models import Document, DocumentStatus


class DocumentFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DocumentStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=registry.kind_choices)

    class Meta:
        model = Document
        fields = ["status", "kind"]
