"""The certificate list as a file (`?export=xlsx` or `csv`)."""

from django.utils.translation import gettext_lazy as _

from documents.tabular import Column, export_response

CERTIFICATE_COLUMNS = [
    Column(_("Verification code"), lambda c: c.code),
    Column(_("Name"), lambda c: c.participant_name),
    Column(_("Company"), lambda c: c.participant.company.name),
    Column(_("Validated in"), lambda c: c.subject),
    Column(_("Level"), lambda c: c.level_name),
    Column(_("Issued on"), lambda c: c.issued_on),
    Column(_("Valid until"), lambda c: c.expires_on),
    Column(_("Status"), lambda c: c.get_state_display()),
]


def certificates_export(*, queryset, fmt: str):
    return export_response(
        queryset=queryset, columns=CERTIFICATE_COLUMNS, fmt=fmt, filename=str(_("certificates"))
    )
