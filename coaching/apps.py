from django.apps import AppConfig


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coaching"

    def ready(self):
        from .kinds import register_kinds
        from .sections import register_sections

        register_kinds()
        register_sections()
