"""Reads about the register that pages and other apps rely on."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Company, Participant, ParticipantStatus


def with_participant_count(companies: QuerySet[Company]) -> QuerySet[Company]:
    """`companies` annotated with `participant_count`. A subquery per company shown rather than
    a `Count` over the joined participants: the page's 25 rows are counted, not every
    participant, and the paginator's COUNT leaves the unused subquery out (no GROUP BY)."""
    counted = (
        Participant.objects.filter(company=OuterRef("pk"))
        .order_by()
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return companies.annotate(
        participant_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def participant_status_counts(company: Company) -> list[tuple[str, int]]:
    """(status label, count) for a company's participants, in lifecycle order, one query."""
    counts = dict(company.participants.values_list("status").annotate(n=Count("id")).order_by())
    return [(label, counts[value]) for value, label in ParticipantStatus.choices if value in counts]
