from django.apps import AppConfig


class ValidationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "validation"

    def ready(self):
        from accounts.services import register_role_dependent
        from companies.signals import participants_moved

        from .models import Validation
        from .sections import register_sections
        from .services import assessor_keeps_bookings

        register_role_dependent(assessor_keeps_bookings)
        register_sections()
        participants_moved.connect(Validation.follow_moved, dispatch_uid="validation-follow-moved")
