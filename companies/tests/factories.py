import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from accounts.models import Profile
from accounts.roles import Role
from companies.identifiers import make_organisationsnummer, make_personnummer
from companies.models import Company, ContactPerson, Municipality, Participant, Sex, StartStatus
from validation.models import TestCentre

_orgnr_seeds = itertools.count(500_000)
_person_serials = itertools.count(0)


def next_organisationsnummer() -> str:
    return make_organisationsnummer(next(_orgnr_seeds) * 31)


def next_personnummer(sex: str = Sex.MALE) -> str:
    """A unique valid personnummer; the serial's parity follows the sex."""
    n = next(_person_serials)
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=n // 400)
    serial = (n % 400) * 2 + (1 if sex == Sex.MALE else 0)
    return make_personnummer(birth, serial)


def municipality(name: str = "Jönköping") -> Municipality:
    return Municipality.objects.get(name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    password = factory.PostGenerationMethodCall("set_password", "secret")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            Profile.objects.create(user=self, role=extracted, test_centre=kwargs.get("centre"))
        if create:
            self.save()


class TestCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TestCentre

    name = factory.Sequence(lambda n: f"Testcenter {n}")
    organisationsnummer = factory.LazyFunction(next_organisationsnummer)
    municipality = factory.LazyFunction(municipality)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    organisationsnummer = factory.LazyFunction(next_organisationsnummer)
    name = factory.Sequence(lambda n: f"Företag {n} AB")
    sni_code = "25.620"
    municipality = factory.LazyFunction(municipality)
    employees = 50
    coach = None
    test_centre = None
    test_centre_reason = factory.LazyAttribute(lambda c: "industry" if c.test_centre else "")


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    company = factory.SubFactory(CompanyFactory)
    name = "Anna Andersson"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    sex = Sex.MALE
    personnummer = factory.LazyAttribute(lambda p: next_personnummer(p.sex))
    first_name = "Erik"
    last_name = factory.Sequence(lambda n: f"Svensson{n}")
    company = factory.SubFactory(CompanyFactory)
    start_status = StartStatus.EMPLOYED
    start_date = datetime.date(2021, 2, 1)


def user_with_role(role: str, centre=None, **kwargs):
    return UserFactory(role=role, role__centre=centre, **kwargs)


__all__ = ["Role"]
