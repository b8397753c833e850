"""Signals the register sends for the apps above it (which it does not know)."""

from django.dispatch import Signal

# Sent with `participant_ids` after participants changed company, from every path that changes
# it (Participant.save, the import's bulk update). An app that keeps a participant's company
# beside its own rows (validation's scope key) brings them along.
participants_moved = Signal()
