"""Writes for test centres, validation models, bookings and results.

Views check the capability and resolve the object within the user's scope first; the booking and
recording services check the domain rules again (accreditation, the company's centre, the
assessor's scope) because they are the rules of the domain, not of a page. A broken rule raises
`ValidationError` keyed by the form field it concerns, and nothing is saved.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability, Role, has_capability, role_of
from accounts.scoping import assessor_centre_id
from companies.models import Participant, ParticipantStatus
from companies.services import participant_advance

from . import evidence as evidence_files
from . import selectors
from .models import (
    Accreditation,
    AreaScore,
    CompetenceArea,
    Level,
    PracticalScore,
    TestCentre,
    Validation,
    ValidationModel,
    ValidationResult,
    ValidationStatus,
)
from .outcome import Rule, decide


@transaction.atomic
def centre_save(*, actor, form, accreditations) -> TestCentre:
    """Create or update a test centre with its accreditations, all or nothing (staff)."""
    centre = form.save()
    accreditations.instance = centre
    accreditations.save()
    return centre


@transaction.atomic
def model_save(*, actor, form, formsets: Iterable) -> ValidationModel:
    """Create or update a validation model with its levels, competence areas (weight, order)
    and practical modules, all or nothing (holders of `validation.edit_models`)."""
    model = form.save()
    for formset in formsets:
        formset.instance = model
        formset.save()
    return model


@transaction.atomic
def area_save(*, actor, form) -> CompetenceArea:
    """Create or rename a competence area (holders of `validation.edit_models`)."""
    return form.save()


def _is_accredited(centre_id: int, model_id: int, day: datetime.date) -> bool:
    accreditations = Accreditation.objects.valid_on(day)
    return accreditations.filter(centre_id=centre_id, model_id=model_id).exists()


def _not_accredited_error(centre, model, day) -> str:
    return _("%(centre)s is not accredited for %(model)s on %(day)s.") % {
        "centre": centre,
        "model": model,
        "day": date_format(day, "SHORT_DATE_FORMAT"),
    }


@transaction.atomic
def validation_book(
    *,
    actor,
    participant: Participant,
    model: ValidationModel,
    level: Level,
    centre: TestCentre,
    assessor,
    scheduled_at: datetime.datetime,
) -> Validation:
    """Book a validation (staff anywhere; an assessor at their own centre for participants in
    their scope). The centre must be accredited for the model on the day, the participant's
    company assigned to the centre and the assessor an assessor of the centre. Moves the
    participant to "validation booked" unless they are further along."""
    if not has_capability(actor, Capability.VALIDATION_BOOK):
        raise PermissionDenied
    errors: dict[str, list] = {}

    def error(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    if role_of(actor) == Role.ASSESSOR:
        if centre.pk != assessor_centre_id(actor):
            error("centre", _("You can book only at your own test centre."))
        if not Participant.objects.for_user(actor).filter(pk=participant.pk).exists():
            error("participant", _("The participant is not within your test centre's companies."))
    if participant.status in (ParticipantStatus.ENDED, ParticipantStatus.DROPPED_OUT):
        error("participant", _("The participant has left the project."))
    if participant.company.test_centre_id != centre.pk:
        error("centre", _("The participant's company is not assigned to this test centre."))
    if level.model_id != model.pk:
        error(
            "level",
            _("The level %(level)s is not a level of %(model)s.")
            % {
                "level": level.name,
                "model": model.name,
            },
        )
    if not model.model_areas.exists():
        error("model", _("The model has no competence areas yet."))
    if model.has_practical_test and not model.practical_modules.exists():
        error("model", _("The model has a practical test but no practical modules yet."))
    day = timezone.localdate(scheduled_at)
    if not _is_accredited(centre.pk, model.pk, day):
        error("model", _not_accredited_error(centre, model, day))
    if not selectors.assessors_at([centre.pk]).filter(pk=assessor.pk).exists():
        error("assessor", _("The assessor is not an assessor at this test centre."))
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():  # a savepoint: the constraint's error leaves the rest usable
            validation = Validation.objects.create(
                participant=participant,
                model=model,
                level=level,
                centre=centre,
                assessor=assessor,
                scheduled_at=scheduled_at,
                booked_by=actor,
            )
    except IntegrityError:  # validation_one_open_booking, e.g. the second of a double click
        raise ValidationError(
            {
                "participant": _(
                    "The participant already has a booking in this model and level. Record or "
                    "cancel it first."
                )
            },
            code="already_booked",
        ) from None
    participant_advance(participant=participant, to=ParticipantStatus.VALIDATION_BOOKED)
    return validation


@transaction.atomic
def validation_cancel(*, actor, validation: Validation) -> Validation:
    """Cancel a booking that has no result yet (holders of `validation.book` with the
    validation in scope). The participant's status is left as it is."""
    if not has_capability(actor, Capability.VALIDATION_BOOK):
        raise PermissionDenied
    if not Validation.objects.for_user(actor).filter(pk=validation.pk).exists():
        raise PermissionDenied
    updated = Validation.objects.filter(pk=validation.pk, status=ValidationStatus.BOOKED).update(
        status=ValidationStatus.CANCELLED
    )
    if not updated:
        raise ValidationError(_("Only a booked validation without a result can be cancelled."))
    validation.status = ValidationStatus.CANCELLED
    return validation


