"""Form widgets every app may use (below every app's floor)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CompactSelect(forms.Select):
    """A single select rendered in Python, not one template include per option: a list page's
    filter form has a hundred options (companies, models, centres), and the template engine
    spent 5-10 ms on them per page. The same markup as Django's select; a choice list with
    groups is left to Django's own rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        # Not list(): it asks a model choice iterator for its length, a COUNT query.
        choices = [choice for choice in self.choices]
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) in selected else "", label)
                for option, label in choices
            ),
        )
        final = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}\n</select>', name, flatatt(final), options)


def compact_filter_widgets(form: forms.Form) -> forms.Form:
    """Give a list page's filter form its Bootstrap classes and compact selects (the list
    pages render it with includes/_filters.html, without crispy's per-field templates)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            compact = CompactSelect(attrs=widget.attrs, choices=widget.choices)
            compact.is_required = widget.is_required
            field.widget = compact
            widget = compact
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form
