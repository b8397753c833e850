"""Retention: participants are anonymised when the period after the project's end has run out,
by the command (with --dry-run) and the nightly task; every report total stays the same."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import translation

from certificates import services as certificate_services
from certificates.tests.factories import recorded_validation
from companies.models import Participant, Sex
from companies.selectors import participant_status_counts
from companies.tests.factories import ParticipantFactory
from privacy import services
from privacy.services import ANONYMISED_NAME
from privacy.tasks import anonymise_expired_participants
from project.models import Project
from reports.selectors import Filters, Scope, companies_by_status, participants, start_page_progress

PROJECT_END = datetime.date(2023, 6, 30)


@pytest.fixture
def project(db):
    return Project.objects.create(
        name="Framtidssäkrad industri",
        start_date=datetime.date(2020, 12, 21),
        end_date=PROJECT_END,
    )


@pytest.fixture
def register(cast, project, django_capture_on_commit_callbacks):
    for n in range(6):
        ParticipantFactory(
            company=cast.company_a if n % 2 else cast.company_b,
            sex=Sex.FEMALE if n % 3 else Sex.MALE,
            first_name=f"Person{n}",
        )
    validation = recorded_validation(cast.participant_a, assessor=cast.assessor_a)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.certificate_issue(actor=cast.staff, validation=validation)
    return cast


def report_totals(cast) -> dict:
    """Every figure the start pages, the dashboard's participant breakdowns and the register's
    summaries show."""
    return {
        "progress": {
            key: value for key, value in start_page_progress(cast.staff).items() if key != "project"
        },
        "participants": participants(Scope(cast.staff, Filters())),
        "by_status": companies_by_status(cast.staff),
        "status_counts": [
            participant_status_counts(company) for company in (cast.company_a, cast.company_b)
        ],
    }


def test_retention_ends_the_configured_years_after_the_project(project, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 10
    assert services.retention_ends_on() == datetime.date(2033, 6, 30)


def test_nobody_is_due_before_the_retention_ends(register, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 10
    assert not services.participants_due(today=datetime.date(2033, 6, 29)).exists()
    assert services.participants_due(today=datetime.date(2033, 6, 30)).count() == 8


def test_anonymisation_removes_numbers_and_names_and_keeps_every_total(register, settings):
    cast = register
    before = report_totals(cast)
    numbers = set(Participant.objects.values_list("personnummer", flat=True))
    names = {p.full_name for p in Participant.objects.all()}
    count = services.participants_anonymise(
        participants=services.participants_due(today=datetime.date(2040, 1, 1))
    )
    assert count == Participant.objects.count() == 8
    assert report_totals(cast) == before
    assert not Participant.objects.filter(personnummer__isnull=False).exists()
    assert set(Participant.objects.values_list("first_name", flat=True)) == {ANONYMISED_NAME}
    certificate = cast.participant_a.certificates.get()
    assert certificate.participant_name == ANONYMISED_NAME
    trail = " ".join(f"{entry.object_repr} {entry.changes}" for entry in LogEntry.objects.all())
    for name in names:
        assert name not in trail
    for number in numbers:
        assert number not in trail
    cast.participant_a.refresh_from_db()
    with translation.override("en"):
        assert cast.participant_a.masked_personnummer == "Anonymised"


def test_the_command_dry_run_changes_nothing(register, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 0  # the project ended in 2023: due now
    out = io.StringIO()
    call_command("anonymise_participants", "--dry-run", stdout=out)
    assert "8 participant(s) due (dry run)" in out.getvalue()
    assert not Participant.objects.filter(anonymised_on__isnull=False).exists()
    call_command("anonymise_participants", stdout=out)
    assert "8 participant(s) anonymised" in out.getvalue()
    assert Participant.objects.filter(anonymised_on__isnull=False).count() == 8


def test_the_command_before_the_end_does_nothing(register, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 100
    out = io.StringIO()
    call_command("anonymise_participants", stdout=out)
    assert "0 participant(s) anonymised" in out.getvalue()
    assert not Participant.objects.filter(personnummer__isnull=True).exists()


def test_the_nightly_task_is_scheduled_and_anonymises(register, settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["privacy.anonymise_expired_participants"]
    assert schedule["task"] == anonymise_expired_participants.name
    settings.PERSONAL_DATA_RETENTION_YEARS = 0
    assert anonymise_expired_participants.delay().get() == 8
    assert anonymise_expired_participants.delay().get() == 0  # safe to run again
