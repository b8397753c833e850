"""One role-scoping mechanism for every app.

A scoped model's manager is built from a `ScopedQuerySet` subclass that says, per role, which
rows the role sees. Views reach scoped rows only through `Model.objects.for_user(user)` or
`get_for_user(...)`: outside the user's scope is 404 (existence is not leaked), inside the scope
but without the capability is 403.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .roles import Role, has_capability, role_of

EVERYTHING = Q()


class ScopedQuerySet(models.QuerySet):
    """Subclasses implement `scope(role, user)` returning a Q (EVERYTHING for all rows)."""

    def scope(self, role: str, user) -> Q:  # pragma: no cover - abstract
        raise NotImplementedError

    def for_user(self, user):
        role = role_of(user)
        if role is None:
            return self.none()
        condition = self.scope(role, user)
        return self if condition == EVERYTHING else self.filter(condition)

    def sees_all(self, user) -> bool:
        """Whether `user`'s scope is every row: a count may then skip the joins a scope needs."""
        role = role_of(user)
        return role is not None and self.scope(role, user) == EVERYTHING


def assessor_centre_id(user) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.test_centre_id if profile and profile.role == Role.ASSESSOR else None


def get_for_user(queryset_or_model, user, *, capability: str | None = None, **lookup):
    """The one object a user asked for: 404 outside their scope, 403 without the capability.

    Any view may call it; `capability` names what the view is about to do with the object.
    """
    queryset = (
        queryset_or_model.objects.all()
        if isinstance(queryset_or_model, type)
        else queryset_or_model
    )
    obj = get_object_or_404(queryset.for_user(user), **lookup)
    if capability and not has_capability(user, capability):
        raise PermissionDenied
    return obj


def require_capability(capability: str) -> Callable:
    """View decorator: log in first, then 403 unless the user's role has `capability`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
