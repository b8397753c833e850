"""Every page for every role: allowed, 404 outside scope, 403 without the capability."""

import pytest
from django.urls import reverse

from companies.tests.factories import ParticipantFactory
from training import services
from training.models import (
    Attendance,
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    GapSourceKind,
    PlanEffort,
    PlanItem,
)
from validation.tests.conftest import book, catalogue  # noqa: F401 (fixture)

from .conftest import DAY, add_session, course_data, enrol


@pytest.fixture
def world(cast, provider, course, company_course, catalogue):  # noqa: F811
    """Course A (company A) with a session and A enrolled; course B (company B) with B
    enrolled; A's plan has a gap from a validation at centre A with course A chosen."""
    course_b = services.course_save(
        actor=cast.staff, data=course_data(provider, title="Beta only", company=cast.company_b)
    )
    session = add_session(cast, company_course)
    enrolment_a = enrol(cast, company_course, cast.participant_a)
    enrolment_b = enrol(cast, course_b, cast.participant_b)
    validation = book(cast, catalogue, side="a")
    item = PlanItem.objects.create(
        participant=cast.participant_a,
        area=catalogue.areas[0],
        source=GapSourceKind.VALIDATION,
        source_ref=f"{validation.pk}:1",
        validation=validation,
    )
    PlanEffort.objects.create(item=item, course=company_course, chosen_by=cast.staff)
    return {
        "course_a": company_course,
        "course_b": course_b,
        "session": session,
        "enrolment_a": enrolment_a,
        "enrolment_b": enrolment_b,
        "item": item,
    }


def status(cast, user, url, method="get", data=None) -> int:
    client = cast.client(user)
    return getattr(client, method)(url, data or {}).status_code


def test_course_list_for_every_role(cast, world):
    url = reverse("training:course_list")
    for user in cast.users.values():
        assert status(cast, user, url) == 200
    assert cast.client(cast.coach_a).get(url).content.decode().count("Beta only") == 0


def test_course_list_needs_login(client, db):
    response = client.get(reverse("training:course_list"))
    assert response.status_code == 302


def test_course_detail_scope(cast, world):
    a = reverse("training:course_detail", args=[world["course_a"].pk])
    b = reverse("training:course_detail", args=[world["course_b"].pk])
    for user in (cast.staff, cast.manager, cast.coach_a, cast.assessor_a):
        assert status(cast, user, a) == 200
    assert status(cast, cast.coach_a, b) == 404
    assert status(cast, cast.assessor_a, b) == 404
    assert status(cast, cast.assessor_b, a) == 404
    page = cast.client(cast.coach_a).get(a).content.decode()
    assert "Anna Alfa" in page and "Add session" not in page


def test_course_create_and_edit_rights(cast, world, provider):
    create = reverse("training:course_create")
    assert status(cast, cast.staff, create) == 200
    assert status(cast, cast.coach_a, create) == 200
    assert status(cast, cast.manager, create) == 403
    assert status(cast, cast.assessor_a, create) == 403
    edit = reverse("training:course_edit", args=[world["course_a"].pk])
    assert status(cast, cast.staff, edit) == 200
    assert status(cast, cast.coach_a, edit) == 403  # visible, but staff planned it
    assert status(cast, cast.coach_b, edit) == 404


def test_coach_proposes_a_course_through_the_form(cast, provider):
    response = cast.client(cast.coach_a).post(
        reverse("training:course_create"),
        {
            "title": "Truckkort",
            "provider": provider.pk,
            "form": "course",
            "planned_hours": "8",
            "starts_on": "2021-05-01",
            "ends_on": "2021-05-02",
            "place": "",
            "online": "on",
            "capacity": "4",
            "company": cast.company_a.pk,
        },
    )
    assert response.status_code == 302
    assert Course.objects.get(title="Truckkort").status == CourseStatus.PROPOSED


def test_bad_course_input_shows_swedish_message_next_to_field(cast, provider, settings):
    from django.utils import translation

    client = cast.client(cast.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    with translation.override("sv"):
        response = client.post(
            reverse("training:course_create"),
            {
                "title": "X",
                "provider": provider.pk,
                "form": "course",
                "planned_hours": "-3",
                "starts_on": "2021-05-02",
                "ends_on": "2021-05-01",
                "place": "Växjö",
                "capacity": "4",
            },
        )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"planned_hours", "ends_on"}
    assert "Timmar kan inte vara negativa." in response.content.decode()
    assert not Course.objects.filter(title="X").exists()


