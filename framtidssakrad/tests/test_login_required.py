"""No page of the project's own apps is open to a visitor who is not logged in, except the ones
meant to be public. Walks every URL pattern, so a new view is covered the day it is added."""

import uuid

import pytest
from django.contrib.auth.views import redirect_to_login
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Public by design: the certificate check anyone holding a certificate may use.
PUBLIC = {"certificates:verify_form", "certificates:verify"}
# Django's password reset, limited by accounts.views.ThrottledPasswordResetView.
PUBLIC |= {"password_reset"}
OWN_APPS = (
    "accounts",
    "companies",
    "validation",
    "certificates",
    "documents",
    "coaching",
    "imports",
    "project",
    "reports",
    "audit",
    "privacy",
)
SAMPLE_VALUES = {"int": 1, "uuid": uuid.UUID(int=1), "string": "ABC123", "slug": "abc", "path": "a"}


def _named_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            if entry.callback.__module__.split(".")[0] in OWN_APPS:
                yield f"{namespace}{entry.name}", entry.pattern.converters


def _own_urls() -> list[tuple[str, str]]:
    urls = {}
    for name, converters in _named_patterns():
        kwargs = {
            key: SAMPLE_VALUES[type(converter).__name__.removesuffix("Converter").lower()]
            for key, converter in converters.items()
        }
        urls[name] = reverse(name, kwargs=kwargs)
    return sorted(urls.items())


OWN_URLS = _own_urls()


def test_the_walk_finds_the_pages():
    names = {name for name, _ in OWN_URLS}
    assert {"home", "companies:company_list", "documents:document_retry"} <= names
    assert PUBLIC <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), [(n, u) for n, u in OWN_URLS if n not in PUBLIC])
def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(name, url):
    client = Client()
    login = redirect_to_login(url).url
    response = client.get(url)
    if response.status_code == 405:  # POST only: the POST must ask for a login too
        response = client.post(url)
    assert response.status_code == 302, name
    assert response["Location"] == login, name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_the_public_pages_answer_without_login(name):
    url = dict(OWN_URLS)[name]
    # The sample code is unknown: the verification page says so (with 404), it does not ask
    # for a login.
    assert Client().get(url).status_code in (200, 404)
