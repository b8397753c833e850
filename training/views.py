"""Course, enrolment, attendance and development-plan pages: resolve access, bind the form,
call a service, redirect."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import get_for_user, require_capability
from companies.models import Company, Participant
from documents.views import document_detail_url
from framtidssakrad.http import poll_while
from framtidssakrad.pagination import paginate

from . import hours, printing, selectors, services, sheets
from .filters import CourseFilter
from .forms import (
    AttendanceForm,
    CompleteForm,
    CourseEditForm,
    DropOutForm,
    EnrolForm,
    MonthForm,
    PlanEffortForm,
    PlanItemForm,
    ProviderForm,
    SessionForm,
)
from .models import (
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    HoursBatch,
    PlanEffort,
    PlanItem,
)
from .permissions import can_edit_plan, can_manage


def _apply(form, error: ValidationError) -> None:
    """Put a service's errors next to the form's fields (unknown keys: at the top)."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.error_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error)


@require_capability(C.TRAINING_VIEW)
def course_list(request):
    filters = CourseFilter(request.GET, queryset=selectors.courses_for(request.user))
    return render(
        request,
        "training/course_list.html",
        {
            "filter": filters,
            "page": paginate(request, filters.qs),
            "can_create": can_manage(request.user)
            or has_capability(request.user, C.TRAINING_PROPOSE),
        },
    )


def _course_form(request, course=None):
    initial = CourseEditForm.initial_from(course) if course else None
    form = CourseEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_save(
                actor=request.user, data=form.data_for_service(), course=course
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The course %(title)s was saved.") % {"title": course})
            return redirect("training:course_detail", pk=course.pk)
    return render(
        request,
        "training/course_form.html",
        {"form": form, "course": course, "can_add_provider": can_manage(request.user)},
    )


@login_required
def course_create(request):
    if not (can_manage(request.user) or has_capability(request.user, C.TRAINING_PROPOSE)):
        raise PermissionDenied
    return _course_form(request)


@require_capability(C.TRAINING_EDIT)
def provider_create(request):
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The provider %(name)s was saved.") % {"name": provider})
            return redirect("training:course_create")
    return render(request, "training/provider_form.html", {"form": form})


@login_required
def course_edit(request, pk):
    course = get_for_user(Course, request.user, capability=C.TRAINING_VIEW, pk=pk)
    may_edit = can_manage(request.user) or (
        course.status == CourseStatus.PROPOSED and course.created_by_id == request.user.pk
    )
    if not may_edit:
        raise PermissionDenied
    return _course_form(request, course)


def _course(request, pk) -> Course:
    return get_for_user(
        Course.objects.select_related("provider", "company"),
        request.user,
        capability=C.TRAINING_VIEW,
        pk=pk,
    )


@login_required
def course_detail(request, pk):
    course = _course(request, pk)
    manage = can_manage(request.user)
    enrolments = selectors.enrolments_for(request.user).filter(course=course)
    taken = course.enrolments.exclude(status=EnrolmentStatus.DROPPED_OUT).count()
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "areas": course.areas.all(),
            "sessions": course.sessions.all(),
            "enrolments": enrolments,
            "taken": taken,
            "can_manage": manage,
            "can_edit": manage
            or (course.status == CourseStatus.PROPOSED and course.created_by_id == request.user.pk),
            "session_form": SessionForm(prefix="session") if manage else None,
            "enrol_form": (
                EnrolForm(prefix="enrol", user=request.user, course=course)
                if manage and course.status == CourseStatus.PLANNED and taken < course.capacity
                else None
            ),
        },
    )


@require_POST
@login_required
def course_confirm(request, pk):
    course = _course(request, pk)
    services.course_confirm(actor=request.user, course=course)
    messages.success(request, _("The course is planned."))
    return redirect("training:course_detail", pk=course.pk)


