"""Every write to competence development. Services take data (not forms), check the actor's
capability and scope themselves, and are atomic: bad input raises ValidationError keyed by
field, with nothing saved."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability, has_capability
from companies.models import Participant, ParticipantStatus
from companies.services import participant_advance

from . import gaps
from .models import (
    HOURS_IN_A_DAY,
    Attendance,
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    GapSourceKind,
    PlanEffort,
    PlanItem,
    Provider,
    Session,
)
from .permissions import can_edit_plan, can_manage, can_propose

OPEN_STATUSES = (EnrolmentStatus.PLANNED, EnrolmentStatus.ONGOING)


@dataclass
class CourseData:
    title: str
    provider: object
    form: str
    planned_hours: Decimal
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    place: str = ""
    online: bool = False
    company: object = None
    description: str = ""
    areas: list = field(default_factory=list)


def _check_hours(errors: dict, name: str, hours, *, most=None) -> None:
    if hours is None:
        return
    if hours < 0:
        errors[name] = _("Hours cannot be negative.")
    elif most is not None and hours > most:
        errors[name] = _("More hours than a day holds (at most %(most)s).") % {"most": most}


@transaction.atomic
def course_save(*, actor, data: CourseData, course: Course | None = None) -> Course:
    """Create or change a course. Staff: any course. A coach: proposes a new course for a
    company of theirs (status proposed), and may change it while it is proposed."""
    if course is not None and not can_manage(actor):
        if course.status != CourseStatus.PROPOSED or course.created_by_id != actor.pk:
            raise PermissionDenied
    if not can_propose(actor, data.company):
        raise PermissionDenied
    errors = {}
    _check_hours(errors, "planned_hours", data.planned_hours)
    if data.ends_on < data.starts_on:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    if not data.online and not (data.place or "").strip():
        errors["place"] = _("Give a place, or mark the course as online.")
    if data.capacity is None or data.capacity < 1:
        errors["capacity"] = _("The capacity must be at least one participant.")
    if course is not None and "ends_on" not in errors:
        outside = course.sessions.exclude(date__range=(data.starts_on, data.ends_on)).count()
        if outside:
            errors["ends_on"] = _(
                "%(count)s sessions would fall outside the course's dates; move them first."
            ) % {"count": outside}
        taken = course.enrolments.exclude(status=EnrolmentStatus.DROPPED_OUT).count()
        if data.capacity and taken > data.capacity:
            errors["capacity"] = _(
                "%(count)s participants are already enrolled: the capacity cannot be lower."
            ) % {"count": taken}
    if errors:
        raise ValidationError(errors)
    creating = course is None
    course = course or Course(created_by=actor)
    for name in (
        "title",
        "provider",
        "form",
        "planned_hours",
        "starts_on",
        "ends_on",
        "capacity",
        "place",
        "online",
        "company",
        "description",
    ):
        setattr(course, name, getattr(data, name))
    if creating:
        course.status = CourseStatus.PLANNED if can_manage(actor) else CourseStatus.PROPOSED
    course.save()
    course.areas.set(data.areas)
    return course


@transaction.atomic
def provider_create(*, actor, name: str, **details) -> Provider:
    """Register a provider (staff)."""
    if not can_manage(actor):
        raise PermissionDenied
    name = (name or "").strip()
    if Provider.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A provider with this name is already registered.")})
    return Provider.objects.create(name=name, **details)


@transaction.atomic
def course_confirm(*, actor, course: Course) -> Course:
    """Turn a coach's proposal into a planned course (staff)."""
    if not can_manage(actor):
        raise PermissionDenied
    Course.objects.filter(pk=course.pk, status=CourseStatus.PROPOSED).update(
        status=CourseStatus.PLANNED
    )
    course.refresh_from_db()
    return course


@transaction.atomic
def session_save(
    *,
    actor,
    course: Course,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    hours: Decimal,
    session: Session | None = None,
) -> Session:
    """Add or change a session of `course` (staff). It must lie within the course's dates."""
    if not can_manage(actor):
        raise PermissionDenied
    errors = {}
    if not course.starts_on <= date <= course.ends_on:
        errors["date"] = _(
            "The session must lie within the course's dates (%(start)s – %(end)s)."
        ) % {"start": course.starts_on, "end": course.ends_on}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    _check_hours(errors, "hours", hours, most=HOURS_IN_A_DAY)
    if hours == 0:
        errors["hours"] = _("Hours must be more than zero.")
    if session is not None and "hours" not in errors:
        most = session.attendance.order_by("-hours").values_list("hours", flat=True).first()
        if most is not None and most > hours:
            errors["hours"] = _("Attendance of %(hours)s hours is already recorded.") % {
                "hours": most
            }
    if errors:
        raise ValidationError(errors)
    session = session or Session(course=course)
    session.date, session.starts_at, session.ends_at, session.hours = (
        date,
        starts_at,
        ends_at,
        hours,
    )
    session.save()
    return session


