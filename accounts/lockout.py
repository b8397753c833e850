"""Login lockout (django-axes): too many wrong passwords lock the login for a cool-off period.

Two budgets, counted separately over the cool-off period: `AXES_FAILURE_LIMIT` (5) wrong
passwords for one username, from anywhere; and `LOGIN_FAILURE_LIMIT_PER_ADDRESS` from one
address, over all usernames (someone trying many accounts). Staff unlock a user in the admin
(Axes → Access attempts: delete the user's rows) or with `manage.py axes_reset_username NAME`.
"""

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class UserAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        per_user = super().get_failures(request, credentials)
        per_address = (
            AccessAttempt.objects.filter(
                ip_address=request.axes_ip_address,
                attempt_time__gte=get_cool_off_threshold(request),
            ).aggregate(total=Sum("failures_since_start"))["total"]
            or 0
        )
        if per_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            # Axes locks when the failures reach its (per-user) limit.
            return max(per_user, get_failure_limit(request, credentials))
        return per_user


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check before the password check, for every login that comes with a request.

    The login page and the admin pass the request. Django's test client's `login()` does not,
    and neither does code that checks a password outside a request; those go on to the
    password backend unchecked instead of failing (nothing there faces the internet)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): what happened, for how long,
    and who can help. The same for every username, existing or not."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
