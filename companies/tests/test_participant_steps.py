"""A participant only moves forward through the project's steps, never back."""

import pytest

from companies.models import ParticipantStatus as S
from companies.services import participant_advance
from companies.tests.factories import ParticipantFactory


def test_the_steps_before_a_status_come_in_project_order():
    assert S.before(S.REGISTERED) == ()
    assert S.before(S.VALIDATED) == (S.REGISTERED, S.MAPPED, S.VALIDATION_BOOKED)
    assert S.ENDED not in S.before(S.CERTIFICATE_ISSUED)


@pytest.mark.parametrize(
    ("now", "to", "after"),
    [
        (S.MAPPED, S.VALIDATION_BOOKED, S.VALIDATION_BOOKED),
        (S.IN_DEVELOPMENT, S.VALIDATED, S.IN_DEVELOPMENT),  # further along: stays
        (S.ENDED, S.CERTIFICATE_ISSUED, S.ENDED),  # left the project: stays
        (S.DROPPED_OUT, S.VALIDATION_BOOKED, S.DROPPED_OUT),
    ],
)
def test_advance_moves_forward_only(db, now, to, after):
    participant = ParticipantFactory(status=now)
    participant_advance(participant=participant, to=to)
    participant.refresh_from_db()
    assert participant.status == after
