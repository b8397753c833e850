"""Every write to the register. Callers have checked the actor's capability and scope."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import PersonalDataAccess
from accounts.roles import Capability, has_capability

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


def personnummer_access_log_many(*, actor, participants: list[Participant], purpose: str) -> None:
    """Record that `actor` was given these participants' full numbers at once (an export)."""
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(user=actor, participant=participant, purpose=purpose)
        for participant in participants
        if participant.personnummer
    )


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


# Imports ---------------------------------------------------------------------------------
# `imports` checks a file row by row (imports.plan) and hands the rows that passed to these
# two services, inside its one transaction. An actor of None is the server's operator at the
# command line.


class ImportRefused(PermissionError):
    """The actor may not write what the import asked for."""


def _may(actor, capability: str) -> bool:
    return actor is None or has_capability(actor, capability)


@transaction.atomic
def companies_import(
    *, actor, new: list[dict], changed: list[tuple[int, dict]], batch_size: int = 1000
) -> dict[str, int]:
    """Create companies from `new` (field values) and update `changed` (id, field values).
    Returns {organisation number: id} of the created ones. Staff (capability imports.companies)."""
    if not _may(actor, Capability.COMPANIES_IMPORT):
        raise ImportRefused("companies import")
    companies = [Company(**_ids(values)) for values in new]
    for company in companies:
        company.full_clean(validate_unique=False, validate_constraints=False)
    Company.objects.bulk_create(companies, batch_size=batch_size)
    _update(Company, changed, batch_size=batch_size)
    created = Company.objects.filter(
        organisationsnummer__in=[company.organisationsnummer for company in companies]
    )
    return dict(created.values_list("organisationsnummer", "pk"))


@transaction.atomic
def participants_import(
    *, actor, new: list[dict], changed: list[tuple[int, dict]], batch_size: int = 1000
) -> None:
    """Register participants from `new` and update `changed` (id, field values); every
    company named and every participant changed must be in the actor's scope. Staff, and
    coaches for their own companies (capability imports.participants)."""
    if not _may(actor, Capability.PARTICIPANTS_IMPORT):
        raise ImportRefused("participants import")
    if actor is not None:
        company_ids = {v["company_id"] for v in new} | {
            v["company_id"] for _pk, v in changed if "company_id" in v
        }
        in_scope = set(
            Company.objects.for_user(actor).filter(pk__in=company_ids).values_list("pk", flat=True)
        )
        ids = {pk for pk, _values in changed}
        visible = Participant.objects.for_user(actor).filter(pk__in=ids).count()
        if in_scope != company_ids or visible != len(ids):
            raise ImportRefused("participants outside the actor's scope")
    participants = [Participant(**values) for values in new]
    for participant in participants:
        participant.full_clean(
            exclude=["company", "personnummer"], validate_unique=False, validate_constraints=False
        )
    Participant.objects.bulk_create(participants, batch_size=batch_size)
    _update(Participant, changed, batch_size=batch_size)


def _ids(values: dict) -> dict:
    return {(f"{k}_id" if k == "municipality" else k): v for k, v in values.items()}


def _update(model, changed: list[tuple[int, dict]], *, batch_size: int) -> None:
    """One bulk update per set of changed fields (rows that change the same columns)."""
    groups: dict[tuple, list] = {}
    for pk, values in changed:
        values = _ids(values)
        row = model(pk=pk, **values)
        groups.setdefault(tuple(sorted(values)), []).append(row)
    now = timezone.now()
    for fields, rows in groups.items():
        for row in rows:
            row.updated_at = now
        model.objects.bulk_update(rows, [*fields, "updated_at"], batch_size=batch_size)
