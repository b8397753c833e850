from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "companies"

    def ready(self):
        from accounts.services import register_role_dependent

        from .services import coach_keeps_companies

        register_role_dependent(coach_keeps_companies)
