"""Sessions the coach holds with a participant: recorded by the company's coach or staff from
the participant page, listed there; bad input refused next to the field with nothing saved;
in the audit trail with the note masked, in the register extract, and anonymised without
losing the hours."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from coaching import services
from coaching.models import ParticipantSession, SessionKind
from companies.models import EndReason

from .test_views import by_role, status

DAY = datetime.date(2021, 3, 10)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in the English source text."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def data(**changes) -> services.SessionData:
    values = {"kind": SessionKind.GUIDANCE, "held_on": DAY, "hours": Decimal("1.5"), "note": ""}
    values.update(changes)
    return services.SessionData(**values)


def record(cast, actor=None, participant=None, **changes):
    return services.participant_session_record(
        actor=actor or cast.coach_a,
        participant=participant or cast.participant_a,
        data=data(**changes),
    )


def refused(cast, field, **changes) -> str:
    with pytest.raises(ValidationError) as error:
        record(cast, **changes)
    return " ".join(error.value.message_dict[field])


def test_the_coach_and_staff_record_sessions(cast):
    first = record(cast, note="  Vill gå svetskurs. ")
    record(cast, actor=cast.staff, kind=SessionKind.MAPPING_INTERVIEW, hours=Decimal("2"))
    assert first.note == "Vill gå svetskurs." and first.recorded_by == cast.coach_a
    assert ParticipantSession.objects.filter(participant=cast.participant_a).count() == 2


@pytest.mark.parametrize("name", ["manager", "assessor_a", "coach_b"])
def test_others_may_not_record(cast, name):
    with pytest.raises(PermissionDenied):
        record(cast, actor=getattr(cast, name))
    assert not ParticipantSession.objects.exists()


def test_bad_input_is_refused_with_a_message_and_nothing_saved(cast):
    participant = cast.participant_a
    participant.end_date, participant.end_reason = datetime.date(2021, 6, 30), EndReason.OTHER
    participant.save()
    assert "more than 0" in refused(cast, "hours", hours=Decimal("0"))
    assert "more than 0" in refused(cast, "hours", hours=Decimal("-1"))
    assert "future" in refused(
        cast, "held_on", held_on=timezone.localdate() + datetime.timedelta(1)
    )
    assert "started on 2021-02-01" in refused(cast, "held_on", held_on=datetime.date(2021, 1, 31))
    assert "ended on 2021-06-30" in refused(cast, "held_on", held_on=datetime.date(2021, 7, 1))
    assert refused(cast, "kind", kind="party")
    assert not ParticipantSession.objects.exists()
    # The day's total counts the participant's other sessions that day (and only theirs).
    record(cast, hours=Decimal("20"))
    record(cast, actor=cast.coach_b, participant=cast.participant_b, hours=Decimal("20"))
    assert "20 hours are already recorded" in refused(cast, "hours", hours=Decimal("4.5"))
    record(cast, hours=Decimal("4"))  # exactly 24
    record(cast, hours=Decimal("3"), held_on=DAY + datetime.timedelta(days=1))
    assert ParticipantSession.objects.filter(participant=cast.participant_a).count() == 3


def test_the_first_and_last_day_of_the_participation_are_allowed(cast):
    participant = cast.participant_a
    participant.end_date, participant.end_reason = datetime.date(2021, 6, 30), EndReason.OTHER
    participant.save()
    record(cast, held_on=participant.start_date)
    record(cast, held_on=participant.end_date)
    assert ParticipantSession.objects.count() == 2


def url(cast):
    return reverse("coaching:session_add", args=[cast.participant_a.pk])


@pytest.mark.parametrize("user,expected", by_role(200, 403, 200, 404, 403, 404))
def test_the_form_page_by_role(cast, user, expected):
    assert status(cast, user, url(cast)) == expected


@pytest.mark.parametrize("user,expected", by_role(302, 403, 302, 404, 403, 404))
def test_recording_by_role(cast, user, expected):
    form = {"kind": "guidance", "held_on": "2021-03-10", "hours": "1.5", "note": ""}
    assert status(cast, user, url(cast), "post", form) == expected
    assert ParticipantSession.objects.count() == (1 if expected == 302 else 0)


def test_the_form_shows_the_message_next_to_the_field(cast):
    client = cast.client(cast.coach_a)
    response = client.post(
        url(cast), {"kind": "guidance", "held_on": "2021-01-02", "hours": "-2", "note": "x"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "before that" in " ".join(form.errors["held_on"])
    assert "more than 0" in " ".join(form.errors["hours"])
    assert not ParticipantSession.objects.exists()


def test_the_participant_page_lists_the_sessions(cast):
    record(cast, note="Följa upp i april.")
    record(
        cast,
        kind=SessionKind.MAPPING_INTERVIEW,
        hours=Decimal("2"),
        held_on=DAY - datetime.timedelta(1),
    )
    page = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    html = cast.client(cast.coach_a).get(page).content.decode()
    assert "Sessions with the coach" in html and "Följa upp i april." in html
    assert html.index("2021-03-10") < html.index("2021-03-09")  # newest first
    assert ">3.5<" in html  # the total
    assert url(cast) in html
    manager = cast.client(cast.manager).get(page).content.decode()
    assert "Följa upp i april." in manager and url(cast) not in manager
    assessor = cast.client(cast.assessor_a).get(page)
    assert assessor.status_code == 200
    assert "Sessions with the coach" not in assessor.content.decode()


def test_the_audit_trail_records_sessions_with_the_note_masked(cast):
    session = record(cast, note="Har ryggbesvär.")
    entry = LogEntry.objects.get_for_object(session).get()
    assert "Har ryggbesvär." not in str(entry.changes) and "hours" in entry.changes_dict
    assert "Anna" not in entry.object_repr


def test_the_register_extract_and_anonymisation(cast):
    from privacy.extract import participant_extract
    from privacy.services import participants_anonymise

    record(cast, note="Har ryggbesvär.")
    extract = participant_extract(cast.participant_a)
    [section] = [s for s in extract["sections"] if s["title"] == "Sessions with the coach"]
    assert section["rows"][0]["note"] == "Har ryggbesvär."
    assert section["rows"][0]["hours"] == "1.5"
    participants_anonymise(participants=[cast.participant_a])
    session = ParticipantSession.objects.get()
    assert (session.note, session.hours, session.held_on) == ("", Decimal("1.5"), DAY)
