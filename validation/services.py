"""Writes for test centres and validation models. Callers have checked capability and scope."""

from django.db import transaction

from .models import TestCentre


@transaction.atomic
def centre_save(*, actor, form, accreditations) -> TestCentre:
    """Create or update a test centre with its accreditations, all or nothing (staff)."""
    centre = form.save()
    accreditations.instance = centre
    accreditations.save()
    return centre
