"""Course, session, attendance and enrolment pages: resolve access, bind the form, call a
service, redirect."""

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
from documents.tabular import export_format
from framtidssakrad.pagination import paginate

from .. import selectors, services
from ..exports import courses_export
from ..filters import CourseFilter
from ..forms import (
    AttendanceForm,
    CompleteForm,
    CourseEditForm,
    DropOutForm,
    EnrolForm,
    ProviderForm,
    SessionForm,
)
from ..models import (
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
)
from ..permissions import can_manage


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
    if fmt := export_format(request):
        return courses_export(queryset=filters.qs, fmt=fmt)
    return render(
        request,
        "training/course_list.html",
        {
            "filter": filters,
            "page": paginate(request, filters.qs),
            "can_create": can_manage(request.user)
            or has_capability(request.user, C.TRAINING_PROPOSE),
            "can_export": True,
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
