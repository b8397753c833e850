from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import Role


class Profile(models.Model):
    """A user's role in the project; an assessor belongs to exactly one test centre."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    test_centre = models.ForeignKey(
        "validation.TestCentre",
        verbose_name=_("test centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessors",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ASSESSOR, test_centre__isnull=False)
                | (~Q(role=Role.ASSESSOR) & Q(test_centre__isnull=True)),
                name="assessor_has_exactly_one_centre",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.get_role_display()})"


class PersonalDataAccess(models.Model):
    """Log of every view of a full personal identity number (OSL 24:8, GDPR)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        "companies.Participant", on_delete=models.CASCADE, related_name="personal_data_accesses"
    )
    purpose = models.CharField(_("purpose"), max_length=64)
    accessed_at = models.DateTimeField(_("accessed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-accessed_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.participant_id} ({self.purpose})"
