"""A small project counted by hand (see `world`), for every figure of the reports app."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone

from certificates.models import CertificateStatus
from certificates.tests.factories import CertificateFactory, model_with_areas, recorded_validation
from companies.models import CompanyStatus, EndReason, Sex, StartStatus
from companies.tests.factories import CompanyFactory, ParticipantFactory, municipality
from project.models import Project
from validation.models import Outcome

TODAY = datetime.date(2021, 6, 15)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Figures are cached by a fingerprint of the data; another test's rows must not answer.
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    cast: object
    project: Project
    p3: object
    p4: object
    p5: object


@pytest.fixture
def world(cast) -> World:
    """Counted by hand, on TODAY (2021-06-15):

    Companies: A (Jönköping, centre A, coach A) recruited 2021-01-20; B (Växjö, centre B,
    coach B) active, recruited 2021-03-05; C a prospect; D "recruited" on 2030-01-01 (a date
    in the future: not taking part yet). Engaged: A and B.

    Participants: a (man, A, employed, 2021-02-01), b (man, B, employed, 2021-02-01),
    p3 (woman, A, furloughed, 2021-02-28, ended 2021-05-31), p4 (woman, B, under notice,
    2021-03-01), p5 (woman, A, starts 2021-07-01: not yet). Started: 4 (2 women, 2 men).

    Validations (current result): a full 2021-03-12, b full 2021-03-15, p4 partial
    2021-04-10 (corrected from full). Certificates: a's issued 2021-03-20 (valid), b's issued
    2021-03-25 and revoked.
    """
    project = Project.objects.create(
        name="Framtidssäkrad industri",
        start_date=datetime.date(2021, 1, 11),  # mid-month: the first month is counted once
        end_date=datetime.date(2022, 12, 31),
        target_validations=100,
    )
    a, b = cast.company_a, cast.company_b
    a.status, a.recruited_on = CompanyStatus.RECRUITED, datetime.date(2021, 1, 20)
    a.save()
    b.status, b.recruited_on = CompanyStatus.ACTIVE, datetime.date(2021, 3, 5)
    b.activated_on = datetime.date(2021, 4, 1)
    b.municipality = municipality("Växjö")
    b.save()
    CompanyFactory(name="Cesar AB", status=CompanyStatus.PROSPECT)
    CompanyFactory(
        name="Delta AB", status=CompanyStatus.RECRUITED, recruited_on=datetime.date(2030, 1, 1)
    )
    p3 = ParticipantFactory(
        company=a,
        sex=Sex.FEMALE,
        start_status=StartStatus.FURLOUGHED,
        start_date=datetime.date(2021, 2, 28),
        end_date=datetime.date(2021, 5, 31),
        end_reason=EndReason.COMPLETED,
    )
    p4 = ParticipantFactory(
        company=b,
        sex=Sex.FEMALE,
        start_status=StartStatus.UNDER_NOTICE,
        start_date=datetime.date(2021, 3, 1),
    )
    p5 = ParticipantFactory(company=a, sex=Sex.FEMALE, start_date=datetime.date(2021, 7, 1))
    model = model_with_areas(name="Rapportmodell BAS")
    va = recorded_validation(
        cast.participant_a,
        assessor=cast.assessor_a,
        model=model,
        held_on=datetime.date(2021, 3, 12),
    )
    vb = recorded_validation(
        cast.participant_b,
        assessor=cast.assessor_b,
        model=model,
        held_on=datetime.date(2021, 3, 15),
    )
    v4 = recorded_validation(
        p4, assessor=cast.assessor_b, model=model, held_on=datetime.date(2021, 4, 10)
    )
    from certificates.tests.factories import correct_result

    correct_result(v4, outcome=Outcome.PARTIAL)
    CertificateFactory(
        participant=cast.participant_a,
        validation=va,
        issued_by=cast.staff,
        issued_on=datetime.date(2021, 3, 20),
    )
    CertificateFactory(
        participant=cast.participant_b,
        validation=vb,
        issued_by=cast.staff,
        issued_on=datetime.date(2021, 3, 25),
        status=CertificateStatus.REVOKED,
        revoked_reason="Fel person",
        revoked_at=timezone.now(),
        revoked_by=cast.staff,
    )
    return World(cast=cast, project=project, p3=p3, p4=p4, p5=p5)
