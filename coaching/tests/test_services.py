"""The conversation services: order rule, dates, drafts, answers, actions, templates, scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coaching import services
from coaching.models import (
    Action,
    Conversation,
    ConversationStatus,
    ConversationTemplate,
    QuestionKind,
)

from .conftest import data, full_answers, hold, plan

TODAY = timezone.localdate


def test_four_default_templates_are_seeded_in_swedish_and_english(db):
    templates = ConversationTemplate.objects.filter(is_current=True).order_by("number")
    assert [t.number for t in templates] == [1, 2, 3, 4]
    assert templates[0].title_sv == "Nuläge och mål"
    assert templates[3].title_en == "Follow-up and handover"
    assert all(q.text_en for t in templates for q in t.questions.all())


def test_conversation_3_cannot_be_held_before_2_and_the_message_names_2(cast):
    hold(cast.coach_a, cast.company_a, 1)
    third = plan(cast.coach_a, cast.company_a, 3)
    with pytest.raises(ValidationError) as error:
        services.conversation_mark_held(
            actor=cast.coach_a, conversation=third, data=data(third), held_on=TODAY()
        )
    assert "Samtal 2 måste hållas före samtal 3." in error.value.message_dict["held_on"]
    third.refresh_from_db()
    assert third.status == ConversationStatus.PLANNED
    assert third.answers == {}  # nothing saved


def test_held_date_cannot_be_in_the_future(cast):
    first = plan(cast.coach_a, cast.company_a, 1)
    with pytest.raises(ValidationError) as error:
        services.conversation_mark_held(
            actor=cast.coach_a,
            conversation=first,
            data=data(first),
            held_on=TODAY() + datetime.timedelta(days=1),
        )
    assert error.value.message_dict["held_on"] == [
        "Datumet för samtalet kan inte ligga i framtiden."
    ]


def test_held_date_cannot_be_before_the_previous_conversations(cast):
    hold(cast.coach_a, cast.company_a, 1, held_on=TODAY() - datetime.timedelta(days=5))
    second = plan(cast.coach_a, cast.company_a, 2)
    with pytest.raises(ValidationError) as error:
        services.conversation_mark_held(
            actor=cast.coach_a,
            conversation=second,
            data=data(second),
            held_on=TODAY() - datetime.timedelta(days=6),
        )
    assert "samtal 1" in error.value.message_dict["held_on"][0]


def test_a_draft_may_lack_required_answers_but_marking_held_needs_them(cast):
    first = plan(cast.coach_a, cast.company_a, 1)
    required = first.template.questions.filter(required=True).first()
    services.conversation_save_draft(
        actor=cast.coach_a, conversation=first, data=data(first, answers={}, notes="Utkast")
    )
    first.refresh_from_db()
    assert first.notes == "Utkast" and first.status == ConversationStatus.PLANNED
    with pytest.raises(ValidationError) as error:
        services.conversation_mark_held(
            actor=cast.coach_a, conversation=first, data=data(first, answers={}), held_on=TODAY()
        )
    assert f"q_{required.pk}" in error.value.message_dict


def test_an_answer_of_the_wrong_type_is_refused_even_in_a_draft(cast):
    first = plan(cast.coach_a, cast.company_a, 1)
    scale = first.template.questions.get(kind=QuestionKind.SCALE)
    answers = full_answers(first.template) | {f"q_{scale.pk}": "7"}
    with pytest.raises(ValidationError) as error:
        services.conversation_save_draft(
            actor=cast.coach_a, conversation=first, data=data(first, answers=answers)
        )
    assert error.value.message_dict[f"q_{scale.pk}"] == ["Välj ett värde från 1 till 5."]
    first.refresh_from_db()
    assert first.answers == {}


def test_holding_stores_typed_answers_and_counts_on_the_company(cast):
    first = hold(cast.coach_a, cast.company_a, 1)
    scale = first.template.questions.get(kind=QuestionKind.SCALE)
    yes_no = first.template.questions.get(kind=QuestionKind.YES_NO)
    assert first.answers[str(scale.pk)] == 3
    assert first.answers[str(yes_no.pk)] is True
    cast.company_a.refresh_from_db()
    assert cast.company_a.conversations_held == 1


def test_cancelled_conversation_needs_a_reason_and_can_be_planned_again(cast):
    first = plan(cast.coach_a, cast.company_a, 1)
    with pytest.raises(ValidationError):
        services.conversation_cancel(actor=cast.coach_a, conversation=first, reason=" ")
    services.conversation_cancel(actor=cast.coach_a, conversation=first, reason="Sjukdom")
    again = plan(cast.coach_a, cast.company_a, 1)
    assert again.pk != first.pk
    assert Conversation.objects.filter(company=cast.company_a, number=1).count() == 2


def test_the_same_number_cannot_be_planned_twice(cast):
    plan(cast.coach_a, cast.company_a, 1)
    with pytest.raises(ValidationError):
        plan(cast.coach_a, cast.company_a, 1)


def test_an_edited_template_leaves_held_conversations_unchanged(cast):
    held = hold(cast.coach_a, cast.company_a, 1)
    old = held.template
    old_questions = list(old.questions.values_list("text_sv", flat=True))
    new = services.template_edit(
        actor=cast.staff,
        template=old,
        title_sv="Nytt nuläge",
        title_en="New state",
        questions=[services.QuestionData(kind="text", text_sv="Helt ny fråga?", required=True)],
    )
    assert new.version == 2 and new.is_current
    old.refresh_from_db()
    assert not old.is_current
    held.refresh_from_db()
    assert held.template_id == old.pk
    assert list(held.template.questions.values_list("text_sv", flat=True)) == old_questions
    # A new conversation of number 1 (company B's) gets the new version.
    fresh = plan(cast.coach_b, cast.company_b, 1)
    assert fresh.template_id == new.pk


def test_only_staff_edit_templates(cast):
    template = ConversationTemplate.objects.get(number=1, is_current=True)
    with pytest.raises(PermissionDenied):
        services.template_edit(
            actor=cast.coach_a,
            template=template,
            title_sv="x",
            title_en="",
            questions=[services.QuestionData(kind="text", text_sv="Fråga")],
        )


def test_a_choice_question_needs_two_alternatives(cast):
    template = ConversationTemplate.objects.get(number=1, is_current=True)
    with pytest.raises(ValidationError):
        services.template_edit(
            actor=cast.staff,
            template=template,
            title_sv="x",
            title_en="",
            questions=[services.QuestionData(kind="single", text_sv="Vilken?", choices_sv=["A"])],
        )
    assert ConversationTemplate.objects.filter(number=1).count() == 1


def test_a_coach_cannot_plan_for_another_coachs_company(cast):
    with pytest.raises(PermissionDenied):
        plan(cast.coach_a, cast.company_b, 1)


@pytest.mark.parametrize("role", ["manager", "assessor_a"])
def test_managers_and_assessors_cannot_plan(cast, role):
    with pytest.raises(PermissionDenied):
        plan(getattr(cast, role), cast.company_a, 1)


def test_action_due_before_the_conversation_is_refused(cast, contact):
    first = hold(cast.coach_a, cast.company_a, 1)
    with pytest.raises(ValidationError) as error:
        services.action_add(
            actor=cast.coach_a,
            conversation=first,
            what="Ta fram plan",
            due_on=first.held_on - datetime.timedelta(days=1),
            owner_contact_id=contact.pk,
        )
    assert error.value.message_dict["due_on"] == ["Förfallodagen kan inte ligga före samtalet."]
    assert not Action.objects.exists()


def test_action_has_one_owner_from_the_company(cast, contact):
    first = hold(cast.coach_a, cast.company_a, 1)
    with pytest.raises(ValidationError):
        services.action_add(
            actor=cast.coach_a, conversation=first, what="x", due_on=TODAY(), owner_is_coach=False
        )
    action = services.action_add(
        actor=cast.coach_a,
        conversation=first,
        what="Boka validering",
        due_on=TODAY(),
        owner_contact_id=contact.pk,
    )
    services.action_complete(actor=cast.coach_a, action=action)
    action.refresh_from_db()
    assert action.done_on == TODAY()


def test_an_action_marked_done_twice_keeps_its_first_date(cast):
    first = hold(cast.coach_a, cast.company_a, 1)
    action = services.action_add(
        actor=cast.coach_a, conversation=first, what="x", due_on=TODAY(), owner_is_coach=True
    )
    earlier = TODAY() - datetime.timedelta(days=1)
    services.action_complete(actor=cast.coach_a, action=action, done_on=earlier)
    services.action_complete(actor=cast.coach_a, action=action)
    action.refresh_from_db()
    assert action.done_on == earlier
