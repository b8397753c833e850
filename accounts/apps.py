from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import mark_login_as_activity

        user_logged_in.connect(mark_login_as_activity, dispatch_uid="accounts.sessions")
