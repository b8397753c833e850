"""The competence map: dated history, levels from validations, gaps, the matrix's queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coaching import selectors, services
from coaching.models import LevelRecord, NeedRecord
from companies.tests.factories import ParticipantFactory
from validation.tests.conftest import book, catalogue, record  # noqa: F401 - fixture

NOW = timezone.now


def test_every_change_keeps_the_earlier_state_and_the_map_reads_back_at_a_date(cast):
    early = NOW() - datetime.timedelta(days=60)
    later = NOW() - datetime.timedelta(days=10)
    weld = services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=3, name="Svetsning", at=early
    )
    services.participant_levels_record(
        actor=cast.coach_a, participant=cast.participant_a, levels={weld.pk: 1}, at=early
    )
    services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=4, name="Svetsning", at=later
    )
    services.participant_levels_record(
        actor=cast.coach_a, participant=cast.participant_a, levels={weld.pk: 3}, at=later
    )
    assert NeedRecord.objects.count() == 2 and LevelRecord.objects.count() == 2
    then = selectors.competence_map(
        cast.staff, cast.company_a, at=early + datetime.timedelta(days=1)
    )
    now = selectors.competence_map(cast.staff, cast.company_a)
    assert [c["needed"] for c in then["columns"]] == [3]
    assert [c["needed"] for c in now["columns"]] == [4]
    assert then["rows"][0]["cells"][0].level == 1 and then["rows"][0]["cells"][0].gap == 2
    assert now["rows"][0]["cells"][0].level == 3 and now["rows"][0]["cells"][0].gap == 1
    before_any = selectors.competence_map(
        cast.staff, cast.company_a, at=early - datetime.timedelta(days=1)
    )
    assert before_any["columns"] == []


def test_compare_page_shows_both_dates_side_by_side(cast):
    early = NOW() - datetime.timedelta(days=60)
    services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=2, name="Ritningsläsning", at=early
    )
    services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=5, name="CNC-programmering"
    )
    url = reverse("coaching:map_compare", args=[cast.company_a.pk])
    a = (early + datetime.timedelta(days=1)).date().isoformat()
    page = cast.client(cast.coach_a).get(url, {"a": a}).content.decode()
    assert page.count("Ritningsläsning") == 2  # in both maps
    assert page.count("CNC-programmering") == 1  # only in today's


def test_a_level_outside_the_scale_is_refused_and_nothing_saved(cast):
    with pytest.raises(ValidationError) as error:
        services.competence_need_set(
            actor=cast.coach_a, company=cast.company_a, level=6, name="Svetsning"
        )
    assert error.value.message_dict["level"] == ["Välj en nivå från 1 till 5."]
    weld = services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=3, name="Svetsning"
    )
    with pytest.raises(ValidationError):
        services.participant_levels_record(
            actor=cast.coach_a, participant=cast.participant_a, levels={weld.pk: 0}
        )
    assert not LevelRecord.objects.exists()


def test_a_coach_cannot_map_another_coachs_participant(cast):
    weld = services.competence_need_set(
        actor=cast.coach_b, company=cast.company_b, level=3, name="Svetsning"
    )
    with pytest.raises(PermissionDenied):
        services.participant_levels_record(
            actor=cast.coach_a, participant=cast.participant_b, levels={weld.pk: 2}
        )


def test_a_recorded_validation_gives_the_level_and_says_so(cast, catalogue):  # noqa: F811
    area = catalogue.areas[0]
    competence = services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=5, area_id=area.pk
    )
    services.participant_levels_record(
        actor=cast.coach_a, participant=cast.participant_a, levels={competence.pk: 1}
    )
    record(book(cast, catalogue), actor=cast.assessor_a, value=70)
    cell = selectors.competence_map(cast.coach_a, cast.company_a)["rows"][0]["cells"][0]
    assert (cell.level, cell.source, cell.gap) == (4, "validation", 1)
    page = cast.client(cast.coach_a).get(reverse("coaching:map", args=[cast.company_a.pk]))
    assert "Från en registrerad validering" in page.content.decode()


def test_matrix_sorts_by_largest_gap_and_summarises_the_largest_gaps(cast):
    other = ParticipantFactory(company=cast.company_a, first_name="Örjan", last_name="Öst")
    weld = services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=5, name="Svetsning"
    )
    services.participant_levels_record(
        actor=cast.coach_a, participant=cast.participant_a, levels={weld.pk: 4}
    )
    services.participant_levels_record(actor=cast.coach_a, participant=other, levels={weld.pk: 1})
    url = reverse("coaching:map", args=[cast.company_a.pk])
    page = cast.client(cast.coach_a).get(url, {"sort": "gap"}).content.decode()
    assert page.index("Örjan Öst") < page.index("Anna Alfa")
    assert "▼▼ 1" in page and "▼ 4" in page
    summary = selectors.map_summary(cast.coach_a, cast.company_a)
    assert summary["largest_gaps"][0]["people"] == 2 and summary["largest_gaps"][0]["total"] == 5


def _company_map(cast, participants: int, competences: int):
    people = [cast.participant_a] + [
        ParticipantFactory(company=cast.company_a) for _ in range(participants - 1)
    ]
    for n in range(competences):
        competence = services.competence_need_set(
            actor=cast.coach_a, company=cast.company_a, level=3, name=f"Kompetens {n}"
        )
        for person in people:
            services.participant_levels_record(
                actor=cast.coach_a, participant=person, levels={competence.pk: 1 + n % 5}
            )


@pytest.mark.parametrize("participants,competences", [(2, 2), (20, 6)])
def test_map_page_queries_do_not_grow_with_the_map(
    cast, django_assert_num_queries, participants, competences
):
    _company_map(cast, participants, competences)
    client = cast.client(cast.coach_a)
    url = reverse("coaching:map", args=[cast.company_a.pk])
    # 10: the user comes with their profile in one query (accounts.backends).
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


def test_map_page_offers_the_map_at_conversation_2_against_4(cast):
    from .conftest import hold

    dates = [hold(cast.coach_a, cast.company_a, n).held_on for n in (1, 2, 3, 4)]
    page = cast.client(cast.coach_a).get(reverse("coaching:map", args=[cast.company_a.pk]))
    assert f"?a={dates[1].isoformat()}&amp;b={dates[3].isoformat()}" in page.content.decode()
    # Assessors see the map but not the conversations, so no such link.
    page = cast.client(cast.assessor_a).get(reverse("coaching:map", args=[cast.company_a.pk]))
    assert "?a=" not in page.content.decode()


def test_a_date_in_the_address_means_the_end_of_that_day(cast):
    noon = timezone.make_aware(datetime.datetime(2026, 3, 2, 12))
    services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=2, name="Ritningsläsning", at=noon
    )
    url = reverse("coaching:map", args=[cast.company_a.pk])
    client = cast.client(cast.coach_a)
    assert "Ritningsläsning" in client.get(url, {"at": "2026-03-02"}).content.decode()
    assert "Ritningsläsning" not in client.get(url, {"at": "2026-03-01"}).content.decode()
    assert client.get(url, {"at": "2026-13-45"}).status_code == 200  # ignored, today's map


def test_recording_many_at_once_refuses_another_companys_participant(cast):
    weld = services.competence_need_set(
        actor=cast.staff, company=cast.company_a, level=3, name="Svetsning"
    )
    with pytest.raises(PermissionDenied):
        services.map_levels_record(
            actor=cast.staff,
            company=cast.company_a,
            levels={cast.participant_a: {weld.pk: 2}, cast.participant_b: {weld.pk: 2}},
        )
    assert not LevelRecord.objects.exists()


def test_the_company_pages_summary_says_what_the_whole_map_says(cast, catalogue):  # noqa: F811
    """The summary counts from the known levels without building the map's rows: the same
    gaps, people and mapped count as the map, with a validation's level winning over the
    coach's, nobody ended counted, and another company's people left out."""
    area = catalogue.areas[0]
    by_area = services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=5, area_id=area.pk
    )
    weld = services.competence_need_set(
        actor=cast.coach_a, company=cast.company_a, level=4, name="Svetsning"
    )
    services.participant_levels_record(
        actor=cast.coach_a, participant=cast.participant_a, levels={by_area.pk: 1, weld.pk: 4}
    )
    record(book(cast, catalogue), actor=cast.assessor_a, value=70)  # level 4 in the area
    low = ParticipantFactory(company=cast.company_a)
    services.participant_levels_record(
        actor=cast.coach_a, participant=low, levels={by_area.pk: 2, weld.pk: 1}
    )
    ended = ParticipantFactory(company=cast.company_a)
    services.participant_levels_record(
        actor=cast.coach_a, participant=ended, levels={by_area.pk: 1, weld.pk: 1}
    )
    ended.status = "ended"
    ended.save(update_fields=["status"])
    ParticipantFactory(company=cast.company_a)  # on the map, nothing known yet

    summary = selectors.map_summary(cast.coach_a, cast.company_a)
    whole = selectors.competence_map(cast.coach_a, cast.company_a)

    assert summary["largest_gaps"] == whole["largest_gaps"][:3]
    assert [(g["people"], g["total"]) for g in summary["largest_gaps"]] == [(2, 4), (1, 3)]
    assert summary["participants"] == len(whole["rows"]) == 3
    mapped = sum(1 for row in whole["rows"] if any(c.level is not None for c in row["cells"]))
    assert summary["mapped"] == mapped == 2
    assert summary["competences"] == len(whole["competences"]) == 2
