"""The register's lists as files (`?export=xlsx` or `csv` on the list pages)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability, has_capability
from documents.tabular import Column, export_response

from .services import personnummer_access_log_many

COMPANY_COLUMNS = [
    Column(_("Organisation number"), lambda c: c.organisationsnummer),
    Column(_("Name"), lambda c: c.name),
    Column(_("SNI code"), lambda c: c.sni_code),
    Column(_("Municipality"), lambda c: c.municipality.name),
    Column(_("County"), lambda c: c.municipality.get_county_display()),
    Column(_("Employees"), lambda c: c.employees),
    Column(_("Status"), lambda c: c.get_status_display()),
    Column(_("Coach"), lambda c: c.coach.get_full_name() if c.coach else ""),
    Column(_("Test centre"), lambda c: c.test_centre.name if c.test_centre else ""),
    Column(_("Participants"), lambda c: c.participant_count),
]

PARTICIPANT_COLUMNS = [
    Column(_("Last name"), lambda p: p.last_name),
    Column(_("First name"), lambda p: p.first_name),
    Column(_("Sex"), lambda p: p.get_sex_display()),
    Column(_("Company"), lambda p: p.company.name),
    Column(_("Organisation number"), lambda p: p.company.organisationsnummer),
    Column(_("Start status"), lambda p: p.get_start_status_display()),
    Column(_("Start date"), lambda p: p.start_date),
    Column(_("End date"), lambda p: p.end_date),
    Column(_("Status"), lambda p: p.get_status_display()),
]
PERSONNUMMER = Column(_("Personal identity number"), lambda p: p.formatted_personnummer)
MASKED_PERSONNUMMER = Column(_("Personal identity number"), lambda p: p.masked_personnummer)


def companies_export(*, user, queryset, fmt: str):
    return export_response(
        queryset=queryset, columns=COMPANY_COLUMNS, fmt=fmt, filename=str(_("companies"))
    )


def participants_export(*, user, queryset, fmt: str):
    """With the full personal identity number only for those who may see it; each export of
    it is logged like a view, participant by participant, as the rows are written."""
    on_chunk = None
    if has_capability(user, Capability.PERSONNUMMER_VIEW):
        columns = [PERSONNUMMER, *PARTICIPANT_COLUMNS]

        def on_chunk(rows):
            personnummer_access_log_many(actor=user, participants=rows, purpose="export")

    else:
        columns = [MASKED_PERSONNUMMER, *PARTICIPANT_COLUMNS]
    return export_response(
        queryset=queryset,
        columns=columns,
        fmt=fmt,
        filename=str(_("participants")),
        on_chunk=on_chunk,
    )
