"""Demo validations: consistent with the rules, idempotent and fast on the full demo."""

import pytest
from django.utils import timezone

from accounts.models import Profile
from companies.models import ParticipantStatus
from demo.seed import seed
from validation.demo import SEEDED_STATUSES, seed_validations
from validation.models import (
    Accreditation,
    Outcome,
    Validation,
    ValidationResult,
    ValidationStatus,
)
from validation.outcome import Rule, decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    result = seed(companies=30, participants=400)
    staff = Profile.objects.get(user__username="staff").user
    return result, staff


def test_seed_validations_is_consistent_and_idempotent(demo):
    _, staff = demo
    today = timezone.localdate()
    # The demo seed has run seed_validations already: a second run finds everything in place.
    assert Validation.objects.count() > 50
    assert seed_validations(staff=staff, today=today) == 0

    validations = Validation.objects.select_related(
        "participant__company", "assessor__profile", "model"
    ).prefetch_related("results__scores", "results__practical_scores")
    for validation in validations:
        day = timezone.localdate(validation.scheduled_at)
        assert validation.participant.company.test_centre_id == validation.centre_id
        assert validation.assessor.profile.test_centre_id == validation.centre_id
        assert (
            Accreditation.objects.valid_on(day)
            .filter(centre=validation.centre_id, model=validation.model_id)
            .exists()
        )
        assert validation.participant.status in SEEDED_STATUSES
        results = list(validation.results.all())
        if validation.status == ValidationStatus.RECORDED:
            (result,) = results
            assert result.held_on == day <= today
            decision = decide(
                Rule.of(validation.model),
                {s.area_id: s.score for s in result.scores.all()},
                {s.module_id: s.passed for s in result.practical_scores.all()},
            )
            assert (decision.outcome, decision.theory_score) == (
                result.outcome,
                result.theory_score,
            )
            if validation.participant.status == ParticipantStatus.CERTIFICATE_ISSUED:
                assert result.outcome == Outcome.FULL
        else:
            assert not results

    statuses = set(Validation.objects.values_list("participant__status", flat=True))
    assert ParticipantStatus.VALIDATION_BOOKED in statuses
    assert set(ValidationResult.objects.values_list("outcome", flat=True)) == set(Outcome.values)


def test_assessor_logins_get_upcoming_bookings(demo):
    _, staff = demo
    seed_validations(staff=staff, today=timezone.localdate())
    for username in ("assessor", "assessor2"):
        upcoming = Validation.objects.filter(
            assessor__username=username,
            status=ValidationStatus.BOOKED,
            scheduled_at__gte=timezone.now(),
        )
        assert upcoming.count() >= 3
