"""Every write of the coaching app. Each service checks the actor's capability and scope
itself (a view resolving the object first is not enough: the services are also called from
the demo and, later, from imports) and raises ValidationError, keyed by field, for bad input;
nothing is saved then, since every service runs in one transaction."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from companies.models import Company, ContactPerson, Participant, ParticipantStatus
from companies.services import company_set_conversations_held, participant_advance

from .answers import clean_answer, field_name, is_empty
from .models import (
    LEVEL_MAX,
    LEVEL_MIN,
    Action,
    Competence,
    Conversation,
    ConversationStatus,
    ConversationTemplate,
    LevelRecord,
    NeedRecord,
    ParticipantSession,
    Question,
    SessionKind,
)


def _require(actor, capability: str, company: Company) -> None:
    """PermissionDenied unless `actor` has `capability` and works with `company`."""
    if not has_capability(actor, capability):
        raise PermissionDenied
    if not Company.objects.for_user(actor).filter(pk=company.pk).exists():
        raise PermissionDenied


def _today() -> datetime.date:
    return timezone.localdate()


# --- Conversations -------------------------------------------------------------------------


@transaction.atomic
def conversation_plan(
    *,
    actor,
    company: Company,
    number: int,
    planned_at: datetime.datetime | None,
    mode: str,
) -> Conversation:
    """Plan conversation `number` for `company` with the current template (coach, staff)."""
    _require(actor, C.CONVERSATIONS_RUN, company)
    if number not in (1, 2, 3, 4):
        raise ValidationError({"number": _("Choose conversation 1, 2, 3 or 4.")})
    if (
        Conversation.objects.filter(company=company, number=number)
        .exclude(status=ConversationStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            {
                "number": _("Conversation %(number)d is already planned or held.")
                % {"number": number}
            }
        )
    template = ConversationTemplate.objects.get(number=number, is_current=True)
    return Conversation.objects.create(
        company=company,
        number=number,
        template=template,
        planned_at=planned_at,
        mode=mode,
        created_by=actor,
    )


@dataclass
class ConversationData:
    """What the conversation form sends: the draft's whole content."""

    planned_at: datetime.datetime | None
    mode: str
    contact_ids: list[int]
    coach_present: bool
    other_attendees: str
    answers: dict  # {question id or "q_<id>": raw answer}
    notes: str


def _clean_answers(conversation: Conversation, raw: dict, *, require: bool) -> dict:
    errors = {}
    cleaned = {}
    for question in conversation.template.questions.all():
        name = field_name(question)
        value = raw.get(name, raw.get(str(question.pk)))
        try:
            answer = clean_answer(question, value)
        except ValidationError as error:
            errors[name] = error.messages
            continue
        if is_empty(answer):
            if require and question.required:
                errors[name] = [_("An answer is required before the conversation is held.")]
            continue
        cleaned[str(question.pk)] = answer
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply(conversation: Conversation, data: ConversationData, *, require: bool) -> None:
    if conversation.status != ConversationStatus.PLANNED:
        raise ValidationError(_("Only a planned conversation can be changed."))
    contacts = list(
        ContactPerson.objects.filter(company=conversation.company, pk__in=data.contact_ids)
    )
    if len(contacts) != len(set(data.contact_ids)):
        raise ValidationError({"contacts": _("Choose among the company's contact persons.")})
    conversation.answers = _clean_answers(conversation, data.answers, require=require)
    conversation.planned_at = data.planned_at
    conversation.mode = data.mode
    conversation.coach_present = data.coach_present
    conversation.other_attendees = data.other_attendees.strip()
    conversation.notes = data.notes
    conversation.contacts.set(contacts)


@transaction.atomic
def conversation_save_draft(*, actor, conversation: Conversation, data: ConversationData):
    """Save a planned conversation's content as it stands: answers are type-checked, required
    ones may still be missing (coach, staff)."""
    _require(actor, C.CONVERSATIONS_RUN, conversation.company)
    _apply(conversation, data, require=False)
    conversation.full_clean(exclude=["answers", "template", "company", "created_by"])
    conversation.save()
    return conversation


def _previous(conversation: Conversation) -> Conversation | None:
    if conversation.number == 1:
        return None
    return (
        Conversation.objects.filter(
            company_id=conversation.company_id,
            number=conversation.number - 1,
            status=ConversationStatus.HELD,
        )
        .only("held_on")
        .first()
    )


