"""Coaching's sections on the register's company page (companies.sections): the four
conversations as a timeline, and the competence map's largest gaps."""

from accounts.roles import Capability, has_capability
from companies.sections import Section, register_company_section, register_participant_section

from . import selectors


def company_timeline(request, company) -> dict | None:
    user = request.user
    if not has_capability(user, Capability.CONVERSATIONS_VIEW):
        return None
    (progress,) = selectors.company_progress(user, [company])
    return {
        "company": company,
        "progress": progress,
        "can_run": has_capability(user, Capability.CONVERSATIONS_RUN),
    }


def company_map_summary(request, company) -> dict | None:
    user = request.user
    if not has_capability(user, Capability.MAP_VIEW):
        return None
    return {
        "company": company,
        "summary": selectors.map_summary(user, company),
        "can_edit": has_capability(user, Capability.MAP_EDIT),
    }


def participant_competences(request, participant) -> dict | None:
    user = request.user
    if not has_capability(user, Capability.MAP_VIEW):
        return None
    return {
        "participant": participant,
        "rows": selectors.participant_map(user, participant),
        "can_edit": has_capability(user, Capability.MAP_EDIT),
    }


def participant_sessions(request, participant) -> dict | None:
    user = request.user
    if not has_capability(user, Capability.CONVERSATIONS_VIEW):
        return None
    sessions = list(selectors.participant_sessions(user, participant))
    return {
        "participant": participant,
        "sessions": sessions,
        "total_hours": sum((s.hours for s in sessions), 0),
        "can_record": has_capability(user, Capability.CONVERSATIONS_RUN),
    }


def register_sections() -> None:
    register_participant_section(
        Section(
            key="coaching_sessions",
            template="coaching/tags/participant_sessions.html",
            context=participant_sessions,
            order=25,
        )
    )
    register_participant_section(
        Section(
            key="competences",
            template="coaching/tags/participant_competences.html",
            context=participant_competences,
            order=20,
        )
    )
    register_company_section(
        Section(
            key="conversations",
            template="coaching/tags/company_timeline.html",
            context=company_timeline,
            order=20,
            place="full",
        )
    )
    register_company_section(
        Section(
            key="competence_map",
            template="coaching/tags/company_map_summary.html",
            context=company_map_summary,
            order=30,
        )
    )
