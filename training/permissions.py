"""Who may do what with courses, enrolments and plans. Views and services both ask these."""

from accounts.roles import Capability as C
from accounts.roles import has_capability
from companies.models import Company, Participant


def can_manage(user) -> bool:
    """Courses, sessions, enrolments and attendance are project staff's work."""
    return has_capability(user, C.TRAINING_EDIT)


def can_propose(user, company: Company | None) -> bool:
    """Staff may create any course; a coach may propose one for a company of theirs."""
    if can_manage(user):
        return True
    return (
        company is not None
        and has_capability(user, C.TRAINING_PROPOSE)
        and Company.objects.for_user(user).filter(pk=company.pk).exists()
    )


def can_edit_plan(user, participant: Participant) -> bool:
    """The participant's coach and project staff edit the development plan."""
    return has_capability(user, C.PLAN_EDIT) and (
        Participant.objects.for_user(user).filter(pk=participant.pk).exists()
    )
