"""403 and 404 speak Swedish in the site's layout, with a way back (DEBUG is off in tests)."""

from django.urls import reverse


def test_forbidden_page_explains_and_links_home(cast):
    response = cast.client(cast.manager).get(
        reverse("companies:company_edit", args=[cast.company_a.pk])
    )
    assert response.status_code == 403
    assert "Inte tillåtet" in response.text
    assert f'href="{reverse("home")}"' in response.text


def test_not_found_page_does_not_say_whether_the_row_exists(cast):
    response = cast.client(cast.coach_a).get(
        reverse("companies:company_detail", args=[cast.company_b.pk])
    )
    assert response.status_code == 404
    assert "Hittades inte" in response.text
    assert "Beta AB" not in response.text
