"""The public verification page: every state, no login, no personnummer, rate-limited."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates import ratelimit, services


@pytest.fixture(autouse=True)
def _fresh_rate_limit(monkeypatch):
    cache.clear()
    # One fixed window: a test that makes 31 requests must not straddle a minute boundary
    # (on a busy machine it did, and the 31st request was counted in a fresh window).
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_000.0))
    yield
    cache.clear()


@pytest.fixture
def certificate(cast, validation_a, issue):
    return issue(validation_a, cast.staff)  # issued today: valid for 36 months


def verify(client, code):
    return client.get(reverse("certificates:verify", args=[code]))


def test_valid_certificate_without_login(client, certificate):
    response = verify(client, certificate.code)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-state="valid"' in content
    assert "Anna Alfa" in content
    assert certificate.subject in content
    assert "Centre A" in content and "Framtidssäkrad" in content
    assert "2021-03-12" in content  # validated on
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "no-store"


def test_revoked_certificate_says_so_without_the_reason(cast, client, certificate):
    services.certificate_revoke(actor=cast.staff, certificate=certificate, reason="Internt skäl")
    content = verify(client, certificate.code).content.decode()
    assert 'data-state="revoked"' in content
    assert "Internt skäl" not in content


def test_expired_certificate_says_so(client, certificate):
    certificate.issued_on = datetime.date(2021, 3, 20)
    certificate.expires_on = datetime.date(2021, 12, 31)
    certificate.save()
    content = verify(client, certificate.code).content.decode()
    assert 'data-state="expired"' in content
    assert "2021-12-31" in content


def test_unknown_code_is_404_with_a_clear_answer(client, certificate):
    response = verify(client, "ZZZZZZZZZZ")
    assert response.status_code == 404
    assert 'data-state="unknown"' in response.content.decode()


def test_code_is_found_typed_loosely(client, certificate):
    code = certificate.code
    typed = f" {code[:5]}-{code[5:]} ".lower()
    response = client.get(reverse("certificates:verify_form"), {"code": typed})
    assert 'data-state="valid"' in response.content.decode()


def test_trailing_slash_works_too(client, certificate):
    response = client.get(f"/verify/{certificate.code}/")
    assert 'data-state="valid"' in response.content.decode()


def test_the_form_alone_shows_no_result(client, db):
    response = client.get(reverse("certificates:verify_form"))
    assert response.status_code == 200
    assert "data-state" not in response.content.decode()


def test_the_personnummer_is_never_shown(cast, client, certificate):
    content = verify(client, certificate.code).content.decode()
    number = cast.participant_a.personnummer
    for form in (number, number[2:], number[:8], number[2:8]):
        assert form not in content.replace("-", "")


def test_guessing_is_rate_limited(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 5
    answers = [verify(client, f"GUESS{n:05d}").status_code for n in range(5)]
    assert answers == [404] * 5
    limited = verify(client, certificate.code)
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert 'data-state="limited"' in limited.content.decode()


def test_the_limit_is_per_client(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 2
    for _ in range(3):
        verify(client, "GUESS00000")
    other = client.get(
        reverse("certificates:verify", args=[certificate.code]), REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 200


def test_the_default_limit_lets_a_person_check_a_pile_of_certificates(client, certificate):
    assert all(verify(client, certificate.code).status_code == 200 for _ in range(30))
    assert verify(client, certificate.code).status_code == 429
