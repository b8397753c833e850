"""Every validation page × role: 200 for the right roles, 404 outside scope, 403 without the
capability; ids changed in URLs; forms with bad input save nothing."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from companies.models import ParticipantStatus
from companies.tests.factories import ParticipantFactory, UserFactory
from validation import services
from validation.models import Outcome, Validation, ValidationResult, ValidationStatus

from .conftest import at, book, record, scores_for, yesterday

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\nevidence\n"


def status(client, url, method="get", **data):
    return getattr(client, method)(url, data).status_code


def url(name, *args):
    return reverse(f"validation:{name}", args=args)


# --- Access ------------------------------------------------------------------------------------


def test_validation_list_for_every_role_and_login_required(cast, booked):
    for user in (cast.staff, cast.manager, cast.assessor_a, cast.coach_a):
        assert status(cast.client(user), url("validation_list")) == 200
    no_role = UserFactory()
    assert status(cast.client(no_role), url("validation_list")) == 403
    from django.test import Client

    assert status(Client(), url("validation_list")) == 302


def test_validation_list_is_scoped(cast, booked):
    for user, shown, hidden in [
        (cast.assessor_a, "Anna Alfa", "Bo Beta"),
        (cast.coach_b, "Bo Beta", "Anna Alfa"),
    ]:
        text = cast.client(user).get(url("validation_list")).text
        assert shown in text and hidden not in text
    text = cast.client(cast.manager).get(url("validation_list")).text
    assert "Anna Alfa" in text and "Bo Beta" in text


def test_validation_detail_by_role(cast, booked):
    detail = url("validation_detail", booked["a"].pk)
    for user in (cast.staff, cast.manager, cast.assessor_a, cast.coach_a):
        assert status(cast.client(user), detail) == 200
    for user in (cast.assessor_b, cast.coach_b, UserFactory()):
        assert status(cast.client(user), detail) == 404
    assert status(cast.client(cast.staff), url("validation_detail", 999999)) == 404


def test_detail_shows_buttons_by_capability(cast, booked):
    record_url = url("validation_record", booked["a"].pk)
    assert record_url in cast.client(cast.assessor_a).get(booked_url(booked)).text
    coach_page = cast.client(cast.coach_a).get(booked_url(booked)).text
    assert record_url not in coach_page and "Cancel booking" not in coach_page


def booked_url(booked):
    return url("validation_detail", booked["a"].pk)


def test_book_page_by_role(cast, catalogue):
    for user in (cast.staff, cast.assessor_a):
        assert status(cast.client(user), url("validation_book")) == 200
    for user in (cast.coach_a, cast.manager):
        assert status(cast.client(user), url("validation_book")) == 403


def test_book_page_prefilled_from_participant_in_scope_only(cast, catalogue):
    client = cast.client(cast.assessor_a)
    response = client.get(url("validation_book"), {"participant": cast.participant_a.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["participant"] == cast.participant_a
    assert response.context["form"].initial["centre"] == cast.centre_a.pk
    assert response.context["form"].initial["assessor"] == cast.assessor_a
    assert status(client, url("validation_book"), participant=cast.participant_b.pk) == 404


def test_record_page_by_role(cast, booked):
    page = url("validation_record", booked["a"].pk)
    for user in (cast.staff, cast.assessor_a):
        response = cast.client(user).get(page)
        assert response.status_code == 200
        assert "at least 60 %" in response.text  # the rule, stated where scores are entered
    for user in (cast.coach_a, cast.manager):
        assert status(cast.client(user), page) == 403
    for user in (cast.assessor_b, cast.coach_b):
        assert status(cast.client(user), page) == 404
    assert status(cast.client(cast.assessor_a), url("validation_record", booked["b"].pk)) == 404


def test_correct_page_by_role(cast, recorded):
    page = url("validation_correct", recorded["a"].pk)
    for user in (cast.staff, cast.assessor_a):
        assert status(cast.client(user), page) == 200
    for user in (cast.coach_a, cast.manager):
        assert status(cast.client(user), page) == 403
    for user in (cast.assessor_b, cast.coach_b):
        assert status(cast.client(user), page) == 404


def test_record_page_of_recorded_validation_redirects_to_detail(cast, recorded):
    response = cast.client(cast.assessor_a).get(url("validation_record", recorded["a"].pk))
    assert response.status_code == 302
    assert response["Location"] == url("validation_detail", recorded["a"].pk)


def test_cancel_by_role(cast, booked):
    page = url("validation_cancel", booked["a"].pk)
    assert status(cast.client(cast.coach_a), page, "post") == 403
    assert status(cast.client(cast.manager), page, "post") == 403
    assert status(cast.client(cast.assessor_b), page, "post") == 404
    assert status(cast.client(cast.assessor_a), page) == 405
    assert Validation.objects.get(pk=booked["a"].pk).status == ValidationStatus.BOOKED
    assert status(cast.client(cast.coach_b), page, "post") == 404
    assert status(cast.client(cast.assessor_a), page, "post") == 302
    assert Validation.objects.get(pk=booked["a"].pk).status == ValidationStatus.CANCELLED


def test_staff_cancel_a_booking_through_the_page(cast, booked):
    page = url("validation_cancel", booked["b"].pk)
    assert status(cast.client(cast.staff), page, "post") == 302
    assert Validation.objects.get(pk=booked["b"].pk).status == ValidationStatus.CANCELLED


def test_model_pages_by_role(cast, catalogue):
    model = catalogue.theory
    for user in (cast.staff, cast.manager, cast.assessor_a, cast.coach_a):
        client = cast.client(user)
        assert status(client, url("model_list")) == 200
        assert status(client, url("model_detail", model.pk)) == 200
    assert status(cast.client(UserFactory()), url("model_list")) == 403
    assert status(cast.client(cast.staff), url("model_detail", 999999)) == 404
    for name, args in [
        ("model_create", ()),
        ("model_edit", (model.pk,)),
        ("area_list", ()),
        ("area_create", ()),
        ("area_edit", (catalogue.areas[0].pk,)),
    ]:
        assert status(cast.client(cast.staff), url(name, *args)) == 200
        for user in (cast.manager, cast.assessor_a, cast.coach_a):
            assert status(cast.client(user), url(name, *args)) == 403
    assert status(cast.client(cast.staff), url("model_edit", 999999)) == 404


def test_model_page_states_the_rule_and_flags_placeholders(cast, catalogue):
    catalogue.areas[0].is_placeholder = True
    catalogue.areas[0].save()
    text = cast.client(cast.assessor_a).get(url("model_detail", catalogue.theory.pk)).text
    assert "at least 60 %" in text and "at least 50 %" in text
    assert "placeholder" in text


def test_nav_links_by_capability(cast):
    staff_page = cast.client(cast.staff).get(reverse("home")).text
    assert url("validation_list") in staff_page and url("model_list") in staff_page
    coach_page = cast.client(cast.coach_a).get(reverse("home")).text
    # Every role that sees validations may read the models' pass marks; only staff edit them.
    assert url("validation_list") in coach_page and url("model_list") in coach_page
    assert url("model_create") not in coach_page


# --- Evidence download ---------------------------------------------------------------------------


@pytest.fixture
def with_evidence(cast, booked):
    record(
        booked["a"],
        actor=cast.assessor_a,
        evidence=SimpleUploadedFile("protokoll.pdf", PDF, content_type="application/pdf"),
    )
    return booked["a"]


def test_evidence_is_served_only_through_the_checked_view(cast, with_evidence):
    page = url("evidence_download", with_evidence.pk, 1)
    for user in (cast.staff, cast.manager, cast.assessor_a, cast.coach_a):
        response = cast.client(user).get(page)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        # Personal evidence: no shared cache, and the browser must not guess another type.
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
    for user in (cast.assessor_b, cast.coach_b):
        assert status(cast.client(user), page) == 404
    assert status(cast.client(cast.staff), url("evidence_download", with_evidence.pk, 2)) == 404


def test_no_evidence_is_404(cast, recorded):
    assert status(cast.client(cast.staff), url("evidence_download", recorded["a"].pk, 1)) == 404


def test_media_url_does_not_serve_evidence(cast, with_evidence):
    name = with_evidence.results.get().evidence.name
    assert cast.client(cast.staff).get(f"/media/{name}").status_code == 404


# --- Forms through the views ------------------------------------------------------------------


def booking_data(cast, catalogue, **overrides):
    day = timezone.localdate() + datetime.timedelta(days=7)
    data = {
        "participant": cast.participant_a.pk,
        "model": catalogue.theory.pk,
        "level": catalogue.theory_level.pk,
        "centre": cast.centre_a.pk,
        "assessor": cast.assessor_a.pk,
        "scheduled_at_0": day.isoformat(),
        "scheduled_at_1": "09:30",
    }
    data.update(overrides)
    return data


def test_assessor_books_through_the_form(cast, catalogue):
    response = cast.client(cast.assessor_a).post(
        url("validation_book"), booking_data(cast, catalogue)
    )
    validation = Validation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("validation_detail", validation.pk)
    assert timezone.localtime(validation.scheduled_at).time() == datetime.time(9, 30)
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.VALIDATION_BOOKED


def test_booking_form_shows_rule_errors_and_saves_nothing(cast, catalogue):
    client = cast.client(cast.staff)
    response = client.post(
        url("validation_book"), booking_data(cast, catalogue, level=catalogue.practical_level.pk)
    )
    assert response.status_code == 200
    assert "is not a level of" in response.text
    response = client.post(
        url("validation_book"), booking_data(cast, catalogue, centre=cast.centre_b.pk)
    )
    assert "not assigned to this test centre" in response.text
    assert not Validation.objects.exists()


def test_assessor_cannot_book_other_centres_participant_by_posting_its_id(cast, catalogue):
    response = cast.client(cast.assessor_a).post(
        url("validation_book"),
        booking_data(
            cast,
            catalogue,
            participant=cast.participant_b.pk,
            centre=cast.centre_b.pk,
            assessor=cast.assessor_b.pk,
        ),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"participant", "centre", "assessor"}
    assert not Validation.objects.exists()


def result_data(catalogue, value=80, **overrides):
    data = {f"area_{area.pk}": value for area in catalogue.areas}
    data.update(held_on=yesterday().isoformat(), recommended_actions="Kurs")
    data.update(overrides)
    return data


def test_assessor_records_through_the_form(cast, catalogue, booked):
    area = catalogue.areas[0]
    response = cast.client(cast.assessor_a).post(
        url("validation_record", booked["a"].pk),
        result_data(
            catalogue,
            recommended_areas=[area.pk],
            evidence=SimpleUploadedFile("scan.pdf", PDF),
        ),
    )
    assert response.status_code == 302
    result = ValidationResult.objects.get()
    assert result.outcome == Outcome.FULL and result.evidence
    assert list(result.recommended_areas.all()) == [area]
    page = cast.client(cast.coach_a).get(url("validation_detail", booked["a"].pk)).text
    assert "Area 1" in page and url("evidence_download", booked["a"].pk, 1) in page


def test_outcome_cannot_be_typed_into_the_form(cast, catalogue, booked):
    cast.client(cast.assessor_a).post(
        url("validation_record", booked["a"].pk),
        result_data(catalogue, value=10, outcome=Outcome.FULL, theory_score="99"),
    )
    result = ValidationResult.objects.get()
    assert result.outcome == Outcome.NOT_ACHIEVED and str(result.theory_score) == "10.0"


@pytest.mark.parametrize("bad", ["101", "-1", "", "abc", "50.5"])
def test_record_form_refuses_bad_scores_and_saves_nothing(cast, catalogue, booked, bad):
    data = result_data(catalogue)
    data[f"area_{catalogue.areas[1].pk}"] = bad
    response = cast.client(cast.assessor_a).post(url("validation_record", booked["a"].pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"area_{catalogue.areas[1].pk}"]
    assert not ValidationResult.objects.exists()


def test_record_form_refuses_future_date(cast, catalogue, booked):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = cast.client(cast.assessor_a).post(
        url("validation_record", booked["a"].pk), result_data(catalogue, held_on=tomorrow)
    )
    assert "in the future" in response.context["form"].errors["held_on"][0]
    assert not ValidationResult.objects.exists()
    booked["a"].refresh_from_db()
    assert booked["a"].status == ValidationStatus.BOOKED


def test_record_form_refuses_a_date_before_the_booked_day(cast, catalogue):
    # Booked for the 15th, the result cannot be from the 2nd (issue 9).
    validation = book(cast, catalogue, when=at(yesterday()))
    day_before = yesterday() - datetime.timedelta(days=1)
    response = cast.client(cast.assessor_a).post(
        url("validation_record", validation.pk), result_data(catalogue, held_on=day_before)
    )
    assert response.status_code == 200
    assert "cannot be from an earlier date" in response.context["form"].errors["held_on"][0]
    assert not ValidationResult.objects.exists()


def test_booking_form_refuses_a_time_that_has_passed(cast, catalogue):
    an_hour_ago = timezone.localtime() - datetime.timedelta(hours=1)
    response = cast.client(cast.staff).post(
        url("validation_book"),
        booking_data(
            cast,
            catalogue,
            scheduled_at_0=an_hour_ago.date().isoformat(),
            scheduled_at_1=an_hour_ago.strftime("%H:%M"),
        ),
    )
    assert response.status_code == 200
    assert "The time has passed" in response.context["form"].errors["scheduled_at"][0]
    assert not Validation.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [("scan.pdf", b"<html>not a pdf</html>"), ("scan.exe", PDF), ("scan.png", PDF)],
)
def test_record_form_refuses_wrong_evidence_and_saves_nothing(
    cast, catalogue, booked, name, content, settings
):
    response = cast.client(cast.assessor_a).post(
        url("validation_record", booked["a"].pk),
        result_data(catalogue, evidence=SimpleUploadedFile(name, content)),
    )
    assert response.context["form"].errors["evidence"]
    assert not ValidationResult.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_record_form_refuses_evidence_over_five_megabytes(cast, catalogue, booked):
    big = SimpleUploadedFile("scan.pdf", PDF + b"\0" * (5 * 1024 * 1024))
    response = cast.client(cast.assessor_a).post(
        url("validation_record", booked["a"].pk), result_data(catalogue, evidence=big)
    )
    assert "at most" in response.context["form"].errors["evidence"][0]
    assert not ValidationResult.objects.exists()


def test_practical_module_results_through_the_form(cast, catalogue):
    validation = book(cast, catalogue, practical=True)
    data = {f"area_{area.pk}": 90 for area in catalogue.practical_areas}
    data["held_on"] = yesterday().isoformat()
    data[f"module_{catalogue.modules[0].pk}"] = "1"
    client = cast.client(cast.assessor_a)
    response = client.post(url("validation_record", validation.pk), data)
    assert response.context["form"].errors[f"module_{catalogue.modules[1].pk}"]
    data[f"module_{catalogue.modules[1].pk}"] = "0"
    assert client.post(url("validation_record", validation.pk), data).status_code == 302
    assert ValidationResult.objects.get().outcome == Outcome.PARTIAL


@pytest.mark.parametrize("who", ["assessor_b", "coach_b", "coach_a", "manager"])
def test_posting_a_result_from_outside_the_scope_or_role_saves_nothing(
    cast, catalogue, booked, who
):
    """Changing the id in the URL of a form post: 404 outside the scope, 403 without the
    right to record; no result either way."""
    client = cast.client(getattr(cast, who))
    response = client.post(url("validation_record", booked["a"].pk), result_data(catalogue))
    assert response.status_code == (404 if who.endswith("_b") else 403)
    assert not ValidationResult.objects.exists()
    assert Validation.objects.get(pk=booked["a"].pk).status == ValidationStatus.BOOKED


@pytest.mark.parametrize("who", ["assessor_b", "coach_b", "coach_a", "manager"])
def test_posting_a_correction_from_outside_the_scope_or_role_saves_nothing(
    cast, catalogue, recorded, who
):
    client = cast.client(getattr(cast, who))
    data = result_data(catalogue, value=10, reason="Not mine to change")
    response = client.post(url("validation_correct", recorded["a"].pk), data)
    assert response.status_code == (404 if who.endswith("_b") else 403)
    assert recorded["a"].results.count() == 1


def test_correction_through_the_form_needs_a_reason_and_keeps_history(cast, catalogue, recorded):
    page = url("validation_correct", recorded["a"].pk)
    client = cast.client(cast.assessor_a)
    response = client.get(page)
    assert response.context["form"].initial[f"area_{catalogue.areas[0].pk}"] == 80
    response = client.post(page, result_data(catalogue, value=20))
    assert response.context["form"].errors["reason"]
    assert recorded["a"].results.count() == 1
    response = client.post(page, result_data(catalogue, value=20, reason="Wrong sheet"))
    assert response.status_code == 302
    assert list(recorded["a"].results.values_list("version", "outcome")) == [
        (2, Outcome.NOT_ACHIEVED),
        (1, Outcome.FULL),
    ]
    detail = cast.client(cast.coach_a).get(url("validation_detail", recorded["a"].pk)).text
    assert "Wrong sheet" in detail and "History" in detail


# --- Lists and query counts -----------------------------------------------------------------------


def make_validations(cast, catalogue, count):
    for _ in range(count):
        participant = ParticipantFactory(company=cast.company_a)
        cast.participant_a = participant
        validation = book(cast, catalogue)
        if _ % 2:
            record(validation, actor=cast.assessor_a)


@pytest.mark.parametrize("role", ["staff", "assessor", "coach", "manager"])
def test_list_query_count_is_the_same_for_2_and_20_rows(
    cast, catalogue, django_assert_max_num_queries, role
):
    # 11 today: session, user, profile, count, model and centre filter choices, the rows (the
    # current result through a join) and four prefetches (models, levels, centres, assessors:
    # joined, they cost PostgreSQL more to plan than to run). One spare for the shared navbar.
    client = cast.client(cast.users[role])
    make_validations(cast, catalogue, 2)
    with django_assert_max_num_queries(12):
        assert client.get(url("validation_list")).status_code == 200
    make_validations(cast, catalogue, 18)
    with django_assert_max_num_queries(12):
        response = client.get(url("validation_list"))
    assert len(response.context["page"].object_list) == 20


def test_list_filters(cast, catalogue, recorded):
    future = book(cast, catalogue, when=timezone.now() + datetime.timedelta(days=3))
    client = cast.client(cast.staff)

    def rows(**params):
        return [v.pk for v in client.get(url("validation_list"), params).context["page"]]

    assert rows(when="upcoming") == [future.pk]
    assert rows(status="recorded") == sorted([recorded["a"].pk, recorded["b"].pk], reverse=True)
    assert rows(centre=cast.centre_b.pk) == [recorded["b"].pk]
    assert rows(company=cast.company_b.pk) == [recorded["b"].pk]
    assert set(rows(model=catalogue.theory.pk)) == {future.pk, *[v.pk for v in recorded.values()]}
    assert rows(q="Beta") == [recorded["b"].pk]


def test_unrecorded_filter_and_centre_filter_stay_in_scope(cast, catalogue, booked):
    client = cast.client(cast.assessor_a)
    page = client.get(url("validation_list"), {"when": "unrecorded"}).context["page"]
    assert [v.pk for v in page] == [booked["a"].pk]
    # Another centre's id is not a valid choice for this assessor: the filter is ignored.
    response = client.get(url("validation_list"), {"centre": cast.centre_b.pk})
    assert "centre" in response.context["filter"].errors
    assert [v.pk for v in response.context["page"]] == [booked["a"].pk]


# --- Partials on other apps' pages ----------------------------------------------------------


def test_participant_page_lists_validations_and_book_button(cast, booked):
    participant_page = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    text = cast.client(cast.assessor_a).get(participant_page).text
    assert url("validation_detail", booked["a"].pk) in text
    assert f"{url('validation_book')}?participant={cast.participant_a.pk}" in text
    coach_text = cast.client(cast.coach_a).get(participant_page).text
    assert url("validation_detail", booked["a"].pk) in coach_text
    assert url("validation_book") not in coach_text


def test_company_page_lists_its_participants_validations(cast, booked):
    text = (
        cast.client(cast.coach_a)
        .get(reverse("companies:company_detail", args=[cast.company_a.pk]))
        .text
    )
    assert url("validation_detail", booked["a"].pk) in text
    assert url("validation_detail", booked["b"].pk) not in text


def test_company_page_limits_validations_and_links_to_the_list(cast, catalogue):
    make_validations(cast, catalogue, 12)
    text = (
        cast.client(cast.staff)
        .get(reverse("companies:company_detail", args=[cast.company_a.pk]))
        .text
    )
    assert len(re.findall(r'href="/validations/\d+/"', text)) == 10
    assert f"{url('validation_list')}?company={cast.company_a.pk}" in text


def test_assessor_start_page_shows_upcoming_and_unrecorded(cast, catalogue, booked):
    upcoming = book(
        cast, catalogue, practical=True, when=timezone.now() + datetime.timedelta(days=2)
    )
    response = cast.client(cast.assessor_a).get(reverse("home"))
    text = response.text
    assert url("validation_detail", upcoming.pk) in text
    assert url("validation_detail", booked["a"].pk) in text
    assert url("validation_detail", booked["b"].pk) not in text


def correct(validation, *, actor):
    """A second version of the validation's result, with lower scores."""
    services.validation_correct(
        actor=actor,
        validation=validation,
        entry=services.ResultEntry(held_on=yesterday(), scores=scores_for(validation.model, 40)),
        reason="Re-checked",
    )


