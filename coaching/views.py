"""Coaching pages: the coach's day, the four conversations with their actions, the template
editor and the competence map.

Each view resolves the object within the user's scope (404 outside, 403 without the
capability), binds a form and calls a service; the services apply the rules.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import get_for_user, require_capability
from companies.models import Company, Participant

from . import selectors, services
from .answers import answer_text
from .forms import (
    ActionForm,
    CancelForm,
    ConversationForm,
    LevelsForm,
    NeedForm,
    PlanForm,
    QuestionFormSet,
    SessionForm,
    TemplateForm,
    add_errors,
    question_initial,
)
from .kinds import conversation_summary_request
from .matrix import matrix_body
from .models import Action, ConversationStatus, ConversationTemplate, LevelRecord


def _save(request, form, call, message: str, to):
    """Call the service. Its ValidationError goes next to the form's fields and None is
    returned (the view shows the form again; nothing was saved); otherwise the success message
    and a redirect to `to(result)`."""
    try:
        result = call()
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, message)
    return redirect(to(result))


@require_capability(C.CONVERSATIONS_VIEW)
def coach_day(request):
    return render(
        request,
        "coaching/coach_day.html",
        {
            "day": selectors.coach_day(request.user),
            "progress_counts": selectors.conversation_progress(request.user),
        },
    )


# --- Conversations -------------------------------------------------------------------------


@login_required
def conversation_plan(request, company_pk):
    company = get_for_user(Company, request.user, capability=C.CONVERSATIONS_RUN, pk=company_pk)
    initial = {"number": min(company.conversations_held + 1, 4)}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            lambda: services.conversation_plan(
                actor=request.user, company=company, **form.cleaned_data
            ),
            _("The conversation is planned."),
            to=lambda conversation: conversation,
        )
        if response:
            return response
    return render(request, "coaching/conversation_plan.html", {"company": company, "form": form})


def _conversation(request, pk, capability):
    return get_for_user(
        selectors.conversation_detail_queryset(request.user),
        request.user,
        capability=capability,
        pk=pk,
    )


@login_required
def conversation_detail(request, pk):
    conversation = _conversation(request, pk, C.CONVERSATIONS_VIEW)
    can_run = has_capability(request.user, C.CONVERSATIONS_RUN)
    editable = can_run and conversation.status == ConversationStatus.PLANNED
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if not editable:
            messages.error(request, _("Only a planned conversation can be changed."))
            return redirect(conversation)
    form = ConversationForm(request.POST or None, conversation=conversation) if editable else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            if "mark_held" in request.POST:
                services.conversation_mark_held(
                    actor=request.user,
                    conversation=conversation,
                    data=data,
                    held_on=form.cleaned_data["held_on"],
                )
                messages.success(request, _("The conversation is marked held."))
            else:
                services.conversation_save_draft(
                    actor=request.user, conversation=conversation, data=data
                )
                messages.success(request, _("The draft is saved."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(conversation)
    return render(
        request,
        "coaching/conversation_detail.html",
        _conversation_context(request, conversation, form=form, can_run=can_run),
    )


def _conversation_context(request, conversation, *, form=None, can_run=False, action_form=None):
    questions = conversation.template.questions.all()
    return {
        "conversation": conversation,
        "company": conversation.company,
        "form": form,
        "answers": [(q, answer_text(q, conversation.answers.get(str(q.pk)))) for q in questions],
        "actions": conversation.actions.all(),
        "action_form": action_form or (ActionForm(conversation=conversation) if can_run else None),
        "cancel_form": CancelForm() if can_run and conversation.status == "planned" else None,
        "can_run": can_run,
        "can_pdf": conversation.is_held,
        "today": timezone.localdate(),
    }


@login_required
@require_POST
def conversation_cancel(request, pk):
    conversation = _conversation(request, pk, C.CONVERSATIONS_RUN)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.conversation_cancel(
                actor=request.user, conversation=conversation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The conversation is cancelled."))
            return redirect("companies:company_detail", conversation.company_id)
    else:
        messages.error(request, _("Give a reason for cancelling."))
    return redirect(conversation)


@login_required
@require_POST
def action_add(request, pk):
    conversation = _conversation(request, pk, C.CONVERSATIONS_RUN)
    form = ActionForm(request.POST, conversation=conversation)
    if form.is_valid():
        response = _save(
            request,
            form,
            lambda: services.action_add(
                actor=request.user,
                conversation=conversation,
                what=form.cleaned_data["what"],
                due_on=form.cleaned_data["due_on"],
                **form.owner_kwargs(),
            ),
            _("The action is added."),
            to=lambda action: action.get_absolute_url(),
        )
        if response:
            return response
    editable = conversation.status == ConversationStatus.PLANNED
    return render(
        request,
        "coaching/conversation_detail.html",
        _conversation_context(
            request,
            conversation,
            form=ConversationForm(conversation=conversation) if editable else None,
            can_run=True,
            action_form=form,
        ),
        status=200,
    )


@login_required
@require_POST
def action_complete(request, pk):
    action = get_for_user(
        Action.objects.select_related("conversation__company"),
        request.user,
        capability=C.CONVERSATIONS_RUN,
        pk=pk,
    )
    services.action_complete(actor=request.user, action=action)
    messages.success(request, _("The action is marked done."))
    return redirect(action.get_absolute_url())


@login_required
@require_POST
def conversation_pdf(request, pk):
    conversation = _conversation(request, pk, C.CONVERSATIONS_VIEW)
    language = request.POST.get("language", "sv")
    try:
        conversation_summary_request(
            actor=request.user, conversation=conversation, language=language
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(conversation)
    messages.success(
        request, _("The summary is being made; it appears under My documents when ready.")
    )
    return redirect("documents:document_list")


# --- Templates -----------------------------------------------------------------------------


@require_capability(C.CONVERSATIONS_VIEW)
def template_list(request):
    templates = ConversationTemplate.objects.filter(is_current=True).order_by("number", "pk")
    return render(
        request,
        "coaching/template_list.html",
        {"templates": templates, "can_edit": has_capability(request.user, C.TEMPLATES_EDIT)},
    )


@require_capability(C.CONVERSATIONS_VIEW)
def template_detail(request, pk):
    template = ConversationTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404
    versions = ConversationTemplate.objects.filter(number=template.number).order_by("-version")
    return render(
        request,
        "coaching/template_detail.html",
        {
            "template": template,
            "questions": template.questions.all(),
            "versions": versions,
            "can_edit": has_capability(request.user, C.TEMPLATES_EDIT) and template.is_current,
        },
    )


@require_capability(C.TEMPLATES_EDIT)
def template_edit(request, pk):
    template = ConversationTemplate.objects.filter(pk=pk, is_current=True).first()
    if template is None:
        raise Http404
    form = TemplateForm(
        request.POST or None,
        initial={"title_sv": template.title_sv, "title_en": template.title_en},
    )
    formset = QuestionFormSet(
        request.POST or None,
        initial=[question_initial(q) for q in template.questions.all()],
        prefix="questions",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            (f.cleaned_data.get("position") or 1000 + i, i, f.to_data())
            for i, f in enumerate(formset.forms)
            if f.cleaned_data
        ]
        questions = [data for _pos, _i, data in sorted(rows, key=lambda r: r[:2]) if data]
        try:
            new = services.template_edit(
                actor=request.user,
                template=template,
                title_sv=form.cleaned_data["title_sv"],
                title_en=form.cleaned_data["title_en"],
                questions=questions,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)d of the template is saved.") % {"version": new.version},
            )
            return redirect(new)
    return render(
        request,
        "coaching/template_edit.html",
        {"template": template, "form": form, "formset": formset},
    )


# --- The competence map --------------------------------------------------------------------


def _parse_moment(value: str | None) -> datetime.datetime | None:
    """A date means the end of that day (the map as it stood when the day was over); a
    date and time means that moment."""
    if not value:
        return None
    try:
        moment = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time.max)
    except ValueError:
        try:
            moment = parse_datetime(value)
        except ValueError:  # well formed but impossible, e.g. month 13
            return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@login_required
def competence_map(request, company_pk):
    company = get_for_user(Company, request.user, capability=C.MAP_VIEW, pk=company_pk)
    at = _parse_moment(request.GET.get("at"))
    data = selectors.competence_map(request.user, company, at=at)
    if request.GET.get("sort") == "gap":
        data["rows"].sort(key=lambda row: (-row["total_gap"], row["participant"].pk))
    can_edit = has_capability(request.user, C.MAP_EDIT) and at is None
    can_book = has_capability(request.user, C.VALIDATION_BOOK)
    data["body"] = matrix_body(data, can_book=can_book, can_edit=can_edit)
    form = NeedForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            area = form.cleaned_data["area"]
            response = _save(
                request,
                form,
                lambda: services.competence_need_set(
                    actor=request.user,
                    company=company,
                    level=form.cleaned_data["level"],
                    area_id=area.pk if area else None,
                    name=form.cleaned_data["name"],
                ),
                _("The competence map is updated."),
                to=lambda competence: competence,
            )
            if response:
                return response
    return render(
        request,
        "coaching/competence_map.html",
        {
            "company": company,
            "map": data,
            "form": form,
            "can_edit": can_edit,
            "can_book": can_book,
            "dates": selectors.map_dates(request.user, company),
            "held": selectors.held_dates(request.user, company),
            "sort": request.GET.get("sort", ""),
        },
    )


@login_required
def competence_map_compare(request, company_pk):
    company = get_for_user(Company, request.user, capability=C.MAP_VIEW, pk=company_pk)
    first = _parse_moment(request.GET.get("a"))
    second = _parse_moment(request.GET.get("b")) or timezone.now()
    if first is None:
        first = second - datetime.timedelta(days=90)
    maps = [selectors.competence_map(request.user, company, at=at) for at in (first, second)]
    for data in maps:
        data["body"] = matrix_body(data, can_book=False, can_edit=False)
    return render(
        request,
        "coaching/competence_map_compare.html",
        {
            "company": company,
            "maps": maps,
            "a": first,
            "b": second,
        },
    )


@login_required
def participant_levels(request, pk):
    participant = get_for_user(
        Participant.objects.select_related("company"),
        request.user,
        capability=C.MAP_EDIT,
        pk=pk,
    )
    competences = [
        need.competence for need in selectors.current_needs(request.user, participant.company)
    ]
    current = dict(
        LevelRecord.objects.for_user(request.user)
        .filter(participant=participant, replaced_at__isnull=True)
        .values_list("competence_id", "level")
    )
    form = LevelsForm(request.POST or None, competences=competences, initial_levels=current)
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            lambda: services.participant_levels_record(
                actor=request.user, participant=participant, levels=form.levels()
            ),
            _("The levels are recorded."),
            to=lambda _nothing: reverse("coaching:map", args=[participant.company_id]),
        )
        if response:
            return response
    return render(
        request,
        "coaching/participant_levels.html",
        {"participant": participant, "company": participant.company, "form": form},
    )


# --- Participants' sessions with the coach ------------------------------------------------


@login_required
def participant_session_add(request, pk):
    """Record a session with a participant (the company's coach, staff); listed in coaching's
    section on the participant page."""
    participant = get_for_user(
        Participant.objects.select_related("company"),
        request.user,
        capability=C.CONVERSATIONS_RUN,
        pk=pk,
    )
    form = SessionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            lambda: services.participant_session_record(
                actor=request.user,
                participant=participant,
                data=services.SessionData(**form.cleaned_data),
            ),
            _("The session is recorded."),
            to=lambda _session: (
                reverse("companies:participant_detail", args=[participant.pk]) + "#sessions"
            ),
        )
        if response:
            return response
    return render(
        request,
        "coaching/session_form.html",
        {"participant": participant, "form": form},
        status=400 if form.errors else 200,
    )
