"""The password backend, loading a signed-in user with their profile (role, test centre)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ProfileModelBackend(ModelBackend):
    """Django's password backend; the user of each request comes with their profile in the
    same query. Every page reads the role (`accounts.roles.role_of`), which was one query more
    per request."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
