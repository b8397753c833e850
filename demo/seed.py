"""Demo data: a project as in early 2021, with real-looking Swedish companies and people.

Deterministic (a fixed random seed) and idempotent: running it again finds what is there by its
natural keys (usernames, organisation and personal identity numbers) and adds only what is
missing. Writes go through the apps' services.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.services import user_create_with_role
from certificates.demo import seed_certificates
from coaching.demo import seed_coaching
from companies.identifiers import make_organisationsnummer, make_personnummer
from companies.models import (
    CentreReason,
    Company,
    CompanyStatus,
    ContactPerson,
    EndReason,
    Municipality,
    Participant,
    ParticipantStatus,
    Sex,
    StartStatus,
)
from companies.services import participants_bulk_register
from reports.models import Project
from validation.demo import seed_validations
from validation.models import Accreditation, TestCentre, ValidationModel

from . import names

DEMO_PASSWORD = "demo"


@dataclass
class SeedResult:
    companies: int
    participants: int
    logins: list[tuple[str, str, str]]


def seed(
    *, companies: int = 30, participants: int = 400, certificates: bool = True, stdout=None
) -> SeedResult:
    today = timezone.localdate()
    project = _project(today)
    centres = _test_centres(project.start_date)
    logins = _users(centres)
    coaches = [user for username, user in logins.items() if username.startswith("coach")]
    staff = logins["staff"]
    company_rows = _companies(companies, centres, coaches, project.start_date, today)
    # Each part draws from its own seeded generator, so a re-run makes the same rows.
    created = _participants(
        random.Random("participants"),
        participants,
        company_rows,
        project.start_date,
        today,
        actor=staff,
    )
    validations = seed_validations(staff=staff, today=today)
    seed_coaching(today=today)
    # Each certificate is a PDF render: at benchmark scale they can be left out.
    issued = seed_certificates(staff=staff) if certificates else 0
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner (autovacuum may be off or not yet come by): at
        # 100,000 participants a stale estimate picks a sequential scan over an index. VACUUM
        # too where it may run (not inside a transaction, e.g. a test's): it marks the new rows
        # all-visible, so a deep page's keys are read from the index alone.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    if stdout:
        stdout.write(
            f"{len(company_rows)} companies, {created} new participants, "
            f"{validations} new validations, {issued} new certificates\n"
        )
    return SeedResult(
        companies=len(company_rows),
        participants=Participant.objects.count(),
        logins=[
            (username, DEMO_PASSWORD, user.profile.get_role_display())
            for username, user in logins.items()
        ],
    )


def _project(today: datetime.date) -> Project:
    project = Project.current()
    if project:
        return project
    # The demo runs "now": the project started ten months ago and runs a little over a year more.
    return Project.objects.create(
        name="Framtidssäkrad industri",
        funder="Svenska ESF-rådet",
        funder_reference="2020/00000",
        start_date=today - datetime.timedelta(days=300),
        end_date=today + datetime.timedelta(days=430),
        target_companies=70,
        target_participants=1000,
    )


def _test_centres(accredited_from: datetime.date) -> list[TestCentre]:
    municipalities = {m.name: m for m in Municipality.objects.all()}
    models = list(ValidationModel.objects.order_by("pk"))
    centres = []
    for index, (name, municipality, street, postal_code) in enumerate(names.TEST_CENTRES):
        centre, created = TestCentre.objects.get_or_create(
            organisationsnummer=make_organisationsnummer(900_000 + index),
            defaults={
                "name": name,
                "municipality": municipalities[municipality],
                "street_address": street,
                "postal_code": postal_code,
                "contact_name": f"{names.WOMEN[index]} {names.LAST[index + 10]}",
                "contact_email": f"testcenter{index + 1}@example.se",
                "contact_phone": f"036-12 34 5{index}",
            },
        )
        if created:
            # Every centre is accredited for the BAS models; industry models are spread out.
            for model_index, model in enumerate(models):
                if model_index < 3 or model_index % len(names.TEST_CENTRES) == index:
                    Accreditation.objects.create(
                        centre=centre, model=model, valid_from=accredited_from
                    )
        centres.append(centre)
    return centres


def _users(centres: list[TestCentre]) -> dict:
    people = [
        ("staff", Role.STAFF, "Sofia", "Lindqvist", None, True),
        ("manager", Role.MANAGER, "Per", "Gustafsson", None, False),
        ("assessor", Role.ASSESSOR, "Johan", "Berg", centres[0], False),
        ("assessor2", Role.ASSESSOR, "Malin", "Eklund", centres[2], False),
        ("assessor3", Role.ASSESSOR, "Oskar", "Lundgren", centres[1], False),
        ("assessor4", Role.ASSESSOR, "Frida", "Holm", centres[3], False),
        ("coach", Role.COACH, "Karin", "Sandberg", None, False),
        ("coach2", Role.COACH, "Mikael", "Håkansson", None, False),
    ]
    return {
        username: user_create_with_role(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@example.se",
            test_centre=centre,
            is_superuser=superuser,
        )
        for username, role, first, last, centre, superuser in people
    }


def _company_spec(rng: random.Random, index: int) -> tuple[str, str, str, int]:
    if index < len(names.COMPANIES):
        return names.COMPANIES[index]
    base = names.COMPANIES[index % len(names.COMPANIES)]
    return (
        f"{base[0][:-3]} {index // len(names.COMPANIES) + 1} AB",
        base[1],
        base[2],
        rng.randint(15, 250),
    )


@transaction.atomic
def _companies(count, centres, coaches, project_start, today) -> list[Company]:
    municipalities = {m.name: m for m in Municipality.objects.all()}
    existing = {c.organisationsnummer: c for c in Company.objects.all()}
    new, rows = [], []
    for index in range(count):
        orgnr = make_organisationsnummer(index * 7919 + 13)
        if orgnr in existing:
            rows.append(existing[orgnr])
            continue
        rng = random.Random(f"company-{index}")
        name, municipality, sni, employees = _company_spec(rng, index)
        municipality = municipalities[municipality]
        # Centres by county: Jönköping centres for county 06, Kronoberg centres for 07.
        county_centres = centres[:2] if municipality.county == "06" else centres[2:]
        status = rng.choices(
            [
                CompanyStatus.ACTIVE,
                CompanyStatus.RECRUITED,
                CompanyStatus.PROSPECT,
                CompanyStatus.COMPLETED,
                CompanyStatus.WITHDRAWN,
            ],
            weights=[60, 20, 10, 5, 5],
        )[0]
        recruited = project_start + datetime.timedelta(days=rng.randint(0, 120))
        has_centre = status != CompanyStatus.PROSPECT
        company = Company(
            organisationsnummer=orgnr,
            name=name,
            sni_code=sni,
            municipality=municipality,
            employees=employees,
            status=status,
            recruited_on=recruited if status != CompanyStatus.PROSPECT else None,
            activated_on=(
                recruited + datetime.timedelta(days=30)
                if status in (CompanyStatus.ACTIVE, CompanyStatus.COMPLETED)
                else None
            ),
            completed_on=today - datetime.timedelta(days=10)
            if status == CompanyStatus.COMPLETED
            else None,
            withdrawn_on=today - datetime.timedelta(days=40)
            if status == CompanyStatus.WITHDRAWN
            else None,
            coach=coaches[index % len(coaches)],
            test_centre=county_centres[index % 2] if has_centre else None,
            test_centre_reason=(
                rng.choice([CentreReason.INDUSTRY, CentreReason.RELATIONSHIP]) if has_centre else ""
            ),
        )
        company.full_clean(validate_unique=False, validate_constraints=False)
        new.append(company)
    Company.objects.bulk_create(new, batch_size=1000)
    rows.extend(new)
    rng = random.Random("contacts")
    with_contacts = set(ContactPerson.objects.values_list("company_id", flat=True))
    ContactPerson.objects.bulk_create(
        [
            ContactPerson(
                company=company,
                name=f"{rng.choice(names.WOMEN + names.MEN)} {rng.choice(names.LAST)}",
                title=rng.choice(["VD", "Produktionschef", "HR-ansvarig", "Platschef"]),
                email=f"kontakt{company.pk}@example.se",
                phone=f"0{rng.randint(300, 499)}-{rng.randint(10000, 99999)}",
            )
            for company in rows
            if company.pk not in with_contacts
        ],
        batch_size=1000,
    )
    return rows


LIFECYCLE = [
    (ParticipantStatus.REGISTERED, 20),
    (ParticipantStatus.MAPPED, 20),
    (ParticipantStatus.VALIDATION_BOOKED, 15),
    (ParticipantStatus.VALIDATED, 15),
    (ParticipantStatus.IN_DEVELOPMENT, 15),
    (ParticipantStatus.CERTIFICATE_ISSUED, 10),
    (ParticipantStatus.DROPPED_OUT, 5),
]


def _participants(rng, count, companies, project_start, today, *, actor) -> int:
    taking_part = [c for c in companies if c.status != CompanyStatus.PROSPECT] or companies
    weights = [c.employees for c in taking_part]
    days = max(1, (today - project_start).days)
    seen: set[str] = set()
    rows = []
    while len(rows) < count:
        birth = datetime.date(rng.randint(1958, 2002), rng.randint(1, 12), rng.randint(1, 28))
        sex = Sex.MALE if rng.random() < 0.68 else Sex.FEMALE
        serial = rng.randrange(0, 1000, 2) + (1 if sex == Sex.MALE else 0)
        serial = min(serial, 999)
        number = make_personnummer(birth, serial)
        if number in seen:
            continue
        seen.add(number)
        start = project_start + datetime.timedelta(days=rng.randint(0, days))
        status = rng.choices([s for s, _ in LIFECYCLE], weights=[w for _, w in LIFECYCLE])[0]
        ended = status == ParticipantStatus.DROPPED_OUT
        rows.append(
            Participant(
                personnummer=number,
                first_name=rng.choice(names.MEN if sex == Sex.MALE else names.WOMEN),
                last_name=rng.choice(names.LAST),
                sex=sex,
                company=rng.choices(taking_part, weights=weights)[0],
                start_status=rng.choices(
                    [StartStatus.EMPLOYED, StartStatus.FURLOUGHED, StartStatus.UNDER_NOTICE],
                    weights=[70, 20, 10],
                )[0],
                start_date=start,
                end_date=min(today, start + datetime.timedelta(days=30)) if ended else None,
                end_reason=rng.choice([EndReason.NEW_JOB, EndReason.LEFT_COMPANY]) if ended else "",
                consent_given_on=start,
                status=status,
            )
        )
    created = participants_bulk_register(actor=actor, participants=rows)
    if not Participant.objects.filter(protected_identity=True).exists() and companies:
        # Two people with protected identity (skyddad identitet): no number stored.
        participants_bulk_register(
            actor=actor,
            participants=[
                Participant(
                    protected_identity=True,
                    first_name=first,
                    last_name=last,
                    sex=sex,
                    company=taking_part[0],
                    start_status=StartStatus.EMPLOYED,
                    start_date=project_start + datetime.timedelta(days=60),
                    consent_given_on=project_start + datetime.timedelta(days=60),
                )
                for first, last, sex in [
                    ("Elin", "Svensson", Sex.FEMALE),
                    ("Ali", "Nilsson", Sex.MALE),
                ]
            ],
        )
        created += 2
    return created