@dataclass(frozen=True)
class ResultEntry:
    """What the assessor enters for a result, recorded or corrected. The outcome is not part of
    it: `outcome.decide` computes it from the scores."""

    held_on: datetime.date
    scores: Mapping[int, int]  # competence area id -> 0..100
    practical: Mapping[int, bool] = field(default_factory=dict)  # module id -> passed
    recommended_actions: str = ""
    recommended_areas: tuple[CompetenceArea, ...] = ()
    evidence: object = None  # an uploaded file, checked by `evidence.validate_evidence`

    def __post_init__(self):
        object.__setattr__(self, "practical", dict(self.practical or {}))
        object.__setattr__(self, "recommended_areas", tuple(self.recommended_areas))


def _check_result(
    *, actor, validation: Validation, entry: ResultEntry
) -> tuple[Rule, "evidence_files.Kind | None"]:
    """Every rule a result must meet, checked before anything is written."""
    held_on, scores, practical = entry.held_on, entry.scores, entry.practical
    if not has_capability(actor, Capability.VALIDATION_RECORD):
        raise PermissionDenied
    errors: dict[str, list] = {}

    def error(field: str | None, message) -> None:
        errors.setdefault(field or "__all__", []).append(message)

    if (
        role_of(actor) == Role.ASSESSOR
        and not Validation.objects.for_user(actor).filter(pk=validation.pk).exists()
    ):
        error(None, _("The participant is not within your test centre's companies."))
    if held_on > timezone.localdate():
        error("held_on", _("A result cannot be recorded for a date in the future."))
    elif not _is_accredited(validation.centre_id, validation.model_id, held_on):
        error("held_on", _not_accredited_error(validation.centre, validation.model, held_on))

    rule = Rule.of(validation.model)
    if not rule.weights:  # the areas were removed from the model after booking
        error(None, _("The model has no competence areas yet."))
    elif set(scores) != set(rule.weights):
        error(None, _("Give a score for every competence area of the model."))
    elif any(not isinstance(s, int) or not 0 <= s <= 100 for s in scores.values()):
        error(None, _("Scores must be whole numbers from 0 to 100."))
    if rule.has_practical_test and set(practical) != set(rule.module_ids):
        error(None, _("Give a result for every module of the practical test."))
    if not {area.pk for area in entry.recommended_areas} <= set(rule.weights):
        error("recommended_areas", _("Choose competence areas of this model."))
    kind = None
    if entry.evidence:
        try:
            kind = evidence_files.validate_evidence(entry.evidence)
        except ValidationError as problem:
            errors.setdefault("evidence", []).extend(problem.messages)
    if errors:
        raise ValidationError(errors)
    return rule, kind


