"""Training fixtures on top of the root cast: a provider, an open course and one arranged for
company A, and a helper to build course data."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from training import services
from training.models import CourseForm, Provider

DAY = datetime.date(2021, 3, 1)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in the English source text."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def provider(db):
    return Provider.objects.create(name="Yrkesskolan AB")


def course_data(provider, **overrides) -> services.CourseData:
    values = {
        "title": "CNC grund",
        "provider": provider,
        "form": CourseForm.COURSE,
        "planned_hours": Decimal("16"),
        "starts_on": DAY,
        "ends_on": DAY + datetime.timedelta(days=30),
        "capacity": 2,
        "place": "Värnamo",
    }
    values.update(overrides)
    return services.CourseData(**values)


@pytest.fixture
def course(cast, provider):
    """An open course, planned by staff, two places."""
    return services.course_save(actor=cast.staff, data=course_data(provider))


@pytest.fixture
def company_course(cast, provider):
    """A course arranged for company A."""
    return services.course_save(
        actor=cast.staff,
        data=course_data(provider, title="Svets på plats", company=cast.company_a),
    )


def add_session(cast, course, day=DAY, hours="3", start=9, end=12):
    return services.session_save(
        actor=cast.staff,
        course=course,
        date=day,
        starts_at=datetime.time(start),
        ends_at=datetime.time(end),
        hours=Decimal(hours),
    )


def enrol(cast, course, participant, on=DAY):
    return services.enrolment_create(
        actor=cast.staff, course=course, participant=participant, on=on
    )
