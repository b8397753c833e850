"""Reads about the register that pages and other apps rely on."""

from django.db.models import Count

from .models import Company, ParticipantStatus


def participant_status_counts(company: Company) -> list[tuple[str, int]]:
    """(status label, count) for a company's participants, in lifecycle order, one query."""
    counts = dict(company.participants.values_list("status").annotate(n=Count("id")).order_by())
    return [(label, counts[value]) for value, label in ParticipantStatus.choices if value in counts]
