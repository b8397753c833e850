"""The start pages, the dashboard and the progress report's requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Capability as C
from accounts.roles import Role, has_capability, role_of
from accounts.scoping import require_capability
from coaching.selectors import coach_day, conversation_progress
from companies.selectors import register_stamp
from documents.views import document_detail_url

from . import funder, report, selectors, services
from .forms import FiltersForm, FunderMonthForm, SubscriptionForm
from .models import ReportSubscription

START_PAGES = {
    Role.STAFF: "reports/home_staff.html",
    Role.MANAGER: "reports/home_manager.html",
    Role.ASSESSOR: "reports/home_assessor.html",
    Role.COACH: "reports/home_coach.html",
}


@login_required
def home(request):
    """Each role's start page shows what that role works on."""
    role = role_of(request.user)
    if role is None:
        return render(request, "reports/home_no_role.html", status=403)
    if role == Role.COACH:
        # The coach's own working day, not bars against the whole project's targets (which
        # would read as the coach's own).
        return render(request, START_PAGES[role], {"day": coach_day(request.user)})
    stamp = register_stamp()  # read once: both cached counts of the page are kept under it
    context = {"progress": selectors.start_page_progress(request.user, stamp=stamp)}
    if role in (Role.STAFF, Role.MANAGER):
        context["companies_by_status"] = selectors.companies_by_status(request.user)
        context["progress_counts"] = conversation_progress(request.user)
    else:
        context["companies"] = selectors.my_companies(request.user, stamp=stamp)
    if role == Role.ASSESSOR:
        context["centre"] = request.user.profile.test_centre
    return render(request, START_PAGES[role], context)


@require_capability(C.REPORTS_VIEW)
def dashboard(request):
    """The figures against the targets, as charts and tables, within the user's scope (a coach
    sees their companies, an assessor their centre's), narrowed by the filters."""
    form = FiltersForm(request.GET or None, user=request.user)
    filters = form.filters()
    figures = selectors.figures(request.user, filters)
    role = role_of(request.user)
    may_download = has_capability(request.user, C.REPORTS_DOWNLOAD)
    subscription = (
        ReportSubscription.objects.filter(user=request.user).first() if may_download else None
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "f": figures,
            "charts": report.charts_for(figures),
            "own_scope": role in (Role.COACH, Role.ASSESSOR),
            "may_download": may_download,
            "subscription_form": SubscriptionForm(
                initial={"monthly": bool(subscription and subscription.monthly)}
            ),
            "series_rows": report.series_rows(figures),
            "filter_params": {k: v for k, v in filters.as_params().items() if v},
        },
    )


@require_POST
@require_capability(C.REPORTS_DOWNLOAD)
def progress_report(request):
    """Queue the progress report of the dashboard's filters as PDF or workbook."""
    form = FiltersForm(request.POST, user=request.user)
    format = request.POST.get("format")
    if not form.is_valid() or format not in services.FORMATS:
        messages.error(request, _("Check the filters and choose PDF or Excel."))
        return redirect("reports:dashboard")
    document = services.progress_report_request(
        actor=request.user, filters=form.filters(), format=format
    )
    messages.success(
        request, _("The progress report is being made. It is kept under My documents.")
    )
    return redirect(document_detail_url(document))


@require_POST
@require_capability(C.REPORTS_DOWNLOAD)
def subscription(request):
    form = SubscriptionForm(request.POST)
    form.is_valid()
    monthly = bool(form.cleaned_data.get("monthly"))
    services.report_subscription_set(actor=request.user, monthly=monthly)
    if monthly:
        messages.success(request, _("You will get the progress report by e-mail every month."))
    else:
        messages.success(request, _("You will no longer get the monthly progress report."))
    return redirect("reports:dashboard")


@require_capability(C.FUNDER_REPORT)
def funder_reports(request):
    """The funder's monthly participant report: send a month, see what was sent and what must
    be sent again (project staff)."""
    form = FunderMonthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.funder_report_send(actor=request.user, month=form.cleaned_data["month"])
        except ValidationError as error:
            form.add_error("month", error)
        else:
            messages.success(
                request,
                _("The participant report for %(month)s was recorded as sent.")
                % {"month": f"{sent.month:%Y-%m}"},
            )
            return redirect("reports:funder_reports")
    return render(
        request,
        "reports/funder_reports.html",
        {"form": form, "months": list(reversed(funder.sent_months()))},
    )
