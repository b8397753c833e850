"""The course list as a file (`?export=xlsx` or `csv`)."""

from django.utils.translation import gettext_lazy as _

from documents.tabular import Column, export_response

COURSE_COLUMNS = [
    Column(_("Title"), lambda c: c.title),
    Column(_("Provider"), lambda c: c.provider.name),
    Column(_("Form"), lambda c: c.get_form_display()),
    Column(_("Company"), lambda c: c.company.name if c.company else ""),
    Column(_("Start date"), lambda c: c.starts_on),
    Column(_("End date"), lambda c: c.ends_on),
    Column(_("Place"), lambda c: c.place),
    Column(_("Planned hours"), lambda c: float(c.planned_hours)),
    Column(_("Capacity"), lambda c: c.capacity),
    Column(_("Enrolled"), lambda c: c.enrolled),
    Column(_("Status"), lambda c: c.get_status_display()),
]


def courses_export(*, queryset, fmt: str):
    return export_response(
        queryset=queryset, columns=COURSE_COLUMNS, fmt=fmt, filename=str(_("courses"))
    )