@login_required
def session_form(request, pk, session_pk=None):
    course = get_for_user(Course, request.user, capability=C.TRAINING_EDIT, pk=pk)
    session = get_object_or_404(course.sessions, pk=session_pk) if session_pk else None
    initial = (
        {n: getattr(session, n) for n in SessionForm.base_fields} if session is not None else None
    )
    form = SessionForm(request.POST or None, initial=initial, prefix="session")
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(
                actor=request.user, course=course, session=session, **form.cleaned_data
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("training:course_detail", pk=course.pk)
    return render(
        request, "training/session_form.html", {"form": form, "course": course, "session": session}
    )


@login_required
def enrol(request, pk):
    course = get_for_user(Course, request.user, capability=C.TRAINING_EDIT, pk=pk)
    form = EnrolForm(request.POST or None, prefix="enrol", user=request.user, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_create(
                actor=request.user, course=course, participant=form.cleaned_data["participant"]
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("%(name)s was enrolled.") % {"name": enrolment.participant})
            return redirect("training:course_detail", pk=course.pk)
    return render(request, "training/enrol_form.html", {"form": form, "course": course})


@login_required
def attendance_sheet(request, pk, session_pk):
    course = _course(request, pk)
    session = get_object_or_404(course.sessions, pk=session_pk)
    enrolments = list(
        selectors.enrolments_for(request.user)
        .filter(course=course)
        .exclude(status=EnrolmentStatus.DROPPED_OUT)
    )
    recorded = {a.enrolment_id: a for a in session.attendance.all()}
    manage = can_manage(request.user)
    if request.method == "POST" and not manage:
        raise PermissionDenied
    form = AttendanceForm(request.POST or None, enrolments=enrolments, attendance=recorded)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, session=session, entries=form.entries())
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect("training:course_detail", pk=course.pk)
    return render(
        request,
        "training/attendance_sheet.html",
        {
            "course": course,
            "session": session,
            "form": form,
            "recorded": recorded,
            "can_manage": manage,
        },
    )


def _enrolment(request, pk) -> Enrolment:
    return get_for_user(
        selectors.enrolments_for(request.user), request.user, capability=C.TRAINING_VIEW, pk=pk
    )


@login_required
def enrolment_detail(request, pk):
    enrolment = _enrolment(request, pk)
    manage = can_manage(request.user)
    is_open = enrolment.status in services.OPEN_STATUSES
    today = timezone.localdate()
    return render(
        request,
        "training/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "attendance": enrolment.attendance.select_related("session"),
            "complete_form": CompleteForm(initial={"on": today}, prefix="complete")
            if manage and is_open
            else None,
            "drop_form": DropOutForm(initial={"on": today}, prefix="drop")
            if manage and is_open
            else None,
            "can_certify": has_capability(request.user, C.CERTIFICATES_ISSUE)
            and enrolment.status == EnrolmentStatus.COMPLETED
            and enrolment.certificate_id is None,
        },
    )


def _enrolment_action(request, pk, form_class, prefix, action):
    enrolment = _enrolment(request, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        try:
            action(enrolment, form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The enrolment was updated."))
            return redirect("training:enrolment_detail", pk=enrolment.pk)
    return render(
        request,
        "training/enrolment_action.html",
        {"enrolment": enrolment, "form": form, "prefix": prefix},
    )


@login_required
def enrolment_complete(request, pk):
    return _enrolment_action(
        request,
        pk,
        CompleteForm,
        "complete",
        lambda e, data: services.enrolment_complete(actor=request.user, enrolment=e, **data),
    )


@login_required
def enrolment_drop_out(request, pk):
    return _enrolment_action(
        request,
        pk,
        DropOutForm,
        "drop",
        lambda e, data: services.enrolment_drop_out(actor=request.user, enrolment=e, **data),
    )


# Development plan


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
def enrolment_certify(request, pk):
    enrolment = _enrolment(request, pk)
    try:
        certificate = services.enrolment_certify(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:enrolment_detail", pk=enrolment.pk)
    messages.success(
        request, _("The certificate %(code)s was issued.") % {"code": certificate.code}
    )
    return redirect("certificates:certificate_detail", pk=certificate.pk)


@require_POST
@login_required
def plan_pdf(request, pk):
    participant = _participant(request, pk)
    document = printing.plan_pdf_request(actor=request.user, participant=participant)
    return redirect(document_detail_url(document))


# Hours


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
