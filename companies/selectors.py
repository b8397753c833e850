"""Reads about the register that pages and other apps rely on."""

import hashlib
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.roles import Capability, has_capability

from .models import Company, Participant, ParticipantStatus

# The participant search answers with at most this many, so that no page or response grows
# with the number of participants; it starts at this many characters.
SEARCH_LIMIT = 20
SEARCH_MIN_LENGTH = 2


def register_stamp() -> tuple:
    """A fingerprint of the register that changes with any participant added, changed or
    deleted, and with any company added, changed or deleted (a company's coach or centre moves
    its participants between scopes): what a count of participants may be kept under. Read from
    indexes (the newest `updated_at` and id of the participants, the 70 companies), not by
    counting 100,000 participants. A deleted participant touches its company
    (`companies.signals.participant_deleted`), so every process sees the change."""
    people = Participant.objects.aggregate(at=Max("updated_at"), last=Max("pk"))
    companies = Company.objects.aggregate(at=Max("updated_at"), n=Count("pk"))
    return tuple(str(value) for value in (*people.values(), *companies.values()))


# An unused entry goes after a day; a changed register changes the key, so none is read stale.
PARTICIPANT_COUNTS_SECONDS = 24 * 3600


def participant_counts(stamp: tuple | None = None) -> dict[int, Counter]:
    """Every company's participants by status (company id → {status: count}; no entry for a
    company without any), kept in the cache under the register's fingerprint: counted again
    (one pass over the (company, status) index, 6–12 ms at 100,000) only after the register
    changed, instead of counting the shown companies' participants on every start page (an
    assessor's 20 companies: ~4 ms; a coach's 35: ~4 ms more for those mapped). `stamp`: the
    fingerprint when the caller has already read it (a start page keeps two counts under it)."""
    # The key names the value's shape: a release that changes it must not read the old one.
    key = (
        "companies:participant-counts-by-status:"
        + hashlib.sha256(repr(stamp or register_stamp()).encode()).hexdigest()
    )
    counts = cache.get(key)
    if counts is None:
        counts = defaultdict(Counter)
        rows = (
            Participant.objects.order_by()
            .values_list("company", "status")
            .annotate(n=Count("company"))
            .values_list("company", "status", "n")
        )
        for company_id, status, n in rows:
            counts[company_id][status] = n
        counts = dict(counts)
        cache.set(key, counts, PARTICIPANT_COUNTS_SECONDS)
    return counts


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


def participant_name_q(value: str, path: str = "") -> Q:
    """A participant whose first or last name contains `value`, or, for two words, whose
    first name contains the first and last name the second. `path` leads from the filtered
    model to the participant (e.g. "participant__")."""
    condition = Q(**{f"{path}first_name__icontains": value}) | Q(
        **{f"{path}last_name__icontains": value}
    )
    parts = value.split()
    if len(parts) == 2:
        condition |= Q(
            **{f"{path}first_name__icontains": parts[0], f"{path}last_name__icontains": parts[1]}
        )
    return condition


def participant_search_q(user, value: str) -> Q:
    """Participants matching a search for `user`: by name for everyone, by personal identity
    number (six digits or more) only for roles that may see the numbers, or a search would
    reveal them."""
    condition = participant_name_q(value)
    digits = "".join(ch for ch in value if ch in "0123456789")  # not "²" or full-width
    if len(digits) >= 6 and has_capability(user, Capability.PERSONNUMMER_VIEW):
        condition |= Q(personnummer__contains=digits)
    return condition


def participant_search(user, query: str, *, bookable: bool = False) -> list[Participant]:
    """At most `SEARCH_LIMIT` participants in `user`'s scope matching `query`, by name (with
    their company); `bookable` leaves out those who have left the project. Two queries: the
    keys, tested in the name-order index alone (names, company and status are in it), then
    those rows. In one query PostgreSQL fetched every row it passed in name order (8,000 for
    an assessor's "lind" at 100,000 participants, 10 ms; the keys take 3 ms)."""
    query = query.strip()
    if len(query) < SEARCH_MIN_LENGTH:
        return []
    found = Participant.objects.for_user(user).filter(participant_search_q(user, query))
    if bookable:
        found = found.exclude(status__in=[ParticipantStatus.ENDED, ParticipantStatus.DROPPED_OUT])
    order = ("last_name", "first_name", "pk")
    keys = list(found.order_by(*order).values_list("pk", flat=True)[:SEARCH_LIMIT])
    return list(Participant.objects.filter(pk__in=keys).select_related("company").order_by(*order))


def participant_label(participant: Participant) -> str:
    """How a participant is named where one is chosen: name and company, never the number."""
    return f"{participant.full_name} ({participant.company.name})"


def personnummer_of(participant_ids) -> set[str]:
    """The participants' personal identity numbers (those that still have one): what finds
    them in the files and logs that hold the number (privacy's anonymisation). No scoping:
    for system jobs only."""
    return set(
        Participant.objects.filter(
            pk__in=list(participant_ids), personnummer__isnull=False
        ).values_list("personnummer", flat=True)
    )
