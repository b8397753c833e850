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
