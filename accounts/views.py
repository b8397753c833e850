from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from framtidssakrad import ratelimit
from framtidssakrad.http import safe_next_url
from framtidssakrad.pagination import paginate
from framtidssakrad.uniqueness import save_unless_taken

from . import services, twofactor
from .forms import TwoFactorCodeForm, UserForm
from .roles import Capability as C
from .scoping import require_capability


@require_capability(C.USERS_MANAGE)
def user_list(request):
    users = (
        get_user_model()
        .objects.select_related("profile", "profile__test_centre")
        .order_by("-is_active", "first_name", "last_name", "pk")
    )
    return render(request, "accounts/user_list.html", {"page": paginate(request, users)})


def _user_form(request, user=None):
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_unless_taken(
                form,
                lambda: services.user_save(
                    actor=request.user,
                    user=user,
                    data=form.user_data(),
                    welcome=services.WelcomeSite(request.get_host(), request.is_secure()),
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved is not None:  # None: the username was taken meanwhile (form says so)
                message = (
                    _("The user %(name)s was created and sent an e-mail to choose a password.")
                    if user is None
                    else _("The user %(name)s was saved.")
                )
                messages.success(request, message % {"name": saved.get_full_name()})
                return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "edited_user": user})


@require_capability(C.USERS_MANAGE)
def user_create(request):
    return _user_form(request)


@require_capability(C.USERS_MANAGE)
def user_edit(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.is_superuser and not request.user.is_superuser:
        # A new e-mail address and a password reset would hand the admin to a staff user.
        raise PermissionDenied
    return _user_form(request, user)


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, with a limit on the e-mails one client address, and one typed
    address, can have sent per hour. Over it, no e-mail and a page that says why; the same
    whether the address belongs to a user or not."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        over_limit = [
            ratelimit.hit(
                scope=f"password-reset-{scope}",
                key=key,
                limit=limit,
                window_seconds=60 * 60,
            )
            for scope, key, limit in (
                (
                    "address",
                    get_client_ip_address(self.request) or "-",
                    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
                ),
                ("email", email, settings.PASSWORD_RESET_LIMIT_PER_EMAIL),
            )
        ]
        if any(over_limit):
            return render(self.request, "registration/password_reset_limited.html", status=429)
        return super().form_valid(form)


@login_required
def two_factor_setup(request):
    """Set up two-factor login: scan the QR code, type a code; the backup codes are shown once.
    Again later: a new authenticator replaces the old one, after a code from the new one; a user
    who has one must first log in with it (else a stolen password could enrol another phone)."""
    if twofactor.has_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={request.path}")
    device = twofactor.totp_device_for_setup(request.user)
    form = TwoFactorCodeForm(
        request.POST or None, check=lambda token: device if device.verify_token(token) else None
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = twofactor.backup_codes_create(request.user)
        otp_login(request, device)
        return render(
            request,
            "registration/two_factor_done.html",
            {"codes": codes, "next": safe_next_url(request) or reverse("home")},
        )
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": twofactor.qr_data_uri(device),
            "secret": twofactor.secret_text(device),
            "required": twofactor.two_factor_required(request.user),
            "next": safe_next_url(request) or "",
        },
    )


@login_required
def two_factor_verify(request):
    """The second step of the login: a code from the app or a backup code."""
    form = TwoFactorCodeForm(
        request.POST or None, check=lambda token: match_token(request.user, token)
    )
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(safe_next_url(request) or "home")
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": safe_next_url(request) or ""},
    )
