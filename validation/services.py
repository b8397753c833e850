"""Writes for test centres, validation models, bookings and results.

The house's one convention (README, "Layout"): each write is `<thing>_<verb>(*, actor, …)` with
typed, keyword-only data (`ResultEntry` for a result), and checks the actor's capability and
scope itself (`PermissionDenied`), so that pages, commands and an import share one door. The
booking and recording services also check the domain rules (accreditation, the company's
centre, the dates). A broken rule raises `ValidationError` keyed by the form field it concerns,
and nothing is saved.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import Capability, Role, has_capability
from accounts.services import RoleChange
from companies.models import Participant, ParticipantStatus
from companies.services import participant_advance
from documents.services import storage_delete
from framtidssakrad.data import Row, rows_save

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


class _Errors(dict):
    """Broken rules by form field, raised together so a form shows each next to its field."""

    def add(self, field: str | None, message) -> None:
        self.setdefault(field or "__all__", []).append(message)

    def raise_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDenied


@dataclass(frozen=True)
class CentreData:
    """A test centre as entered (cleaned: e.g. by `forms.TestCentreForm`)."""

    name: str
    organisationsnummer: str
    municipality: object
    street_address: str = ""
    postal_code: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


@transaction.atomic
def centre_save(
    *,
    actor,
    data: CentreData,
    centre: TestCentre | None = None,
    accreditations: Sequence[Row] = (),
) -> TestCentre:
    """Create (`centre` None) or update a test centre with its accreditations (rows of model,
    valid_from, valid_to), all or nothing (holders of `centres.edit`)."""
    _require(actor, Capability.CENTRES_EDIT)
    centre = centre or TestCentre()
    for item in fields(data):
        setattr(centre, item.name, getattr(data, item.name))
    centre.save()
    rows_save(centre.accreditations, accreditations)
    return centre


@dataclass(frozen=True)
class ModelData:
    """A validation model as entered (cleaned: e.g. by `forms.ValidationModelForm`)."""

    name: str
    description: str = ""
    description_en: str = ""
    has_practical_test: bool = False
    theory_pass_mark: int = 60
    area_pass_mark: int = 50
    certificate_validity_months: int | None = None
    centre_may_issue: bool = False


def _check_removals(model: ValidationModel, *, levels, modules) -> None:
    """Levels and practical modules that validations point at are kept as their history."""
    errors = _Errors()
    removed = {row.pk for row in levels if row.delete}
    if removed and Validation.objects.filter(model=model, level_id__in=removed).exists():
        errors.add("levels", _("A level with booked validations cannot be removed."))
    removed = {row.pk for row in modules if row.delete}
    if removed and PracticalScore.objects.filter(module_id__in=removed).exists():
        errors.add("modules", _("A practical module with recorded results cannot be removed."))
    errors.raise_any()


@transaction.atomic
def model_save(
    *,
    actor,
    data: ModelData,
    model: ValidationModel | None = None,
    levels: Sequence[Row] = (),
    areas: Sequence[Row] = (),
    modules: Sequence[Row] = (),
) -> ValidationModel:
    """Create (`model` None) or update a validation model with its levels (name, order),
    competence areas (area, weight, order) and practical modules (name, order), all or nothing
    (holders of `validation.edit_models`). A level or module in use is not removed: the
    refusal is keyed "levels" or "modules"."""
    _require(actor, Capability.MODELS_EDIT)
    model = model or ValidationModel()
    if model.pk:
        _check_removals(model, levels=levels, modules=modules)
    for item in fields(data):
        setattr(model, item.name, getattr(data, item.name))
    model.save()
    rows_save(model.levels, levels)
    rows_save(model.model_areas, areas)
    rows_save(model.practical_modules, modules)
    return model


@transaction.atomic
def area_save(
    *, actor, name: str, is_placeholder: bool = False, area: CompetenceArea | None = None
) -> CompetenceArea:
    """Create (`area` None) or rename a competence area (holders of `validation.edit_models`)."""
    _require(actor, Capability.MODELS_EDIT)
    area = area or CompetenceArea()
    area.name, area.is_placeholder = name, is_placeholder
    area.save()
    return area


def _is_accredited(centre_id: int, model_id: int, day: datetime.date) -> bool:
    accreditations = Accreditation.objects.valid_on(day)
    return accreditations.filter(centre_id=centre_id, model_id=model_id).exists()


def _not_accredited_error(centre, model, day) -> str:
    return _("%(centre)s is not accredited for %(model)s on %(day)s.") % {
        "centre": centre,
        "model": model,
        "day": date_format(day, "SHORT_DATE_FORMAT"),
    }


def _check_booking_scope(actor, errors: _Errors, *, participant, centre) -> None:
    """The actor books only at a centre and for a participant within their scope (an assessor:
    their own centre and its companies; staff: anywhere)."""
    if not TestCentre.objects.for_user(actor).filter(pk=centre.pk).exists():
        errors.add("centre", _("You can book only at your own test centre."))
    if not Participant.objects.for_user(actor).filter(pk=participant.pk).exists():
        errors.add("participant", _("The participant is not within your test centre's companies."))


def _check_booking_participant(errors: _Errors, *, participant, centre) -> None:
    if participant.status in (ParticipantStatus.ENDED, ParticipantStatus.DROPPED_OUT):
        errors.add("participant", _("The participant has left the project."))
    if participant.company.test_centre_id != centre.pk:
        errors.add("centre", _("The participant's company is not assigned to this test centre."))


def _check_booking_model(errors: _Errors, *, model, level) -> None:
    if level.model_id != model.pk:
        errors.add(
            "level",
            _("The level %(level)s is not a level of %(model)s.")
            % {"level": level.name, "model": model.name},
        )
    if not model.model_areas.exists():
        errors.add("model", _("The model has no competence areas yet."))
    if model.has_practical_test and not model.practical_modules.exists():
        errors.add("model", _("The model has a practical test but no practical modules yet."))


def _check_booking_time_and_place(errors: _Errors, *, model, centre, assessor, scheduled_at):
    if scheduled_at < timezone.now():
        errors.add("scheduled_at", _("The time has passed. Book a validation for a later time."))
    day = timezone.localdate(scheduled_at)
    if not _is_accredited(centre.pk, model.pk, day):
        errors.add("model", _not_accredited_error(centre, model, day))
    if not selectors.assessors_at([centre.pk]).filter(pk=assessor.pk).exists():
        errors.add("assessor", _("The assessor is not an assessor at this test centre."))


def _booking_create(**fields) -> Validation:
    try:
        with transaction.atomic():  # a savepoint: the constraint's error leaves the rest usable
            return Validation.objects.create(**fields)
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
    """Book a validation (holders of `validation.book`, at a centre and for a participant in
    their scope). The time must not have passed, the centre must be accredited for the model on
    the day, the participant's company assigned to the centre and the assessor an assessor of
    the centre. Moves the participant to "validation booked" unless they are further along."""
    if not has_capability(actor, Capability.VALIDATION_BOOK):
        raise PermissionDenied
    errors = _Errors()
    _check_booking_scope(actor, errors, participant=participant, centre=centre)
    _check_booking_participant(errors, participant=participant, centre=centre)
    _check_booking_model(errors, model=model, level=level)
    _check_booking_time_and_place(
        errors, model=model, centre=centre, assessor=assessor, scheduled_at=scheduled_at
    )
    errors.raise_any()
    validation = _booking_create(
        participant=participant,
        model=model,
        level=level,
        centre=centre,
        assessor=assessor,
        scheduled_at=scheduled_at,
        booked_by=actor,
    )
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
    errors = _Errors()
    error = errors.add
    if not Validation.objects.for_user(actor).filter(pk=validation.pk).exists():
        error(None, _("The participant is not within your test centre's companies."))
    booked_for = timezone.localdate(validation.scheduled_at)
    if held_on > timezone.localdate():
        error("held_on", _("A result cannot be recorded for a date in the future."))
    elif held_on < booked_for:
        error(
            "held_on",
            _("The validation was booked for %(day)s; its result cannot be from an earlier date.")
            % {"day": date_format(booked_for, "SHORT_DATE_FORMAT")},
        )
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
    errors.raise_any()
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
        theory_pass_mark=rule.theory_pass_mark,
        area_pass_mark=rule.area_pass_mark,
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


def assessor_keeps_bookings(change: RoleChange) -> dict[str, str]:
    """An assessor's booked validations rely on the assessor's role, centre and login: while
    they have bookings, an assessor stays an active assessor at their centre (registered in
    `accounts.services.ROLE_DEPENDENTS`)."""
    if change.previous_role != Role.ASSESSOR:
        return {}
    leaves = change.role != Role.ASSESSOR
    moved = leaves or change.centre_id != change.previous_centre_id
    booked = selectors.booked_count(change.user) if moved or change.deactivated else 0
    if not booked:
        return {}
    field = ("role" if leaves else "test_centre") if moved else "is_active"
    return {
        field: ngettext(
            "%(count)d booked validation has this assessor at their test centre. "
            "Record, cancel or move it first.",
            "%(count)d booked validations have this assessor at their test centre. "
            "Record, cancel or move them first.",
            booked,
        )
        % {"count": booked}
    }


def evidence_remove(*, participant_ids) -> int:
    """Remove the evidence files of the participants' results, for data protection (the privacy
    app's anonymisation; no user calls it): the results keep everything else, the files are
    deleted from storage once the transaction commits. Safe to run again. Returns how many."""
    results = ValidationResult.objects.filter(
        validation__participant_id__in=list(participant_ids)
    ).exclude(evidence="")
    names = list(results.values_list("evidence", flat=True))
    if names:
        results.update(evidence="")
        storage = ValidationResult._meta.get_field("evidence").storage
        transaction.on_commit(lambda: storage_delete(names, storage=storage), robust=True)
    return len(names)
