from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself as an app: its system checks and operations commands (backup, health)."""

    name = "framtidssakrad"
    verbose_name = "Framtidssäkrad"

    def ready(self):
        from django.core.signals import request_finished

        from . import checks  # noqa: F401  (registers the checks)
        from .logs import clear_context

        request_finished.connect(clear_context, dispatch_uid="framtidssakrad.logs.clear_context")
