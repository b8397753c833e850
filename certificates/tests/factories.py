"""Factories for certificate tests: validation models and recorded validations.

Built here (not in validation/) so these tests do not depend on work in progress elsewhere;
rows are made directly, as the validation app's recording service would leave them.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from validation.models import (
    CompetenceArea,
    Level,
    ModelArea,
    Outcome,
    Validation,
    ValidationModel,
    ValidationResult,
    ValidationStatus,
)

HELD_ON = datetime.date(2021, 3, 12)


class ValidationModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValidationModel

    name = factory.Sequence(lambda n: f"Testmodell {n} BAS")


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level

    model = factory.SubFactory(ValidationModelFactory)
    name = factory.Sequence(lambda n: f"Nivå {n}")


class CompetenceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceArea

    name = factory.Sequence(lambda n: f"Kompetensområde {n}")


def model_with_areas(*area_names: str, levels=("Grön",), **kwargs) -> ValidationModel:
    model = ValidationModelFactory(**kwargs)
    for order, name in enumerate(area_names or ("Säkerhet", "Mätteknik", "Ritningsläsning")):
        area, _ = CompetenceArea.objects.get_or_create(name=name)
        ModelArea.objects.create(model=model, area=area, order=order)
    for order, name in enumerate(levels):
        Level.objects.create(model=model, name=name, order=order)
    return model


def recorded_validation(
    participant,
    *,
    assessor,
    centre=None,
    model=None,
    outcome: str = Outcome.FULL,
    held_on: datetime.date = HELD_ON,
) -> Validation:
    """A validation with one recorded result (version 1)."""
    model = model or model_with_areas()
    validation = Validation.objects.create(
        participant=participant,
        model=model,
        level=model.levels.first(),
        centre=centre or assessor.profile.test_centre,
        assessor=assessor,
        scheduled_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(9))),
        status=ValidationStatus.RECORDED,
        booked_by=assessor,
    )
    ValidationResult.objects.create(
        validation=validation,
        version=1,
        held_on=held_on,
        theory_score=Decimal("82.5"),
        outcome=outcome,
        theory_pass_mark=model.theory_pass_mark,
        area_pass_mark=model.area_pass_mark,
        recorded_by=assessor,
    ).make_current()
    return validation


def correct_result(validation: Validation, *, outcome: str, reason: str = "Rättelse"):
    """A new version of the validation's result (a correction)."""
    latest = validation.results.order_by("-version").first()
    result = ValidationResult.objects.create(
        validation=validation,
        version=latest.version + 1,
        held_on=latest.held_on,
        theory_score=latest.theory_score,
        outcome=outcome,
        theory_pass_mark=latest.theory_pass_mark,
        area_pass_mark=latest.area_pass_mark,
        correction_reason=reason,
        recorded_by=latest.recorded_by,
    )
    result.make_current()
    return result


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row without its PDF being rendered (for lists and scoping); use the
    issue service where the PDF matters."""

    class Meta:
        model = "certificates.Certificate"

    code = factory.Sequence(lambda n: f"T{n:09d}"[-10:])
    participant = None  # required
    validation = factory.LazyAttribute(
        lambda c: recorded_validation(
            c.participant,
            assessor=c.assessor,
        )
    )
    validation_model = factory.LazyAttribute(lambda c: c.validation.model)
    centre = factory.LazyAttribute(lambda c: c.validation.centre)
    participant_name = factory.LazyAttribute(lambda c: c.participant.full_name)
    subject = factory.LazyAttribute(lambda c: c.validation.model.name)
    level_name = factory.LazyAttribute(lambda c: c.validation.level.name)
    areas = factory.LazyFunction(lambda: ["Säkerhet", "Mätteknik"])
    outcome = Outcome.FULL
    assessed_on = HELD_ON
    issuer_name = "Framtidssäkrad industri"
    centre_name = factory.LazyAttribute(lambda c: c.validation.centre.name)
    issued_on = datetime.date(2021, 3, 20)
    issued_by = None  # required

    class Params:
        assessor = None
