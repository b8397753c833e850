"""Validation's lists as files (`?export=xlsx` or `csv` on the list pages)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.tabular import Column, export_response

from .models import Outcome


def _outcome(validation) -> str:
    result = validation.current_result
    return str(Outcome(result.outcome).label) if result else ""


def _score(validation):
    result = validation.current_result
    return None if result is None else round(float(result.theory_score), 1)


VALIDATION_COLUMNS = [
    Column(_("Date"), lambda v: timezone.localtime(v.scheduled_at)),
    Column(_("Participant"), lambda v: v.participant.full_name),
    Column(_("Company"), lambda v: v.participant.company.name),
    Column(_("Validation model"), lambda v: v.model.name),
    Column(_("Level"), lambda v: v.level.name),
    Column(_("Test centre"), lambda v: v.centre.name),
    Column(_("Assessor"), lambda v: v.assessor.get_full_name() if v.assessor else ""),
    Column(_("Status"), lambda v: v.get_status_display()),
    Column(_("Outcome"), _outcome),
    Column(_("Theory score (%)"), _score),
]

CENTRE_COLUMNS = [
    Column(_("Name"), lambda c: c.name),
    Column(_("Organisation number"), lambda c: c.organisationsnummer),
    Column(_("Municipality"), lambda c: c.municipality.name),
    Column(_("Contact person"), lambda c: c.contact_name),
    Column(_("Contact e-mail"), lambda c: c.contact_email),
    Column(_("Companies"), lambda c: c.company_count),
]


def validations_export(*, queryset, fmt: str):
    return export_response(
        queryset=queryset, columns=VALIDATION_COLUMNS, fmt=fmt, filename=str(_("validations"))
    )


def centres_export(*, queryset, fmt: str):
    return export_response(
        queryset=queryset, columns=CENTRE_COLUMNS, fmt=fmt, filename=str(_("test-centres"))
    )
