"""Every write service of training refuses an actor without the capability, and one outside
their scope, by itself, with nothing written (as framtidssakrad/tests/test_service_access.py
does for the apps below)."""

import datetime
import inspect
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from training import printing, services
from training.models import (
    Attendance,
    Course,
    Enrolment,
    GapSourceKind,
    HoursBatch,
    PlanEffort,
    PlanItem,
    Provider,
    Session,
)

from .conftest import DAY, add_session, course_data, enrol

MODULES = [services, printing]


@pytest.fixture
def world(cast, provider, course, company_course):
    session = add_session(cast, company_course)
    enrolment = enrol(cast, company_course, cast.participant_a)
    services.attendance_record(
        actor=cast.staff,
        session=session,
        entries=[services.AttendanceEntry(enrolment_id=enrolment.pk, present=True)],
    )
    item = PlanItem.objects.create(
        participant=cast.participant_a, description="Gap", source=GapSourceKind.MANUAL
    )
    effort = PlanEffort.objects.create(item=item, course=course, chosen_by=cast.staff)
    batch = HoursBatch.objects.create(company=cast.company_a, month=DAY, created_by=cast.staff)
    return SimpleNamespace(
        provider=provider,
        course=company_course,
        open_course=course,
        session=session,
        enrolment=enrolment,
        item=item,
        effort=effort,
        batch=batch,
    )


def _time(hour):
    return datetime.time(hour)


REFUSALS = [
    ("provider_create", "coach_a", lambda c, w, a: services.provider_create(actor=a, name="X")),
    (
        "course_save",
        "manager",
        lambda c, w, a: services.course_save(actor=a, data=course_data(w.provider)),
    ),
    (
        "course_save",
        "scope:coach_b",
        lambda c, w, a: services.course_save(
            actor=a, data=course_data(w.provider, company=c.company_a)
        ),
    ),
    (
        "course_confirm",
        "coach_a",
        lambda c, w, a: services.course_confirm(actor=a, course=w.course),
    ),
    (
        "session_save",
        "coach_a",
        lambda c, w, a: services.session_save(
            actor=a,
            course=w.course,
            date=DAY,
            starts_at=_time(13),
            ends_at=_time(14),
            hours=Decimal(1),
        ),
    ),
    (
        "enrolment_create",
        "coach_a",
        lambda c, w, a: services.enrolment_create(
            actor=a, course=w.open_course, participant=c.participant_a
        ),
    ),
    (
        "attendance_record",
        "manager",
        lambda c, w, a: services.attendance_record(
            actor=a,
            session=w.session,
            entries=[services.AttendanceEntry(enrolment_id=w.enrolment.pk, present=False)],
        ),
    ),
    (
        "enrolment_complete",
        "coach_a",
        lambda c, w, a: services.enrolment_complete(actor=a, enrolment=w.enrolment, on=DAY),
    ),
    (
        "enrolment_drop_out",
        "manager",
        lambda c, w, a: services.enrolment_drop_out(
            actor=a, enrolment=w.enrolment, on=DAY, reason="x"
        ),
    ),
    (
        "enrolment_certify",
        "coach_a",
        lambda c, w, a: services.enrolment_certify(actor=a, enrolment=w.enrolment),
    ),
    (
        "plan_gaps_collect",
        "scope:coach_b",
        lambda c, w, a: services.plan_gaps_collect(actor=a, participant=c.participant_a),
    ),
    (
        "plan_item_add",
        "manager",
        lambda c, w, a: services.plan_item_add(
            actor=a, participant=c.participant_a, description="x"
        ),
    ),
    (
        "plan_item_set_closed",
        "scope:coach_b",
        lambda c, w, a: services.plan_item_set_closed(actor=a, item=w.item, closed=True),
    ),
    (
        "plan_effort_add",
        "assessor_a",
        lambda c, w, a: services.plan_effort_add(actor=a, item=w.item, course=w.course),
    ),
    (
        "plan_effort_remove",
        "scope:coach_b",
        lambda c, w, a: services.plan_effort_remove(actor=a, effort=w.effort),
    ),
    (
        "plan_pdf_request",
        "scope:coach_b",
        lambda c, w, a: printing.plan_pdf_request(actor=a, participant=c.participant_a),
    ),
    (
        "hours_sheet_request",
        "assessor_a",
        lambda c, w, a: printing.hours_sheet_request(
            actor=a, participant=c.participant_a, month=DAY
        ),
    ),
    (
        "hours_batch_start",
        "scope:coach_b",
        lambda c, w, a: printing.hours_batch_start(actor=a, company=c.company_a, month=DAY),
    ),
    (
        "hours_batch_zip",
        "scope:coach_a",
        lambda c, w, a: printing.hours_batch_zip(actor=a, batch=w.batch),
    ),
]


def _write_services() -> set[str]:
    names = set()
    for module in MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameter = inspect.signature(function).parameters.get("actor")
            if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                names.add(name)
    return names


def test_every_write_service_is_in_the_table():
    assert _write_services() == {name for name, _, _ in REFUSALS}


def _rows() -> dict:
    models = [Provider, Course, Session, Enrolment, Attendance, PlanItem, PlanEffort, HoursBatch]
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
    rows["documents"] = __import__("documents.models").models.Document.objects.count()
    return rows


@pytest.mark.parametrize(
    ("service", "actor", "call"), REFUSALS, ids=[f"{s}-{a}" for s, a, _ in REFUSALS]
)
def test_service_refuses_an_actor_without_capability_or_outside_scope(
    cast, world, service, actor, call
):
    scope, _, actor = actor.rpartition(":")
    before = _rows()
    refusal = (PermissionDenied, ValidationError) if scope else PermissionDenied
    with pytest.raises(refusal), transaction.atomic():
        call(cast, world, getattr(cast, actor))
    assert _rows() == before
