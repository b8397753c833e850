"""Reads about competence development that pages, sections and other apps rely on."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Course, Enrolment, EnrolmentStatus, PlanEffort, PlanItem


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
    return [
        PlanRow(
            item=item,
            efforts=[(effort, enrolments.get(effort.course_id)) for effort in item.efforts.all()],
        )
        for item in items
    ]