@transaction.atomic
def conversation_mark_held(
    *, actor, conversation: Conversation, data: ConversationData, held_on: datetime.date | None
) -> Conversation:
    """Save the content and mark the conversation held (coach, staff). Conversation N needs
    N−1 held; the held date is neither in the future nor before N−1's; every required
    question is answered."""
    _require(actor, C.CONVERSATIONS_RUN, conversation.company)
    # Lock the company so two conversations of it are not marked held at once.
    Company.objects.select_for_update().filter(pk=conversation.company_id).first()
    errors = {}
    previous = _previous(conversation)
    if conversation.number > 1 and previous is None:
        errors["held_on"] = [
            _("Conversation %(missing)d must be held before conversation %(number)d.")
            % {"missing": conversation.number - 1, "number": conversation.number}
        ]
    elif held_on is None:
        errors["held_on"] = [_("Enter the date the conversation was held.")]
    elif held_on > _today():
        errors["held_on"] = [_("The held date cannot be in the future.")]
    elif previous is not None and held_on < previous.held_on:
        errors["held_on"] = [
            _("The held date cannot be before conversation %(missing)d's (%(date)s).")
            % {"missing": conversation.number - 1, "date": previous.held_on.isoformat()}
        ]
    try:
        _apply(conversation, data, require=True)
    except ValidationError as error:
        errors.update(
            error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        )
    if errors:
        raise ValidationError(errors)
    conversation.status = ConversationStatus.HELD
    conversation.held_on = held_on
    conversation.save()
    _sync_company(conversation.company)
    return conversation


@transaction.atomic
def conversation_cancel(*, actor, conversation: Conversation, reason: str) -> Conversation:
    """Cancel a planned conversation with a reason (coach, staff); a new one of the same
    number can then be planned."""
    _require(actor, C.CONVERSATIONS_RUN, conversation.company)
    if conversation.status != ConversationStatus.PLANNED:
        raise ValidationError(_("Only a planned conversation can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for cancelling.")})
    conversation.status = ConversationStatus.CANCELLED
    conversation.cancel_reason = reason.strip()
    conversation.save(update_fields=["status", "cancel_reason", "updated_at"])
    _sync_company(conversation.company)
    return conversation


def _sync_company(company: Company) -> None:
    held = Conversation.objects.filter(company=company, status=ConversationStatus.HELD).count()
    company_set_conversations_held(company=company, held=held)


# --- Agreed actions ------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    actor,
    conversation: Conversation,
    what: str,
    due_on: datetime.date,
    owner_contact_id: int | None = None,
    owner_is_coach: bool = False,
) -> Action:
    """Agree an action in a conversation (coach, staff); owned by one of the company's contact
    persons or by the coach; due no earlier than the conversation."""
    _require(actor, C.CONVERSATIONS_RUN, conversation.company)
    errors = {}
    if conversation.status == ConversationStatus.CANCELLED:
        errors["__all__"] = [_("A cancelled conversation takes no actions.")]
    if not what.strip():
        errors["what"] = [_("Say what is to be done.")]
    start = conversation.held_on or (
        timezone.localtime(conversation.planned_at).date() if conversation.planned_at else None
    )
    if due_on is None:
        errors["due_on"] = [_("Enter a due date.")]
    elif start and due_on < start:
        errors["due_on"] = [_("The due date cannot be before the conversation.")]
    if owner_is_coach == bool(owner_contact_id):
        errors["owner"] = [_("Choose one owner: a contact person or the coach.")]
    elif (
        owner_contact_id and not conversation.company.contacts.filter(pk=owner_contact_id).exists()
    ):
        errors["owner"] = [_("Choose among the company's contact persons.")]
    if errors:
        raise ValidationError(errors)
    return Action.objects.create(
        conversation=conversation,
        what=what.strip(),
        due_on=due_on,
        owner_contact_id=owner_contact_id or None,
        owner_is_coach=owner_is_coach,
    )


@transaction.atomic
def action_complete(*, actor, action: Action, done_on: datetime.date | None = None) -> Action:
    """Mark an agreed action done (coach, staff)."""
    _require(actor, C.CONVERSATIONS_RUN, action.conversation.company)
    if action.done_on:  # marked twice (two tabs): the first date stands
        return action
    done_on = done_on or _today()
    if done_on > _today():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    return action


# --- Templates -----------------------------------------------------------------------------


@dataclass
class QuestionData:
    kind: str
    text_sv: str
    text_en: str = ""
    help_sv: str = ""
    help_en: str = ""
    required: bool = False
    choices_sv: list[str] | None = None
    choices_en: list[str] | None = None


