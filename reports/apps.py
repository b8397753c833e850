from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FIGURE_SOURCES = (
    "companies.Company",
    "companies.Participant",
    "validation.Validation",
    "validation.ValidationResult",
    "certificates.Certificate",
    "training.Enrolment",
    "training.Attendance",
    "coaching.Conversation",
    "project.Project",
)


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from .kinds import register_kinds
        from .tasks import figures_changed

        register_kinds()
        # Everything the figures count (reports.selectors.data_stamp) and the project record.
        for label in FIGURE_SOURCES:
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(figures_changed, sender=model, dispatch_uid=f"figures-{label}")