def participant_has_ended(participant: Participant, day: datetime.date) -> bool:
    """Ended or dropped out of the project, or their end date is before `day`."""
    return participant.status in (ParticipantStatus.ENDED, ParticipantStatus.DROPPED_OUT) or (
        participant.end_date is not None and participant.end_date < day
    )


@transaction.atomic
def enrolment_create(
    *, actor, course: Course, participant: Participant, on: datetime.date | None = None
) -> Enrolment:
    """Enrol `participant` in `course` (staff), within the course's capacity, and not after the
    participant has ended. Moves the participant on to "in development"."""
    if (
        not can_manage(actor)
        or not Participant.objects.for_user(actor).filter(pk=participant.pk).exists()
    ):
        raise PermissionDenied
    today = on or timezone.localdate()
    # Serialises enrolments of one course, so two at once cannot both take the last place.
    course = Course.objects.select_for_update().get(pk=course.pk)
    errors = {}
    if course.status != CourseStatus.PLANNED:
        errors["course"] = _("Participants can only be enrolled in a planned course.")
    if participant_has_ended(participant, max(today, course.starts_on)):
        errors["participant"] = _(
            "%(name)s has ended their time in the project and cannot be enrolled."
        ) % {"name": participant.full_name}
    elif course.enrolments.filter(participant=participant).exists():
        errors["participant"] = _("%(name)s is already enrolled in this course.") % {
            "name": participant.full_name
        }
    taken = course.enrolments.exclude(status=EnrolmentStatus.DROPPED_OUT).count()
    if taken >= course.capacity:
        errors["course"] = _("The course is full (%(capacity)s places).") % {
            "capacity": course.capacity
        }
    if errors:
        raise ValidationError(errors)
    enrolment = Enrolment.objects.create(
        participant=participant, course=course, enrolled_on=today, created_by=actor
    )
    participant_advance(participant=participant, to=ParticipantStatus.IN_DEVELOPMENT)
    return enrolment


@dataclass
class AttendanceEntry:
    enrolment_id: int
    present: bool
    hours: Decimal | None = None


@transaction.atomic
def attendance_record(*, actor, session: Session, entries: list[AttendanceEntry]) -> int:
    """Record who attended `session` and for how many hours (staff). Present without hours
    counts the session's hours; absent counts none. Errors are keyed "hours-<enrolment id>"."""
    if not can_manage(actor):
        raise PermissionDenied
    enrolments = {
        e.pk: e
        for e in session.course.enrolments.filter(
            pk__in=[entry.enrolment_id for entry in entries]
        ).select_related("participant")
    }
    others = dict(
        Attendance.objects.filter(
            enrolment__participant__in=[e.participant_id for e in enrolments.values()],
            session__date=session.date,
        )
        .exclude(session=session)
        .values("enrolment__participant")
        .annotate(total=Sum("hours"))
        .values_list("enrolment__participant", "total")
    )
    errors = {}
    rows = []
    for entry in entries:
        enrolment = enrolments.get(entry.enrolment_id)
        if enrolment is None:
            raise PermissionDenied  # not an enrolment of this course
        key = f"hours-{enrolment.pk}"
        hours = Decimal(0) if not entry.present else entry.hours
        if hours is None:
            hours = session.hours
        if hours < 0:
            errors[key] = _("Hours cannot be negative.")
        elif hours > session.hours:
            errors[key] = _("At most the session's %(hours)s hours.") % {"hours": session.hours}
        elif hours + (others.get(enrolment.participant_id) or 0) > HOURS_IN_A_DAY:
            errors[key] = _("With other sessions that day, this is more hours than a day holds.")
        rows.append((enrolment, entry.present, hours))
    if errors:
        raise ValidationError(errors)
    for enrolment, present, hours in rows:
        Attendance.objects.update_or_create(
            enrolment=enrolment,
            session=session,
            defaults={"present": present, "hours": hours, "recorded_by": actor},
        )
        if enrolment.status == EnrolmentStatus.PLANNED and present:
            Enrolment.objects.filter(pk=enrolment.pk, status=EnrolmentStatus.PLANNED).update(
                status=EnrolmentStatus.ONGOING
            )
    return len(rows)


def _open_enrolment(actor, enrolment: Enrolment) -> Enrolment:
    if not can_manage(actor):
        raise PermissionDenied
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in OPEN_STATUSES:
        raise ValidationError(
            {
                "status": _("The enrolment is already %(status)s.")
                % {"status": enrolment.get_status_display().lower()}
            }
        )
    return enrolment


