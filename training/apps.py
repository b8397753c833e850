from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"

    def ready(self):
        from audit.tracking import track

        from .kinds import register_kinds
        from .sections import register_sections

        register_kinds()
        register_sections()
        # The audit trail records every create, change and delete of the app's records.
        track(self.get_model("Provider"))
        track(self.get_model("Course"))
        track(self.get_model("Session"))
        # Free text about the person: masked in the trail, cleared on anonymisation (privacy).
        track(self.get_model("Enrolment"), personal=["dropout_reason"])
        track(self.get_model("Attendance"))
        track(self.get_model("PlanItem"), personal=["description"])
        track(self.get_model("PlanEffort"))
