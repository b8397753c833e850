"""Users and roles.

The house's one convention for writes (the same in every app): a write is a service
`<thing>_<verb>(*, actor, …)` with keyword-only, typed arguments (a dataclass where there are
many) and never a form or a request. It checks the actor's capability (`accounts.roles`) and
scope itself and raises `PermissionDenied` when they are missing, so that the web, the commands,
an import and an API all go through the same door. A broken rule raises `ValidationError` keyed
by the field it concerns, and nothing is saved.

`accounts` is the ground floor: it imports no other app. What the apps above keep on a user's
role (a coach's companies, an assessor's bookings) they tell it through `ROLE_DEPENDENTS`.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import Profile
from .roles import Capability, Role, has_capability

User = get_user_model()


@dataclass(frozen=True)
class UserData:
    """A user and their role, as entered. `test_centre` is a `validation.TestCentre` (an
    assessor's; ignored for other roles)."""

    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    test_centre: object = None
    is_active: bool = True

    @property
    def test_centre_id(self) -> int | None:
        return self.test_centre.pk if self.test_centre and self.role == Role.ASSESSOR else None


@dataclass(frozen=True)
class RoleChange:
    """A change to an existing user's role, centre or login, before it is saved."""

    user: object
    previous_role: str
    previous_centre_id: int | None
    role: str
    centre_id: int | None
    deactivated: bool


# Checks that refuse a RoleChange which would leave something without the person it relies on:
# each returns {field: message} (empty when the change is fine). The apps above accounts add
# theirs in their AppConfig.ready(); accounts cannot import them.
ROLE_DEPENDENTS: list[Callable[[RoleChange], dict[str, str]]] = []


def register_role_dependent(check: Callable[[RoleChange], dict[str, str]]) -> None:
    if check not in ROLE_DEPENDENTS:
        ROLE_DEPENDENTS.append(check)


@dataclass(frozen=True)
class WelcomeSite:
    """Where the welcome e-mail's link to choose a password points."""

    domain: str
    use_https: bool


def _check_role_dependents(user, data: UserData) -> None:
    profile = Profile.objects.select_related("user").filter(user=user).first()
    if profile is None:
        return
    change = RoleChange(
        user=profile.user,  # as stored: a bound form has already changed `user` in memory
        previous_role=profile.role,
        previous_centre_id=profile.test_centre_id,
        role=data.role,
        centre_id=data.test_centre_id,
        deactivated=not data.is_active,
    )
    errors: dict[str, list[str]] = {}
    for check in ROLE_DEPENDENTS:
        for field, message in check(change).items():
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def _send_welcome(user, site: WelcomeSite) -> None:
    reset = PasswordResetForm({"email": user.email})
    if reset.is_valid():
        transaction.on_commit(
            lambda: reset.save(
                domain_override=site.domain,
                use_https=site.use_https,
                email_template_name="registration/welcome_email.txt",
                subject_template_name="registration/welcome_subject.txt",
            )
        )


@transaction.atomic
def user_save(*, actor, data: UserData, user=None, welcome: WelcomeSite | None = None) -> User:
    """Create (`user` None) or update a user with their role (holders of `accounts.manage`;
    only a superuser may change a superuser). A change of role, centre or login that something
    still relies on is refused (`ROLE_DEPENDENTS`). A new user with an e-mail address is sent a
    link to choose a password, at `welcome`'s address, after the commit."""
    if not has_capability(actor, Capability.USERS_MANAGE):
        raise PermissionDenied
    if user is not None and user.is_superuser and not actor.is_superuser:
        # A new e-mail address and a password reset would hand the admin to a staff user.
        raise PermissionDenied
    is_new = user is None
    if not is_new:
        _check_role_dependents(user, data)
    user = user or User()
    user.username, user.first_name, user.last_name = data.username, data.first_name, data.last_name
    user.email, user.is_active = data.email, data.is_active
    user.validate_unique()
    if is_new:
        # A random password nobody knows; the welcome e-mail's link sets the real one.
        # (An unusable password would make Django's reset form skip the user.)
        user.set_password(secrets.token_urlsafe(32))
    user.save()
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "role": data.role,
            "test_centre": data.test_centre if data.test_centre_id else None,
        },
    )
    if is_new and welcome is not None and user.email:
        _send_welcome(user, welcome)
    return user


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    test_centre=None,
    is_superuser: bool = False,
) -> User:
    """Create (or update) a login with a role: the bootstrap door for demo data and operations
    commands, run by whoever runs `manage.py` (there is no actor yet: it makes the first one)."""
    user, _created = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_staff = user.is_superuser = is_superuser
    user.set_password(password)
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": role, "test_centre": test_centre})
    return user
