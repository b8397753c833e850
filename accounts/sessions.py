"""Sessions end after a period without activity (SESSION_COOKIE_AGE, a working day by default)
instead of a fixed 14 days from login.

Django sets a session's expiry when it saves the session. Saving on every request
(SESSION_SAVE_EVERY_REQUEST) would write the session row on every page view; this middleware
saves it at most once per SESSION_REFRESH_SECONDS, which moves the expiry along while the user
works and lets it run out when they stop. (A password change ends the user's other sessions:
Django keeps a hash of the password in the session and drops sessions whose hash no longer
matches.)
"""

import time

from django.conf import settings

TOUCHED = "_last_activity"


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(TOUCHED, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[TOUCHED] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


def mark_login_as_activity(sender, request, user, **kwargs):
    """The login itself counts as activity (connected to `user_logged_in`), so the requests
    right after it do not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[TOUCHED] = int(time.time())
