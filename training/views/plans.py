"""Development-plan pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import get_for_user
from companies.models import Participant
from documents.views import document_detail_url

from .. import printing, selectors, services
from ..forms import PlanEffortForm, PlanItemForm
from ..models import PlanEffort, PlanItem
from ..permissions import can_edit_plan
from .courses import _apply


def _participant(request, pk) -> Participant:
    participant = get_for_user(
        Participant.objects.select_related("company"),
        request.user,
        capability=C.TRAINING_VIEW,
        pk=pk,
    )
    return participant


@login_required
def plan_detail(request, pk):
    participant = _participant(request, pk)
    editable = can_edit_plan(request.user, participant)
    rows = selectors.development_plan(request.user, participant)
    if not rows and not editable and not has_capability(request.user, C.PARTICIPANTS_VIEW):
        raise PermissionDenied
    return render(
        request,
        "training/plan_detail.html",
        {
            "participant": participant,
            "rows": rows,
            "can_edit": editable,
            "item_form": PlanItemForm(prefix="item") if editable else None,
            "effort_form": PlanEffortForm(prefix="effort", user=request.user) if editable else None,
            "effort_courses": _effort_courses(request.user) if editable else [],
        },
    )


def _effort_courses(user) -> list:
    """The courses a gap's effort can be chosen from, read once for every gap on the page."""
    return list(PlanEffortForm(prefix="effort", user=user).fields["course"].queryset)


def _plan_edit(request, pk) -> Participant:
    participant = _participant(request, pk)
    if not can_edit_plan(request.user, participant):
        raise PermissionDenied
    return participant


@require_POST
@login_required
def plan_collect(request, pk):
    participant = _plan_edit(request, pk)
    added = services.plan_gaps_collect(actor=request.user, participant=participant)
    messages.success(request, _("%(count)s new gaps were added to the plan.") % {"count": added})
    return redirect("training:plan_detail", pk=participant.pk)


@require_POST
@login_required
def plan_item_add(request, pk):
    participant = _plan_edit(request, pk)
    form = PlanItemForm(request.POST, prefix="item")
    if form.is_valid():
        try:
            services.plan_item_add(actor=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
    if form.errors:
        return render(
            request,
            "training/plan_detail.html",
            {
                "participant": participant,
                "rows": selectors.development_plan(request.user, participant),
                "can_edit": True,
                "item_form": form,
                "effort_form": PlanEffortForm(prefix="effort", user=request.user),
                "effort_courses": _effort_courses(request.user),
            },
            status=400,
        )
    return redirect("training:plan_detail", pk=participant.pk)


def _plan_item(request, pk, item_pk) -> PlanItem:
    participant = _plan_edit(request, pk)
    return get_object_or_404(
        PlanItem.objects.for_user(request.user), pk=item_pk, participant=participant
    )


@require_POST
@login_required
def plan_effort_add(request, pk, item_pk):
    item = _plan_item(request, pk, item_pk)
    form = PlanEffortForm(request.POST, prefix="effort", user=request.user)
    if form.is_valid():
        try:
            services.plan_effort_add(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a course or effort."))
    return redirect("training:plan_detail", pk=item.participant_id)


@require_POST
@login_required
def plan_effort_remove(request, pk, item_pk, effort_pk):
    item = _plan_item(request, pk, item_pk)
    effort = get_object_or_404(PlanEffort, pk=effort_pk, item=item)
    services.plan_effort_remove(actor=request.user, effort=effort)
    return redirect("training:plan_detail", pk=item.participant_id)


@require_POST
@login_required
def plan_item_close(request, pk, item_pk):
    item = _plan_item(request, pk, item_pk)
    services.plan_item_set_closed(
        actor=request.user, item=item, closed=request.POST.get("closed") == "1"
    )
    return redirect("training:plan_detail", pk=item.participant_id)


@require_POST
@login_required
def plan_pdf(request, pk):
    participant = _participant(request, pk)
    document = printing.plan_pdf_request(actor=request.user, participant=participant)
    return redirect(document_detail_url(document))
