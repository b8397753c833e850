"""Swedish by default, English on request, Stockholm time."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def test_pages_are_swedish_by_default(db, client):
    assert _lang(client.get(reverse("login"))) == "sv"


def test_switching_to_english_and_back(cast):
    client = cast.client(cast.coach_a)
    home = reverse("home")
    assert _lang(client.get(home)) == "sv"

    response = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert response.status_code == 302 and response["Location"] == home
    assert _lang(client.get(home)) == "en"
    assert _lang(client.get(reverse("companies:company_list"))) == "en"

    client.post(reverse("set_language"), {"language": "sv", "next": home})
    assert _lang(client.get(home)) == "sv"


def test_the_page_offers_the_other_language(db, client):
    response = client.get(reverse("login"))
    assert 'name="language" value="en"' in response.text
    assert 'name="language" value="sv"' not in response.text


def test_stockholm_time(db):
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.USE_TZ
    assert str(timezone.get_current_timezone()) == "Europe/Stockholm"


def test_dates_are_written_the_swedish_way(cast):
    """The cast's participants started on 2021-02-01."""
    client = cast.client(cast.coach_a)
    url = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    assert "1 februari 2021" in client.get(url).text
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "1 February 2021" in client.get(url).text  # not the US "Feb. 1, 2021"


def test_browser_language_does_not_override_swedish(db, client):
    """Swedish first: an English browser still gets Swedish until the user switches."""
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.text


def test_ids_past_999_are_not_grouped_in_links(cast):
    """A thousands separator in `{{ pk }}` would break every link to row 1000 and later."""
    from companies.tests.factories import CompanyFactory

    company = CompanyFactory(pk=12345)
    page = cast.client(cast.staff).get(reverse("companies:company_detail", args=[company.pk]))
    assert f"?company={company.pk}" in page.text


def test_one_date_convention_per_language_and_no_us_formats():
    import datetime

    from django.utils import translation
    from django.utils.formats import date_format

    moment = datetime.datetime(2026, 11, 30, 9, 0)
    expected = {"sv": "30 november 2026", "en": "30 November 2026"}
    for language in ("sv", "en"):
        with translation.override(language):
            assert date_format(moment, "SHORT_DATETIME_FORMAT") == "2026-11-30 09:00"
            assert date_format(moment, "SHORT_DATE_FORMAT") == "2026-11-30"
            assert date_format(moment, "DATE_FORMAT") == expected[language]
            assert date_format(moment, "DATETIME_FORMAT") == f"{expected[language]} 09:00"
            assert date_format(moment, "TIME_FORMAT") == "09:00"
