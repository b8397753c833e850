"""Reads about validations that pages and other apps rely on; each takes the user and stays
within the user's scope (`Validation.objects.for_user`)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from accounts.roles import Role

from .models import (
    AreaScore,
    ModelArea,
    Validation,
    ValidationResult,
    ValidationStatus,
    unrecorded_q,
    upcoming_q,
)


def current_result_field(field: str) -> F:
    """A field of a validation's current result (its highest version), for annotations: a
    join through `Validation.current_result`, not a subquery per row."""
    return F(f"current_result__{field}")


# What a validation row shows from the small reference tables (see `validations_for`).
LIST_PREFETCH = ("model", "level", "centre", "assessor")


def validations_for(user) -> QuerySet[Validation]:
    """Validations the user may see, with what a list row shows, in a constant number of
    queries: the current result (outcome, score, version) through the `current_result` join.

    Joins that a page's keys query drops (select_related, not annotations: a paginator's
    `values_list("pk")` keeps an annotation's join, and with it PostgreSQL sorted every
    validation instead of reading the list's index). The small reference tables (models,
    levels, centres, assessors) come as four short prefetches, not as joins: with them joined,
    PostgreSQL spent 5-22 ms planning the eight-way join for every page (more than running
    it), measured at 100,000 participants."""
    return (
        Validation.objects.for_user(user)
        .select_related("participant__company", "current_result")
        .prefetch_related(*LIST_PREFETCH)
        .order_by("-scheduled_at", "-pk")
    )


def result_history(validation: Validation) -> list[ValidationResult]:
    """Every version of a validation's result, newest first, with scores and areas."""
    return list(
        validation.results.select_related("recorded_by")
        .prefetch_related(
            Prefetch("scores", queryset=_ordered_scores(validation.model_id)),
            "practical_scores__module",
            "recommended_areas",
        )
        .order_by("-version")
    )


def _ordered_scores(model_id: int):
    # Area scores in the model's order, with the weight the model gives each area today.
    weight = ModelArea.objects.filter(model_id=model_id, area_id=OuterRef("area_id"))
    return (
        AreaScore.objects.select_related("area")
        .annotate(
            weight=Subquery(weight.values("weight")[:1]),
            area_order=Subquery(weight.values("order")[:1]),
        )
        .order_by("area_order", "area__name")
    )


def current_result(validation: Validation) -> ValidationResult | None:
    """The highest version of the validation's result, or None before it is recorded."""
    return validation.results.order_by("-version").first()


def assessors_at(centres):
    """Active assessors at the test centres `centres` (ids or a queryset of centres): who may
    be booked as assessor there."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, profile__role=Role.ASSESSOR, profile__test_centre__in=centres
        )
        .order_by("first_name", "last_name")
    )


def booked_count(assessor) -> int:
    """How many validations are booked with `assessor` and have no result yet."""
    return Validation.objects.filter(assessor=assessor, status=ValidationStatus.BOOKED).count()


def assessor_agenda(user, *, now: datetime.datetime | None = None, limit: int = 10) -> dict:
    """The assessor's own upcoming bookings and the past ones still without a result: the two
    lists, one count of both, and the lists' reference rows prefetched once for both."""
    now = now or timezone.now()
    mine = validations_for(user).filter(assessor=user)
    upcoming = list(
        mine.upcoming(now).order_by("scheduled_at", "pk").prefetch_related(None)[:limit]
    )
    unrecorded = list(
        mine.unrecorded(now).order_by("scheduled_at", "pk").prefetch_related(None)[:limit]
    )
    # The agenda shows no centre or assessor (they are the user's own): models and levels only.
    prefetch_related_objects(upcoming + unrecorded, "model", "level")
    # Counted by `scheduled_at`, not by id: read from the agenda's index alone.
    counts = mine.filter(status=ValidationStatus.BOOKED).aggregate(
        upcoming_count=Count("scheduled_at", filter=upcoming_q(now)),
        unrecorded_count=Count("scheduled_at", filter=unrecorded_q(now)),
    )
    return {"upcoming": upcoming, "unrecorded": unrecorded, **counts}


def validation_counts(user, *, now: datetime.datetime | None = None) -> dict:
    """Booked (upcoming), recorded this month (when its first version was recorded) and booked
    but past their date without a result, within the user's scope: two queries, each reading
    only the rows it counts through an index (booked validations by status and date; results
    by when they were recorded), not every validation of the project."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    scoped = Validation.objects.for_user(user)
    # Counted by `scheduled_at` (never empty), not by id: for the whole project the counts are
    # then read from `validation_status_when` alone (15,000 booked at 100,000 participants).
    counts = scoped.filter(status=ValidationStatus.BOOKED).aggregate(
        booked=Count("scheduled_at", filter=upcoming_q(now)),
        unrecorded=Count("scheduled_at", filter=unrecorded_q(now)),
    )
    # A validation counts in the month its first version was recorded; corrections do not.
    # Each recorded validation has one first version, so the join repeats no row.
    first_versions = {"version": 1, "recorded_at__gte": month_start}
    if Validation.objects.sees_all(user):
        # Every result belongs to a recorded validation (only recording writes one, and sets the
        # status in the same transaction; only a booked validation can be cancelled), so for
        # the whole project the first versions are counted from `result_recorded_when` alone,
        # without joining 40,000 recorded validations (7 → 0.5 ms at 100,000 participants).
        counts["recorded_this_month"] = ValidationResult.objects.filter(**first_versions).count()
    else:
        counts["recorded_this_month"] = scoped.filter(
            status=ValidationStatus.RECORDED,
            **{f"results__{name}": value for name, value in first_versions.items()},
        ).count()
    return counts
