"""Training's section on the register's participant page (companies.sections): the
development plan and the participant's enrolments."""

from accounts.roles import Capability, has_capability
from companies.sections import Section, register_company_section, register_participant_section

from . import selectors
from .permissions import can_edit_plan


def participant_training(request, participant) -> dict | None:
    user = request.user
    if not has_capability(user, Capability.TRAINING_VIEW):
        return None
    return {
        "participant": participant,
        "rows": selectors.development_plan(user, participant),
        "enrolments": list(
            selectors.enrolments_for(user)
            .filter(participant=participant)
            .order_by("-course__starts_on", "pk")
        ),
        "can_edit": can_edit_plan(user, participant),
        "can_hours": has_capability(user, Capability.HOURS_VIEW),
    }


def company_training(request, company) -> dict | None:
    """A link to the company's hours by month (and its batches of hours sheets)."""
    if not has_capability(request.user, Capability.HOURS_VIEW):
        return None
    return {"company": company}


def register_sections() -> None:
    register_company_section(
        Section(
            key="training",
            template="training/tags/company_training.html",
            context=company_training,
            order=60,
        )
    )
    register_participant_section(
        Section(
            key="training",
            template="training/tags/participant_training.html",
            context=participant_training,
            order=30,
        )
    )
