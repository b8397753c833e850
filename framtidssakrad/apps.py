from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself as an app: its system checks and operations commands (backup, health)."""

    name = "framtidssakrad"
    verbose_name = "Framtidssäkrad"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
