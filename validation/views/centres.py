"""Test centre pages: list, detail, create and edit with accreditations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import get_for_user, require_capability
from documents.tabular import export_format
from framtidssakrad.data import cleaned_as, formset_rows
from framtidssakrad.pagination import paginate

from .. import exports, services
from ..forms import AccreditationFormSet, TestCentreForm
from ..models import TestCentre


@require_capability(C.CENTRES_VIEW)
def centre_list(request):
    centres = (
        TestCentre.objects.for_user(request.user)
        .select_related("municipality")
        .annotate(company_count=Count("companies", distinct=True))
        .order_by("name", "pk")
    )
    if fmt := export_format(request):
        return exports.centres_export(queryset=centres, fmt=fmt)
    return render(
        request,
        "validation/centre_list.html",
        {
            "page": paginate(request, centres),
            "can_edit": has_capability(request.user, C.CENTRES_EDIT),
        },
    )


@login_required
def centre_detail(request, pk):
    centre = get_for_user(
        TestCentre.objects.select_related("municipality"),
        request.user,
        capability=C.CENTRES_VIEW,
        pk=pk,
    )
    today = timezone.localdate()
    return render(
        request,
        "validation/centre_detail.html",
        {
            "centre": centre,
            "accreditations": centre.accreditations.select_related("model"),
            "current_model_ids": set(
                centre.accreditations.valid_on(today).values_list("model_id", flat=True)
            ),
            "assessors": centre.assessors.select_related("user").filter(user__is_active=True),
            "companies": centre.companies.for_user(request.user).select_related("municipality"),
            "can_edit": has_capability(request.user, C.CENTRES_EDIT),
        },
    )


def _centre_form(request, centre=None):
    form = TestCentreForm(request.POST or None, instance=centre)
    accreditations = AccreditationFormSet(
        request.POST or None, instance=centre, prefix="accreditations"
    )
    if request.method == "POST" and form.is_valid() and accreditations.is_valid():
        centre = services.centre_save(
            actor=request.user,
            centre=centre,
            data=cleaned_as(services.CentreData, form.cleaned_data),
            accreditations=formset_rows(accreditations),
        )
        messages.success(request, _("The test centre %(name)s was saved.") % {"name": centre.name})
        return redirect("validation:centre_detail", pk=centre.pk)
    return render(
        request,
        "validation/centre_form.html",
        {"form": form, "accreditations": accreditations, "centre": centre},
    )


@require_capability(C.CENTRES_EDIT)
def centre_create(request):
    return _centre_form(request)


@login_required
def centre_edit(request, pk):
    centre = get_for_user(TestCentre, request.user, capability=C.CENTRES_EDIT, pk=pk)
    return _centre_form(request, centre)
