"""The training demo: enrolments in every state, attendance and plans; idempotent."""

import pytest
from django.core.management import call_command

from training.demo import enrolment_counts
from training.models import Attendance, PlanEffort, PlanItem

SIZE = {"companies": 8, "participants": 120, "certificates": False}


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", **SIZE)


def test_demo_has_enrolments_in_every_state_attendance_and_plans(seeded):
    counts = enrolment_counts()
    assert all(counts.values()), counts
    assert Attendance.objects.filter(present=True).exists()
    assert PlanItem.objects.filter(validation__isnull=False).exists()
    assert PlanEffort.objects.exists()


def test_running_it_again_adds_nothing(seeded):
    before = (enrolment_counts(), PlanItem.objects.count(), Attendance.objects.count())
    call_command("seed_demo", **SIZE)
    assert (enrolment_counts(), PlanItem.objects.count(), Attendance.objects.count()) == before


def test_at_scale_only_the_first_participants_in_development_get_plans(db, settings, monkeypatch):
    """seed_demo --participants 100000 plans for a bounded few, not for every participant in
    development (each plan goes through the services: minutes at scale)."""
    from companies.models import Participant, ParticipantStatus
    from training import demo

    settings.DEBUG = True
    monkeypatch.setattr(demo, "DEMO_LIMIT", 5)
    call_command("seed_demo", **SIZE)
    in_development = Participant.objects.filter(
        status__in=(ParticipantStatus.IN_DEVELOPMENT, ParticipantStatus.CERTIFICATE_ISSUED),
        end_date__isnull=True,
    ).order_by("pk")
    first = set(in_development.values_list("pk", flat=True)[:5])
    assert in_development.count() > 5
    planned = set(PlanItem.objects.values_list("participant_id", flat=True))
    assert planned and planned <= first
