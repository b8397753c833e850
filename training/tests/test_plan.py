"""Development plans: gaps taken in from the assessor's recommendations, once; efforts and
their state; who may edit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from training import services
from training.models import GapSourceKind, PlanItem
from training.selectors import development_plan
from validation.tests.conftest import book, catalogue, record  # noqa: F401 (fixture)

from .conftest import enrol


@pytest.fixture
def recommended(cast, catalogue):  # noqa: F811
    validation = book(cast, catalogue, side="a")
    record(
        validation,
        actor=cast.assessor_a,
        value=40,
        recommended_actions="Kurs i ritningsläsning.",
        recommended_areas=catalogue.areas[:2],
    )
    return validation


def test_gaps_come_from_the_recommended_areas_once(cast, catalogue, recommended):  # noqa: F811
    added = services.plan_gaps_collect(actor=cast.coach_a, participant=cast.participant_a)
    assert added == 2
    items = list(PlanItem.objects.order_by("pk"))
    assert [i.area for i in items] == catalogue.areas[:2]
    assert all(i.source == GapSourceKind.VALIDATION and i.validation == recommended for i in items)
    assert items[0].description == "Kurs i ritningsläsning." and items[1].description == ""
    assert services.plan_gaps_collect(actor=cast.staff, participant=cast.participant_a) == 0


def test_only_coach_and_staff_edit_the_plan(cast, recommended):
    for user in (cast.manager, cast.assessor_a, cast.coach_b):
        with pytest.raises(PermissionDenied):
            services.plan_gaps_collect(actor=user, participant=cast.participant_a)


def test_efforts_show_the_enrolment_state(cast, course, recommended):
    services.plan_gaps_collect(actor=cast.staff, participant=cast.participant_a)
    item = PlanItem.objects.first()
    services.plan_effort_add(actor=cast.coach_a, item=item, course=course)
    with pytest.raises(ValidationError):
        services.plan_effort_add(actor=cast.coach_a, item=item, course=course)
    [row, _other] = development_plan(cast.coach_a, cast.participant_a)
    assert row.efforts[0][1] is None  # not enrolled yet
    enrol(cast, course, cast.participant_a)
    [row, _other] = development_plan(cast.coach_a, cast.participant_a)
    assert row.efforts[0][1].status == "planned"
    # The assessor of the validation sees the part that came from it; the other centre none.
    assert len(development_plan(cast.assessor_a, cast.participant_a)) == 2
    assert development_plan(cast.assessor_b, cast.participant_a) == []
