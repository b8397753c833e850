"""The booking form at scale: the participant is found by typing, so the page is the same size
whatever the number of participants; the options carry what the script needs to offer only
levels of the chosen model, assessors of the chosen centre and models the centre is
accredited for."""

import re

import pytest
from django.urls import reverse

from companies.tests.factories import ParticipantFactory
from validation.models import Accreditation, Level, Validation, ValidationModel

from .conftest import PAST
from .test_views import booking_data

pytestmark = pytest.mark.django_db

URL = reverse("validation:validation_book")


def participant_options(html: str) -> list[str]:
    select = re.search(r'<select name="participant".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def option_tag(html: str, select_name: str, value: int) -> str:
    select = re.search(rf'<select name="{select_name}".*?</select>', html, re.S).group(0)
    return re.search(rf'<option value="{value}"[^>]*>', select).group(0)


def test_page_size_does_not_grow_with_the_participants(cast, catalogue):
    client = cast.client(cast.staff)
    before = client.get(URL).text
    for _ in range(60):
        ParticipantFactory(company=cast.company_a)
    after = client.get(URL).text
    assert participant_options(after) == []
    assert len(after) == len(before)


def test_page_queries_do_not_grow_with_the_participants(
    cast, catalogue, django_assert_max_num_queries
):
    client = cast.client(cast.assessor_a)
    with django_assert_max_num_queries(14):
        client.get(URL)
    for _ in range(40):
        ParticipantFactory(company=cast.company_a)
    with django_assert_max_num_queries(14):
        client.get(URL)


def test_page_loads_its_script_from_a_static_file(cast, catalogue):
    html = cast.client(cast.staff).get(URL).text
    assert "/static/js/booking.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert 'aria-live="polite"' in html
    assert re.search(r"<label\s[^>]*for=\"id_participant_search\"", html)


def test_participant_from_the_link_is_the_one_offered(cast, catalogue):
    html = cast.client(cast.staff).get(URL, {"participant": cast.participant_a.pk}).text
    assert participant_options(html) == [str(cast.participant_a.pk)]
    assert "selected" in option_tag(html, "participant", cast.participant_a.pk)


def test_search_button_without_javascript_offers_the_matches_and_books_nothing(cast, catalogue):
    others = [ParticipantFactory(company=cast.company_a, last_name="Ek") for _ in range(3)]
    data = booking_data(cast, catalogue, participant="", participant_search="Ek", find="1")
    response = cast.client(cast.staff).post(URL, data)
    assert response.status_code == 200
    assert sorted(participant_options(response.text)) == sorted(str(p.pk) for p in others)
    assert "3 participants match" in response.text
    assert "selected" in option_tag(response.text, "model", catalogue.theory.pk)
    assert not Validation.objects.exists()


def test_search_button_does_not_offer_participants_outside_scope(cast, catalogue):
    data = booking_data(cast, catalogue, participant="", participant_search="Beta", find="1")
    response = cast.client(cast.assessor_a).post(URL, data)
    assert participant_options(response.text) == []
    assert "No participant matches" in response.text


def test_booking_with_the_search_text_still_filled_in(cast, catalogue):
    data = booking_data(cast, catalogue, participant_search="Anna")
    response = cast.client(cast.staff).post(URL, data)
    assert response.status_code == 302
    assert Validation.objects.get().participant == cast.participant_a


def test_options_say_which_model_centre_and_level_they_fit(cast, catalogue):
    only_a = ValidationModel.objects.create(name="Only at A")
    Accreditation.objects.create(centre=cast.centre_a, model=only_a, valid_from=PAST)
    lapsed = ValidationModel.objects.create(name="Lapsed")
    Accreditation.objects.create(centre=cast.centre_a, model=lapsed, valid_from=PAST, valid_to=PAST)
    level = Level.objects.create(model=only_a, name="Röd")
    html = cast.client(cast.staff).get(URL).text
    assert f'data-centres="{cast.centre_a.pk}"' in option_tag(html, "model", only_a.pk)
    both = " ".join(sorted([str(cast.centre_a.pk), str(cast.centre_b.pk)]))
    assert f'data-centres="{both}"' in option_tag(html, "model", catalogue.theory.pk)
    assert "data-centres" not in option_tag(html, "model", lapsed.pk)
    assert f'data-model="{only_a.pk}"' in option_tag(html, "level", level.pk)
    assert f'data-centre="{cast.centre_b.pk}"' in option_tag(html, "assessor", cast.assessor_b.pk)
