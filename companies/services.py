"""Every write to the register.

One convention for writes in every app (README, "Layout"): a service `<thing>_<verb>(*, actor,
…)` takes data — keyword-only, typed, a dataclass where there are many — never a form or a
request, and checks the actor's capability and scope itself (`PermissionDenied` when either is
missing), so that the pages, the commands and an import go through the same door. A broken rule
raises `ValidationError` keyed by its field, and nothing is saved.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import PersonalDataAccess
from accounts.roles import Capability, Role, has_capability
from accounts.services import RoleChange
from framtidssakrad.data import Row, rows_save

from .models import Company, CompanyStatus, Participant, ParticipantStatus
from .signals import participants_moved

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


@dataclass(frozen=True)
class CompanyData:
    """A company as entered (cleaned: e.g. by `forms.CompanyForm`)."""

    organisationsnummer: str
    name: str
    municipality: object
    employees: int
    sni_code: str = ""
    coach: object = None
    test_centre: object = None  # a validation.TestCentre
    test_centre_reason: str = ""


def _require(actor, capability: str, queryset=None, obj=None) -> None:
    """The actor holds `capability` and, for an existing `obj`, sees it in `queryset`."""
    if not has_capability(actor, capability):
        raise PermissionDenied
    if obj is not None and obj.pk and not queryset.for_user(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied


def _assign(instance, data) -> None:
    for item in fields(data):
        setattr(instance, item.name, getattr(data, item.name))


@transaction.atomic
def company_save(
    *,
    actor,
    data: CompanyData,
    company: Company | None = None,
    contacts: Sequence[Row] = (),
) -> Company:
    """Create (`company` None) or update a company with its contact persons (rows of name,
    title, email, phone), all or nothing (holders of `companies.edit` who see the company)."""
    _require(actor, Capability.COMPANIES_EDIT, Company.objects, company)
    company = company or Company()
    _assign(company, data)
    company.save()
    rows_save(company.contacts, contacts)
    return company


def company_allowed_statuses(company: Company) -> list[str]:
    return sorted(COMPANY_TRANSITIONS[company.status])


@transaction.atomic
def company_change_status(*, actor, company: Company, status: str, on: datetime.date) -> Company:
    """Move a company along prospect → recruited → active → completed, or withdraw it (holders
    of `companies.edit` who see the company). The date says when it happened, so a date after
    today is refused (it would count toward the target before it is true)."""
    _require(actor, Capability.COMPANIES_EDIT, Company.objects, company)
    if on > timezone.localdate():
        raise ValidationError(
            _("The date of a status change cannot be in the future."), code="future"
        )
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


def company_set_conversations_held(*, company: Company, held: int) -> None:
    """Record how many of the four coaching conversations the company has held (0–4). Called
    by the coaching services inside their transactions after every change of a conversation."""
    if not 0 <= held <= 4:
        raise ValueError(f"conversations held must be 0–4, not {held}")
    # updated_at too: the reports' cached figures notice a change by it.
    Company.objects.filter(pk=company.pk).update(conversations_held=held, updated_at=timezone.now())
    company.conversations_held = held


@dataclass(frozen=True)
class ParticipantData:
    """A participant as entered (cleaned: e.g. by `forms.ParticipantForm`, which turns a
    personal identity number into its canonical form and the sex it gives)."""

    company: Company
    first_name: str
    last_name: str
    sex: str
    start_status: str
    start_date: datetime.date
    personnummer: str | None = None
    protected_identity: bool = False
    end_date: datetime.date | None = None
    end_reason: str = ""
    consent_given_on: datetime.date | None = None


@transaction.atomic
def participant_save(
    *, actor, data: ParticipantData, participant: Participant | None = None
) -> Participant:
    """Register (`participant` None) or update a participant (holders of `participants.edit`
    who see the participant and the company)."""
    _require(actor, Capability.PARTICIPANTS_EDIT, Participant.objects, participant)
    if not Company.objects.for_user(actor).filter(pk=data.company.pk).exists():
        raise PermissionDenied
    participant = participant or Participant()
    _assign(participant, data)
    participant.save()
    return participant


def participant_advance(*, participant: Participant, to: str) -> None:
    """Move `participant` forward to the step `to` (a booking, a result, a certificate). One
    already further along, or who has ended or dropped out, keeps their status. Called by the
    services of the apps whose events move participants on, inside their transactions."""
    # A conditional update: what counts is the status in the database, not in memory.
    if Participant.objects.filter(
        pk=participant.pk, status__in=ParticipantStatus.before(to)
    ).update(status=to, updated_at=timezone.now()):
        participant.status = to


def participant_step_back(*, participant: Participant, from_: str, to: str) -> None:
    """Move `participant` back from the step `from_` to the earlier step `to` (a revoked
    certificate); a participant at any other status keeps it. Called inside the caller's
    transaction."""
    if Participant.objects.filter(pk=participant.pk, status=from_).update(
        status=to, updated_at=timezone.now()
    ):
        participant.status = to


def personnummer_access_log(*, actor, participant: Participant, purpose: str) -> None:
    """Record that `actor` was shown the participant's full personal identity number (holders
    of `participants.view_personnummer`, the only ones it is shown to)."""
    _require(actor, Capability.PERSONNUMMER_VIEW, Participant.objects, participant)
    if participant.personnummer:
        PersonalDataAccess.objects.create(user=actor, participant=participant, purpose=purpose)


def personnummer_access_log_many(*, actor, participants: list[Participant], purpose: str) -> None:
    """Record that `actor` was given these participants' full numbers at once (an export of
    rows the caller read through `for_user(actor)`; holders of `participants.view_personnummer`)."""
    _require(actor, Capability.PERSONNUMMER_VIEW)
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(user=actor, participant=participant, purpose=purpose)
        for participant in participants
        if participant.personnummer
    )


@transaction.atomic
def participants_bulk_register(*, actor, participants: list[Participant], batch_size=2000) -> int:
    """Insert many new participants at once (demo data, imports); rows whose personal identity
    number is already registered are skipped. Returns how many were new. Holders of
    `participants.edit` who see every company."""
    if not has_capability(actor, Capability.PARTICIPANTS_EDIT):
        raise PermissionDenied
    companies = {p.company_id for p in participants}
    if len(companies) != Company.objects.for_user(actor).filter(pk__in=companies).count():
        raise PermissionDenied
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


@transaction.atomic
def companies_import(
    *, actor, new: list[dict], changed: list[tuple[int, dict]], batch_size: int = 1000
) -> dict[str, int]:
    """Create companies from `new` (field values) and update `changed` (id, field values).
    Returns {organisation number: id} of the created ones. Staff (capability imports.companies)."""
    if actor is not None:
        _require(actor, Capability.COMPANIES_IMPORT)
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
    if actor is not None:
        _require(actor, Capability.PARTICIPANTS_IMPORT)
        company_ids = {v["company_id"] for v in new} | {
            v["company_id"] for _pk, v in changed if "company_id" in v
        }
        in_scope = set(
            Company.objects.for_user(actor).filter(pk__in=company_ids).values_list("pk", flat=True)
        )
        ids = {pk for pk, _values in changed}
        visible = Participant.objects.for_user(actor).filter(pk__in=ids).count()
        if in_scope != company_ids or visible != len(ids):
            raise PermissionDenied
    participants = [Participant(**values) for values in new]
    for participant in participants:
        participant.full_clean(
            exclude=["company", "personnummer"], validate_unique=False, validate_constraints=False
        )
    Participant.objects.bulk_create(participants, batch_size=batch_size)
    _update(Participant, changed, batch_size=batch_size)
    moved = [pk for pk, values in changed if "company_id" in values]
    if moved:
        participants_moved.send(sender=Participant, participant_ids=moved)


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
    for changed_fields, rows in groups.items():
        for row in rows:
            row.updated_at = now
        model.objects.bulk_update(rows, [*changed_fields, "updated_at"], batch_size=batch_size)


def _names(names: list[str], shown: int = 5) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return _("%(names)s and %(count)d more") % {
        "names": ", ".join(names[:shown]),
        "count": len(names) - shown,
    }


def coach_keeps_companies(change: RoleChange) -> dict[str, str]:
    """A coach's companies rely on the coach's role and login: while they have companies, a
    coach stays a coach and active (registered in `accounts.services.ROLE_DEPENDENTS`)."""
    leaves = change.role != Role.COACH
    if change.previous_role != Role.COACH or not (leaves or change.deactivated):
        return {}
    user = change.user
    companies = list(user.coached_companies.order_by("name").values_list("name", flat=True))
    if not companies:
        return {}
    return {
        "role" if leaves else "is_active": _(
            "%(name)s coaches %(companies)s. Give the companies another coach first."
        )
        % {"name": user.get_full_name(), "companies": _names(companies)}
    }
