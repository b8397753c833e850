"""Writes for the project record. Only project staff call these (checked by the views)."""

from django.db import transaction

from .models import Project


@transaction.atomic
def project_save(*, actor, form) -> Project:
    """Create the project record or update its period and targets (staff)."""
    return form.save()
