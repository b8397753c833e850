"""Demo validations: bookings and recorded results that match the demo participants' statuses.

Deterministic (seeded generator) and idempotent: participants who already have a validation are
left alone. Rows are inserted in bulk so 400 participants take well under a second; the outcome
still comes from `outcome.decide`, the one rule. The few upcoming bookings for the assessor
logins go through `services.validation_book`.
"""

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from accounts.models import Profile
from accounts.roles import Role
from companies.models import Participant, ParticipantStatus

from . import services
from .models import (
    Accreditation,
    AreaScore,
    PracticalScore,
    Validation,
    ValidationModel,
    ValidationResult,
    ValidationStatus,
)
from .outcome import Rule, decide

SEEDED_STATUSES = (
    ParticipantStatus.VALIDATION_BOOKED,
    ParticipantStatus.VALIDATED,
    ParticipantStatus.IN_DEVELOPMENT,
    ParticipantStatus.CERTIFICATE_ISSUED,
)
UPCOMING_PER_ASSESSOR = 3
ACTIONS = [
    "Kurs i {area} (2 dagar) och handledning på arbetsplatsen.",
    "Fördjupning i {area} via webbutbildning, uppföljning med testledaren om tre månader.",
    "Intern utbildning i {area} med erfaren kollega som mentor.",
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class _Catalogue:
    """Models, their rules and accreditations, loaded once."""

    def __init__(self) -> None:
        self.models = {
            m.pk: m
            for m in ValidationModel.objects.prefetch_related(
                "levels", "model_areas__area", "practical_modules"
            )
        }
        self.rules = {pk: Rule.of(m) for pk, m in self.models.items()}
        self.accreditations = defaultdict(list)
        for accreditation in Accreditation.objects.all():
            self.accreditations[accreditation.centre_id].append(accreditation)

    def bookable(self, centre_id: int, day: datetime.date) -> list[int]:
        """Models the centre may validate on the day and that can be recorded."""
        return sorted(
            a.model_id
            for a in self.accreditations[centre_id]
            if a.valid_from <= day
            and (a.valid_to is None or day <= a.valid_to)
            and self.rules[a.model_id].weights
            and (not self.rules[a.model_id].has_practical_test or self.rules[a.model_id].module_ids)
        )


def _scores(rng: random.Random, rule: Rule, *, full: bool) -> tuple[dict, dict]:
    if full:
        floor = max(rule.theory_pass_mark, rule.area_pass_mark)
        scores = {area: rng.randint(floor, 100) for area in rule.weights}
        return scores, {module: True for module in rule.module_ids}
    if rng.random() < 0.1:
        # Some people do not reach the pass mark anywhere: every outcome shows in the demo.
        scores = {area: rng.randint(0, max(0, rule.area_pass_mark - 1)) for area in rule.weights}
        return scores, {module: False for module in rule.module_ids}
    ability = rng.randint(35, 90)
    scores = {area: max(0, min(100, round(rng.gauss(ability, 14)))) for area in rule.weights}
    return scores, {module: rng.random() < 0.75 for module in rule.module_ids}


@transaction.atomic
def seed_validations(*, staff, today: datetime.date) -> int:
    """Book and record validations for demo participants past "mapped"; returns how many
    validations were created. Centres without an assessor are skipped."""
    rng = random.Random("validations")
    catalogue = _Catalogue()
    assessors: dict[int, int] = {}
    for profile in Profile.objects.filter(role=Role.ASSESSOR, user__is_active=True).order_by(
        "user_id"
    ):
        assessors.setdefault(profile.test_centre_id, profile.user_id)

    participants = (
        Participant.objects.filter(
            status__in=SEEDED_STATUSES,
            company__test_centre__isnull=False,
            validations__isnull=True,
        )
        .select_related("company")
        .order_by("pk")
    )
    planned = []  # (validation, participant status)
    for participant in participants:
        centre = participant.company.test_centre_id
        if centre not in assessors:
            continue
        if participant.status == ParticipantStatus.VALIDATION_BOOKED:
            # Most bookings are ahead; some are past their date with no result yet.
            offset = rng.randint(1, 40) if rng.random() < 0.8 else -rng.randint(1, 14)
            day = today + datetime.timedelta(days=offset)
        else:
            earliest = max(participant.start_date, today - datetime.timedelta(days=240))
            span = (today - earliest).days - 1
            if span < 0:
                continue
            day = earliest + datetime.timedelta(days=rng.randint(0, span))
        models = catalogue.bookable(centre, day)
        if not models:
            continue
        # Most people take a BAS model; the seed lists them first.
        model = catalogue.models[models[0] if rng.random() < 0.6 else rng.choice(models)]
        level = rng.choice(list(model.levels.all()))
        planned.append(
            (
                Validation(
                    participant=participant,
                    company_id=participant.company_id,  # bulk_create skips Validation.save
                    model=model,
                    level=level,
                    centre_id=centre,
                    assessor_id=assessors[centre],
                    scheduled_at=_at(day, rng.choice([8, 9, 13])),
                    status=ValidationStatus.BOOKED
                    if participant.status == ParticipantStatus.VALIDATION_BOOKED
                    else ValidationStatus.RECORDED,
                    booked_by=staff,
                ),
                participant.status,
            )
        )
    validations = Validation.objects.bulk_create([v for v, _ in planned], batch_size=500)
    _record(rng, catalogue, [(v, s) for v, (_, s) in zip(validations, planned, strict=True)])
    return len(validations) + _upcoming_for_assessors(staff=staff, today=today, catalogue=catalogue)


def _record(rng: random.Random, catalogue: _Catalogue, planned) -> None:
    results, scores_by_result, practical_by_result = [], [], []
    for validation, status in planned:
        if validation.status != ValidationStatus.RECORDED:
            continue
        rule = catalogue.rules[validation.model_id]
        scores, practical = _scores(rng, rule, full=status == ParticipantStatus.CERTIFICATE_ISSUED)
        decision = decide(rule, scores, practical)
        weak = [area for area, score in scores.items() if score < rule.area_pass_mark]
        area_names = {ma.area_id: ma.area.name for ma in validation.model.model_areas.all()}
        results.append(
            ValidationResult(
                validation=validation,
                version=1,
                held_on=timezone.localdate(validation.scheduled_at),
                theory_score=decision.theory_score,
                outcome=decision.outcome,
                theory_pass_mark=rule.theory_pass_mark,
                area_pass_mark=rule.area_pass_mark,
                recommended_actions=rng.choice(ACTIONS).format(area=area_names[weak[0]].lower())
                if weak
                else "",
                recorded_by_id=validation.assessor_id,
            )
        )
        scores_by_result.append((scores, weak))
        practical_by_result.append(practical)
    results = ValidationResult.objects.bulk_create(results, batch_size=500)
    for result in results:
        result.recorded_at = result.validation.scheduled_at + datetime.timedelta(hours=4)
    # bulk_update keeps the given times (bulk_create stamps "now" on auto_now_add fields).
    ValidationResult.objects.bulk_update(results, ["recorded_at"], batch_size=500)
    for result in results:  # each is its validation's only version, so the current one
        result.validation.current_result = result
    Validation.objects.bulk_update(
        [result.validation for result in results], ["current_result"], batch_size=500
    )
    through = ValidationResult.recommended_areas.through
    AreaScore.objects.bulk_create(
        [
            AreaScore(result=result, area_id=area, score=score)
            for result, (scores, _) in zip(results, scores_by_result, strict=True)
            for area, score in scores.items()
        ],
        batch_size=1000,
    )
    PracticalScore.objects.bulk_create(
        [
            PracticalScore(result=result, module_id=module, passed=passed)
            for result, practical in zip(results, practical_by_result, strict=True)
            for module, passed in practical.items()
        ],
        batch_size=1000,
    )
    through.objects.bulk_create(
        [
            through(validationresult_id=result.pk, competencearea_id=area)
            for result, (_, weak) in zip(results, scores_by_result, strict=True)
            for area in weak[:3]
        ],
        batch_size=1000,
    )


def _upcoming_for_assessors(*, staff, today: datetime.date, catalogue: _Catalogue) -> int:
    """A few bookings ahead for every assessor login, so their start page has something."""
    created = 0
    now = timezone.now()
    for profile in Profile.objects.filter(role=Role.ASSESSOR, user__is_active=True).select_related(
        "user", "test_centre"
    ):
        have = Validation.objects.filter(
            assessor=profile.user, status=ValidationStatus.BOOKED, scheduled_at__gte=now
        ).count()
        candidates = Participant.objects.filter(
            company__test_centre=profile.test_centre,
            status__in=ParticipantStatus.before(ParticipantStatus.VALIDATION_BOOKED),
            validations__isnull=True,
        ).select_related("company")[: max(0, UPCOMING_PER_ASSESSOR - have)]
        for index, participant in enumerate(candidates):
            day = today + datetime.timedelta(days=2 + 3 * index)
            models = catalogue.bookable(profile.test_centre_id, day)
            if not models:
                break
            model = catalogue.models[models[0]]
            services.validation_book(
                actor=staff,
                participant=participant,
                model=model,
                level=model.levels.all()[0],
                centre=profile.test_centre,
                assessor=profile.user,
                scheduled_at=_at(day, 9),
            )
            created += 1
    return created
