import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from companies.models import EndReason, ParticipantStatus
from companies.tests.factories import ParticipantFactory
from training import services
from training.models import (
    Attendance,
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Session,
)

from .conftest import DAY, add_session, course_data


def errors_of(excinfo) -> dict:
    return {key: [str(m) for m in messages] for key, messages in excinfo.value.message_dict.items()}


def test_staff_plans_a_course(cast, course):
    assert course.status == CourseStatus.PLANNED
    assert course.created_by == cast.staff


def test_coach_proposes_for_own_company_only(cast, provider):
    proposed = services.course_save(
        actor=cast.coach_a, data=course_data(provider, company=cast.company_a)
    )
    assert proposed.status == CourseStatus.PROPOSED
    with pytest.raises(PermissionDenied):
        services.course_save(actor=cast.coach_a, data=course_data(provider, company=cast.company_b))
    with pytest.raises(PermissionDenied):
        services.course_save(actor=cast.coach_a, data=course_data(provider))
    with pytest.raises(PermissionDenied):
        services.course_save(actor=cast.manager, data=course_data(provider))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"planned_hours": Decimal("-1")}, "planned_hours", "Hours cannot be negative."),
        ({"ends_on": DAY - datetime.timedelta(days=1)}, "ends_on", "before the start date"),
        ({"place": "", "online": False}, "place", "or mark the course as online"),
        ({"capacity": 0}, "capacity", "at least one"),
    ],
)
def test_bad_course_input_is_refused_by_field(cast, provider, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.course_save(actor=cast.staff, data=course_data(provider, **overrides))
    assert message in " ".join(errors_of(excinfo)[field])
    assert not Course.objects.exists()


def test_session_outside_course_dates_is_refused(cast, course):
    with pytest.raises(ValidationError) as excinfo:
        add_session(cast, course, day=course.ends_on + datetime.timedelta(days=1))
    assert "within the course's dates" in errors_of(excinfo)["date"][0]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("hours", "message"),
    [("-2", "cannot be negative"), ("0", "more than zero"), ("25", "a day holds")],
)
def test_session_hours_must_fit_a_day(cast, course, hours, message):
    with pytest.raises(ValidationError) as excinfo:
        add_session(cast, course, hours=hours)
    assert message in " ".join(errors_of(excinfo)["hours"])


def test_enrolling_moves_participant_into_development(cast, course):
    enrolment = services.enrolment_create(
        actor=cast.staff, course=course, participant=cast.participant_a, on=DAY
    )
    assert enrolment.status == EnrolmentStatus.PLANNED
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.IN_DEVELOPMENT


def test_enrolment_beyond_capacity_is_refused(cast, course):
    services.enrolment_create(actor=cast.staff, course=course, participant=cast.participant_a)
    services.enrolment_create(actor=cast.staff, course=course, participant=cast.participant_b)
    third = ParticipantFactory(company=cast.company_a)
    with pytest.raises(ValidationError) as excinfo:
        services.enrolment_create(actor=cast.staff, course=course, participant=third)
    assert "The course is full (2 places)." in errors_of(excinfo)["course"]
    assert Enrolment.objects.count() == 2
    third.refresh_from_db()
    assert third.status == ParticipantStatus.REGISTERED


def test_a_dropped_out_place_is_free_again(cast, course):
    first = services.enrolment_create(
        actor=cast.staff, course=course, participant=cast.participant_a, on=DAY
    )
    services.enrolment_create(actor=cast.staff, course=course, participant=cast.participant_b)
    services.enrolment_drop_out(actor=cast.staff, enrolment=first, on=DAY, reason="Sjuk")
    services.enrolment_create(
        actor=cast.staff, course=course, participant=ParticipantFactory(company=cast.company_a)
    )
    assert course.enrolments.count() == 3


def test_enrolment_after_participant_ended_is_refused(cast, course):
    participant = cast.participant_a
    participant.end_date, participant.end_reason = DAY - datetime.timedelta(days=1), EndReason.OTHER
    participant.save()
    with pytest.raises(ValidationError) as excinfo:
        services.enrolment_create(actor=cast.staff, course=course, participant=participant)
    assert "has ended their time in the project" in errors_of(excinfo)["participant"][0]
    assert not Enrolment.objects.exists()


def test_coach_cannot_enrol(cast, company_course):
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=cast.coach_a, course=company_course, participant=cast.participant_a
        )


def test_attendance_counts_session_hours_and_starts_the_enrolment(cast, course):
    session = add_session(cast, course)
    enrolment = services.enrolment_create(
        actor=cast.staff, course=course, participant=cast.participant_a, on=DAY
    )
    services.attendance_record(
        actor=cast.staff,
        session=session,
        entries=[services.AttendanceEntry(enrolment_id=enrolment.pk, present=True)],
    )
    attendance = Attendance.objects.get()
    assert attendance.hours == Decimal("3")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ONGOING


