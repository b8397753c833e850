"""Validation models are data: the seed migration, and staff editing them."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from framtidssakrad.data import Row
from validation import services
from validation.models import CompetenceArea, Level, ModelArea, PracticalModule, ValidationModel

from .conftest import book

pytestmark = pytest.mark.django_db

seed_migration = importlib.import_module("validation.migrations.0003_seed_models")


def areas_of(name: str) -> set[int]:
    return set(ModelArea.objects.filter(model__name=name).values_list("area_id", flat=True))


def test_seed_has_the_public_models_and_levels():
    names = [spec["name"] for spec in seed_migration.MODELS]
    levels = {
        model.name: list(model.levels.values_list("name", flat=True))
        for model in ValidationModel.objects.filter(name__in=names)
    }
    assert levels == {
        "Industriteknik BAS": ["BAS"],
        "Automation BAS": ["BAS"],
        "Underhåll BAS": ["BAS"],
        "CNC Teknik": ["Grön", "Blå", "Svart"],
        "Svets": ["VIT", "GRÖN", "BLÅ", "SVART"],
    }


def test_automation_bas_shares_ten_of_its_fifteen_areas_with_industriteknik_bas():
    industri, automation = areas_of("Industriteknik BAS"), areas_of("Automation BAS")
    assert (len(industri), len(automation), len(industri & automation)) == (10, 15, 10)


def test_seeded_area_names_are_flagged_as_placeholders_with_default_marks():
    seeded = CompetenceArea.objects.filter(model_areas__model__name="Industriteknik BAS")
    assert seeded.count() == 10 and all(area.is_placeholder for area in seeded)
    model = ValidationModel.objects.get(name="Industriteknik BAS")
    assert (model.theory_pass_mark, model.area_pass_mark) == (60, 50)
    assert set(model.model_areas.values_list("weight", flat=True)) == {1}


def test_practical_models_have_modules():
    for name in ("CNC Teknik", "Svets"):
        model = ValidationModel.objects.get(name=name)
        assert model.has_practical_test and model.practical_modules.count() >= 1


def test_seed_runs_again_without_duplicates_or_overwriting_edits():
    model = ValidationModel.objects.get(name="Industriteknik BAS")
    model.theory_pass_mark = 70
    model.save()
    before = [m.objects.count() for m in (ValidationModel, Level, CompetenceArea, ModelArea)]
    seed_migration.seed(apps, None)
    after = [m.objects.count() for m in (ValidationModel, Level, CompetenceArea, ModelArea)]
    assert before == after
    assert ValidationModel.objects.get(name="Industriteknik BAS").theory_pass_mark == 70


# --- Editing -------------------------------------------------------------------------------------


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def edit_data(catalogue, **overrides) -> dict:
    """The theory model's edit form as the page posts it, unchanged."""
    model = catalogue.theory
    data = {
        "name": model.name,
        "description": "",
        "theory_pass_mark": model.theory_pass_mark,
        "area_pass_mark": model.area_pass_mark,
        "certificate_validity_months": "",
        **management("levels", 1, 1),
        "levels-0-id": catalogue.theory_level.pk,
        "levels-0-name": catalogue.theory_level.name,
        "levels-0-order": 0,
        **management("areas", 3, 3),
        **management("modules", 0, 0),
    }
    for index, model_area in enumerate(model.model_areas.order_by("order")):
        data.update(
            {
                f"areas-{index}-id": model_area.pk,
                f"areas-{index}-area": model_area.area_id,
                f"areas-{index}-weight": model_area.weight,
                f"areas-{index}-order": model_area.order,
            }
        )
    data.update(overrides)
    return data


