"""Validation pages: list, detail, book, record, correct, cancel and the evidence download.

Each view resolves the validation within the user's scope (404 outside, 403 without the
capability), binds a form and calls a service; the services apply the domain rules.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import assessor_centre_id, get_for_user, require_capability
from companies.models import Participant
from documents.tabular import export_format
from framtidssakrad.http import private_file_response, removed_response
from framtidssakrad.pagination import paginate

from .. import exports, selectors, services
from ..evidence import kind_of_name
from ..filters import ValidationFilter
from ..forms import BookingForm, CorrectionForm, ResultForm
from ..models import Validation, ValidationStatus
from ..outcome import rule_in_words

DETAIL_RELATED = (
    "participant",
    "participant__company",
    "model",
    "level",
    "centre",
    "assessor",
    "booked_by",
)


def _validation(request, pk: int, capability: str) -> Validation:
    return get_for_user(
        Validation.objects.select_related(*DETAIL_RELATED),
        request.user,
        capability=capability,
        pk=pk,
    )


@require_capability(C.VALIDATION_VIEW)
def validation_list(request):
    filters = ValidationFilter(
        request.GET, queryset=selectors.validations_for(request.user), user=request.user
    )
    if fmt := export_format(request):
        return exports.validations_export(queryset=filters.qs, fmt=fmt)
    return render(
        request,
        "validation/validation_list.html",
        {
            "filter": filters,
            "page": paginate(request, filters.qs),
            "can_book": has_capability(request.user, C.VALIDATION_BOOK),
            "can_export": True,
        },
    )


@login_required
def validation_detail(request, pk):
    validation = _validation(request, pk, C.VALIDATION_VIEW)
    history = selectors.result_history(validation)
    current = history[0] if history else None
    can_record = has_capability(request.user, C.VALIDATION_RECORD)
    booked = validation.status == ValidationStatus.BOOKED
    return render(
        request,
        "validation/validation_detail.html",
        {
            "validation": validation,
            "current": current,
            "history": history,
            "rule": rule_in_words(validation.model, current),
            "can_record": can_record and booked,
            "can_correct": can_record and validation.status == ValidationStatus.RECORDED,
            "can_cancel": has_capability(request.user, C.VALIDATION_BOOK) and booked,
        },
    )


def _booking_initial(data) -> dict:
    """What the booking form held when its Search button was pressed, to show it again."""
    fields = ("participant_search", "participant", "model", "level", "centre", "assessor")
    initial = {name: data.get(name) for name in fields if data.get(name)}
    initial["scheduled_at"] = [data.get("scheduled_at_0"), data.get("scheduled_at_1")]
    return initial


@require_capability(C.VALIDATION_BOOK)
def validation_book(request):
    initial = {}
    participant_id = request.GET.get("participant", "")
    # isascii: "²" and full-width digits pass isdigit() but not int().
    if participant_id.isascii() and participant_id.isdigit():
        participant = get_for_user(
            Participant.objects.select_related("company"),
            request.user,
            pk=int(participant_id),
        )
        initial.update(participant=participant, centre=participant.company.test_centre_id)
    if own_centre := assessor_centre_id(request.user):
        initial.update(assessor=request.user, centre=own_centre)
    if "find" in request.POST:
        # The Search button (without JavaScript): the same form again, nothing checked yet,
        # with the participants matching what was typed offered in the select.
        form = BookingForm(initial=_booking_initial(request.POST), user=request.user)
        return render(request, "validation/validation_book.html", {"form": form, "found": True})
    form = BookingForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            validation = services.validation_book(actor=request.user, **form.booking())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The validation of %(name)s was booked.")
                % {"name": validation.participant.full_name},
            )
            return redirect("validation:validation_detail", pk=validation.pk)
    return render(request, "validation/validation_book.html", {"form": form})


def _result_context(validation, form, **extra) -> dict:
    return {
        "validation": validation,
        "form": form,
        "rule": rule_in_words(validation.model),
        "today": timezone.localdate(),
        **extra,
    }


@login_required
def validation_record(request, pk):
    validation = _validation(request, pk, C.VALIDATION_RECORD)
    if validation.status != ValidationStatus.BOOKED:
        messages.info(request, _("This validation has no booking waiting for a result."))
        return redirect("validation:validation_detail", pk=pk)
    today = timezone.localdate()
    held_on = min(timezone.localdate(validation.scheduled_at), today)
    form = ResultForm(
        request.POST or None,
        request.FILES or None,
        model=validation.model,
        initial={"held_on": held_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.validation_record(
                actor=request.user, validation=validation, entry=form.entry()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The result was recorded."))
            return redirect("validation:validation_detail", pk=pk)
    return render(request, "validation/result_form.html", _result_context(validation, form))


@login_required
def validation_correct(request, pk):
    validation = _validation(request, pk, C.VALIDATION_RECORD)
    if validation.status != ValidationStatus.RECORDED:
        messages.info(request, _("Only a recorded result can be corrected."))
        return redirect("validation:validation_detail", pk=pk)
    current = selectors.current_result(validation)
    form = CorrectionForm(
        request.POST or None,
        request.FILES or None,
        model=validation.model,
        initial=CorrectionForm.initial_from(current),
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.validation_correct(
                actor=request.user,
                validation=validation,
                entry=form.entry(),
                reason=form.cleaned_data["reason"],
                remove_evidence=form.cleaned_data["remove_evidence"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The correction was saved as version %(version)s.") % {"version": result.version},
            )
            return redirect("validation:validation_detail", pk=pk)
    return render(
        request,
        "validation/result_form.html",
        _result_context(validation, form, current=current, correcting=True),
    )


@require_POST
@login_required
def validation_cancel(request, pk):
    validation = _validation(request, pk, C.VALIDATION_BOOK)
    try:
        services.validation_cancel(actor=request.user, validation=validation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The booking was cancelled."))
    return redirect("validation:validation_detail", pk=pk)


@login_required
def evidence_download(request, pk, version):
    """The evidence file of one version, to those who may see the validation."""
    validation = _validation(request, pk, C.VALIDATION_VIEW)
    result = validation.results.filter(version=version).first()
    if result is not None and not result.evidence and validation.participant.anonymised_on:
        return removed_response(request)
    kind = result and result.evidence and kind_of_name(result.evidence.name)
    if not kind:
        raise Http404
    return private_file_response(
        result.evidence.open("rb"),
        filename=f"evidence-{validation.pk}-v{result.version}{kind.extension}",
        content_type=kind.content_type,
    )
