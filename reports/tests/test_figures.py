"""Every figure against the project counted by hand in conftest.world (on 2021-06-15)."""

import datetime

from reports.selectors import Filters, figures, sni_section, start_page_progress

from .conftest import TODAY


def rows(table, *keys):
    return {row["key"]: tuple(row[k] for k in keys) for row in table}


def test_companies_count_what_is_true_today(world):
    companies = figures(world.cast.staff, today=TODAY)["companies"]
    assert companies["total"] == 4
    assert companies["engaged"] == 2  # Delta's recruitment dated 2030 has not happened
    assert rows(companies["by_status"], "n") == {
        "prospect": (1,),
        "recruited": (2,),
        "active": (1,),
        "completed": (0,),
        "withdrawn": (0,),
    }
    assert rows(companies["by_county"], "n") == {"06": (1,), "07": (1,)}
    assert rows(companies["by_sni_section"], "n") == {"C": (2,)}
    assert rows(companies["by_sni_division"], "n") == {"25": (2,)}
    assert [row["label"] for row in companies["by_centre"]] == ["Centre A", "Centre B"]


def test_participants_women_and_men_and_every_breakdown_split(world):
    people = figures(world.cast.staff, today=TODAY)["participants"]
    assert (people["total"], people["women"], people["men"]) == (4, 2, 2)
    assert (people["started"], people["ended"], people["active"]) == (4, 1, 3)
    assert rows(people["by_start_status"], "women", "men", "total") == {
        "employed": (0, 2, 2),
        "furloughed": (1, 0, 1),
        "under_notice": (1, 0, 1),
    }
    assert rows(people["by_county"], "women", "men") == {"06": (1, 1), "07": (1, 1)}
    by_company = {row["label"]: (row["women"], row["men"]) for row in people["by_company"]}
    assert by_company == {"Alfa AB": (1, 1), "Beta AB": (1, 1)}
    by_centre = {row["label"]: row["total"] for row in people["by_centre"]}
    assert by_centre == {"Centre A": 2, "Centre B": 2}


def test_validations_by_model_and_current_outcome(world):
    validations = figures(world.cast.staff, today=TODAY)["validations"]
    assert (validations["total"], validations["women"], validations["men"]) == (3, 1, 2)
    assert rows(validations["by_outcome"], "total") == {
        "full": (2,),
        "partial": (1,),  # the correction counts, not the first version
        "not_achieved": (0,),
    }


def test_a_revoked_certificate_is_not_counted_as_issued(world):
    certificates = figures(world.cast.staff, today=TODAY)["certificates"]
    assert certificates["issued"] == 1
    assert (certificates["issued_women"], certificates["issued_men"]) == (0, 1)
    assert certificates["valid"] == 1
    assert certificates["revoked"] == 1
    assert certificates["participants"] == 1


def test_monthly_series_from_the_project_start_with_month_boundaries(world):
    series = figures(world.cast.staff, today=TODAY)["series"]
    assert series["months"] == ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06"]
    # p3 started on 28 February and p4 on 1 March: one month each.
    assert series["participants"]["values"] == [0, 3, 4, 4, 4, 4]
    assert series["participants_ended"]["values"] == [0, 0, 0, 0, 1, 1]
    assert series["companies"]["values"] == [1, 1, 2, 2, 2, 2]
    assert series["validations"]["values"] == [0, 0, 2, 3, 3, 3]
    assert series["certificates"]["values"] == [0, 0, 1, 1, 1, 1]
    assert series["participants"]["target"] == 1000
    assert series["companies"]["target"] == 70


def test_targets_come_from_the_project_record(world):
    targets = figures(world.cast.staff, today=TODAY)["targets"]
    assert targets["companies"] == 70 and targets["participants"] == 1000
    assert targets["validations"] == 100 and targets["hours"] is None


