"""Signals the register sends for the apps above it (which it does not know)."""

from django.dispatch import Signal
from django.utils import timezone

# Sent with `participant_ids` after participants changed company, from every path that changes
# it (Participant.save, the import's bulk update). An app that keeps a participant's company
# beside its own rows (validation's scope key) brings them along.
participants_moved = Signal()


def participant_deleted(sender, instance, **kwargs) -> None:
    """A deleted participant touches its company, in the same transaction: the register's
    fingerprint (`selectors.register_stamp`) then changes for every process, where the newest
    `updated_at` and id of the remaining participants may not."""
    from .models import Company

    Company.objects.filter(pk=instance.company_id).update(updated_at=timezone.now())
