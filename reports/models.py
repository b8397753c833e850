"""The project itself: its period and targets are a record, not code."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    funder_reference = models.CharField(_("funder's reference"), max_length=64, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    target_companies = models.PositiveIntegerField(_("target: companies"), default=70)
    target_participants = models.PositiveIntegerField(_("target: participants"), default=1000)

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

    @classmethod
    def current(cls) -> "Project | None":
        """The project this installation runs (the first one; there is normally one)."""
        return cls.objects.order_by("pk").first()