def test_filters_county_centre_and_period(world):
    staff = world.cast.staff
    kronoberg = figures(staff, Filters(county="07"), today=TODAY)
    assert kronoberg["participants"]["total"] == 2
    assert kronoberg["companies"]["engaged"] == 1
    centre_a = figures(staff, Filters(centre_id=world.cast.centre_a.pk), today=TODAY)
    assert centre_a["participants"]["total"] == 2
    assert centre_a["validations"]["total"] == 1
    march = Filters(period_start=datetime.date(2021, 3, 1), period_end=datetime.date(2021, 3, 31))
    in_march = figures(staff, march, today=TODAY)
    assert in_march["participants"]["started"] == 1  # p4
    assert in_march["participants"]["total"] == 4  # everyone who had started by 31 March
    assert in_march["participants"]["ended"] == 0
    assert in_march["validations"]["total"] == 2
    assert in_march["certificates"]["issued"] == 1
    assert in_march["series"]["months"][-1] == "2021-03"


def test_a_coach_counts_only_their_companies(world):
    mine = figures(world.cast.coach_a, today=TODAY)
    assert mine["companies"]["total"] == 1
    assert (mine["participants"]["total"], mine["participants"]["women"]) == (2, 1)
    assert mine["validations"]["total"] == 1
    assert mine["certificates"]["issued"] == 1


def test_an_assessor_counts_only_their_centre(world):
    mine = figures(world.cast.assessor_b, today=TODAY)
    assert mine["participants"]["total"] == 2
    assert mine["validations"]["total"] == 2
    assert mine["certificates"]["issued"] == 0  # b's was revoked


def test_the_start_page_uses_the_same_definitions(world):
    progress = start_page_progress(world.cast.staff)
    full = figures(world.cast.staff)
    assert progress["companies"]["engaged"] == full["companies"]["engaged"]
    assert progress["participants"]["total"] == full["participants"]["total"]


def test_sni_sections():
    assert sni_section("25") == "C" and sni_section("10") == "C" and sni_section("33") == "C"
    assert sni_section("01") == "A" and sni_section("62") == "J" and sni_section("xx") == "?"


def test_figures_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    # 24: competence development and hours (3) and their part of the fingerprint (2) joined;
    # the conversations per company and their part of the fingerprint added three, and one
    # grouped pass over the validations (counts, series, tests' hours) and one over the
    # participants' start and end months saved four; the companies' details cost one; coaching's
    # sessions with participants joined the fingerprint (1), and the hours are training's
    # sources, one aggregate per kind of record (validations, attendance, sessions: 3, was 1).
    with django_assert_num_queries(27):
        figures(world.cast.staff, today=TODAY)


def test_each_series_ends_at_its_headline_figure(world):
    data = figures(world.cast.staff, today=TODAY)
    series = data["series"]
    assert series["participants"]["values"][-1] == data["participants"]["total"]
    assert series["companies"]["values"][-1] == data["companies"]["engaged"]
    assert series["validations"]["values"][-1] == data["validations"]["total"]
    assert series["certificates"]["values"][-1] == data["certificates"]["issued"]


def test_cached_figures_follow_every_change(world, django_assert_max_num_queries):
    staff = world.cast.staff
    assert figures(staff, today=TODAY)["participants"]["total"] == 4
    with django_assert_max_num_queries(9):  # the project, the fingerprint (8), nothing else
        assert figures(staff, today=TODAY)["participants"]["total"] == 4
    world.p3.start_date = datetime.date(2021, 7, 1)  # corrected: starts after "today"
    world.p3.end_date = None
    world.p3.end_reason = ""
    world.p3.save()
    assert figures(staff, today=TODAY)["participants"]["total"] == 3
    from django.utils import timezone

    from certificates.models import Certificate, CertificateStatus

    Certificate.objects.filter(participant=world.cast.participant_a).update(
        status=CertificateStatus.REVOKED,
        revoked_reason="Fel",
        revoked_at=timezone.now(),
        revoked_by=staff,
    )
    assert figures(staff, today=TODAY)["certificates"]["issued"] == 0
    # A coach's figures are their own, not the whole project's from the cache.
    assert figures(world.cast.coach_a, today=TODAY)["participants"]["total"] == 1


def test_today_is_the_day_in_stockholm(world, monkeypatch):
    from django.utils import timezone

    # 22:30 UTC on 31 May is 00:30 on 1 June in Stockholm: June has begun.
    moment = datetime.datetime(2021, 5, 31, 22, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    data = figures(world.cast.staff)
    assert data["period"]["end"] == datetime.date(2021, 6, 1)
    assert data["series"]["months"][-1] == "2021-06"
    # p3 ended on 31 May: by 1 June she has ended.
    assert data["participants"]["ended"] == 1