def test_staff_start_page_counts(cast, catalogue, booked):
    record(booked["a"], actor=cast.assessor_a)
    # A correction is a second version of the same validation: still one recorded.
    correct(booked["a"], actor=cast.staff)
    book(cast, catalogue, when=timezone.now() + datetime.timedelta(days=2))
    text = cast.client(cast.staff).get(reverse("home")).text
    assert 'data-count="booked">1<' in text
    assert 'data-count="recorded">1<' in text
    assert 'data-count="unrecorded">1<' in text


def test_list_shows_the_theory_score_as_stored(cast, booked):
    """The score comes through a join; SQLite could return it through a float (80.2000000000000),
    so the page formats it to the stored one decimal."""
    from decimal import Decimal

    from validation.selectors import validations_for

    areas = list(booked["a"].model.model_areas.values_list("area_id", flat=True))
    # A score a binary float cannot hold exactly (80.2), as a float round trip would show it.
    scores = {area: 80 for area in areas} | {areas[0]: 81}
    result = record(booked["a"], actor=cast.assessor_a, scores=scores)
    row = validations_for(cast.staff).get(pk=booked["a"].pk)
    assert isinstance(row.current_result.theory_score, Decimal)
    assert row.current_result.theory_score == result.theory_score
    text = cast.client(cast.staff).get(url("validation_list")).text
    assert re.search(r"\d+[.,]\d %", text)
    assert not re.search(r"\d+[.,]\d{3,} %", text)


