"""Template tags other apps use to show certificates where they belong.

In the validation detail page:

    {% load certificate_tags %}{% validation_certificates validation %}
"""

from django import template

from accounts.roles import Capability as C
from accounts.roles import has_capability
from validation.models import Outcome, ValidationStatus
from validation.selectors import current_result

from ..models import Certificate, CertificateLanguage
from ..permissions import can_issue

register = template.Library()


@register.inclusion_tag("certificates/_validation_certificates.html", takes_context=True)
def validation_certificates(context, validation):
    """The validation's certificates the user may see, and an issue form when the current
    result is a full outcome and the user may issue."""
    request = context["request"]
    user = request.user
    can_view = has_capability(user, C.CERTIFICATES_VIEW)
    certificates = (
        list(
            Certificate.objects.for_user(user)
            .filter(validation=validation)
            .select_related("document")
            .order_by("-issued_on", "-pk")
        )
        if can_view
        else []
    )
    result = current_result(validation)
    full = (
        result is not None
        and result.outcome == Outcome.FULL
        and validation.status != ValidationStatus.CANCELLED
    )
    return {
        "validation": validation,
        "certificates": certificates,
        "can_view": can_view,
        "can_issue": full and can_issue(user, validation),
        "languages": CertificateLanguage.choices,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
