"""Company and participant pages: resolve access, bind the form, call a service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import get_for_user, require_capability
from documents.tabular import export_format
from framtidssakrad.data import formset_rows
from framtidssakrad.pagination import paginate
from framtidssakrad.uniqueness import save_unless_taken

from . import exports, selectors, services
from .filters import CompanyFilter, ParticipantFilter
from .forms import (
    CompanyForm,
    CompanyStatusForm,
    ContactFormSet,
    ParticipantForm,
    PersonnummerLookupForm,
)
from .models import Company, Participant
from .sections import company_sections, participant_sections


@require_capability(C.COMPANIES_VIEW)
def company_list(request):
    companies = selectors.with_participant_count(
        Company.objects.for_user(request.user)
        .select_related("municipality", "coach", "test_centre")
        .order_by("name", "pk")
    )
    filters = CompanyFilter(request.GET, queryset=companies)
    if fmt := export_format(request):
        return exports.companies_export(user=request.user, queryset=filters.qs, fmt=fmt)
    return render(
        request,
        "companies/company_list.html",
        {
            "filter": filters,
            "page": paginate(request, filters.qs),
            "can_edit": has_capability(request.user, C.COMPANIES_EDIT),
            "can_export": True,
        },
    )


@login_required
def company_detail(request, pk):
    company = get_for_user(
        Company.objects.select_related("municipality", "coach", "test_centre"),
        request.user,
        capability=C.COMPANIES_VIEW,
        pk=pk,
    )
    participants = company.participants.order_by("last_name", "first_name", "pk")
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "contacts": company.contacts.all(),
            "participants": paginate(request, participants),
            "status_counts": selectors.participant_status_counts(company),
            "status_form": CompanyStatusForm(),
            "allowed_statuses": services.company_allowed_statuses(company),
            "can_edit": has_capability(request.user, C.COMPANIES_EDIT),
            "can_add_participant": has_capability(request.user, C.PARTICIPANTS_EDIT),
            "can_audit": has_capability(request.user, C.AUDIT_VIEW),
            "sections": company_sections(request, company),
        },
    )


def _company_form(request, company=None):
    form = CompanyForm(request.POST or None, instance=company)
    contacts = ContactFormSet(request.POST or None, instance=company, prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        saved = save_unless_taken(
            form,
            lambda: services.company_save(
                actor=request.user,
                company=company,
                data=form.company_data(),
                contacts=formset_rows(contacts),
            ),
        )
        if saved is not None:  # None: the number was registered meanwhile (form says so)
            messages.success(request, _("The company %(name)s was saved.") % {"name": saved.name})
            return redirect("companies:company_detail", pk=saved.pk)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "contacts": contacts, "company": company},
    )


@require_capability(C.COMPANIES_EDIT)
def company_create(request):
    return _company_form(request)


@login_required
def company_edit(request, pk):
    company = get_for_user(Company, request.user, capability=C.COMPANIES_EDIT, pk=pk)
    return _company_form(request, company)


@login_required
def company_change_status(request, pk):
    company = get_for_user(Company, request.user, capability=C.COMPANIES_EDIT, pk=pk)
    if request.method != "POST":
        return redirect("companies:company_detail", pk=pk)
    form = CompanyStatusForm(request.POST)
    if form.is_valid():
        try:
            services.company_change_status(
                actor=request.user,
                company=company,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status was changed."))
    else:
        messages.error(request, _("Choose a status and a date."))
    return redirect("companies:company_detail", pk=pk)


@require_capability(C.PARTICIPANTS_VIEW)
def participant_list(request):
    participants = (
        Participant.objects.for_user(request.user)
        .select_related("company", "company__municipality")
        .order_by("last_name", "first_name", "pk")
    )
    filters = ParticipantFilter(request.GET, queryset=participants, user=request.user)
    if fmt := export_format(request):
        return exports.participants_export(user=request.user, queryset=filters.qs, fmt=fmt)
    return render(
        request,
        "companies/participant_list.html",
        {
            "filter": filters,
            "page": paginate(request, filters.qs, stamp=selectors.register_stamp),
            "can_edit": has_capability(request.user, C.PARTICIPANTS_EDIT),
            "lookup_form": (
                PersonnummerLookupForm()
                if has_capability(request.user, C.PERSONNUMMER_VIEW)
                else None
            ),
            "can_export": True,
        },
    )


@sensitive_post_parameters("personnummer")
@require_capability(C.PERSONNUMMER_VIEW)
def participant_lookup(request):
    """Staff find a participant by the whole personal identity number, sent by POST so that the
    number never lands in a URL (access logs, browser history). Found: the participant's page."""
    form = PersonnummerLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participant = (
            Participant.objects.for_user(request.user)
            .filter(personnummer=form.cleaned_data["personnummer"])
            .first()
        )
        if participant is not None:
            return redirect("companies:participant_detail", pk=participant.pk)
        form.add_error("personnummer", _("No participant has this number."))
    return render(request, "companies/participant_lookup.html", {"form": form})


