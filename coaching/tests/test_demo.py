"""The demo's coaching: conversations in every state, actions open and done, maps with
history; idempotent."""

import pytest
from django.core.management import call_command

from coaching.demo import seed_coaching
from coaching.models import (
    Action,
    Conversation,
    ConversationStatus,
    LevelRecord,
    NeedRecord,
    ParticipantSession,
    SessionKind,
)
from companies.models import Company


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", companies=12, participants=80, certificates=False)


def test_demo_has_conversations_in_every_state_and_maps_with_history(seeded):
    statuses = set(Conversation.objects.values_list("status", flat=True))
    assert statuses == set(ConversationStatus.values)
    held = set(Company.objects.values_list("conversations_held", flat=True))
    assert {4, 2, 1} <= held
    assert Action.objects.filter(done_on__isnull=True).exists()
    assert Action.objects.filter(done_on__isnull=False).exists()
    assert NeedRecord.objects.filter(replaced_at__isnull=False).exists()
    assert LevelRecord.objects.filter(replaced_at__isnull=False).exists()
    kinds = set(ParticipantSession.objects.values_list("kind", flat=True))
    assert kinds == set(SessionKind.values)


def test_running_it_again_adds_nothing(seeded):
    counts = (
        Conversation.objects.count,
        LevelRecord.objects.count,
        ParticipantSession.objects.count,
    )
    before = [count() for count in counts]
    assert seed_coaching() == 0
    assert [count() for count in counts] == before
