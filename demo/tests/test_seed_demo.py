"""`seed_demo`: a login per role, valid identifiers, idempotent, never in production."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import Profile
from accounts.roles import Role
from certificates.models import Certificate
from companies.identifiers import (
    normalize_organisationsnummer,
    parse_personnummer,
)
from companies.models import Company, ContactPerson, Participant
from project.models import Project
from validation.models import Accreditation, ValidationResult
from validation.models import TestCentre as Centre  # not "Test*": pytest would collect it

User = get_user_model()
SMALL = {"companies": 5, "participants": 30}

MODELS = [User, Profile, Company, ContactPerson, Participant, Centre, Accreditation, Project]


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", **SMALL)


def test_demo_logins_one_per_role_and_a_second_assessor_and_coach(seeded):
    roles = dict(Profile.objects.values_list("user__username", "role"))
    assert roles == {
        "staff": Role.STAFF,
        "manager": Role.MANAGER,
        "assessor": Role.ASSESSOR,
        "assessor2": Role.ASSESSOR,
        # One assessor at each of the four centres, so every centre's companies get validations.
        "assessor3": Role.ASSESSOR,
        "assessor4": Role.ASSESSOR,
        "coach": Role.COACH,
        "coach2": Role.COACH,
    }
    for user in User.objects.all():
        assert user.check_password("demo"), user.username
        assert user.is_active
    centres = {
        username: Profile.objects.get(user__username=username).test_centre
        for username in ("assessor", "assessor2", "assessor3", "assessor4")
    }
    assert None not in centres.values()
    assert len(set(centres.values())) == 4
    # Only the staff login may open the Django admin.
    assert set(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == {
        "staff"
    }


def test_demo_data_has_the_asked_for_size(seeded):
    assert Company.objects.count() == 5
    numbered = Participant.objects.filter(protected_identity=False)
    assert numbered.count() == 30 + 1  # and the funder report's late registration
    assert Participant.objects.filter(protected_identity=True).count() == 2
    assert Centre.objects.count() == 4
    assert Project.objects.count() == 1


def test_every_identifier_in_the_demo_data_is_valid(seeded):
    for number in [
        *Company.objects.values_list("organisationsnummer", flat=True),
        *Centre.objects.values_list("organisationsnummer", flat=True),
    ]:
        assert normalize_organisationsnummer(number) == number
    for number, sex in Participant.objects.filter(protected_identity=False).values_list(
        "personnummer", "sex"
    ):
        identity = parse_personnummer(number)
        assert identity.number == number  # stored canonical
        assert identity.sex == sex  # sex follows the number
    for participant in Participant.objects.all():
        participant.full_clean()  # every constraint and validator holds


def test_demo_companies_are_spread_over_coaches_and_centres(seeded):
    coaches = set(Company.objects.values_list("coach__username", flat=True))
    assert coaches == {"coach", "coach2"}
    assessor = User.objects.get(username="assessor")
    visible = Company.objects.for_user(assessor)
    assert 0 < visible.count() < Company.objects.count()


def test_running_it_twice_adds_nothing(seeded, settings):
    before = _counts()
    numbers = set(Participant.objects.values_list("personnummer", flat=True))
    call_command("seed_demo", **SMALL)
    assert _counts() == before
    assert set(Participant.objects.values_list("personnummer", flat=True)) == numbers


def test_running_it_bigger_adds_only_the_difference(seeded):
    call_command("seed_demo", companies=8, participants=40)
    assert Company.objects.count() == 8
    assert Participant.objects.filter(protected_identity=False).count() >= 40


def test_it_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", **SMALL)
    assert User.objects.count() == 0 and Company.objects.count() == 0


def test_force_runs_it_with_debug_off(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", force=True, **SMALL)
    assert Company.objects.count() == 5


def test_default_demo_covers_both_counties(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert Company.objects.count() == 30
    assert Participant.objects.count() >= 400
    counties = set(Company.objects.values_list("municipality__county", flat=True))
    assert counties == {"06", "07"}


def test_it_prints_the_demo_logins(db, settings):
    from io import StringIO

    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out, **SMALL)
    printed = out.getvalue()
    for username in ("staff", "manager", "assessor", "assessor2", "coach", "coach2"):
        assert f"  {username} " in printed
    assert "demo" in printed


def test_no_certificates_leaves_full_outcomes_due(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--companies", "5", "--participants", "60", "--no-certificates")
    assert ValidationResult.objects.exists()
    assert not Certificate.objects.exists()
