"""The accessibility statement is open to everyone, in Swedish and English, and every page's
footer links to it."""

from django.urls import reverse


def test_statement_is_public_and_swedish_by_default(db, client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert "Tillgänglighetsredogörelse" in response.text
    assert "lag 2018:1937" in response.text and "Digg" in response.text


def test_statement_in_english(db, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accessibility"))
    assert '<html lang="en">' in response.text
    assert "Accessibility statement" in response.text and "Known problems" in response.text


def test_statement_names_the_contact_from_settings(db, client, settings):
    settings.ACCESSIBILITY_CONTACT = "a11y@region.example"
    assert "mailto:a11y@region.example" in client.get(reverse("accessibility")).text


def test_footer_links_to_the_statement_logged_out_and_in(cast, client):
    link = f'href="{reverse("accessibility")}"'
    assert link in client.get(reverse("login")).text
    for user in cast.users.values():
        assert link in cast.client(user).get(reverse("home")).text
