"""Every write to the register. Callers have checked the actor's capability and scope."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import PersonalDataAccess

from .models import Company, CompanyStatus, Participant, ParticipantStatus

# Which status may follow which; withdrawal is possible until the company has completed.
COMPANY_TRANSITIONS: dict[str, set[str]] = {
    CompanyStatus.PROSPECT: {CompanyStatus.RECRUITED, CompanyStatus.WITHDRAWN},
    CompanyStatus.RECRUITED: {CompanyStatus.ACTIVE, CompanyStatus.WITHDRAWN},
    CompanyStatus.ACTIVE: {CompanyStatus.COMPLETED, CompanyStatus.WITHDRAWN},
    CompanyStatus.COMPLETED: set(),
    CompanyStatus.WITHDRAWN: set(),
}
STATUS_DATE_FIELD = {
    CompanyStatus.RECRUITED: "recruited_on",
    CompanyStatus.ACTIVE: "activated_on",
    CompanyStatus.COMPLETED: "completed_on",
    CompanyStatus.WITHDRAWN: "withdrawn_on",
}


@transaction.atomic
def company_save(*, actor, form, contacts) -> Company:
    """Create or update a company with its contact persons, all or nothing (staff)."""
    company = form.save()
    contacts.instance = company
    contacts.save()
    return company


def company_allowed_statuses(company: Company) -> list[str]:
    return sorted(COMPANY_TRANSITIONS[company.status])


@transaction.atomic
def company_change_status(*, actor, company: Company, status: str, on: datetime.date) -> Company:
    """Move a company along prospect → recruited → active → completed, or withdraw it (staff)."""
    if status not in COMPANY_TRANSITIONS[company.status]:
        raise ValidationError(
            _("A company that is %(current)s cannot become %(new)s."),
            params={
                "current": CompanyStatus(company.status).label.lower(),
                "new": CompanyStatus(status).label.lower(),
            },
            code="transition",
        )
    company.status = status
    setattr(company, STATUS_DATE_FIELD[status], on)
    company.save(update_fields=["status", STATUS_DATE_FIELD[status], "updated_at"])
    return company


@transaction.atomic
def participant_save(*, actor, form) -> Participant:
    """Register or update a participant (staff)."""
    return form.save()


def participant_advance(*, participant: Participant, to: str) -> None:
    """Move `participant` forward to the step `to` (a booking, a result, a certificate). One
    already further along, or who has ended or dropped out, keeps their status. Called by the
    services of the apps whose events move participants on, inside their transactions."""
    # A conditional update: what counts is the status in the database, not in memory.
    if Participant.objects.filter(
        pk=participant.pk, status__in=ParticipantStatus.before(to)
    ).update(status=to, updated_at=timezone.now()):
        participant.status = to


def personnummer_access_log(*, actor, participant: Participant, purpose: str) -> None:
    """Record that `actor` was shown the participant's full personal identity number."""
    if participant.personnummer:
        PersonalDataAccess.objects.create(user=actor, participant=participant, purpose=purpose)


def personnummer_export_log(*, actor, participant_ids, purpose: str) -> int:
    """Record that `actor` received the full personal identity numbers of these participants in
    an export or report (a file, a download): logged like a view of each. Call it when the file
    with the numbers is made for the actor. Returns how many views were logged."""
    ids = list(
        Participant.objects.filter(pk__in=list(participant_ids), personnummer__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    PersonalDataAccess.objects.bulk_create(
        [PersonalDataAccess(user=actor, participant_id=pk, purpose=purpose) for pk in ids]
    )
    return len(ids)


@transaction.atomic
def participants_bulk_register(*, actor, participants: list[Participant], batch_size=2000) -> int:
    """Insert many new participants at once (demo data, imports); rows whose personal identity
    number is already registered are skipped. Returns how many were new. Staff only."""
    numbers = [p.personnummer for p in participants if p.personnummer]
    existing = set()
    for start in range(0, len(numbers), batch_size):
        existing.update(
            Participant.objects.filter(
                personnummer__in=numbers[start : start + batch_size]
            ).values_list("personnummer", flat=True)
        )
    new = [p for p in participants if not p.personnummer or p.personnummer not in existing]
    for participant in new:
        # Field checks here; the check constraints are left to the database at insert (Django
        # would otherwise run one query per constraint and row).
        participant.full_clean(
            exclude=["company", "personnummer"], validate_unique=False, validate_constraints=False
        )
    Participant.objects.bulk_create(new, batch_size=batch_size)
    return len(new)