def test_session_pages_are_staff_work(cast, world):
    url = reverse("training:session_create", args=[world["course_a"].pk])
    assert status(cast, cast.staff, url) == 200
    assert status(cast, cast.manager, url) == 403
    assert status(cast, cast.coach_a, url) == 403
    assert status(cast, cast.coach_b, url) == 404


def test_session_outside_dates_is_refused_in_the_form(cast, world):
    course = world["course_a"]
    response = cast.client(cast.staff).post(
        reverse("training:session_create", args=[course.pk]),
        {
            "session-date": "2020-01-01",
            "session-starts_at": "09:00",
            "session-ends_at": "10:00",
            "session-hours": "1",
        },
    )
    assert response.status_code == 200
    assert "within the course's dates" in response.context["form"].errors["date"][0]
    assert course.sessions.count() == 1


def test_attendance_sheet(cast, world):
    url = reverse("training:attendance_sheet", args=[world["course_a"].pk, world["session"].pk])
    for user in (cast.staff, cast.manager, cast.coach_a):
        assert status(cast, user, url) == 200
    assert status(cast, cast.coach_b, url) == 404
    key = world["enrolment_a"].pk
    data = {f"present-{key}": "on", f"hours-{key}": "2"}
    assert status(cast, cast.manager, url, "post", data) == 403
    assert status(cast, cast.staff, url, "post", data) == 302
    assert Attendance.objects.get().hours == 2
    response = cast.client(cast.staff).post(url, {f"present-{key}": "on", f"hours-{key}": "-1"})
    assert response.status_code == 200
    assert "cannot be negative" in response.content.decode()
    assert Attendance.objects.get().hours == 2


def test_enrol_page(cast, world):
    url = reverse("training:enrol", args=[world["course_a"].pk])
    other = ParticipantFactory(company=cast.company_a)
    assert status(cast, cast.coach_a, url, "post", {"enrol-participant": other.pk}) == 403
    assert status(cast, cast.staff, url, "post", {"enrol-participant": other.pk}) == 302
    assert Enrolment.objects.filter(participant=other).exists()
    # The course arranged for company A does not offer company B's participants.
    response = cast.client(cast.staff).post(url, {"enrol-participant": cast.participant_b.pk})
    assert response.status_code == 200
    assert not Enrolment.objects.filter(participant=cast.participant_b, course=world["course_a"])