@require_capability(C.PARTICIPANTS_VIEW)
@require_POST  # a typed personal identity number stays out of URLs and access logs
@sensitive_post_parameters("q")
def participant_search(request):
    """Participants in the user's scope matching `q` (at most `SEARCH_LIMIT`), as JSON for the
    search fields that choose one (the booking form); `bookable=1` leaves out those who left."""
    found = selectors.participant_search(
        request.user, request.POST.get("q", ""), bookable=request.POST.get("bookable") == "1"
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": p.pk,
                    "label": selectors.participant_label(p),
                    "centre": p.company.test_centre_id,  # the booking form picks it
                }
                for p in found
            ],
            "limit": selectors.SEARCH_LIMIT,
        }
    )


@login_required
def participant_detail(request, pk):
    participant = get_for_user(
        Participant.objects.select_related("company", "company__coach", "company__test_centre"),
        request.user,
        capability=C.PARTICIPANTS_VIEW,
        pk=pk,
    )
    show_number = has_capability(request.user, C.PERSONNUMMER_VIEW)
    if show_number:
        services.personnummer_access_log(
            actor=request.user, participant=participant, purpose="participant_detail"
        )
    return render(
        request,
        "companies/participant_detail.html",
        {
            "participant": participant,
            "personnummer": (
                participant.formatted_personnummer
                if show_number
                else participant.masked_personnummer
            ),
            "can_edit": has_capability(request.user, C.PARTICIPANTS_EDIT),
            "can_audit": has_capability(request.user, C.AUDIT_VIEW),
            "can_extract": show_number,
            "sections": participant_sections(request, participant),
        },
    )


def _participant_form(request, participant=None):
    initial = {}
    if participant is None and request.GET.get("company"):
        initial["company"] = request.GET["company"]
    form = ParticipantForm(
        request.POST or None,
        instance=participant,
        initial=initial,
        companies=Company.objects.for_user(request.user),
    )
    if participant is not None and participant.personnummer:
        form.initial["personnummer"] = participant.formatted_personnummer
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = save_unless_taken(
            form,
            lambda: services.participant_save(
                actor=request.user, participant=participant, data=form.participant_data()
            ),
        )
    if saved is not None:  # None: the number was registered meanwhile (form says so)
        participant = saved
        messages.success(
            request, _("The participant %(name)s was saved.") % {"name": participant.full_name}
        )
        return redirect("companies:participant_detail", pk=participant.pk)
    if participant is not None and participant.personnummer:
        # The page shows the full number (as the form's value): each time it does, it is logged.
        services.personnummer_access_log(
            actor=request.user, participant=participant, purpose="participant_edit"
        )
    return render(
        request, "companies/participant_form.html", {"form": form, "participant": participant}
    )


# The number stays out of Django's error reports (debug page, mail to ADMINS) of these views.
@sensitive_post_parameters("personnummer")
@require_capability(C.PARTICIPANTS_EDIT)
def participant_create(request):
    return _participant_form(request)


@sensitive_post_parameters("personnummer")
@login_required
def participant_edit(request, pk):
    participant = get_for_user(Participant, request.user, capability=C.PARTICIPANTS_EDIT, pk=pk)
    return _participant_form(request, participant)
