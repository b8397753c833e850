"""The project itself: its period and targets are a record, not code."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    DEFAULT_TARGET_COMPANIES = 70
    DEFAULT_TARGET_PARTICIPANTS = 1000

    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    funder_reference = models.CharField(_("funder's reference"), max_length=64, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    target_companies = models.PositiveIntegerField(
        _("target: companies"), default=DEFAULT_TARGET_COMPANIES
    )
    target_participants = models.PositiveIntegerField(
        _("target: participants"), default=DEFAULT_TARGET_PARTICIPANTS
    )
    # The other indicators the project follows; empty when the project has set no target.
    target_validations = models.PositiveIntegerField(
        _("target: validations done"), null=True, blank=True
    )
    target_certificates = models.PositiveIntegerField(
        _("target: certificates issued"), null=True, blank=True
    )
    target_development = models.PositiveIntegerField(
        _("target: participants with completed development"), null=True, blank=True
    )
    target_hours = models.PositiveIntegerField(_("target: hours"), null=True, blank=True)
    # The progress report's free text, written by staff (activities, deviations, and how the
    # horizontal principles were secured).
    report_activities = models.TextField(_("activities"), blank=True)
    report_deviations = models.TextField(_("deviations"), blank=True)
    report_horizontal_principles = models.TextField(
        _("horizontal principles (gender equality, accessibility, non-discrimination)"),
        blank=True,
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="project_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def targets(self) -> dict:
        """Every target by indicator (None where none is set); one name per indicator."""
        return {
            "companies": self.target_companies,
            "participants": self.target_participants,
            "validations": self.target_validations,
            "certificates": self.target_certificates,
            "development": self.target_development,
            "hours": self.target_hours,
        }

    @classmethod
    def current(cls) -> "Project | None":
        """The project this installation runs (the first one; there is normally one)."""
        return cls.objects.order_by("pk").first()