def test_enrolment_pages(cast, world):
    a = world["enrolment_a"]
    url = reverse("training:enrolment_detail", args=[a.pk])
    for user in (cast.staff, cast.manager, cast.coach_a, cast.assessor_a):
        assert status(cast, user, url) == 200
    assert status(cast, cast.coach_b, url) == 404
    assert status(cast, cast.assessor_b, url) == 404
    complete = reverse("training:enrolment_complete", args=[a.pk])
    assert status(cast, cast.manager, complete, "post", {"complete-on": "2021-03-02"}) == 403
    assert status(cast, cast.coach_b, complete, "post", {"complete-on": "2021-03-02"}) == 404
    assert status(cast, cast.staff, complete, "post", {"complete-on": "2021-03-02"}) == 302
    a.refresh_from_db()
    assert a.status == EnrolmentStatus.COMPLETED
    drop = reverse("training:enrolment_drop_out", args=[world["enrolment_b"].pk])
    response = cast.client(cast.staff).post(drop, {"drop-on": "2021-03-02", "drop-reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_plan_pages(cast, world):
    url = reverse("training:plan_detail", args=[cast.participant_a.pk])
    for user in (cast.staff, cast.manager, cast.coach_a, cast.assessor_a):
        assert status(cast, user, url) == 200
    assert status(cast, cast.coach_b, url) == 404
    assert status(cast, cast.assessor_b, url) == 404
    add = reverse("training:plan_item_add", args=[cast.participant_a.pk])
    assert status(cast, cast.manager, add, "post", {"item-description": "Läsa ritning"}) == 403
    assert status(cast, cast.assessor_a, add, "post", {"item-description": "x"}) == 403
    assert status(cast, cast.coach_a, add, "post", {"item-description": "Läsa ritning"}) == 302
    assert PlanItem.objects.filter(description="Läsa ritning", source="manual").exists()
    response = cast.client(cast.coach_a).post(add, {"item-description": ""})
    assert response.status_code == 400
    assert "Choose a competence area or describe the gap." in response.content.decode()


def test_assessor_sees_only_the_plan_part_from_their_validation(cast, world):
    PlanItem.objects.create(
        participant=cast.participant_a, description="Manual gap", source=GapSourceKind.MANUAL
    )
    url = reverse("training:plan_detail", args=[cast.participant_a.pk])
    assessor_page = cast.client(cast.assessor_a).get(url).content.decode()
    coach_page = cast.client(cast.coach_a).get(url).content.decode()
    assert "Manual gap" in coach_page and "Manual gap" not in assessor_page
    assert "Area 1" in assessor_page


def test_participant_page_shows_the_plan_and_enrolments(cast, world):
    url = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    page = cast.client(cast.coach_a).get(url).content.decode()
    assert "Development plan" in page and "Svets på plats" in page
    assert "Edit plan" in page
    assert "Edit plan" not in cast.client(cast.manager).get(url).content.decode()


def test_hours_pages(cast, world):
    participant = reverse("training:participant_hours", args=[cast.participant_a.pk])
    company = reverse("training:company_hours", args=[cast.company_a.pk])
    for url in (participant, company):
        for user in (cast.staff, cast.manager, cast.coach_a):
            assert status(cast, user, url) == 200
        assert status(cast, cast.coach_b, url) == 404
        assert status(cast, cast.assessor_a, url) == 403


@pytest.mark.parametrize("rows", [2, 20])
def test_course_list_query_count_does_not_grow(cast, provider, rows, django_assert_max_num_queries):
    for n in range(rows):
        course = services.course_save(
            actor=cast.staff,
            data=course_data(provider, title=f"Kurs {n}", company=cast.company_a),
        )
        enrol(cast, course, ParticipantFactory(company=cast.company_a), on=DAY)
    client = cast.client(cast.coach_a)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("training:course_list"))
    assert len(response.context["page"]) == rows


def test_course_list_order_is_stable(cast, provider):
    for n in range(3):
        services.course_save(actor=cast.staff, data=course_data(provider, title=f"Same {n}"))
    response = cast.client(cast.staff).get(reverse("training:course_list"))
    titles = [c.title for c in response.context["page"]]
    assert titles == ["Same 2", "Same 1", "Same 0"]  # same start date: newest id first


def test_filters(cast, world):
    response = cast.client(cast.staff).get(reverse("training:course_list"), {"q": "Beta"})
    assert [c.title for c in response.context["page"]] == ["Beta only"]


@pytest.mark.parametrize("gaps", [2, 20])
def test_plan_page_query_count_does_not_grow(cast, course, gaps, django_assert_max_num_queries):
    for n in range(gaps):
        item = PlanItem.objects.create(
            participant=cast.participant_a, description=f"Gap {n}", source=GapSourceKind.MANUAL
        )
        PlanEffort.objects.create(item=item, course=course, chosen_by=cast.staff)
    client = cast.client(cast.coach_a)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("training:plan_detail", args=[cast.participant_a.pk]))
    assert len(response.context["rows"]) == gaps
    assert response.content.decode().count('<option value="') >= gaps


def test_provider_page_is_staff_work(cast, db):
    url = reverse("training:provider_create")
    assert status(cast, cast.coach_a, url) == 403
    assert status(cast, cast.manager, url) == 403
    assert status(cast, cast.staff, url, "post", {"name": "Nya skolan"}) == 302
    response = cast.client(cast.staff).post(url, {"name": "nya skolan"})
    assert response.status_code == 200
    assert "already registered" in response.content.decode()


def test_post_only_pages_check_scope_and_capability(cast, world):
    plan_pdf = reverse("training:plan_pdf", args=[cast.participant_a.pk])
    assert status(cast, cast.coach_b, plan_pdf, "post") == 404
    certify = reverse("training:enrolment_certify", args=[world["enrolment_a"].pk])
    assert status(cast, cast.coach_b, certify, "post") == 404
    assert status(cast, cast.coach_a, certify, "post") == 403
    confirm = reverse("training:course_confirm", args=[world["course_a"].pk])
    assert status(cast, cast.coach_a, confirm, "post") == 403
    assert status(cast, cast.coach_b, confirm, "post") == 404
    collect = reverse("training:plan_collect", args=[cast.participant_a.pk])
    assert status(cast, cast.manager, collect, "post") == 403
    assert status(cast, cast.coach_b, collect, "post") == 404
    close = reverse("training:plan_item_close", args=[cast.participant_a.pk, world["item"].pk])
    assert status(cast, cast.coach_a, close, "post", {"closed": "1"}) == 302
    world["item"].refresh_from_db()
    assert world["item"].closed