@transaction.atomic
def enrolment_complete(*, actor, enrolment: Enrolment, on: datetime.date) -> Enrolment:
    """Mark an enrolment completed on `on` (staff): not before the course started, not in the
    future."""
    enrolment = _open_enrolment(actor, enrolment)
    if on < enrolment.course.starts_on:
        raise ValidationError({"on": _("The course had not started on that date.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The completion date cannot be in the future.")})
    enrolment.status, enrolment.completed_on = EnrolmentStatus.COMPLETED, on
    enrolment.save(update_fields=["status", "completed_on"])
    return enrolment


@transaction.atomic
def enrolment_drop_out(*, actor, enrolment: Enrolment, on: datetime.date, reason: str) -> Enrolment:
    """Record that the participant dropped out of the course, with a reason (staff)."""
    enrolment = _open_enrolment(actor, enrolment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for dropping out.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    enrolment.status = EnrolmentStatus.DROPPED_OUT
    enrolment.dropped_out_on, enrolment.dropout_reason = on, reason
    enrolment.save(update_fields=["status", "dropped_out_on", "dropout_reason"])
    return enrolment


# Development plans


def _check_plan(actor, participant: Participant) -> None:
    if not can_edit_plan(actor, participant):
        raise PermissionDenied


@transaction.atomic
def plan_gaps_collect(*, actor, participant: Participant) -> int:
    """Take the participant's gaps in from every gap source (validations' recommended areas,
    the coaching competence map's levels below the need); gaps already in the plan are not
    added again, and gaps already in it stay whatever their source says now. For
    the participant's coach and staff. Returns how many were added."""
    _check_plan(actor, participant)
    known = set(
        PlanItem.objects.filter(participant=participant)
        .exclude(source_ref="")
        .values_list("source", "source_ref")
    )
    new = [
        PlanItem(
            participant=participant,
            area_id=gap.area_id,
            description=gap.description,
            source=gap.source,
            source_ref=gap.source_ref,
            validation_id=gap.validation_id,
        )
        for gap in gaps.collect(participant)
        if (gap.source, gap.source_ref) not in known
    ]
    PlanItem.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def plan_item_add(*, actor, participant: Participant, area=None, description: str = "") -> PlanItem:
    """Add a gap by hand (coach, staff)."""
    _check_plan(actor, participant)
    description = (description or "").strip()
    if area is None and not description:
        raise ValidationError({"description": _("Choose a competence area or describe the gap.")})
    return PlanItem.objects.create(
        participant=participant, area=area, description=description, source=GapSourceKind.MANUAL
    )


@transaction.atomic
def plan_item_set_closed(*, actor, item: PlanItem, closed: bool) -> PlanItem:
    _check_plan(actor, item.participant)
    item.closed = closed
    item.save(update_fields=["closed"])
    return item


@transaction.atomic
def plan_effort_add(*, actor, item: PlanItem, course: Course) -> PlanEffort:
    """Choose `course` to close the gap (coach, staff); the course must be one the actor sees."""
    _check_plan(actor, item.participant)
    if not Course.objects.for_user(actor).filter(pk=course.pk).exists():
        raise PermissionDenied
    if course.status == CourseStatus.CANCELLED:
        raise ValidationError({"course": _("The course is cancelled.")})
    effort, created = PlanEffort.objects.get_or_create(
        item=item, course=course, defaults={"chosen_by": actor}
    )
    if not created:
        raise ValidationError({"course": _("That effort is already chosen for this gap.")})
    return effort


@transaction.atomic
def plan_effort_remove(*, actor, effort: PlanEffort) -> None:
    _check_plan(actor, effort.item.participant)
    effort.delete()


@transaction.atomic
def enrolment_certify(*, actor, enrolment: Enrolment):
    """A certificate of completed development for a completed enrolment, through the
    certificate machinery (staff: certificates.issue). Once per enrolment; revoking it and
    issuing again is the certificates' business."""
    from certificates.completion import certificate_issue_completion

    if not has_capability(actor, Capability.CERTIFICATES_ISSUE) or not (
        Enrolment.objects.for_user(actor).filter(pk=enrolment.pk).exists()
    ):
        raise PermissionDenied
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "participant")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise ValidationError({"status": _("Only a completed effort can end in a certificate.")})
    if enrolment.certificate_id is not None:
        raise ValidationError({"status": _("A certificate was already issued for this effort.")})
    course = enrolment.course
    enrolment.certificate = certificate_issue_completion(
        actor=actor,
        participant=enrolment.participant,
        subject=course.title,
        areas=list(course.areas.order_by("name").values_list("name", flat=True)),
        completed_on=enrolment.completed_on,
    )
    enrolment.save(update_fields=["certificate"])
    return enrolment.certificate
