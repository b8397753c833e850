"""A result keeps the pass marks its outcome was decided with, and its page shows those."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from validation.models import ValidationModel

from .conftest import book, record

pytestmark = pytest.mark.django_db


def test_a_result_keeps_the_marks_it_was_decided_with(cast, catalogue):
    validation = book(cast, catalogue)
    result = record(validation, actor=cast.assessor_a, value=55)
    assert (result.theory_pass_mark, result.area_pass_mark) == (60, 50)
    ValidationModel.objects.filter(pk=catalogue.theory.pk).update(
        theory_pass_mark=50, area_pass_mark=70
    )
    result.refresh_from_db()
    assert (result.theory_pass_mark, result.area_pass_mark) == (60, 50)

    page = cast.client(cast.staff).get(
        reverse("validation:validation_detail", args=[validation.pk])
    )
    text = page.text
    assert "60 %" in text and "50 %" in text and "70 %" not in text
    # 55 reached the area pass mark of its day (50), not today's (70): not marked as below it.
    assert 'text-danger">55 %' not in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_results_from_before_the_snapshot_get_their_models_marks():
    executor = MigrationExecutor(connection)
    before = [("validation", "0004_one_open_booking")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    User = apps.get_model("auth", "User")
    Municipality = apps.get_model("companies", "Municipality")
    user = User.objects.create(username="bedomare")
    centre = apps.get_model("validation", "TestCentre").objects.create(
        name="C", organisationsnummer="556000-0001", municipality=Municipality.objects.first()
    )
    model = apps.get_model("validation", "ValidationModel").objects.create(
        name="Gammal", theory_pass_mark=65, area_pass_mark=45
    )
    company = apps.get_model("companies", "Company").objects.create(
        organisationsnummer="556000-0002",
        name="F",
        municipality=Municipality.objects.first(),
        employees=5,
    )
    participant = apps.get_model("companies", "Participant").objects.create(
        company=company,
        first_name="A",
        last_name="B",
        sex="M",
        protected_identity=True,
        start_status="employed",
        start_date="2026-01-01",
    )
    validation = apps.get_model("validation", "Validation").objects.create(
        participant=participant,
        model=model,
        level=apps.get_model("validation", "Level").objects.create(model=model, name="L"),
        centre=centre,
        assessor=user,
        scheduled_at="2026-01-02T09:00:00Z",
        booked_by=user,
        status="recorded",
    )
    apps.get_model("validation", "ValidationResult").objects.create(
        validation=validation,
        held_on="2026-01-02",
        theory_score=70,
        outcome="full",
        recorded_by=user,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("validation", "0005_result_pass_marks")])
    apps = executor.loader.project_state([("validation", "0005_result_pass_marks")]).apps
    result = apps.get_model("validation", "ValidationResult").objects.get()
    assert (result.theory_pass_mark, result.area_pass_mark) == (65, 45)
    call_command("migrate", verbosity=0)  # leave the database as the other tests expect it