@pytest.mark.parametrize("param", ["company", "participant"])
def test_filtering_the_list_by_another_scopes_id_is_refused(cast, booked, param):
    other = {"company": cast.company_b.pk, "participant": cast.participant_b.pk}[param]
    response = cast.client(cast.assessor_a).get(url("validation_list"), {param: other})
    assert response.status_code == 200
    assert response.context["filter"].errors[param]
    assert "Bo Beta" not in response.text


def test_recorded_this_month_for_the_project_agrees_with_the_scopes(cast, catalogue, booked):
    """Staff count first versions from the results alone (every result belongs to a recorded
    validation); a coach through their validations. The two ways agree: both coaches' counts
    add up to the project's, a correction is not counted again, last month's result is not."""
    from validation.selectors import validation_counts

    record(booked["a"], actor=cast.assessor_a)
    record(booked["b"], actor=cast.assessor_b)
    correct(booked["a"], actor=cast.staff)
    earlier = book(cast, catalogue, side="b", when=timezone.now() - datetime.timedelta(days=40))
    record(earlier, actor=cast.assessor_b)
    ValidationResult.objects.filter(validation=earlier).update(
        recorded_at=timezone.now() - datetime.timedelta(days=40)
    )
    book(cast, catalogue, side="a", when=timezone.now() + datetime.timedelta(days=2))

    def recorded(user) -> int:
        return validation_counts(user)["recorded_this_month"]

    assert Validation.objects.sees_all(cast.staff) and not Validation.objects.sees_all(cast.coach_a)
    assert recorded(cast.coach_a) == recorded(cast.coach_b) == 1
    assert recorded(cast.staff) == 2
