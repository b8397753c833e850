"""What every list page's filters share (django-filter)."""

import django_filters

from .widgets import compact_filter_widgets


class ListFilterSet(django_filters.FilterSet):
    """A list page's filters, with a form that includes/_filters.html renders quickly: Bootstrap
    classes on the widgets and selects rendered in Python (framtidssakrad.widgets)."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            compact_filter_widgets(super().form)
        return self._form