@transaction.atomic
def template_edit(
    *,
    actor,
    template: ConversationTemplate,
    title_sv: str,
    title_en: str,
    questions: list[QuestionData],
) -> ConversationTemplate:
    """Make a new current version of `template`'s number with these questions, in this order
    (staff). Earlier versions stay as they were: conversations planned or held with them keep
    them. Planned conversations that nobody has started answering move to the new version."""
    if not has_capability(actor, C.TEMPLATES_EDIT):
        raise PermissionDenied
    errors = {}
    if not title_sv.strip():
        errors["title_sv"] = [_("Give the template a Swedish title.")]
    if not questions:
        errors["__all__"] = [_("A template needs at least one question.")]
    for index, question in enumerate(questions, start=1):
        if not question.text_sv.strip():
            errors[f"question_{index}"] = [_("Question %(n)d has no Swedish text.") % {"n": index}]
        choices = question.choices_sv or []
        if question.kind in ("single", "multiple") and len(choices) < 2:
            errors[f"question_{index}"] = [
                _("Question %(n)d needs at least two alternatives.") % {"n": index}
            ]
        if question.choices_en and len(question.choices_en) != len(choices):
            errors[f"question_{index}"] = [
                _("Question %(n)d: give as many English alternatives as Swedish.") % {"n": index}
            ]
    if errors:
        raise ValidationError(errors)
    number = template.number
    # Lock the number's versions (PostgreSQL refuses FOR UPDATE with an aggregate, so the
    # highest version is taken in Python) so that two edits cannot make the same version.
    versions = ConversationTemplate.objects.select_for_update().filter(number=number)
    version = max(versions.values_list("version", flat=True), default=0) + 1
    versions.update(is_current=False)
    new = ConversationTemplate.objects.create(
        number=number,
        version=version,
        title_sv=title_sv.strip(),
        title_en=title_en.strip(),
        is_current=True,
        created_by=actor,
    )
    Question.objects.bulk_create(
        Question(
            template=new,
            position=position,
            kind=q.kind,
            text_sv=q.text_sv.strip(),
            text_en=q.text_en.strip(),
            help_sv=q.help_sv.strip(),
            help_en=q.help_en.strip(),
            required=q.required,
            choices_sv=[c.strip() for c in q.choices_sv or [] if c.strip()],
            choices_en=[c.strip() for c in q.choices_en or [] if c.strip()],
        )
        for position, q in enumerate(questions, start=1)
    )
    Conversation.objects.filter(
        template__number=number, status=ConversationStatus.PLANNED, answers={}
    ).update(template=new)
    return new


# --- The competence map --------------------------------------------------------------------


def _check_level(level, field: str) -> int:
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise ValidationError(
            {
                field: _("Choose a level from %(min)d to %(max)d.")
                % {"min": LEVEL_MIN, "max": LEVEL_MAX}
            }
        ) from None
    if not LEVEL_MIN <= level <= LEVEL_MAX:
        raise ValidationError(
            {
                field: _("Choose a level from %(min)d to %(max)d.")
                % {"min": LEVEL_MIN, "max": LEVEL_MAX}
            }
        )
    return level


def _replace(queryset, now) -> None:
    queryset.filter(replaced_at__isnull=True).update(replaced_at=now)


@transaction.atomic
def competence_need_set(
    *,
    actor,
    company: Company,
    level: int | None,
    area_id: int | None = None,
    name: str = "",
    at: datetime.datetime | None = None,
) -> Competence:
    """Put a competence on the company's map with the level it needs, or change that level;
    `level=None` takes it off the map (coach, staff). The earlier state is kept."""
    _require(actor, C.MAP_EDIT, company)
    name = name.strip()
    if bool(area_id) == bool(name):
        raise ValidationError({"area": _("Choose a competence area or name a competence.")})
    if level is not None:
        level = _check_level(level, "level")
    lookup = {"area_id": area_id} if area_id else {"name": name}
    competence, _created = Competence.objects.get_or_create(company=company, **lookup)
    now = at or timezone.now()
    _replace(NeedRecord.objects.filter(competence=competence), now)
    NeedRecord.objects.create(
        competence=competence, level=level, recorded_at=now, recorded_by=actor
    )
    return competence


@transaction.atomic
def participant_levels_record(
    *,
    actor,
    participant: Participant,
    levels: dict[int, int | None],
    at: datetime.datetime | None = None,
) -> None:
    """Record the coach's assessment of `participant` per competence ({competence id: level};
    None clears one). Earlier assessments are kept. The participant moves on to "mapped"
    (coach, staff)."""
    map_levels_record(actor=actor, company=participant.company, levels={participant: levels}, at=at)


