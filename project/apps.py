from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project record (period, funder, targets): a low floor every app may read."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "project"
    verbose_name = _("Project")
