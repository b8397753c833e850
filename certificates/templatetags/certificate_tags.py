"""Template tags other apps use to show certificates where they belong.

In the validation detail page:

    {% load certificate_tags %}{% validation_certificates validation current %}

where `current` is the validation's current result (or None), which the page has already.
"""

from django import template

from accounts.roles import Capability as C
from accounts.roles import has_capability

from ..models import Certificate, CertificateLanguage
from ..permissions import can_issue, is_certifiable

register = template.Library()


@register.inclusion_tag("certificates/_validation_certificates.html", takes_context=True)
def validation_certificates(context, validation, current):
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
    allowed_to_issue = is_certifiable(validation, current) and can_issue(user, validation)
    return {
        "validation": validation,
        "certificates": certificates,
        # What the issue form sends as `known` (an issuer may not see the certificates list).
        "known": (
            len(certificates)
            if can_view or not allowed_to_issue
            else Certificate.objects.filter(validation=validation).count()
        ),
        "can_view": can_view,
        "can_issue": allowed_to_issue,
        "languages": CertificateLanguage.choices,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
