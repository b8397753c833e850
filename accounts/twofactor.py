"""Two-factor login (django-otp): a time-based code from an authenticator app (TOTP), with
single-use backup codes for a lost phone.

Required for the roles that see full personnummer and everything (staff, managers) and for
superusers when TWO_FACTOR_REQUIRED is on (production's default); for everyone when
TWO_FACTOR_FOR_EVERYONE is on; optional otherwise (Two-factor login in the user menu).
Development (`make run`) and the test suite leave it off unless set, so demo users and tests
log in with a password only.
"""

import base64
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role, role_of

BACKUP_CODES = 10
# Reachable before the second step: the steps themselves, logging out, the language switch.
OPEN_URL_NAMES = {"two_factor_setup", "two_factor_verify", "logout", "set_language"}


def two_factor_required(user) -> bool:
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return (
        settings.TWO_FACTOR_FOR_EVERYONE
        or user.is_superuser
        or role_of(user) in (Role.STAFF, Role.MANAGER)
    )


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class TwoFactorMiddleware:
    """Sends a user who must use two-factor login, and has not given a code in this session, to
    the code page (or to set it up) before any other page. After django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if two_factor_required(user) and not user.is_verified():
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None  # a 404 either way
            if name is not None and name not in OPEN_URL_NAMES:
                step = "verify" if has_device(user) else "setup"
                url = reverse(f"accounts:two_factor_{step}")
                return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def totp_device_for_setup(user) -> TOTPDevice:
    """The user's unconfirmed authenticator device, made when first asked for."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// link as a QR code (an SVG data: URI, which the CSP allows)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4)


def secret_text(device: TOTPDevice) -> str:
    """The key to type into an app that cannot scan: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def backup_codes_create(user) -> list[str]:
    """New single-use backup codes for `user` (the old ones stop working)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