def test_attendance_more_than_a_day_holds_is_refused(cast, course, provider):
    other = services.course_save(actor=cast.staff, data=course_data(provider, title="Other"))
    long_a = add_session(cast, course, hours="12", start=0, end=12)
    long_b = add_session(cast, other, hours="12.5", start=11, end=23)
    for c, s in ((course, long_a), (other, long_b)):
        enrolment = services.enrolment_create(
            actor=cast.staff, course=c, participant=cast.participant_a, on=DAY
        )
        entries = [services.AttendanceEntry(enrolment_id=enrolment.pk, present=True)]
        if c is other:
            with pytest.raises(ValidationError) as excinfo:
                services.attendance_record(actor=cast.staff, session=s, entries=entries)
            assert "more hours than a day holds" in errors_of(excinfo)[f"hours-{enrolment.pk}"][0]
        else:
            services.attendance_record(actor=cast.staff, session=s, entries=entries)
    assert Attendance.objects.count() == 1


def test_negative_or_excess_attendance_hours_are_refused(cast, course):
    session = add_session(cast, course)
    enrolment = services.enrolment_create(
        actor=cast.staff, course=course, participant=cast.participant_a, on=DAY
    )
    for hours, message in (("-1", "cannot be negative"), ("4", "At most the session's")):
        with pytest.raises(ValidationError) as excinfo:
            services.attendance_record(
                actor=cast.staff,
                session=session,
                entries=[
                    services.AttendanceEntry(
                        enrolment_id=enrolment.pk, present=True, hours=Decimal(hours)
                    )
                ],
            )
        assert message in errors_of(excinfo)[f"hours-{enrolment.pk}"][0]
    assert not Attendance.objects.exists()


def test_complete_and_drop_out_rules(cast, course):
    enrolment = services.enrolment_create(
        actor=cast.staff, course=course, participant=cast.participant_a, on=DAY
    )
    with pytest.raises(ValidationError):
        services.enrolment_drop_out(actor=cast.staff, enrolment=enrolment, on=DAY, reason=" ")
    with pytest.raises(ValidationError):
        services.enrolment_complete(
            actor=cast.staff, enrolment=enrolment, on=DAY - datetime.timedelta(days=1)
        )
    done = services.enrolment_complete(actor=cast.staff, enrolment=enrolment, on=DAY)
    assert done.status == EnrolmentStatus.COMPLETED and done.completed_on == DAY
    with pytest.raises(ValidationError):
        services.enrolment_drop_out(actor=cast.staff, enrolment=enrolment, on=DAY, reason="x")


def test_database_holds_the_enrolment_rules(cast, course):
    enrolment = services.enrolment_create(
        actor=cast.staff, course=course, participant=cast.participant_a, on=DAY
    )
    for values in (
        {"status": EnrolmentStatus.COMPLETED},
        {"status": EnrolmentStatus.DROPPED_OUT, "dropped_out_on": DAY},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Enrolment.objects.filter(pk=enrolment.pk).update(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            course=course,
            date=DAY,
            starts_at=datetime.time(9),
            ends_at=datetime.time(10),
            hours=Decimal("-1"),
        )


def test_free_text_about_the_person_is_masked_in_the_trail_and_cleared_on_anonymisation(
    cast, course
):
    """Why someone dropped out (often their health) and the wording of their development needs
    are personal: the audit trail masks them and anonymisation removes them, keeping the
    enrolment's state and dates and the need's area for the figures."""
    from auditlog.models import LogEntry

    from privacy.services import ANONYMISED_NAME, participants_anonymise

    enrolment = services.enrolment_create(
        actor=cast.staff, course=course, participant=cast.participant_a, on=DAY
    )
    services.enrolment_drop_out(actor=cast.staff, enrolment=enrolment, on=DAY, reason="Ryggbesvär")
    item = services.plan_item_add(
        actor=cast.staff, participant=cast.participant_a, description="Läser dåligt ritningar"
    )
    entries = [
        *LogEntry.objects.get_for_objects(Enrolment.objects.all()),
        *LogEntry.objects.get_for_objects(type(item).objects.all()),
    ]
    assert len(entries) >= 3  # created, dropped out, the need added
    trail = " ".join(str(entry.changes) for entry in entries)
    assert "Ryggbesvär" not in trail and "Läser dåligt" not in trail

    participants_anonymise(participants=[cast.participant_a])
    enrolment.refresh_from_db()
    item.refresh_from_db()
    assert enrolment.dropout_reason == ANONYMISED_NAME
    assert (enrolment.status, enrolment.dropped_out_on) == (EnrolmentStatus.DROPPED_OUT, DAY)
    assert item.description == ANONYMISED_NAME  # a need without an area must say something
