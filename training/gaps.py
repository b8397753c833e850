"""Where a participant's development gaps come from: one registry of gap sources.

A source is a function `participant -> list[Gap]`. Two are registered here:

- validation: the competence areas an assessor recommended developing with the current result
  of each of the participant's validations (and the free-text recommendation with it);
- the coaching competence map: each competence of the participant's current map row where
  their current level (a validation's, else the coach's) is below the company's current needed
  level, read through coaching's selectors (training sits on the floor above coaching,
  .importlinter). `source_ref` is the competence's id.

`source_ref` keeps a gap from being taken in twice. A gap from the map that closes later (the
level now meets the need) stays in the plan: the plan shows how it stands now
(`selectors.development_plan`), and the coach closes it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext

from coaching.selectors import participant_map_gaps
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


def map_level_text(level: int, needed: int) -> str:
    return gettext("Level %(level)s of the needed %(needed)s") % {"level": level, "needed": needed}


def competence_map_gaps(participant) -> list[Gap]:
    """One gap per competence of the participant's current map row below the needed level."""
    found = []
    for competence, cell in participant_map_gaps(participant):
        text = map_level_text(cell.level, cell.needed)
        found.append(
            Gap(
                source=GapSourceKind.COMPETENCE_MAP,
                source_ref=str(competence.pk),
                area_id=competence.area_id,
                # A competence the coach named (no area) carries its name in the text.
                description=text if competence.area_id else f"{competence.name}: {text}",
            )
        )
    return found


register_gap_source(GapSourceKind.COMPETENCE_MAP, competence_map_gaps)


def collect(participant) -> list[Gap]:
    return [gap for source in _SOURCES.values() for gap in source(participant)]
