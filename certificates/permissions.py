"""Who may issue, revoke and see certificates, and what may get one. Views and services both
ask these."""

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import assessor_centre_id
from validation.models import Outcome, Validation, ValidationResult, ValidationStatus

from .models import Certificate, CertificateStatus


def is_certifiable(validation: Validation, result: ValidationResult | None) -> bool:
    """A validation may get a certificate when it is not cancelled and its current result
    (`result`) is a full outcome. `selectors.certificates_due` is the same rule as a query."""
    return (
        validation.status != ValidationStatus.CANCELLED
        and result is not None
        and result.outcome == Outcome.FULL
    )


def can_issue(user, validation: Validation) -> bool:
    """Staff may issue for any validation; a test centre's assessor only for validations at
    their own centre, in their scope, in a model that lets the centre issue."""
    if has_capability(user, C.CERTIFICATES_ISSUE):
        return True
    if not has_capability(user, C.CERTIFICATES_ISSUE_CENTRE):
        return False
    centre = assessor_centre_id(user)
    return (
        centre is not None
        and validation.centre_id == centre
        and validation.model.centre_may_issue
        and Validation.objects.for_user(user).filter(pk=validation.pk).exists()
    )


def can_revoke(user, certificate: Certificate) -> bool:
    """Revoking is for holders of `certificates.revoke` (project staff), whoever issued it."""
    return certificate.status == CertificateStatus.VALID and has_capability(
        user, C.CERTIFICATES_REVOKE
    )


def can_bulk_issue(user) -> bool:
    return has_capability(user, C.CERTIFICATES_ISSUE)