@transaction.atomic
def map_levels_record(
    *,
    actor,
    company: Company,
    levels: dict[Participant, dict[int, int | None]],
    at: datetime.datetime | None = None,
) -> None:
    """Record the assessment of many of `company`'s participants at once ({participant:
    {competence id: level}}), as `participant_levels_record` does for one: the same checks, a
    fixed number of queries besides one step update per participant (coach, staff)."""
    _require(actor, C.MAP_EDIT, company)
    if any(p.company_id != company.pk for p in levels):
        raise PermissionDenied
    wanted = {cid for row in levels.values() for cid in row}
    competences = set(
        Competence.objects.filter(company=company, pk__in=wanted).values_list("pk", flat=True)
    )
    errors = {}
    cleaned: dict[int, dict[int, int | None]] = {}
    for participant, row in levels.items():
        mine = cleaned[participant.pk] = {}
        for competence_id, level in row.items():
            field = f"c_{competence_id}"
            if competence_id not in competences:
                errors[field] = [_("This competence is not on the company's map.")]
            elif level in (None, ""):
                mine[competence_id] = None
            else:
                try:
                    mine[competence_id] = _check_level(level, field)
                except ValidationError as error:
                    errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    now = at or timezone.now()
    current = {
        (r.participant_id, r.competence_id): r
        for r in LevelRecord.objects.filter(
            participant_id__in=cleaned, competence_id__in=wanted, replaced_at__isnull=True
        )
    }
    changed = [
        (pid, cid, level)
        for pid, row in cleaned.items()
        for cid, level in row.items()
        if getattr(current.get((pid, cid)), "level", None) != level
    ]
    replaced = [current[(pid, cid)].pk for pid, cid, _level in changed if (pid, cid) in current]
    LevelRecord.objects.filter(pk__in=replaced).update(replaced_at=now)
    LevelRecord.objects.bulk_create(
        LevelRecord(
            competence_id=cid,
            participant_id=pid,
            level=level,
            recorded_at=now,
            recorded_by=actor,
        )
        for pid, cid, level in changed
        if level is not None
    )
    for participant in levels:
        if any(level is not None for level in cleaned[participant.pk].values()):
            participant_advance(participant=participant, to=ParticipantStatus.MAPPED)


# --- Participants' sessions with the coach ------------------------------------------------

HOURS_IN_A_DAY = Decimal(24)


@dataclass
class SessionData:
    kind: str
    held_on: datetime.date
    hours: Decimal
    note: str = ""


def _check_session(participant: Participant, data: SessionData) -> dict:
    errors = {}
    if data.kind not in SessionKind.values:
        errors["kind"] = _("Choose the type of session.")
    if data.hours is None or data.hours <= 0:
        errors["hours"] = _("Enter more than 0 hours.")
    day = data.held_on
    if day is None:
        errors["held_on"] = _("Enter the day of the session.")
    elif day > _today():
        errors["held_on"] = _("The session cannot be in the future.")
    elif day < participant.start_date:
        errors["held_on"] = _(
            "The participant started on %(day)s: a session before that is not in the project."
        ) % {"day": participant.start_date.isoformat()}
    elif participant.end_date and day > participant.end_date:
        errors["held_on"] = _(
            "The participant ended on %(day)s: a session after that is not in the project."
        ) % {"day": participant.end_date.isoformat()}
    if "hours" not in errors and "held_on" not in errors:
        booked = ParticipantSession.objects.filter(participant=participant, held_on=day).aggregate(
            total=Sum("hours")
        )["total"] or Decimal(0)
        if booked + data.hours > HOURS_IN_A_DAY:
            errors["hours"] = _(
                "More hours than a day holds: %(booked)s hours are already recorded that day "
                "(at most %(most)s in all)."
            ) % {"booked": floatformat(booked, -1), "most": HOURS_IN_A_DAY}
    return errors


@transaction.atomic
def participant_session_record(
    *, actor, participant: Participant, data: SessionData
) -> ParticipantSession:
    """Record a session the coach held with `participant` (the company's coach, staff). Its
    hours count in the participant's monthly hours; a day outside the participant's start and
    end dates, in the future, or more than 24 hours in a day (with their other sessions that
    day) is refused."""
    _require(actor, C.CONVERSATIONS_RUN, participant.company)
    # One session at a time per participant, so two at once cannot pass the day's total.
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    errors = _check_session(participant, data)
    if errors:
        raise ValidationError(errors)
    return ParticipantSession.objects.create(
        participant=participant,
        kind=data.kind,
        held_on=data.held_on,
        hours=data.hours,
        note=(data.note or "").strip(),
        recorded_by=actor,
    )
