"""Demo certificates: one for every recorded full-outcome validation that has none.

Called by the demo seed after the validation demo data; idempotent because only due
validations are issued. The PDFs are rendered by the document task (inline without a broker).
"""

from companies.models import ParticipantStatus

from .models import CertificateLanguage
from .selectors import certificates_due
from .services import certificates_issue_many


def seed_certificates(*, staff, language: str = CertificateLanguage.SWEDISH) -> int:
    """Issue, as `staff`, the due certificates of participants whose demo status says they have
    one; the other full outcomes stay due, so staff can try bulk issue. Returns how many."""
    due = list(
        certificates_due(user=staff).filter(
            participant__status=ParticipantStatus.CERTIFICATE_ISSUED
        )
    )
    if due:
        certificates_issue_many(actor=staff, validations=due, language=language)
    return len(due)
