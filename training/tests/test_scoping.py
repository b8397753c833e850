"""Which courses, enrolments and plan gaps each role sees."""

import pytest

from training import services
from training.models import Course, Enrolment, GapSourceKind, PlanEffort, PlanItem
from validation.tests.conftest import book, catalogue  # noqa: F401 (fixture)

from .conftest import course_data, enrol


@pytest.fixture
def courses(cast, provider, course, company_course):
    company_b_course = services.course_save(
        actor=cast.staff, data=course_data(provider, title="Beta only", company=cast.company_b)
    )
    return {"open": course, "a": company_course, "b": company_b_course}


def visible(user):
    return set(Course.objects.for_user(user).values_list("title", flat=True))


def test_staff_and_manager_see_every_course(cast, courses):
    assert (
        visible(cast.staff) == visible(cast.manager) == {"CNC grund", "Svets på plats", "Beta only"}
    )


def test_coach_sees_open_and_own_companies_courses(cast, courses):
    assert visible(cast.coach_a) == {"CNC grund", "Svets på plats"}
    enrol(cast, courses["b"], cast.participant_a)
    assert visible(cast.coach_a) == {"CNC grund", "Svets på plats", "Beta only"}
    assert visible(cast.coach_b) == {"CNC grund", "Beta only"}


def test_coach_sees_only_own_participants_enrolments(cast, courses):
    services.enrolment_create(
        actor=cast.staff, course=courses["open"], participant=cast.participant_a
    )
    services.enrolment_create(
        actor=cast.staff, course=courses["open"], participant=cast.participant_b
    )
    assert list(Enrolment.objects.for_user(cast.coach_a).values_list("participant", flat=True)) == [
        cast.participant_a.pk
    ]
    assert Enrolment.objects.for_user(cast.manager).count() == 2


def test_assessor_sees_courses_linked_to_their_validations(cast, courses, catalogue):  # noqa: F811
    validation = book(cast, catalogue, side="a")
    assert visible(cast.assessor_a) == set()
    item = PlanItem.objects.create(
        participant=cast.participant_a,
        area=catalogue.areas[0],
        source=GapSourceKind.VALIDATION,
        source_ref="x",
        validation=validation,
    )
    PlanEffort.objects.create(item=item, course=courses["open"], chosen_by=cast.staff)
    services.enrolment_create(
        actor=cast.staff, course=courses["open"], participant=cast.participant_a
    )
    assert visible(cast.assessor_a) == {"CNC grund"}
    assert visible(cast.assessor_b) == set()
    assert Enrolment.objects.for_user(cast.assessor_a).count() == 1
    assert Enrolment.objects.for_user(cast.assessor_b).count() == 0
    assert list(PlanItem.objects.for_user(cast.assessor_a)) == [item]
    assert not PlanItem.objects.for_user(cast.assessor_b).exists()
