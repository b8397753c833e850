"""Every coaching page for every role: allowed, 404 outside scope, 403 without capability;
the forms' bad input shown next to the field with nothing saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.models import (
    Action,
    Competence,
    Conversation,
    ConversationStatus,
    ConversationTemplate,
)
from companies.models import ParticipantStatus

from .conftest import hold, plan


@pytest.fixture
def conversation(cast):
    return plan(cast.coach_a, cast.company_a, 1)


def status(cast, user_name, url, method="get", data=None):
    client = cast.client(getattr(cast, user_name))
    response = getattr(client, method)(url, data or {})
    return response.status_code


USERS = ["staff", "manager", "coach_a", "coach_b", "assessor_a", "assessor_b"]


def by_role(*codes) -> list[tuple[str, int]]:
    return list(zip(USERS, codes, strict=True))


@pytest.mark.parametrize(
    "user,expected",
    by_role(200, 200, 200, 200, 403, 403),
)
def test_coach_day(cast, user, expected):
    assert status(cast, user, reverse("coaching:coach_day")) == expected


@pytest.mark.parametrize("user,expected", by_role(200, 200, 200, 404, 404, 404))
def test_conversation_detail(cast, conversation, user, expected):
    assert status(cast, user, conversation.get_absolute_url()) == expected


@pytest.mark.parametrize("user,expected", by_role(200, 403, 200, 404, 403, 404))
def test_conversation_plan(cast, user, expected):
    assert status(cast, user, reverse("coaching:plan", args=[cast.company_a.pk])) == expected


@pytest.mark.parametrize("user,expected", by_role(302, 403, 302, 404, 404, 404))
def test_conversation_cancel(cast, conversation, user, expected):
    url = reverse("coaching:conversation_cancel", args=[conversation.pk])
    assert status(cast, user, url, "post", {"reason": "Sjuk"}) == expected


@pytest.mark.parametrize("user,expected", by_role(200, 200, 200, 404, 200, 404))
def test_competence_map(cast, user, expected):
    assert status(cast, user, reverse("coaching:map", args=[cast.company_a.pk])) == expected


@pytest.mark.parametrize("user,expected", by_role(200, 200, 200, 404, 200, 404))
def test_competence_map_compare(cast, user, expected):
    url = reverse("coaching:map_compare", args=[cast.company_a.pk])
    assert status(cast, user, url) == expected


@pytest.mark.parametrize("user,expected", by_role(200, 403, 200, 404, 403, 404))
def test_participant_levels(cast, user, expected):
    url = reverse("coaching:levels", args=[cast.participant_a.pk])
    assert status(cast, user, url) == expected


@pytest.mark.parametrize("user,expected", by_role(200, 200, 200, 200, 403, 403))
def test_template_pages(cast, user, expected):
    template = ConversationTemplate.objects.get(number=1, is_current=True)
    assert status(cast, user, reverse("coaching:template_list")) == expected
    assert status(cast, user, template.get_absolute_url()) == expected


@pytest.mark.parametrize("user,expected", by_role(200, 403, 403, 403, 403, 403))
def test_template_edit(cast, user, expected):
    template = ConversationTemplate.objects.get(number=1, is_current=True)
    assert status(cast, user, reverse("coaching:template_edit", args=[template.pk])) == expected


@pytest.mark.parametrize("user", ["assessor_a", "manager"])
def test_readers_may_not_change_the_map(cast, user):
    url = reverse("coaching:map", args=[cast.company_a.pk])
    assert status(cast, user, url, "post", {"name": "Svetsning", "level": 3}) == 403
    assert not Competence.objects.exists()


def test_manager_may_not_change_a_conversation(cast, conversation):
    response = cast.client(cast.manager).post(conversation.get_absolute_url(), {"notes": "x"})
    assert response.status_code == 403


def test_company_page_shows_the_timeline_to_coaches_not_to_assessors(cast, conversation):
    url = reverse("companies:company_detail", args=[cast.company_a.pk])
    coach_page = cast.client(cast.coach_a).get(url).content.decode()
    assert "De fyra samtalen" in coach_page and conversation.get_absolute_url() in coach_page
    assessor_page = cast.client(cast.assessor_a).get(url).content.decode()
    assert "De fyra samtalen" not in assessor_page
    assert "Kompetenskarta" in assessor_page


def _post_form(conversation, **extra):
    values = {"mode": "on_site", "coach_present": "on", "notes": "Bra samtal"}
    for question in conversation.template.questions.all():
        values[f"q_{question.pk}"] = {
            "text": "Svar",
            "scale": "4",
            "yes_no": "no",
            "date": "2026-01-01",
            "single": (question.choices_sv or [""])[0],
            "multiple": question.choices_sv[:2],
        }[question.kind]
    values.update(extra)
    return values


def test_save_draft_then_mark_held_through_the_form(cast, conversation):
    client = cast.client(cast.coach_a)
    url = conversation.get_absolute_url()
    response = client.post(url, {"mode": "online", "notes": "Halvvägs", "save_draft": "1"})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.notes == "Halvvägs" and conversation.status == ConversationStatus.PLANNED
    today = timezone.localdate().isoformat()
    response = client.post(url, _post_form(conversation, held_on=today, mark_held="1"))
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.HELD


def test_marking_held_in_the_future_shows_the_message_by_the_field(cast, conversation):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = cast.client(cast.coach_a).post(
        conversation.get_absolute_url(),
        _post_form(conversation, held_on=tomorrow, mark_held="1", notes="Ändrat"),
    )
    assert response.status_code == 200
    assert "Datumet för samtalet kan inte ligga i framtiden." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.PLANNED and conversation.notes == ""


def test_marking_3_held_before_2_names_2(cast):
    hold(cast.coach_a, cast.company_a, 1)
    third = plan(cast.coach_a, cast.company_a, 3)
    response = cast.client(cast.coach_a).post(
        third.get_absolute_url(),
        _post_form(third, held_on=timezone.localdate().isoformat(), mark_held="1"),
    )
    assert "Samtal 2 måste hållas före samtal 3." in response.content.decode()
    assert Conversation.objects.get(pk=third.pk).status == ConversationStatus.PLANNED


def test_action_with_due_date_before_the_conversation_is_refused_in_the_form(cast):
    held = hold(cast.coach_a, cast.company_a, 1)
    response = cast.client(cast.coach_a).post(
        reverse("coaching:action_add", args=[held.pk]),
        {"what": "Plan", "owner": "coach", "due_on": "2000-01-01"},
    )
    assert response.status_code == 200
    assert "Förfallodagen kan inte ligga före samtalet." in response.content.decode()
    assert not Action.objects.exists()


def test_action_added_and_done_through_the_pages(cast):
    held = hold(cast.coach_a, cast.company_a, 1)
    client = cast.client(cast.coach_a)
    due = timezone.localdate().isoformat()
    client.post(
        reverse("coaching:action_add", args=[held.pk]),
        {"what": "Boka validering", "owner": "coach", "due_on": due},
    )
    action = Action.objects.get()
    assert (
        status(cast, "coach_b", reverse("coaching:action_complete", args=[action.pk]), "post")
        == 404
    )
    client.post(reverse("coaching:action_complete", args=[action.pk]))
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_template_editor_makes_a_new_version_with_reordered_questions(cast):
    template = ConversationTemplate.objects.get(number=2, is_current=True)
    questions = list(template.questions.all())
    form = {
        "title_sv": "Behov",
        "title_en": "Needs",
        "questions-TOTAL_FORMS": str(len(questions) + 1),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, q in enumerate(questions):
        form |= {
            f"questions-{i}-position": str(len(questions) - i),  # reversed
            f"questions-{i}-kind": q.kind,
            f"questions-{i}-text_sv": q.text_sv,
            f"questions-{i}-choices_sv": "\n".join(q.choices_sv),
            f"questions-{i}-choices_en": "\n".join(q.choices_en),
        }
    new_index = len(questions)
    form |= {f"questions-{new_index}-kind": "yes_no", f"questions-{new_index}-text_sv": "Ny?"}
    response = cast.client(cast.staff).post(
        reverse("coaching:template_edit", args=[template.pk]), form
    )
    assert response.status_code == 302
    new = ConversationTemplate.objects.get(number=2, is_current=True)
    assert new.version == 2
    texts = list(new.questions.values_list("text_sv", flat=True))
    assert texts == [q.text_sv for q in reversed(questions)] + ["Ny?"]


def test_recording_levels_maps_the_participant_and_refuses_a_level_outside_the_scale(cast):
    competence = services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=3, name="Svetsning"
    )
    url = reverse("coaching:levels", args=[cast.participant_a.pk])
    client = cast.client(cast.coach_a)
    response = client.post(url, {f"c_{competence.pk}": "9"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.REGISTERED
    assert client.post(url, {f"c_{competence.pk}": "2"}).status_code == 302
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.MAPPED


def test_company_list_filters_by_next_conversation(cast):
    hold(cast.coach_a, cast.company_a, 1)
    client = cast.client(cast.staff)
    url = reverse("companies:company_list")
    page = client.get(url, {"next_conversation": "2"}).content.decode()
    assert "Alfa AB" in page and "Beta AB" not in page
    page = client.get(url, {"next_conversation": "1"}).content.decode()
    assert "Beta AB" in page and "Alfa AB" not in page


def test_participant_page_shows_their_levels_to_readers_and_the_edit_link_to_coaches(cast):
    weld = services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=4, name="Svetsning"
    )
    services.participant_levels_record(
        actor=cast.coach_a, participant=cast.participant_a, levels={weld.pk: 2}
    )
    url = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    coach_page = cast.client(cast.coach_a).get(url).content.decode()
    assert "Svetsning" in coach_page and "▼▼ 2" in coach_page
    assert reverse("coaching:levels", args=[cast.participant_a.pk]) in coach_page
    assessor_page = cast.client(cast.assessor_a).get(url).content.decode()
    assert "Svetsning" in assessor_page
    assert reverse("coaching:levels", args=[cast.participant_a.pk]) not in assessor_page


def test_a_competence_is_added_changed_and_taken_off_the_map_keeping_its_history(cast):
    client = cast.client(cast.coach_a)
    url = reverse("coaching:map", args=[cast.company_a.pk])
    assert client.post(url, {"name": "Svetsning", "level": "3"}).status_code == 302
    assert "Svetsning" in client.get(url).content.decode()
    assert client.post(url, {"name": "Svetsning", "level": "remove"}).status_code == 302
    assert "Svetsning" not in client.get(url).content.decode().split("Historik")[0]
    assert Competence.objects.get().needs.count() == 2
    response = client.post(url, {"name": "", "level": "3"})
    assert "Välj ett kompetensområde eller namnge en kompetens." in response.content.decode()