def test_staff_edits_marks_weights_levels_and_modules(cast, catalogue):
    data = edit_data(
        catalogue,
        theory_pass_mark=70,
        certificate_validity_months=36,
        centre_may_issue="on",
        has_practical_test="on",
        **{"areas-2-weight": 5},
        **management("levels", 2, 1),
        **{"levels-1-name": "Avancerad", "levels-1-order": 1},
        **management("modules", 1, 0),
        **{"modules-0-name": "Maskinprov", "modules-0-order": 0},
    )
    page = reverse("validation:model_edit", args=[catalogue.theory.pk])
    response = cast.client(cast.staff).post(page, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    model = ValidationModel.objects.get(pk=catalogue.theory.pk)
    assert (model.theory_pass_mark, model.certificate_validity_months) == (70, 36)
    assert model.centre_may_issue and model.has_practical_test
    assert model.model_areas.get(area=catalogue.areas[2]).weight == 5
    assert list(model.levels.values_list("name", flat=True)) == ["BAS", "Avancerad"]
    assert list(model.practical_modules.values_list("name", flat=True)) == ["Maskinprov"]


def test_pass_mark_over_100_and_zero_weight_are_refused(cast, catalogue):
    page = reverse("validation:model_edit", args=[catalogue.theory.pk])
    client = cast.client(cast.staff)
    response = client.post(page, edit_data(catalogue, theory_pass_mark=101))
    assert response.status_code == 200 and response.context["form"].errors["theory_pass_mark"]
    response = client.post(page, edit_data(catalogue, **{"areas-0-weight": 0}))
    assert response.status_code == 200
    assert ValidationModel.objects.get(pk=catalogue.theory.pk).theory_pass_mark == 60
    assert set(catalogue.theory.model_areas.values_list("weight", flat=True)) == {1, 2}


def test_the_same_area_twice_in_a_model_is_refused(cast, catalogue):
    page = reverse("validation:model_edit", args=[catalogue.theory.pk])
    data = edit_data(catalogue, **{"areas-1-area": catalogue.areas[0].pk})
    response = cast.client(cast.staff).post(page, data)
    assert response.status_code == 200
    assert catalogue.theory.model_areas.count() == 3


def test_a_level_with_bookings_cannot_be_removed(cast, catalogue):
    book(cast, catalogue)
    page = reverse("validation:model_edit", args=[catalogue.theory.pk])
    response = cast.client(cast.staff).post(page, edit_data(catalogue, **{"levels-0-DELETE": "on"}))
    assert response.status_code == 200
    assert "cannot be removed" in response.text
    assert catalogue.theory.levels.count() == 1


def test_staff_creates_a_model(cast, catalogue):
    data = {
        "name": "Logistik BAS",
        "theory_pass_mark": 60,
        "area_pass_mark": 50,
        **management("levels", 1, 0),
        "levels-0-name": "BAS",
        "levels-0-order": 0,
        **management("areas", 1, 0),
        "areas-0-area": catalogue.areas[0].pk,
        "areas-0-weight": 1,
        "areas-0-order": 0,
        **management("modules", 0, 0),
    }
    response = cast.client(cast.staff).post(reverse("validation:model_create"), data)
    model = ValidationModel.objects.get(name="Logistik BAS")
    assert response["Location"] == reverse("validation:model_detail", args=[model.pk])
    assert model.levels.count() == 1 and model.model_areas.count() == 1


def test_only_model_editors_may_post(cast, catalogue):
    page = reverse("validation:model_edit", args=[catalogue.theory.pk])
    for user in (cast.manager, cast.assessor_a, cast.coach_a):
        response = cast.client(user).post(page, edit_data(catalogue, theory_pass_mark=10))
        assert response.status_code == 403
    assert ValidationModel.objects.get(pk=catalogue.theory.pk).theory_pass_mark == 60


def test_staff_renames_a_placeholder_area(cast, catalogue):
    area = catalogue.areas[0]
    area.is_placeholder = True
    area.save()
    page = reverse("validation:area_edit", args=[area.pk])
    response = cast.client(cast.staff).post(page, {"name": "Mätteknik och kvalitet"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.name, area.is_placeholder) == ("Mätteknik och kvalitet", False)
    # One row, so every model using the area shows the new name.
    assert catalogue.practical.model_areas.filter(area__name="Mätteknik och kvalitet").exists()


def test_area_names_are_unique(cast, catalogue):
    response = cast.client(cast.staff).post(
        reverse("validation:area_create"), {"name": catalogue.areas[1].name}
    )
    assert response.status_code == 200 and response.context["form"].errors["name"]


def test_practical_module_with_results_cannot_be_removed(cast, catalogue):
    from .conftest import record

    validation = book(cast, catalogue, practical=True)
    record(validation, actor=cast.staff)
    module = catalogue.modules[0]
    model = catalogue.practical
    data = {
        "name": model.name,
        "theory_pass_mark": 60,
        "area_pass_mark": 50,
        "has_practical_test": "on",
        **management("levels", 0, 0),
        **management("areas", 0, 0),
        **management("modules", 1, 1),
        "modules-0-id": module.pk,
        "modules-0-name": module.name,
        "modules-0-order": 0,
        "modules-0-DELETE": "on",
    }
    # Levels and areas posted as empty formsets with INITIAL 0 leave the existing rows alone.
    response = cast.client(cast.staff).post(reverse("validation:model_edit", args=[model.pk]), data)
    assert response.status_code == 200 and "cannot be removed" in response.text
    assert PracticalModule.objects.filter(pk=module.pk).exists()


def test_model_save_from_data_keeps_a_level_in_use(cast, catalogue):
    """The in-use rule is the service's: a command or an import is refused as the page is."""
    book(cast, catalogue)
    level = catalogue.theory_level
    data = services.ModelData(name=catalogue.theory.name)
    with pytest.raises(ValidationError) as refused:
        services.model_save(
            actor=cast.staff,
            model=catalogue.theory,
            data=data,
            levels=[Row(pk=level.pk, delete=True), Row({"name": "AVA", "order": 2})],
        )
    assert list(refused.value.message_dict) == ["levels"]
    assert list(catalogue.theory.levels.values_list("name", flat=True)) == ["BAS"]


def test_seeded_model_descriptions_are_swedish_on_swedish_pages_and_english_on_english(
    cast, settings
):
    settings.LANGUAGE_CODE = "sv"  # this module's tests default to English
    model = ValidationModel.objects.get(name="Industriteknik BAS")
    url = reverse("validation:model_detail", args=[model.pk])
    client = cast.client(cast.staff)
    swedish = client.get(url).text
    assert "Branschgemensam grundvalidering" in swedish
    assert "Cross-industry" not in swedish
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).text
    assert "Cross-industry basic validation" in english
    assert "Branschgemensam" not in english


def test_every_seeded_model_has_both_descriptions(db):
    for model in ValidationModel.objects.all():
        assert model.description and model.description_en, model.name
        assert "Inlagd utifrån offentliga uppgifter" in model.description


def test_staff_edit_the_english_description(cast):
    model = ValidationModel.objects.get(name="Svets")
    data = services.ModelData(
        name=model.name, description="Svetsvalidering.", description_en="Welding validation."
    )
    services.model_save(actor=cast.staff, model=model, data=data, levels=[], areas=[], modules=[])
    model.refresh_from_db()
    assert (model.description, model.description_en) == ("Svetsvalidering.", "Welding validation.")
