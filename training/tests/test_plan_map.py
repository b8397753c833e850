"""The competence map as a source of development-plan gaps: only the current needs and levels
count, one gap per competence below its need, taken in once; a gap met later stays in the
plan and says so; the assessor never sees the map's part."""

import datetime

from django.urls import reverse
from django.utils import timezone

from coaching import services as coaching
from coaching.models import Competence, LevelRecord
from training import gaps, services
from training.models import GapSourceKind, PlanItem
from training.selectors import development_plan
from validation.tests.conftest import catalogue  # noqa: F401 (fixture)

EARLY = timezone.now() - datetime.timedelta(days=90)
LATER = timezone.now() - datetime.timedelta(days=30)


def need(cast, level, *, company=None, at=None, **which):
    return coaching.competence_need_set(
        actor=cast.staff, company=company or cast.company_a, level=level, at=at, **which
    )


def levels(cast, participant, row, at=None):
    coaching.participant_levels_record(actor=cast.staff, participant=participant, levels=row, at=at)


def map_items():
    return list(PlanItem.objects.filter(source=GapSourceKind.COMPETENCE_MAP).order_by("source_ref"))


def test_only_the_current_needs_and_levels_count(cast, catalogue):  # noqa: F811
    area = catalogue.areas[0]
    # Svetsning: need 3 then 4, level 1 then 3 -> now 3 of 4, a gap.
    weld = need(cast, 3, name="Svetsning", at=EARLY)
    # The area: need 4 then 2, level 1 then 2 -> met now, no gap (it was one before).
    drawing = need(cast, 4, area_id=area.pk, at=EARLY)
    # CNC: need 2 throughout, level 1 then 2 -> met now.
    cnc = need(cast, 2, name="CNC", at=EARLY)
    levels(cast, cast.participant_a, {weld.pk: 1, drawing.pk: 1, cnc.pk: 1}, at=EARLY)
    need(cast, 4, name="Svetsning", at=LATER)
    need(cast, 2, area_id=area.pk, at=LATER)
    levels(cast, cast.participant_a, {weld.pk: 3, drawing.pk: 2, cnc.pk: 2}, at=LATER)

    found = gaps.competence_map_gaps(cast.participant_a)

    assert found == [
        gaps.Gap(
            source=GapSourceKind.COMPETENCE_MAP,
            source_ref=str(weld.pk),
            area_id=None,
            description="Svetsning: Level 3 of the needed 4",
        )
    ]


def test_an_area_competence_gives_its_area_and_the_levels_in_swedish(cast, catalogue):  # noqa: F811
    from django.utils import translation

    area = catalogue.areas[1]
    competence = need(cast, 3, area_id=area.pk)
    levels(cast, cast.participant_a, {competence.pk: 2})
    with translation.override("sv"):
        [gap] = gaps.competence_map_gaps(cast.participant_a)
    assert (gap.area_id, gap.source_ref) == (area.pk, str(competence.pk))
    assert gap.description == "Nivå 2 av behövda 3"


def test_a_competence_without_a_need_or_a_level_gives_no_gap(cast):
    off = need(cast, 3, name="Truck", at=EARLY)
    levels(cast, cast.participant_a, {off.pk: 1}, at=EARLY)
    need(cast, None, name="Truck")  # taken off the map
    Competence.objects.create(company=cast.company_a, name="Aldrig behövd")  # no need at all
    need(cast, 3, name="Okänd nivå")  # needed, but the participant's level is not known
    assert gaps.competence_map_gaps(cast.participant_a) == []


def test_another_companys_map_and_participant_stay_apart(cast):
    weld_a = need(cast, 4, name="Svetsning")
    weld_b = need(cast, 4, name="Svetsning", company=cast.company_b)
    levels(cast, cast.participant_a, {weld_a.pk: 1})
    levels(cast, cast.participant_b, {weld_b.pk: 2})
    # A level left on company A's competence (say the participant moved) is not B's gap.
    LevelRecord.objects.create(
        competence=weld_a,
        participant=cast.participant_b,
        level=1,
        recorded_at=timezone.now(),
        recorded_by=cast.staff,
    )
    assert [g.source_ref for g in gaps.competence_map_gaps(cast.participant_a)] == [str(weld_a.pk)]
    assert [g.source_ref for g in gaps.competence_map_gaps(cast.participant_b)] == [str(weld_b.pk)]
    assert services.plan_gaps_collect(actor=cast.coach_a, participant=cast.participant_a) == 1
    assert [(i.participant, i.source_ref) for i in map_items()] == [
        (cast.participant_a, str(weld_a.pk))
    ]


