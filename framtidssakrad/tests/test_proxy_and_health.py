"""Behind the proxy: the real client address, request bodies refused by size before they are
read, and the load balancer's health check."""

import ipaddress
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from certificates import ratelimit
from framtidssakrad import health
from framtidssakrad.middleware import client_address

TRUSTED = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("127.0.0.1/32")]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.5", "", "203.0.113.5"),  # direct
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),  # untrusted peer: header ignored
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),  # through our proxy
        ("127.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # client-written left part
        ("127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"),  # two proxies of ours
        ("127.0.0.1", "10.1.2.3, 10.0.0.9", "10.1.2.3"),  # all trusted: the leftmost
        ("127.0.0.1", "", "127.0.0.1"),  # no header
        ("127.0.0.1", "nonsense", "127.0.0.1"),
        ("127.0.0.1", "198.51.100.1, junk", "127.0.0.1"),
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_the_rightmost_untrusted_hop(remote, forwarded, expected):
    assert client_address(remote, forwarded, TRUSTED) == expected


@pytest.fixture
def verify_url(db, monkeypatch):
    cache.clear()
    # One fixed window, so the requests of a test never straddle a minute boundary.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_000.0))
    yield reverse("certificates:verify", args=["ABCD2345EFGH"])
    cache.clear()


def _lookups(client, url, count, **headers) -> list[int]:
    return [client.get(url, **headers).status_code for _ in range(count)]


@override_settings(TRUSTED_PROXIES=["127.0.0.1"], CERTIFICATE_VERIFY_RATE_LIMIT=3)
def test_rate_limit_counts_each_client_behind_the_proxy(verify_url):
    client = Client(REMOTE_ADDR="127.0.0.1")
    assert _lookups(client, verify_url, 4, HTTP_X_FORWARDED_FOR="198.51.100.1")[-1] == 429
    # Another client through the same proxy has its own budget.
    assert _lookups(client, verify_url, 1, HTTP_X_FORWARDED_FOR="198.51.100.2") == [
        404
    ]  # unknown code
    # A client cannot escape by writing its own header: the proxy appends the real address.
    spoofed = "1.1.1.1, 198.51.100.1"
    assert _lookups(client, verify_url, 1, HTTP_X_FORWARDED_FOR=spoofed) == [429]


@override_settings(TRUSTED_PROXIES=["127.0.0.1"], CERTIFICATE_VERIFY_RATE_LIMIT=3)
def test_forwarded_header_from_an_untrusted_peer_is_ignored(verify_url):
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [
        client.get(verify_url, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)
    ]
    assert statuses[-1] == 429


@override_settings(MAX_REQUEST_BODY_BYTES=1000)
def test_a_body_above_the_limit_is_refused_before_it_is_read(cast):
    client = cast.client(cast.staff)
    url = reverse("companies:company_create")
    response = client.post(url, data=b"x" * 1001, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "för stor" in response.text
    response = client.post(url, data=b"x" * 999, content_type="application/octet-stream")
    assert response.status_code != 413


def test_health_answers_ok_without_login(db, client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.text == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("part", ["database", "broker", "storage"])
def test_health_says_503_without_detail_when_a_part_fails(db, client, monkeypatch, part):
    def broken():
        raise OSError("secret detail: /var/lib/framtidssakrad is full")

    monkeypatch.setitem(health.CHECKS, part, broken)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.text == "unavailable"


@override_settings(BROKER_CONFIGURED=True, CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_health_broker_check_fails_when_the_broker_does_not_answer():
    with pytest.raises(Exception):  # noqa: B017, PT011 (kombu's errors vary by transport)
        health._broker()
