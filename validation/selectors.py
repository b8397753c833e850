"""Reads about validations that pages and other apps rely on; each takes the user and stays
within the user's scope (`Validation.objects.for_user`)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
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


def validations_for(user) -> QuerySet[Validation]:
    """Validations the user may see, with what a list row shows, in a constant number of
    queries: the current result's outcome and score come through the `current_result` join."""
    return (
        Validation.objects.for_user(user)
        .select_related(
            "participant", "participant__company", "model", "level", "centre", "assessor"
        )
        .annotate(
            current_outcome=current_result_field("outcome"),
            current_theory_score=current_result_field("theory_score"),
            current_version=current_result_field("version"),
        )
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
    """The assessor's own upcoming bookings and the past ones still without a result."""
    now = now or timezone.now()
    mine = validations_for(user).filter(assessor=user)
    upcoming = mine.upcoming(now).order_by("scheduled_at", "pk")
    unrecorded = mine.unrecorded(now).order_by("scheduled_at", "pk")
    return {
        "upcoming": list(upcoming[:limit]),
        "unrecorded": list(unrecorded[:limit]),
        "upcoming_count": upcoming.count(),
        "unrecorded_count": unrecorded.count(),
    }


def validation_counts(user, *, now: datetime.datetime | None = None) -> dict:
    """Booked (upcoming), recorded this month (when its first version was recorded) and booked
    but past their date without a result, within the user's scope: one query."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    # A validation counts in the month its first version was recorded; corrections do not.
    # One join and one aggregate rather than a probe per validation. Only recorded validations
    # have results, so the join repeats no row the booked and unrecorded counts look at, and
    # each validation has one first version.
    return Validation.objects.for_user(user).aggregate(
        booked=Count("pk", filter=upcoming_q(now)),
        recorded_this_month=Count(
            "results",
            filter=Q(
                status=ValidationStatus.RECORDED,
                results__version=1,
                results__recorded_at__gte=month_start,
            ),
        ),
        unrecorded=Count("pk", filter=unrecorded_q(now)),
    )
