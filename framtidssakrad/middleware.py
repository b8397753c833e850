"""The project's own middleware: Swedish first, the real client address behind the proxy, and
request bodies refused by size before they are read."""

import ipaddress

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class SwedishFirstMiddleware:
    """Drops the browser's Accept-Language before LocaleMiddleware reads it, so the language is
    the one chosen with the language switch (a cookie) or else LANGUAGE_CODE (Swedish)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


def client_address(remote_addr: str, forwarded_for: str, trusted: list) -> str:
    """The client's address: REMOTE_ADDR unless that is a trusted proxy, then the rightmost
    address of X-Forwarded-For that is not a trusted proxy (anything left of it was written by
    the client and proves nothing). Malformed entries end the walk at the last good address."""
    address = remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    while _is_trusted(address, trusted) and hops:
        candidate = hops.pop()
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            break
        address = candidate
    return address


def _is_trusted(address: str, trusted: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


class RealClientAddressMiddleware:
    """Behind the proxy, REMOTE_ADDR is the proxy: replace it with the client's address (see
    `client_address`), taken from X-Forwarded-For only when the request came from one of
    settings.TRUSTED_PROXIES. The proxy's address stays in META["PROXY_REMOTE_ADDR"]. Every
    reader of REMOTE_ADDR (the verification rate limit, logs) then sees the client."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = [
            ipaddress.ip_network(network, strict=False) for network in settings.TRUSTED_PROXIES
        ]

    def __call__(self, request):
        remote = request.META.get("REMOTE_ADDR", "")
        if self.trusted and _is_trusted(remote, self.trusted):
            request.META["PROXY_REMOTE_ADDR"] = remote
            request.META["REMOTE_ADDR"] = client_address(
                remote, request.META.get("HTTP_X_FORWARDED_FOR", ""), self.trusted
            )
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuses a request whose Content-Length is above settings.MAX_REQUEST_BODY_BYTES with 413,
    before anything reads the body (nginx's client_max_body_size does the same in front; a body
    without Content-Length is bounded by Django's own upload limits)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return HttpResponse(
                _("The request is too large."), status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
