"""A validation keeps its participant's company as its scope key (Validation.company): set at
booking, and brought along when the participant changes company, by the register's edit and by
an import, so that the new company's coach and centre see it and the old ones no longer do."""

import dataclasses

from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies.models import Participant
from companies.services import ParticipantData, participant_save, participants_import
from validation.models import Validation
from validation.selectors import validations_for


def _visible(user, validation) -> bool:
    return validations_for(user).filter(pk=validation.pk).exists()


def _data(participant, **changes):
    fields = {
        "company": participant.company,
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "sex": participant.sex,
        "start_status": participant.start_status,
        "start_date": participant.start_date,
        "personnummer": participant.personnummer,
    }
    return dataclasses.replace(ParticipantData(**fields), **changes)


def test_a_booking_keeps_the_participants_company(cast, booked):
    assert booked["a"].company_id == cast.company_a.pk
    assert Validation.objects.get(pk=booked["b"].pk).company_id == cast.company_b.pk


def test_a_participant_moved_in_the_register_takes_their_validations_along(cast, booked):
    validation = booked["a"]
    assert _visible(cast.coach_a, validation) and not _visible(cast.coach_b, validation)
    participant = Participant.objects.get(pk=cast.participant_a.pk)  # as the edit view loads it

    participant_save(
        actor=cast.staff, participant=participant, data=_data(participant, company=cast.company_b)
    )

    assert Validation.objects.get(pk=validation.pk).company_id == cast.company_b.pk
    assert _visible(cast.coach_b, validation) and not _visible(cast.coach_a, validation)
    # An assessor sees what was booked at their centre for their centre's companies: the old
    # centre's assessor loses it with the company, and it was booked at centre A, not B.
    assert not _visible(cast.assessor_a, validation)
    assert not _visible(cast.assessor_b, validation)


def test_an_edit_that_keeps_the_company_leaves_the_validations_alone(cast, booked):
    participant = Participant.objects.get(pk=cast.participant_a.pk)
    participant.first_name = "Annika"
    with CaptureQueriesContext(connection) as queries:
        participant.save()
    assert queries and not [q for q in queries if "validation_validation" in q["sql"]]
    assert Validation.objects.get(pk=booked["a"].pk).company_id == cast.company_a.pk


def test_a_participant_moved_by_an_import_takes_their_validations_along(cast, booked):
    participants_import(
        actor=None, new=[], changed=[(cast.participant_a.pk, {"company_id": cast.company_b.pk})]
    )
    assert Validation.objects.get(pk=booked["a"].pk).company_id == cast.company_b.pk
    assert Validation.objects.get(pk=booked["b"].pk).company_id == cast.company_b.pk
    assert _visible(cast.coach_b, booked["a"]) and not _visible(cast.coach_a, booked["a"])
