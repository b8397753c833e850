"""Validation panels on the start pages and the outcome badge.

The start-page templates call these tags; the tags query within the requesting user's scope.
The company and participant pages get validation's panels as sections (validation.sections).
"""

from django import template

from accounts.roles import Capability, has_capability

from .. import selectors
from ..models import Outcome

register = template.Library()


def _user(context):
    return context["request"].user


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
