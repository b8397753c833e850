from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "companies"

    def ready(self):
        from django.db.models.signals import post_delete

        from accounts.services import register_role_dependent

        from .models import Participant
        from .services import coach_keeps_companies
        from .signals import participant_deleted

        register_role_dependent(coach_keeps_companies)
        post_delete.connect(
            participant_deleted, sender=Participant, dispatch_uid="register-participant-deleted"
        )
