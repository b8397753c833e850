"""Roles and what each may do: the one table of capabilities.

Views and services ask `has_capability(user, "validation.record")`; nothing else in the code
knows which role may do what. Which rows a role may see is decided by each model's
`QuerySet.for_user` (see `accounts.scoping`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Project staff")
    ASSESSOR = "assessor", _("Test-centre assessor")
    COACH = "coach", _("Coach")
    MANAGER = "manager", _("Manager")


class Capability(models.TextChoices):
    COMPANIES_VIEW = "companies.view", _("See companies")
    COMPANIES_EDIT = "companies.edit", _("Create and edit companies")
    PARTICIPANTS_VIEW = "participants.view", _("See participants")
    PARTICIPANTS_EDIT = "participants.edit", _("Create and edit participants")
    PERSONNUMMER_VIEW = "participants.view_personnummer", _("See full personal identity numbers")
    CENTRES_VIEW = "centres.view", _("See test centres")
    CENTRES_EDIT = "centres.edit", _("Create and edit test centres")
    USERS_MANAGE = "accounts.manage", _("Manage users")
    VALIDATION_VIEW = "validation.view", _("See validations")
    VALIDATION_BOOK = "validation.book", _("Book validations")
    VALIDATION_RECORD = "validation.record", _("Record validation results")
    MODELS_EDIT = "validation.edit_models", _("Edit validation models")
    CERTIFICATES_VIEW = "certificates.view", _("See certificates")
    CERTIFICATES_ISSUE = "certificates.issue", _("Issue certificates, one or in bulk")
    CERTIFICATES_ISSUE_CENTRE = (
        "certificates.issue_centre",
        _("Issue certificates for their own test centre where the model allows it"),
    )
    CERTIFICATES_REVOKE = "certificates.revoke", _("Revoke certificates")
    CERTIFICATES_ZIP = "certificates.batch_zip", _("Download a batch's certificates as one ZIP")
    REPORTS_DOWNLOAD = "reports.download", _("Download reports")
    PROJECT_EDIT = "reports.edit_project", _("Edit the project's period and targets")
    CONVERSATIONS_VIEW = "coaching.view", _("See the coaching conversations")
    CONVERSATIONS_RUN = "coaching.run", _("Plan and hold coaching conversations")
    TEMPLATES_EDIT = "coaching.edit_templates", _("Edit the conversation templates")
    MAP_VIEW = "coaching.view_map", _("See competence maps")
    MAP_EDIT = "coaching.edit_map", _("Record competence maps")
    COMPANIES_IMPORT = "imports.companies", _("Import companies from a file")
    PARTICIPANTS_IMPORT = "imports.participants", _("Import participants from a file")


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.STAFF: frozenset(C.values),
    Role.MANAGER: frozenset(
        {
            C.COMPANIES_VIEW,
            C.PARTICIPANTS_VIEW,
            C.CENTRES_VIEW,
            C.VALIDATION_VIEW,
            C.CERTIFICATES_VIEW,
            C.REPORTS_DOWNLOAD,
            C.CONVERSATIONS_VIEW,
            C.MAP_VIEW,
        }
    ),
    Role.ASSESSOR: frozenset(
        {
            C.COMPANIES_VIEW,
            C.PARTICIPANTS_VIEW,
            C.CENTRES_VIEW,
            C.VALIDATION_VIEW,
            C.VALIDATION_BOOK,
            C.VALIDATION_RECORD,
            C.CERTIFICATES_VIEW,
            C.CERTIFICATES_ISSUE_CENTRE,
            C.MAP_VIEW,
        }
    ),
    Role.COACH: frozenset(
        {
            C.PARTICIPANTS_IMPORT,
            C.COMPANIES_VIEW,
            C.PARTICIPANTS_VIEW,
            C.CENTRES_VIEW,
            C.VALIDATION_VIEW,
            C.CERTIFICATES_VIEW,
            C.CONVERSATIONS_VIEW,
            C.CONVERSATIONS_RUN,
            C.MAP_VIEW,
            C.MAP_EDIT,
        }
    ),
}


def role_of(user) -> str | None:
    """The user's role; superusers act as project staff; anonymous users have none."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Role.STAFF
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def has_capability(user, capability: str) -> bool:
    role = role_of(user)
    return role is not None and capability in ROLE_CAPABILITIES[role]
