"""Which models the audit trail (django-auditlog) records: every create, change and delete, with
who (the logged-in user, or none for commands and tasks), when, and each field before and after.

The convention, one line per model, in the app's `apps.py` `ready()` or at the end of its
`models.py`:

    track(Conversation)                                   # every field
    track(Participant, personal=["personnummer", ...])    # these fields recorded as changed, masked

`personal` fields are personal data: the trail says that they changed, never their values, so
that it holds no personnummer and needs no clean-up when a participant is anonymised.
"""

from auditlog.registry import auditlog

MASK = "•••"

# The models of the apps that were there when the trail came; later apps call track() themselves.
TRACKED: dict[str, list[str]] = {
    "auth.User": ["password"],
    "accounts.Profile": [],
    "companies.Company": [],
    "companies.ContactPerson": [],
    "companies.Participant": ["personnummer", "first_name", "last_name"],
    "validation.TestCentre": [],
    "validation.Accreditation": [],
    "validation.ValidationModel": [],
    "validation.Level": [],
    "validation.CompetenceArea": [],
    "validation.ModelArea": [],
    "validation.PracticalModule": [],
    "validation.Validation": [],
    "validation.ValidationResult": [],
    "validation.AreaScore": [],
    "validation.PracticalScore": [],
    "certificates.Certificate": ["participant_name"],
    "certificates.CertificateBatch": [],
}


def mask(value: str) -> str:
    """The whole value hidden (auditlog's own mask keeps half of it)."""
    return MASK


def track(model, *, personal: list[str] | tuple[str, ...] = ()) -> None:
    """Record every create, change and delete of `model` in the audit trail."""
    if auditlog.contains(model):
        return
    auditlog.register(model, mask_fields=list(personal), mask_callable="audit.tracking.mask")


def track_all(get_model) -> None:
    for label, personal in TRACKED.items():
        track(get_model(label), personal=personal)
