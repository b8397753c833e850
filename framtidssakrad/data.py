"""From a form's cleaned data to the dataclass a service takes (forms parse and clean; services
take data, never a form)."""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


def cleaned_as(cls, cleaned: dict, **extra):
    """An instance of the dataclass `cls` from the fields of `cleaned` it declares."""
    return cls(**{f.name: cleaned[f.name] for f in fields(cls) if f.name in cleaned}, **extra)


@dataclass(frozen=True)
class Row:
    """One row of a list edited with its parent (a centre's accreditations): new (`pk` None),
    changed, or removed (`delete`). `values` are the row's fields, cleaned."""

    values: Mapping[str, Any] = field(default_factory=dict)
    pk: int | None = None
    delete: bool = False


def formset_rows(formset) -> list[Row]:
    """The rows an inline formset's forms entered, changed or marked for removal; untouched
    extra forms are left out, and a removed row's fields need not be valid."""
    rows = []
    for form in formset.forms:
        if formset._should_delete_form(form):
            if form.instance.pk:
                rows.append(Row(pk=form.instance.pk, delete=True))
        elif form.instance.pk or form.has_changed():
            values = {name: form.cleaned_data[name] for name in form._meta.fields}
            rows.append(Row(values=values, pk=form.instance.pk))
    return rows


def rows_save(children, rows) -> None:
    """Apply `rows` to one parent's children (a related manager: `centre.accreditations`):
    removals first, then changes, then new rows, so a name freed by one can be taken by another.
    A pk that is not one of the parent's children is ignored."""
    for row in sorted(rows, key=lambda row: (not row.delete, row.pk is None)):
        if row.delete:
            children.filter(pk=row.pk).delete()
        elif row.pk:
            children.filter(pk=row.pk).update(**row.values)
        else:
            children.create(**row.values)
