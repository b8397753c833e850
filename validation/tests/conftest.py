"""Validation fixtures on top of the root cast: two small models (one with a practical test),
both centres accredited for them, and helpers to book and record through the services."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation

from validation import services
from validation.models import (
    Accreditation,
    CompetenceArea,
    Level,
    ModelArea,
    PracticalModule,
    Validation,
    ValidationModel,
)

PAST = datetime.date(2021, 1, 1)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in the English source text, whatever the Swedish catalogue says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@dataclass
class Catalogue:
    theory: ValidationModel  # three areas weighted 1, 1, 2; no practical test
    practical: ValidationModel  # two areas and two practical modules
    theory_level: Level
    practical_level: Level
    areas: list  # the theory model's areas in order
    practical_areas: list
    modules: list


@pytest.fixture
def catalogue(db, cast) -> Catalogue:
    theory = ValidationModel.objects.create(name="Test BAS", theory_pass_mark=60, area_pass_mark=50)
    practical = ValidationModel.objects.create(
        name="Test CNC", theory_pass_mark=60, area_pass_mark=50, has_practical_test=True
    )
    areas = [CompetenceArea.objects.create(name=f"Area {n}") for n in (1, 2, 3)]
    for order, (area, weight) in enumerate(zip(areas, (1, 1, 2), strict=True)):
        ModelArea.objects.create(model=theory, area=area, weight=weight, order=order)
    practical_areas = [areas[0], CompetenceArea.objects.create(name="Area CNC")]
    for order, area in enumerate(practical_areas):
        ModelArea.objects.create(model=practical, area=area, order=order)
    modules = [
        PracticalModule.objects.create(model=practical, name=name, order=order)
        for order, name in enumerate(["Set-up", "Machining"])
    ]
    for centre in (cast.centre_a, cast.centre_b):
        for model in (theory, practical):
            Accreditation.objects.create(centre=centre, model=model, valid_from=PAST)
    return Catalogue(
        theory=theory,
        practical=practical,
        theory_level=Level.objects.create(model=theory, name="BAS"),
        practical_level=Level.objects.create(model=practical, name="Grön"),
        areas=areas,
        practical_areas=practical_areas,
        modules=modules,
    )


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def book(cast, catalogue, *, side: str = "a", practical: bool = False, when=None, actor=None):
    """A booking through the service for participant A at centre A (or B at B), for `when`
    (yesterday at 9 unless given). A time that has passed cannot be booked, so such a booking
    is made for tomorrow and then moved back, as if it had been made before `when`."""
    when = when or at(yesterday())
    validation = services.validation_book(
        actor=actor or cast.staff,
        participant=getattr(cast, f"participant_{side}"),
        model=catalogue.practical if practical else catalogue.theory,
        level=catalogue.practical_level if practical else catalogue.theory_level,
        centre=getattr(cast, f"centre_{side}"),
        assessor=getattr(cast, f"assessor_{side}"),
        scheduled_at=max(when, at(tomorrow())),
    )
    if when < validation.scheduled_at:
        Validation.objects.filter(pk=validation.pk).update(scheduled_at=when)
        validation.scheduled_at = when
    return validation


def scores_for(model, value: int = 80) -> dict[int, int]:
    return dict.fromkeys(model.model_areas.values_list("area_id", flat=True), value)


def record(validation, *, actor, value: int = 80, **kwargs):
    practical = kwargs.pop("practical", None)
    if practical is None and validation.model.has_practical_test:
        modules = validation.model.practical_modules.values_list("pk", flat=True)
        practical = dict.fromkeys(modules, True)
    entry = services.ResultEntry(
        held_on=kwargs.pop("held_on", yesterday()),
        scores=kwargs.pop("scores", None) or scores_for(validation.model, value),
        practical=practical,
        **kwargs,
    )
    return services.validation_record(actor=actor, validation=validation, entry=entry)


@pytest.fixture
def booked(cast, catalogue):
    """Participant A booked yesterday at centre A (theory model), and B at centre B."""
    return {"a": book(cast, catalogue, side="a"), "b": book(cast, catalogue, side="b")}


@pytest.fixture
def recorded(cast, catalogue, booked):
    """A's validation recorded by assessor A; B's by assessor B."""
    record(booked["a"], actor=cast.assessor_a)
    record(booked["b"], actor=cast.assessor_b)
    return booked
