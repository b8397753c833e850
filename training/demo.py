"""Demo competence development: providers, courses and other efforts with sessions, enrolments
in every state with attendance, and development plans, so plans and hours sheets have content.

Deterministic (seeded generator) and idempotent: courses are found by title, and participants
who already have an enrolment or a plan are left alone. Writes go through `services`, so the
demo obeys the same rules as users (capacity, dates, a day's hours).
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from companies.models import Participant, ParticipantStatus
from validation.models import CompetenceArea

from . import services
from .models import Course, CourseForm, Enrolment, EnrolmentStatus, PlanEffort, PlanItem, Provider

PROVIDERS = [
    ("Industriskolan Småland AB", "Jönköping"),
    ("Svets- och plåtcentrum i Värnamo", "Värnamo"),
    ("Automationsakademin Kronoberg", "Växjö"),
]
# title, provider index, form, planned hours, weeks from today to start, weeks long, sessions,
# words an area name must contain (the areas it covers), online
COURSES = [
    (
        "Ritningsläsning och mätteknik",
        0,
        CourseForm.COURSE,
        24,
        -20,
        6,
        6,
        ("ritning", "mät"),
        False,
    ),
    ("CNC-programmering grund", 0, CourseForm.COURSE, 32, -12, 8, 8, ("cnc", "programmer"), False),
    ("Svetsning MIG/MAG fördjupning", 1, CourseForm.ON_THE_JOB, 40, -8, 10, 10, ("svets",), False),
    (
        "Underhåll och felsökning",
        2,
        CourseForm.E_LEARNING,
        16,
        -4,
        8,
        4,
        ("underhåll", "felsök"),
        True,
    ),
    ("Automation och PLC", 2, CourseForm.COURSE, 30, 2, 6, 6, ("automation", "plc", "styr"), False),
    (
        "Mentorskap: produktionsledning",
        0,
        CourseForm.MENTORING,
        12,
        -6,
        12,
        6,
        ("kvalitet", "produktion"),
        False,
    ),
]
CAPACITY = 40
# Enough participants in development for plans and hours sheets with content: the demo's 400
# participants stay under it; at benchmark scale (100,000) every plan through the services cost
# minutes (455 s at 20,000) and showed nothing the first few hundred do not.
DEMO_LIMIT = 400


def _areas(words) -> list[CompetenceArea]:
    areas = [a for a in CompetenceArea.objects.all() if any(w in a.name.lower() for w in words)]
    return areas[:4]


def _courses(staff, today: datetime.date) -> list[Course]:
    providers = [Provider.objects.get_or_create(name=name)[0] for name, _place in PROVIDERS]
    courses = []
    for title, provider, form, hours, start, weeks, sessions, words, online in COURSES:
        course = Course.objects.filter(title=title).first()
        if course is None:
            starts_on = today + datetime.timedelta(weeks=start)
            ends_on = starts_on + datetime.timedelta(weeks=weeks)
            course = services.course_save(
                actor=staff,
                data=services.CourseData(
                    title=title,
                    provider=providers[provider],
                    form=form,
                    planned_hours=Decimal(hours),
                    starts_on=starts_on,
                    ends_on=ends_on,
                    capacity=CAPACITY,
                    place="" if online else PROVIDERS[provider][1],
                    online=online,
                    areas=_areas(words),
                ),
            )
            per_session = Decimal(hours) / sessions
            step = max(1, (ends_on - starts_on).days // sessions)
            for n in range(sessions):
                services.session_save(
                    actor=staff,
                    course=course,
                    date=min(ends_on, starts_on + datetime.timedelta(days=n * step)),
                    starts_at=datetime.time(8),
                    ends_at=datetime.time(8 + int(per_session + Decimal("0.99"))),
                    hours=per_session.quantize(Decimal("0.1")),
                )
        courses.append(course)
    return courses


@transaction.atomic
def seed_training(*, staff, today: datetime.date) -> int:
    """Courses, enrolments (planned, ongoing, completed, dropped out) with attendance, and
    development plans for participants in development. Returns how many enrolments are new."""
    rng = random.Random("training")
    courses = _courses(staff, today)
    # The same participants on every run (a re-run at scale takes in nobody new).
    participants = list(
        Participant.objects.filter(
            status__in=(ParticipantStatus.IN_DEVELOPMENT, ParticipantStatus.CERTIFICATE_ISSUED),
            end_date__isnull=True,
        ).order_by("pk")[:DEMO_LIMIT]
    )
    enrolled = set(
        Enrolment.objects.filter(participant__in=participants).values_list(
            "participant_id", flat=True
        )
    )
    taken = {c.pk: c.enrolments.count() for c in courses}
    new = 0
    for participant in participants:
        if participant.pk in enrolled:
            continue
        chosen = rng.sample(courses, k=rng.choice([1, 1, 2]))
        for course in chosen:
            if taken[course.pk] >= course.capacity:
                continue
            on = max(participant.start_date, course.starts_on - datetime.timedelta(days=14))
            enrolment = services.enrolment_create(
                actor=staff, course=course, participant=participant, on=min(on, today)
            )
            taken[course.pk] += 1
            new += 1
            _attend(rng, staff, enrolment, today)
        _plan(rng, staff, participant, courses)
    return new


def _attend(rng, staff, enrolment: Enrolment, today: datetime.date) -> None:
    """Attendance at the sessions held so far; then completed, dropped out or still ongoing."""
    past = [s for s in enrolment.course.sessions.all() if s.date <= today]
    if not past:
        return  # the course has not started: the enrolment stays planned
    fate = rng.random()
    dropped_after = len(past) // 2 if fate < 0.1 else None
    for index, session in enumerate(past):
        present = (dropped_after is None or index < dropped_after) and rng.random() > 0.1
        services.attendance_record(
            actor=staff,
            session=session,
            entries=[services.AttendanceEntry(enrolment_id=enrolment.pk, present=present)],
        )
    if dropped_after is not None:
        services.enrolment_drop_out(
            actor=staff,
            enrolment=enrolment,
            on=past[max(dropped_after - 1, 0)].date,
            reason=rng.choice(["Sjukdom", "Byte av arbetsuppgifter", "Tidsbrist i produktionen"]),
        )
    elif enrolment.course.ends_on < today:
        services.enrolment_complete(actor=staff, enrolment=enrolment, on=enrolment.course.ends_on)


def _plan(rng, staff, participant, courses) -> None:
    if PlanItem.objects.filter(participant=participant).exists():
        return
    services.plan_gaps_collect(actor=staff, participant=participant)
    enrolled = set(participant.enrolments.values_list("course_id", flat=True))
    for item in PlanItem.objects.filter(participant=participant).select_related("area"):
        covering = [c for c in courses if item.area_id in {a.pk for a in c.areas.all()}]
        course = next((c for c in covering if c.pk in enrolled), None) or (
            rng.choice(covering) if covering else None
        )
        if course is not None:
            PlanEffort.objects.get_or_create(
                item=item, course=course, defaults={"chosen_by": staff}
            )


def enrolment_counts() -> dict[str, int]:
    """For the demo's summary and its test: enrolments by status."""
    return {s: Enrolment.objects.filter(status=s).count() for s in EnrolmentStatus.values}
