"""Writes for the project record."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.roles import Capability, has_capability

from .models import Project


@transaction.atomic
def project_save(*, actor, data: dict) -> Project:
    """Create the project record or update its period, targets and report text (holders of
    `reports.edit_project`: project staff). `data` maps field names to cleaned values."""
    if not has_capability(actor, Capability.PROJECT_EDIT):
        raise PermissionDenied
    project = Project.current() or Project()
    for name, value in data.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    return project
