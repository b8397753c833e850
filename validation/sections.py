"""Validation's sections on the register's company and participant pages (companies.sections)."""

from accounts.roles import Capability, has_capability
from companies.sections import (
    Section,
    register_company_section,
    register_participant_section,
)

from . import selectors

COMPANY_LIMIT = 10


def participant_validations(request, participant) -> dict | None:
    user = request.user
    if not has_capability(user, Capability.VALIDATION_VIEW):
        return None
    return {
        "participant": participant,
        "validations": list(selectors.validations_for(user).filter(participant=participant)),
        "can_book": has_capability(user, Capability.VALIDATION_BOOK),
    }


def company_validations(request, company) -> dict | None:
    """The company's latest validations; the full list is one link away."""
    user = request.user
    if not has_capability(user, Capability.VALIDATION_VIEW):
        return None
    rows = selectors.validations_for(user).filter(company=company)
    shown = list(rows[: COMPANY_LIMIT + 1])
    return {
        "company": company,
        "validations": shown[:COMPANY_LIMIT],
        "more": len(shown) > COMPANY_LIMIT,
    }


def register_sections() -> None:
    register_participant_section(
        Section(
            key="validations",
            template="validation/tags/participant_validations.html",
            context=participant_validations,
            order=10,
        )
    )
    # Validations are wide rows: full width under the register facts.
    register_company_section(
        Section(
            key="validations",
            template="validation/tags/company_validations.html",
            context=company_validations,
            order=50,
            place="full",
        )
    )
