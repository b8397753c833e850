"""Reads about competence development that pages, sections and other apps rely on."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation

from coaching.selectors import participant_map_state

from .gaps import map_level_text
from .models import Course, Enrolment, EnrolmentStatus, GapSourceKind, PlanEffort, PlanItem


def courses_for(user) -> QuerySet[Course]:
    """The courses `user` sees, with the numbers a list row shows, in one query."""
    return (
        Course.objects.for_user(user)
        .select_related("provider", "company")
        .annotate(
            enrolled=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.DROPPED_OUT))
        )
        .order_by("-starts_on", "-pk")
    )


def enrolments_for(user) -> QuerySet[Enrolment]:
    return Enrolment.objects.for_user(user).select_related(
        "participant", "participant__company", "course", "course__provider"
    )


@dataclass
class PlanRow:
    item: PlanItem
    efforts: list  # (effort, enrolment or None)
    # A gap from the competence map: the participant's map cell now (level, needed, gap), or
    # None when the competence is no longer on the map. None for other gaps.
    map_now: object = None

    @property
    def from_map(self) -> bool:
        return self.item.source == GapSourceKind.COMPETENCE_MAP

    @property
    def map_moved(self) -> bool:
        """How the gap stands now differs from what was taken in (met, off the map, or other
        levels): worth a word next to the gap."""
        if not self.from_map:
            return False
        if self.map_now is None or self.map_met:
            return True
        # The text was written in the language of whoever collected the gap: compared in each.
        return not any(
            self.item.description.endswith(_in(language, self.map_now))
            for language, _name in settings.LANGUAGES
        )

    @property
    def map_met(self) -> bool:
        """The gap from the map is met now: the participant's level meets the need."""
        return self.map_now is not None and self.map_now.gap == 0


def _in(language: str, cell) -> str:
    with translation.override(language):
        return map_level_text(cell.level, cell.needed)


def development_plan(user, participant) -> list[PlanRow]:
    """The participant's plan as `user` may see it (an assessor: the gaps from their
    validations), each gap with its chosen efforts and the participant's enrolment in each."""
    items = (
        PlanItem.objects.for_user(user)
        .filter(participant=participant)
        .select_related("area", "validation", "validation__model")
        .prefetch_related(
            Prefetch(
                "efforts",
                queryset=PlanEffort.objects.select_related("course", "course__provider"),
            )
        )
        .order_by("closed", "pk")
    )
    items = list(items)
    courses = {effort.course_id for item in items for effort in item.efforts.all()}
    enrolments = {
        e.course_id: e
        for e in Enrolment.objects.filter(participant=participant, course_id__in=courses)
    }
    from_map = [int(i.source_ref) for i in items if i.source == GapSourceKind.COMPETENCE_MAP]
    # Read only when the plan has gaps from the map (an assessor's part never does).
    map_now = participant_map_state(participant, from_map) if from_map else {}
    return [
        PlanRow(
            item=item,
            efforts=[(effort, enrolments.get(effort.course_id)) for effort in item.efforts.all()],
            map_now=map_now.get(int(item.source_ref))
            if item.source == GapSourceKind.COMPETENCE_MAP
            else None,
        )
        for item in items
    ]
