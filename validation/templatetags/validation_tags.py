"""Validation panels on other apps' pages (participant, company, start pages).

The companies and accounts templates include `validation/_*.html`, which call these tags; the
tags query within the requesting user's scope, so those views need not know about validations.
"""

from django import template

from accounts.roles import Capability, has_capability

from .. import selectors
from ..models import Outcome

register = template.Library()

COMPANY_LIMIT = 10


def _user(context):
    return context["request"].user


@register.inclusion_tag("validation/tags/participant_validations.html", takes_context=True)
def participant_validations(context, participant):
    user = _user(context)
    return {
        "participant": participant,
        "validations": list(selectors.validations_for(user).filter(participant=participant)),
        "can_book": has_capability(user, Capability.VALIDATION_BOOK),
    }


@register.inclusion_tag("validation/tags/company_validations.html", takes_context=True)
def company_validations(context, company):
    """The company's latest validations; the full list is one link away."""
    rows = selectors.validations_for(_user(context)).filter(participant__company=company)
    shown = list(rows[: COMPANY_LIMIT + 1])
    return {
        "company": company,
        "validations": shown[:COMPANY_LIMIT],
        "more": len(shown) > COMPANY_LIMIT,
    }


@register.inclusion_tag("validation/tags/home_assessor.html", takes_context=True)
def assessor_agenda(context):
    user = _user(context)
    return {
        **selectors.assessor_agenda(user),
        "can_book": has_capability(user, Capability.VALIDATION_BOOK),
    }


@register.inclusion_tag("validation/tags/home_staff.html", takes_context=True)
def validation_counts(context):
    return {"counts": selectors.validation_counts(_user(context))}


@register.inclusion_tag("validation/_outcome_badge.html")
def outcome_badge(outcome):
    """A coloured badge for an outcome value (empty before a result is recorded)."""
    colours = {
        Outcome.FULL: "success",
        Outcome.PARTIAL: "warning",
        Outcome.NOT_ACHIEVED: "secondary",
    }
    return {
        "label": Outcome(outcome).label if outcome else "",
        "colour": colours.get(outcome, "light"),
    }
