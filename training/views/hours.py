"""Hours by month: a participant's, a company's, and a batch of hours sheets."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.roles import Capability as C
from accounts.scoping import get_for_user
from companies.models import Company, Participant
from documents.views import document_detail_url
from framtidssakrad.http import poll_while

from .. import hours, printing, sheets
from ..forms import MonthForm
from ..models import HoursBatch


def _month(request) -> datetime.date:
    form = MonthForm(request.GET or None)
    if form.is_valid():
        return form.cleaned_data["month"]
    return timezone.localdate().replace(day=1)


@login_required
def participant_hours(request, pk):
    participant = get_for_user(
        Participant.objects.select_related("company"),
        request.user,
        capability=C.HOURS_VIEW,
        pk=pk,
    )
    month = _month(request)
    if request.method == "POST":
        document = printing.hours_sheet_request(
            actor=request.user,
            participant=participant,
            month=month,
            file_format=request.POST.get("format", "pdf"),
        )
        return redirect(document_detail_url(document))
    context = sheets.sheet_context(participant, month)
    context["month_form"] = MonthForm(initial={"month": month})
    return render(request, "training/participant_hours.html", context)


@login_required
def company_hours(request, pk):
    company = get_for_user(Company, request.user, capability=C.HOURS_VIEW, pk=pk)
    month = _month(request)
    if request.method == "POST":
        try:
            batch = printing.hours_batch_start(actor=request.user, company=company, month=month)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("training:hours_batch", pk=batch.pk)
    rows = hours.month_hours(
        Participant.objects.for_user(request.user).filter(company=company), month
    )
    return render(
        request,
        "training/company_hours.html",
        {
            "company": company,
            "month": month,
            "month_form": MonthForm(initial={"month": month}),
            "rows": rows,
            "categories": hours.FunderCategory.choices,
            "batches": HoursBatch.objects.for_user(request.user).filter(company=company)[:5],
        },
    )


@login_required
def hours_batch(request, pk):
    batch = get_for_user(
        HoursBatch.objects.select_related("company", "zip_document"),
        request.user,
        capability=C.HOURS_VIEW,
        pk=pk,
    )
    if request.method == "POST":
        try:
            document = printing.hours_batch_zip(actor=request.user, batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(document_detail_url(document))
    progress = printing.hours_batch_progress(batch)
    response = render(request, "training/hours_batch.html", {"batch": batch, "progress": progress})
    return poll_while(response, not progress.done)
