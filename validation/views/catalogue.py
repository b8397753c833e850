"""Validation model pages: models with their levels, competence areas and practical modules,
and the competence areas themselves. Reference data (not scoped): every role with
`validation.view` reads it, holders of `validation.edit_models` edit it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import require_capability
from framtidssakrad.data import cleaned_as, formset_rows
from framtidssakrad.pagination import paginate

from .. import services
from ..forms import (
    CompetenceAreaForm,
    LevelFormSet,
    ModelAreaFormSet,
    ModuleFormSet,
    ValidationModelForm,
)
from ..models import CompetenceArea, ModelArea, ValidationModel
from ..outcome import rule_in_words


@require_capability(C.VALIDATION_VIEW)
def model_list(request):
    models = ValidationModel.objects.annotate(
        level_count=Count("levels", distinct=True),
        area_count=Count("model_areas", distinct=True),
        module_count=Count("practical_modules", distinct=True),
    ).order_by("name")
    return render(
        request,
        "validation/model_list.html",
        {"models": models, "can_edit": has_capability(request.user, C.MODELS_EDIT)},
    )


@require_capability(C.VALIDATION_VIEW)
def model_detail(request, pk):
    model = get_object_or_404(
        ValidationModel.objects.prefetch_related(
            "levels",
            "practical_modules",
            Prefetch("model_areas", queryset=ModelArea.objects.select_related("area")),
        ),
        pk=pk,
    )
    return render(
        request,
        "validation/model_detail.html",
        {
            "model": model,
            "rule": rule_in_words(model),
            "can_edit": has_capability(request.user, C.MODELS_EDIT),
        },
    )


def _model_form(request, model=None):
    data = request.POST or None
    form = ValidationModelForm(data, instance=model)
    formsets = {
        "levels": LevelFormSet(data, instance=model, prefix="levels"),
        "areas": ModelAreaFormSet(data, instance=model, prefix="areas"),
        "modules": ModuleFormSet(data, instance=model, prefix="modules"),
    }
    if (
        request.method == "POST"
        and form.is_valid()
        and all([formset.is_valid() for formset in formsets.values()])
    ):
        try:
            saved = services.model_save(
                actor=request.user,
                model=model,
                data=cleaned_as(services.ModelData, form.cleaned_data),
                **{name: formset_rows(formset) for name, formset in formsets.items()},
            )
        except ValidationError as error:
            # A refusal keyed by a formset's name is shown above that formset.
            for name, problems in error.message_dict.items():
                if name in formsets:
                    formsets[name].non_form_errors().extend(problems)
                else:
                    form.add_error(None, problems)
        else:
            messages.success(
                request, _("The validation model %(name)s was saved.") % {"name": saved}
            )
            return redirect("validation:model_detail", pk=saved.pk)
    return render(request, "validation/model_form.html", {"form": form, "model": model, **formsets})


@require_capability(C.MODELS_EDIT)
def model_create(request):
    return _model_form(request)


@require_capability(C.MODELS_EDIT)
def model_edit(request, pk):
    return _model_form(request, get_object_or_404(ValidationModel, pk=pk))


@require_capability(C.MODELS_EDIT)
def area_list(request):
    areas = CompetenceArea.objects.annotate(model_count=Count("model_areas")).order_by("name")
    return render(request, "validation/area_list.html", {"page": paginate(request, areas, 50)})


def _area_form(request, area=None):
    form = CompetenceAreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        area = services.area_save(actor=request.user, area=area, **form.cleaned_data)
        messages.success(request, _("The competence area %(name)s was saved.") % {"name": area})
        return redirect("validation:area_list")
    return render(request, "validation/area_form.html", {"form": form, "area": area})


@require_capability(C.MODELS_EDIT)
def area_create(request):
    return _area_form(request)


@require_capability(C.MODELS_EDIT)
def area_edit(request, pk):
    return _area_form(request, get_object_or_404(CompetenceArea, pk=pk))
