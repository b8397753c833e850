from django.apps import AppConfig


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coaching"

    def ready(self):
        from audit.tracking import track

        from .kinds import register_kinds
        from .sections import register_sections

        register_kinds()
        register_sections()
        # The audit trail records every create, change and delete of the app's records.
        track(self.get_model("ConversationTemplate"))
        track(self.get_model("Question"))
        track(self.get_model("Conversation"))
        track(self.get_model("Action"))
        track(self.get_model("Competence"))
        track(self.get_model("NeedRecord"))
        track(self.get_model("LevelRecord"))
        # The note may hold personal data: masked in the trail, cleared on anonymisation.
        track(self.get_model("ParticipantSession"), personal=["note"])
