"""Where a participant's development gaps come from: one registry of gap sources.

A source is a function `participant -> list[Gap]`. Validation's is here: the competence areas
an assessor recommended developing with the current result of each of the participant's
validations (and the free-text recommendation with it). The coaching competence map is meant to
be the second: when it lands, a function here reads its rows for the participant through
coaching's selectors (training sits on the floor above coaching, .importlinter) and returns
`Gap(source=GapSourceKind.COMPETENCE_MAP, source_ref=<row id>, area_id=..., ...)`, registered
with `register_gap_source(GapSourceKind.COMPETENCE_MAP, ...)` below. `source_ref` keeps a gap
from being taken in twice.
"""

from collections.abc import Callable
from dataclasses import dataclass

from validation.models import ValidationResult, ValidationStatus

from .models import GapSourceKind


@dataclass(frozen=True)
class Gap:
    source: str
    source_ref: str
    area_id: int | None
    description: str = ""
    validation_id: int | None = None


GapSource = Callable[[object], list[Gap]]
_SOURCES: dict[str, GapSource] = {}


def register_gap_source(key: str, source: GapSource) -> None:
    _SOURCES[key] = source


def validation_gaps(participant) -> list[Gap]:
    """One gap per recommended area of each validation's current result; a result that
    recommends actions without naming an area gives one gap with its text."""
    from validation.models import Validation

    current = (
        Validation.objects.filter(participant=participant)
        .exclude(status=ValidationStatus.CANCELLED)
        .exclude(current_result=None)
        .values_list("current_result_id", flat=True)
    )
    results = (
        ValidationResult.objects.filter(pk__in=list(current))
        .select_related("validation")
        .prefetch_related("recommended_areas")
        .order_by("held_on", "pk")
    )
    found = []
    for result in results:
        areas = list(result.recommended_areas.all())
        for index, area in enumerate(areas):
            found.append(
                Gap(
                    source=GapSourceKind.VALIDATION,
                    source_ref=f"{result.validation_id}:{area.pk}",
                    area_id=area.pk,
                    # The assessor's recommendation is one text for all areas: said once.
                    description=result.recommended_actions if index == 0 else "",
                    validation_id=result.validation_id,
                )
            )
        if not areas and result.recommended_actions.strip():
            found.append(
                Gap(
                    source=GapSourceKind.VALIDATION,
                    source_ref=f"{result.validation_id}:text",
                    area_id=None,
                    description=result.recommended_actions,
                    validation_id=result.validation_id,
                )
            )
    return found


register_gap_source(GapSourceKind.VALIDATION, validation_gaps)


def collect(participant) -> list[Gap]:
    return [gap for source in _SOURCES.values() for gap in source(participant)]