def _result_create(
    *,
    actor,
    validation: Validation,
    rule: Rule,
    version: int,
    entry: ResultEntry,
    correction_reason: str = "",
    evidence_name: str = "",
) -> ValidationResult:
    practical = {m: entry.practical[m] for m in rule.module_ids if m in entry.practical}
    decision = decide(rule, entry.scores, practical)
    result = ValidationResult.objects.create(
        validation=validation,
        version=version,
        held_on=entry.held_on,
        theory_score=decision.theory_score,
        outcome=decision.outcome,
        recommended_actions=entry.recommended_actions,
        correction_reason=correction_reason,
        evidence=evidence_name,
        recorded_by=actor,
    )
    result.recommended_areas.set(entry.recommended_areas)
    AreaScore.objects.bulk_create(
        [AreaScore(result=result, area_id=area, score=entry.scores[area]) for area in rule.weights]
    )
    PracticalScore.objects.bulk_create(
        [
            PracticalScore(result=result, module_id=module, passed=passed)
            for module, passed in practical.items()
        ]
    )
    return result


def _attach_evidence(result: ValidationResult, upload, kind) -> None:
    """Store the file under a random name. Called last in the transaction: if the row's
    update fails, the file is removed again rather than left behind."""
    result.evidence.save(evidence_files.stored_name(kind), upload, save=False)
    try:
        ValidationResult.objects.filter(pk=result.pk).update(evidence=result.evidence.name)
    except Exception:
        result.evidence.storage.delete(result.evidence.name)
        raise


def _lock(validation: Validation) -> Validation:
    # Serialises concurrent recordings of one validation; the version constraint backs it up.
    return (
        Validation.objects.select_for_update()
        .select_related("model", "centre")
        .get(pk=validation.pk)
    )


@transaction.atomic
def validation_record(*, actor, validation: Validation, entry: ResultEntry) -> ValidationResult:
    """Record the result of a booked validation (assessors of the centre, for participants in
    their scope; staff). The outcome is computed by `outcome.decide`. The validation becomes
    "recorded", the participant "validated" unless further along, and the result is locked:
    later changes are corrections (`validation_correct`)."""
    locked = _lock(validation)
    if locked.status != ValidationStatus.BOOKED:
        raise ValidationError(
            _("This validation is %(status)s; only a booked validation can be recorded.")
            % {"status": locked.get_status_display().lower()}
        )
    rule, kind = _check_result(actor=actor, validation=locked, entry=entry)
    result = _result_create(actor=actor, validation=locked, rule=rule, version=1, entry=entry)
    result.make_current()
    Validation.objects.filter(pk=locked.pk).update(status=ValidationStatus.RECORDED)
    validation.status = ValidationStatus.RECORDED
    participant_advance(participant=validation.participant, to=ParticipantStatus.VALIDATED)
    if entry.evidence:
        _attach_evidence(result, entry.evidence, kind)
    return result


@transaction.atomic
def validation_correct(
    *,
    actor,
    validation: Validation,
    entry: ResultEntry,
    reason: str,
    remove_evidence: bool = False,
) -> ValidationResult:
    """Correct a recorded result by adding a new version with a reason (same callers as
    `validation_record`). Earlier versions are kept unchanged. Without a new file the previous
    version's evidence is kept unless `remove_evidence`."""
    locked = _lock(validation)
    if locked.status != ValidationStatus.RECORDED:
        raise ValidationError(_("Only a recorded result can be corrected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    rule, kind = _check_result(actor=actor, validation=locked, entry=entry)
    previous = selectors.current_result(locked)
    result = _result_create(
        actor=actor,
        validation=locked,
        rule=rule,
        version=previous.version + 1,
        entry=entry,
        correction_reason=reason.strip(),
        evidence_name="" if remove_evidence or entry.evidence else previous.evidence.name,
    )
    result.make_current()
    if entry.evidence:
        _attach_evidence(result, entry.evidence, kind)
    return result