def test_collecting_twice_adds_nothing_and_a_met_gap_stays_marked_as_met(cast):
    weld = need(cast, 4, name="Svetsning")
    cnc = need(cast, 3, name="CNC")
    levels(cast, cast.participant_a, {weld.pk: 2, cnc.pk: 1})
    assert services.plan_gaps_collect(actor=cast.coach_a, participant=cast.participant_a) == 2
    assert services.plan_gaps_collect(actor=cast.staff, participant=cast.participant_a) == 0
    assert len(map_items()) == 2
    plan_page = reverse("training:plan_detail", args=[cast.participant_a.pk])
    html = cast.client(cast.coach_a).get(plan_page).content.decode()
    assert "Svetsning: Level 2 of the needed 4" in html
    assert "Now: level" not in html  # as taken in: said once

    levels(cast, cast.participant_a, {weld.pk: 4})  # the welding gap closes
    need(cast, None, name="CNC")  # CNC leaves the map
    assert services.plan_gaps_collect(actor=cast.coach_a, participant=cast.participant_a) == 0
    rows = {r.item.source_ref: r for r in development_plan(cast.coach_a, cast.participant_a)}
    assert len(rows) == 2  # nothing vanished
    assert rows[str(weld.pk)].map_met and rows[str(weld.pk)].map_now.level == 4
    assert not rows[str(cnc.pk)].map_met and rows[str(cnc.pk)].map_now is None
    assert not any(r.item.closed for r in rows.values())  # closing is the coach's call

    html = cast.client(cast.coach_a).get(plan_page).content.decode()
    assert "Met now: level 4 of the needed 4" in html
    assert "No longer on the competence map" in html
    assert html.count("Competence map") == 2


def test_the_assessor_sees_no_gap_from_the_map(cast):
    weld = need(cast, 4, name="Svetsning")
    levels(cast, cast.participant_a, {weld.pk: 2})
    services.plan_gaps_collect(actor=cast.coach_a, participant=cast.participant_a)
    assert len(development_plan(cast.staff, cast.participant_a)) == 1
    assert development_plan(cast.assessor_a, cast.participant_a) == []


def test_the_plan_reads_the_map_in_a_fixed_number_of_queries(cast, django_assert_num_queries):
    competences = [need(cast, 5, name=f"K{n}") for n in range(6)]
    levels(cast, cast.participant_a, {c.pk: 1 for c in competences})
    services.plan_gaps_collect(actor=cast.coach_a, participant=cast.participant_a)
    # items, their efforts, the map's needs, the coach's levels (no areas: no validated
    # levels to read; no efforts: no enrolments)
    with django_assert_num_queries(4):
        rows = development_plan(cast.coach_a, cast.participant_a)
    assert len(rows) == 6 and all(r.map_now.gap == 4 for r in rows)


def test_the_plan_pdf_says_where_each_gap_came_from(cast, django_capture_on_commit_callbacks):
    from documents.models import Document

    from .test_documents import pdf_text, ready

    weld = need(cast, 4, name="Svetsning")
    levels(cast, cast.participant_a, {weld.pk: 2})
    services.plan_gaps_collect(actor=cast.coach_a, participant=cast.participant_a)
    services.plan_item_add(actor=cast.coach_a, participant=cast.participant_a, description="Truck")
    with django_capture_on_commit_callbacks(execute=True):
        cast.client(cast.coach_a).post(reverse("training:plan_pdf", args=[cast.participant_a.pk]))
    text = " ".join(pdf_text(ready(Document.objects.get(kind="development_plan"))).split())
    assert "From: Competence map – Now: level 2 of the needed 4" in text
    assert "Svetsning: Level 2 of the needed 4" in text
    assert "From: Added by hand" in text


def test_a_gap_collected_in_swedish_is_not_moved_when_read_in_english(cast):
    """The gap's text is written in the collector's language; whether the map has moved since
    is decided by the levels, not by the language the plan is read in."""
    from django.utils import translation

    weld = need(cast, 4, name="Svetsning")
    levels(cast, cast.participant_a, {weld.pk: 2})
    with translation.override("sv"):
        services.plan_gaps_collect(actor=cast.coach_a, participant=cast.participant_a)
    [row] = development_plan(cast.coach_a, cast.participant_a)
    assert "Nivå 2 av behövda 4" in row.item.description
    assert not row.map_moved
    levels(cast, cast.participant_a, {weld.pk: 3})
    [row] = development_plan(cast.coach_a, cast.participant_a)
    assert row.map_moved and not row.map_met
