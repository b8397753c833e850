from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from . import guards, tracking

        tracking.track_all(self.apps.get_model)
        guards.connect(self.apps.get_model)
