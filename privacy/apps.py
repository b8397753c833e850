from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data over its lifetime: anonymisation when the retention period has run out.

    On the top floor with reports: it reads and writes participants and what refers to them in
    every app; no app imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from .kinds import register_kinds

        register_kinds()
