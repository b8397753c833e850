"""Helpers for the coaching tests: conversations held in order, answers that satisfy a
template's required questions."""

import datetime

import pytest
from django.utils import timezone

from coaching import services
from coaching.models import Conversation, ConversationTemplate, Mode, QuestionKind
from companies.tests.factories import ContactPersonFactory


def full_answers(template: ConversationTemplate) -> dict:
    """An answer to every question of `template`, of the right type."""
    answers = {}
    for q in template.questions.all():
        answers[f"q_{q.pk}"] = {
            QuestionKind.TEXT: "Svar",
            QuestionKind.SCALE: "3",
            QuestionKind.YES_NO: "yes",
            QuestionKind.DATE: "2026-01-15",
            QuestionKind.SINGLE: (q.choices_sv or [""])[0],
            QuestionKind.MULTIPLE: q.choices_sv[:1],
        }[q.kind]
    return answers


def data(conversation: Conversation, answers: dict | None = None, **changes):
    values = {
        "planned_at": conversation.planned_at,
        "mode": Mode.ON_SITE,
        "contact_ids": [],
        "coach_present": True,
        "other_attendees": "",
        "answers": full_answers(conversation.template) if answers is None else answers,
        "notes": "",
    }
    values.update(changes)
    return services.ConversationData(**values)


def plan(actor, company, number, *, days_ago=30):
    return services.conversation_plan(
        actor=actor,
        company=company,
        number=number,
        planned_at=timezone.now() - datetime.timedelta(days=days_ago),
        mode=Mode.ON_SITE,
    )


def hold(actor, company, number, *, held_on=None):
    conversation = plan(actor, company, number, days_ago=40 - number * 5)
    return services.conversation_mark_held(
        actor=actor,
        conversation=conversation,
        data=data(conversation),
        held_on=held_on or timezone.localdate() - datetime.timedelta(days=40 - number * 5),
    )


@pytest.fixture
def contact(cast):
    return ContactPersonFactory(company=cast.company_a, name="Carl Kontakt")
