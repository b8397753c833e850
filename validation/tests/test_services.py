"""Booking, recording and correcting through the services, against the database."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from companies.models import ParticipantStatus
from companies.tests.factories import ParticipantFactory, user_with_role
from validation import services
from validation.models import (
    Accreditation,
    AreaScore,
    Outcome,
    PracticalScore,
    Validation,
    ValidationResult,
    ValidationStatus,
)

from .conftest import at, book, record, scores_for, tomorrow, yesterday

PDF = b"%PDF-1.4\n%test\n"

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Booking -------------------------------------------------------------------------------


def test_staff_books_and_participant_moves_to_validation_booked(cast, catalogue):
    validation = book(cast, catalogue)
    assert validation.status == ValidationStatus.BOOKED
    assert validation.booked_by == cast.staff
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.VALIDATION_BOOKED


def test_a_second_open_booking_in_the_same_model_and_level_is_refused(cast, catalogue):
    first = book(cast, catalogue)
    with pytest.raises(ValidationError) as refused:
        book(cast, catalogue)
    assert "already has a booking" in str(refused.value.message_dict["participant"])
    assert Validation.objects.filter(participant=cast.participant_a).count() == 1
    # Another model is fine, and once the first is cancelled the same one may be booked again.
    book(cast, catalogue, practical=True)
    services.validation_cancel(actor=cast.staff, validation=first)
    assert book(cast, catalogue).status == ValidationStatus.BOOKED


def test_booking_leaves_a_participant_further_along_where_they_are(cast, catalogue):
    cast.participant_a.status = ParticipantStatus.IN_DEVELOPMENT
    cast.participant_a.save()
    book(cast, catalogue)
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.IN_DEVELOPMENT


def test_assessor_books_at_own_centre(cast, catalogue):
    validation = book(cast, catalogue, actor=cast.assessor_a)
    assert validation.centre == cast.centre_a


def test_assessor_cannot_book_at_other_centre(cast, catalogue):
    with pytest.raises(ValidationError) as excinfo:
        book(cast, catalogue, side="b", actor=cast.assessor_a)
    assert "centre" in errors_of(excinfo) and "participant" in errors_of(excinfo)
    assert not Validation.objects.exists()


def test_coach_and_manager_cannot_book(cast, catalogue):
    for user in (cast.coach_a, cast.manager):
        with pytest.raises(PermissionDenied):
            book(cast, catalogue, actor=user)
    assert not Validation.objects.exists()


def test_booking_needs_accreditation_on_the_day(cast, catalogue):
    last_day = tomorrow() + datetime.timedelta(days=10)
    Accreditation.objects.filter(centre=cast.centre_a, model=catalogue.theory).update(
        valid_to=last_day
    )
    with pytest.raises(ValidationError) as excinfo:
        book(cast, catalogue, when=at(last_day + datetime.timedelta(days=1)))
    assert "not accredited" in " ".join(errors_of(excinfo)["model"])
    # The last accredited day is still fine.
    assert book(cast, catalogue, when=at(last_day)).pk


def test_booking_before_the_accreditation_starts_is_refused(cast, catalogue):
    first_day = tomorrow() + datetime.timedelta(days=10)
    Accreditation.objects.filter(centre=cast.centre_a, model=catalogue.theory).update(
        valid_from=first_day
    )
    with pytest.raises(ValidationError) as excinfo:
        book(cast, catalogue, when=at(first_day - datetime.timedelta(days=1)))
    assert "model" in errors_of(excinfo)


def test_booking_for_a_time_that_has_passed_is_refused(cast, catalogue):
    with pytest.raises(ValidationError) as excinfo:
        services.validation_book(
            actor=cast.staff,
            participant=cast.participant_a,
            model=catalogue.theory,
            level=catalogue.theory_level,
            centre=cast.centre_a,
            assessor=cast.assessor_a,
            scheduled_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    assert list(errors_of(excinfo)) == ["scheduled_at"]
    assert not Validation.objects.exists()


def test_result_cannot_be_from_before_the_booked_day(cast, catalogue):
    validation = book(cast, catalogue, when=at(tomorrow()))
    with pytest.raises(ValidationError) as excinfo:
        record(validation, actor=cast.assessor_a, held_on=timezone.localdate())
    assert list(errors_of(excinfo)) == ["held_on"]
    assert not ValidationResult.objects.exists()
    # On the booked day itself (here: one booked yesterday) it is recorded.
    assert record(book(cast, catalogue, side="b"), actor=cast.assessor_b, held_on=yesterday())


def test_participants_company_must_be_assigned_to_the_centre(cast, catalogue):
    with pytest.raises(ValidationError) as excinfo:
        services.validation_book(
            actor=cast.staff,
            participant=cast.participant_b,
            model=catalogue.theory,
            level=catalogue.theory_level,
            centre=cast.centre_a,
            assessor=cast.assessor_a,
            scheduled_at=at(tomorrow()),
        )
    assert "centre" in errors_of(excinfo)


def test_assessor_must_work_at_the_centre(cast, catalogue):
    for not_an_assessor_here in (cast.assessor_b, cast.coach_a, cast.staff):
        with pytest.raises(ValidationError) as excinfo:
            services.validation_book(
                actor=cast.staff,
                participant=cast.participant_a,
                model=catalogue.theory,
                level=catalogue.theory_level,
                centre=cast.centre_a,
                assessor=not_an_assessor_here,
                scheduled_at=at(tomorrow()),
            )
        assert list(errors_of(excinfo)) == ["assessor"]


def test_inactive_assessor_cannot_be_booked(cast, catalogue):
    cast.assessor_a.is_active = False
    cast.assessor_a.save()
    with pytest.raises(ValidationError) as excinfo:
        book(cast, catalogue)
    assert "assessor" in errors_of(excinfo)


def test_level_must_belong_to_the_model(cast, catalogue):
    with pytest.raises(ValidationError) as excinfo:
        services.validation_book(
            actor=cast.staff,
            participant=cast.participant_a,
            model=catalogue.theory,
            level=catalogue.practical_level,
            centre=cast.centre_a,
            assessor=cast.assessor_a,
            scheduled_at=at(tomorrow()),
        )
    assert list(errors_of(excinfo)) == ["level"]


def test_participant_who_left_cannot_be_booked(cast, catalogue):
    cast.participant_a.status = ParticipantStatus.DROPPED_OUT
    cast.participant_a.save()
    with pytest.raises(ValidationError) as excinfo:
        book(cast, catalogue)
    assert "participant" in errors_of(excinfo)


def test_model_without_areas_cannot_be_booked(cast, catalogue):
    catalogue.theory.model_areas.all().delete()
    with pytest.raises(ValidationError) as excinfo:
        book(cast, catalogue)
    assert "model" in errors_of(excinfo)


def test_cancel_only_a_booked_validation(cast, booked):
    services.validation_cancel(actor=cast.assessor_a, validation=booked["a"])
    booked["a"].refresh_from_db()
    assert booked["a"].status == ValidationStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.validation_cancel(actor=cast.staff, validation=booked["a"])
    with pytest.raises(PermissionDenied):
        services.validation_cancel(actor=cast.assessor_a, validation=booked["b"])


# --- Recording -----------------------------------------------------------------------------


def test_assessor_records_result_and_outcome_is_computed(cast, catalogue, booked):
    area1, area2, area3 = catalogue.areas
    result = record(
        booked["a"],
        actor=cast.assessor_a,
        scores={area1.pk: 50, area2.pk: 50, area3.pk: 70},
        recommended_actions="Kurs i mätteknik",
        recommended_areas=[area1],
    )
    assert result.version == 1
    assert result.outcome == Outcome.FULL
    assert str(result.theory_score) == "60.0"
    assert dict(result.scores.values_list("area_id", "score")) == {
        area1.pk: 50,
        area2.pk: 50,
        area3.pk: 70,
    }
    assert list(result.recommended_areas.all()) == [area1]
    booked["a"].refresh_from_db()
    cast.participant_a.refresh_from_db()
    assert booked["a"].status == ValidationStatus.RECORDED
    assert cast.participant_a.status == ParticipantStatus.VALIDATED


def test_recording_practical_results(cast, catalogue):
    validation = book(cast, catalogue, practical=True)
    set_up, machining = catalogue.modules
    result = record(validation, actor=cast.staff, practical={set_up.pk: True, machining.pk: False})
    assert result.outcome == Outcome.PARTIAL
    assert dict(result.practical_scores.values_list("module_id", "passed")) == {
        set_up.pk: True,
        machining.pk: False,
    }


def test_practical_result_for_every_module_is_required(cast, catalogue):
    validation = book(cast, catalogue, practical=True)
    with pytest.raises(ValidationError):
        record(validation, actor=cast.staff, practical={catalogue.modules[0].pk: True})
    assert not ValidationResult.objects.exists()


def test_assessor_cannot_record_for_other_centre(cast, booked):
    with pytest.raises(ValidationError) as excinfo:
        record(booked["b"], actor=cast.assessor_a)
    assert "not within your test centre" in " ".join(errors_of(excinfo)["__all__"])
    assert not ValidationResult.objects.exists()


def test_assessor_cannot_record_after_company_moved_to_other_centre(cast, booked):
    cast.company_a.test_centre = cast.centre_b
    cast.company_a.save()
    with pytest.raises(ValidationError):
        record(booked["a"], actor=cast.assessor_a)
    assert not ValidationResult.objects.exists()


def test_coach_and_manager_cannot_record(cast, booked):
    for user in (cast.coach_a, cast.manager):
        with pytest.raises(PermissionDenied):
            record(booked["a"], actor=user)
    assert not ValidationResult.objects.exists()


def test_result_dated_in_the_future_is_refused_and_nothing_saved(cast, booked):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        record(booked["a"], actor=cast.assessor_a, held_on=tomorrow)
    assert "held_on" in errors_of(excinfo)
    booked["a"].refresh_from_db()
    assert booked["a"].status == ValidationStatus.BOOKED
    assert not ValidationResult.objects.exists() and not AreaScore.objects.exists()


def test_result_today_is_accepted(cast, booked):
    assert record(booked["a"], actor=cast.assessor_a, held_on=timezone.localdate()).pk


def test_result_on_a_day_without_accreditation_is_refused(cast, catalogue, booked):
    Accreditation.objects.filter(centre=cast.centre_a, model=catalogue.theory).update(
        valid_to=yesterday() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        record(booked["a"], actor=cast.assessor_a)
    assert "not accredited" in " ".join(errors_of(excinfo)["held_on"])
    assert not ValidationResult.objects.exists()


@pytest.mark.parametrize("bad", [101, -1, 50.5, "80"])
def test_scores_out_of_range_are_refused_and_nothing_saved(cast, catalogue, booked, bad):
    scores = scores_for(catalogue.theory)
    scores[catalogue.areas[0].pk] = bad
    with pytest.raises(ValidationError):
        record(booked["a"], actor=cast.assessor_a, scores=scores)
    assert not ValidationResult.objects.exists()
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.VALIDATION_BOOKED


def test_a_score_for_every_area_is_required(cast, catalogue, booked):
    scores = scores_for(catalogue.theory)
    scores.pop(catalogue.areas[2].pk)
    with pytest.raises(ValidationError):
        record(booked["a"], actor=cast.assessor_a, scores=scores)
    assert not ValidationResult.objects.exists()


def test_recommended_areas_must_belong_to_the_model(cast, catalogue, booked):
    with pytest.raises(ValidationError) as excinfo:
        record(booked["a"], actor=cast.assessor_a, recommended_areas=[catalogue.practical_areas[1]])
    assert "recommended_areas" in errors_of(excinfo)


def test_a_recorded_result_is_locked(cast, recorded):
    with pytest.raises(ValidationError):
        record(recorded["a"], actor=cast.assessor_a, value=20)
    assert ValidationResult.objects.filter(validation=recorded["a"]).count() == 1


def test_a_cancelled_validation_cannot_be_recorded(cast, booked):
    services.validation_cancel(actor=cast.staff, validation=booked["a"])
    with pytest.raises(ValidationError):
        record(booked["a"], actor=cast.staff)
    assert not ValidationResult.objects.exists()


def test_a_result_for_a_model_whose_areas_were_removed_is_refused(cast, catalogue, booked):
    """Staff may edit a model after booking; recording then says why rather than failing."""
    validation = booked["a"]
    validation.model.model_areas.all().delete()
    with pytest.raises(ValidationError) as refused:
        record(validation, actor=cast.assessor_a, scores={})
    assert "no competence areas" in str(refused.value)
    assert not ValidationResult.objects.exists()


def test_another_assessor_at_the_same_centre_may_record(cast, booked):
    colleague = user_with_role(Role.ASSESSOR, cast.centre_a)
    assert record(booked["a"], actor=colleague).recorded_by == colleague


# --- Corrections -----------------------------------------------------------------------------


def correct(
    validation, *, actor, reason="Typo in area 1", value=30, remove_evidence=False, **kwargs
):
    entry = services.ResultEntry(
        held_on=kwargs.pop("held_on", yesterday()),
        scores=scores_for(validation.model, value),
        **kwargs,
    )
    return services.validation_correct(
        actor=actor,
        validation=validation,
        entry=entry,
        reason=reason,
        remove_evidence=remove_evidence,
    )


def test_correction_adds_a_version_and_keeps_history(cast, recorded):
    first = recorded["a"].results.get()
    second = correct(recorded["a"], actor=cast.assessor_a)
    assert (second.version, second.outcome) == (2, Outcome.NOT_ACHIEVED)
    assert second.correction_reason == "Typo in area 1"
    first.refresh_from_db()
    assert (first.version, first.outcome, first.correction_reason) == (1, Outcome.FULL, "")
    assert set(first.scores.values_list("score", flat=True)) == {80}
    third = correct(recorded["a"], actor=cast.staff, reason="Re-checked", value=55)
    assert third.version == 3
    assert list(recorded["a"].results.values_list("version", flat=True)) == [3, 2, 1]


def test_the_validation_points_at_its_current_result_after_recording_and_correcting(cast, recorded):
    validation = Validation.objects.get(pk=recorded["a"].pk)
    assert validation.current_result == recorded["a"].results.get(version=1)
    second = correct(recorded["a"], actor=cast.assessor_a)
    validation.refresh_from_db()
    assert validation.current_result == second
    with pytest.raises(ValidationError):
        correct(recorded["a"], actor=cast.assessor_a, reason=" ")
    validation.refresh_from_db()
    assert validation.current_result == second


def test_correction_needs_a_reason(cast, recorded):
    with pytest.raises(ValidationError) as excinfo:
        correct(recorded["a"], actor=cast.assessor_a, reason="  ")
    assert "reason" in errors_of(excinfo)
    assert recorded["a"].results.count() == 1


def test_only_recorded_results_can_be_corrected(cast, booked):
    with pytest.raises(ValidationError):
        correct(booked["a"], actor=cast.staff)
    assert not ValidationResult.objects.exists()


def test_assessor_cannot_correct_other_centres_result(cast, recorded):
    with pytest.raises(ValidationError):
        correct(recorded["b"], actor=cast.assessor_a)
    assert recorded["b"].results.count() == 1


def test_correction_keeps_earlier_evidence_unless_replaced_or_removed(cast, booked):
    record(
        booked["a"],
        actor=cast.assessor_a,
        evidence=SimpleUploadedFile("protokoll.pdf", PDF, content_type="application/pdf"),
    )
    first = booked["a"].results.get()
    assert first.evidence.name.endswith(".pdf") and "protokoll" not in first.evidence.name
    kept = correct(booked["a"], actor=cast.assessor_a)
    assert kept.evidence.name == first.evidence.name
    removed = correct(booked["a"], actor=cast.assessor_a, remove_evidence=True)
    assert not removed.evidence


def test_database_refuses_a_correction_without_reason(cast, recorded):
    from django.db import IntegrityError, transaction

    first = recorded["a"].results.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ValidationResult.objects.create(
            validation=recorded["a"],
            version=2,
            held_on=first.held_on,
            theory_score=50,
            outcome=Outcome.PARTIAL,
            theory_pass_mark=first.theory_pass_mark,
            area_pass_mark=first.area_pass_mark,
            recorded_by=cast.staff,
        )


def test_recording_for_a_participant_elsewhere_saves_no_practical_rows(cast, catalogue):
    other = ParticipantFactory(company=cast.company_b)
    validation = services.validation_book(
        actor=cast.staff,
        participant=other,
        model=catalogue.practical,
        level=catalogue.practical_level,
        centre=cast.centre_b,
        assessor=cast.assessor_b,
        scheduled_at=at(tomorrow()),
    )
    Validation.objects.filter(pk=validation.pk).update(scheduled_at=at(yesterday()))
    validation.scheduled_at = at(yesterday())
    with pytest.raises(ValidationError) as excinfo:
        record(validation, actor=cast.assessor_a)
    assert "not within your test centre" in " ".join(errors_of(excinfo)["__all__"])
    assert not PracticalScore.objects.exists()


def test_migration_points_existing_validations_at_their_highest_version(cast, recorded):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "validation.migrations.0006_validation_current_result_and_list_index"
    )
    second = correct(recorded["a"], actor=cast.assessor_a)
    Validation.objects.update(current_result=None)  # as before the migration
    migration.point_to_current_results(apps, None)
    assert Validation.objects.get(pk=recorded["a"].pk).current_result == second
    assert Validation.objects.get(pk=recorded["b"].pk).current_result.version == 1
