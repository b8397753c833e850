from django.apps import AppConfig


class ValidationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "validation"

    def ready(self):
        from .sections import register_sections

        register_sections()
