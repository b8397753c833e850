"""Users and roles. Only project staff call these (checked by the views)."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction

from .models import Profile

User = get_user_model()


@transaction.atomic
def user_save(*, actor, form, request=None) -> User:
    """Create or update a user with their role. A new user gets an e-mail to set a password."""
    is_new = form.instance.pk is None
    user = form.save(commit=False)
    if is_new:
        # A random password nobody knows; the welcome e-mail's link sets the real one.
        # (An unusable password would make Django's reset form skip the user.)
        user.set_password(secrets.token_urlsafe(32))
    user.save()
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "role": form.cleaned_data["role"],
            "test_centre": form.cleaned_data["test_centre"],
        },
    )
    if is_new and request is not None and user.email:
        reset = PasswordResetForm({"email": user.email})
        if reset.is_valid():
            transaction.on_commit(
                lambda: reset.save(
                    request=request,
                    use_https=request.is_secure(),
                    email_template_name="registration/welcome_email.txt",
                    subject_template_name="registration/welcome_subject.txt",
                )
            )
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
    """Create (or update) a login with a role; used by demo data and operations commands."""
    user, _created = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_staff = user.is_superuser = is_superuser
    user.set_password(password)
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": role, "test_centre": test_centre})
    return user
