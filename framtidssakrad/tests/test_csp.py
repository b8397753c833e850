"""A strict Content-Security-Policy: no inline script or style is allowed, and no page needs
one (behaviour lives in static/js/site.js and is asked for with data- attributes)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from framtidssakrad.tests.test_login_required import OWN_URLS

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def inline_content(html: str) -> list[str]:
    # JSON data blocks (<script type="application/json">) are data, not script.
    html = re.sub(r'<script[^>]*type="application/json"[^>]*>.*?</script>', "", html, flags=re.S)
    return [what for pattern, what in INLINE if pattern.search(html)]


def test_every_response_carries_the_policy(cast):
    response = cast.client(cast.staff).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert "Content-Security-Policy" in Client().get(reverse("login"))


def test_the_checker_finds_inline_content():
    assert inline_content('<div style="width: 4%">') == ["style= attribute"]
    assert inline_content("<script>alert(1)</script>") == ["inline <script>"]
    assert inline_content('<button onclick="x()">') == ["on…= event handler"]
    assert inline_content('<script src="/static/js/site.js"></script>') == []


@pytest.mark.parametrize("role", ["staff", "manager", "assessor_a", "coach_a"])
def test_no_page_has_inline_script_or_style(cast, role):
    client = cast.client(getattr(cast, role))
    pages = [url for _, url in OWN_URLS] + [
        reverse("companies:company_detail", args=[cast.company_a.pk]),
        reverse("companies:participant_detail", args=[cast.participant_a.pk]),
        reverse("companies:participant_edit", args=[cast.participant_a.pk]),
        reverse("validation:centre_detail", args=[cast.centre_a.pk]),
    ]
    checked = 0
    for url in pages:
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            checked += 1
            assert inline_content(response.text) == [], url
    assert checked >= 5


@pytest.mark.parametrize("name", ["login", "password_reset", "certificates:verify_form"])
def test_public_pages_have_no_inline_script_or_style(db, name):
    assert inline_content(Client().get(reverse(name)).text) == []


def test_the_error_page_has_no_inline_style():
    from django.template.loader import get_template

    assert inline_content(get_template("500.html").render()) == []
