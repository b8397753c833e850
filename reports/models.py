"""What the reports app keeps: who gets the monthly progress report, and the funder's monthly
participant reports that were sent (the figures themselves are computed, never stored)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportSubscription(models.Model):
    """A manager's or staff member's wish to get the progress report by e-mail every month."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscription"
    )
    monthly = models.BooleanField(_("e-mail me the progress report every month"), default=False)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")

    def __str__(self) -> str:
        return str(self.user)


class FunderReport(models.Model):
    """One sending of the funder's monthly participant report (SCB): who sent which month
    when, and the rows exactly as sent, so a later change to that month can be seen and the
    month (and every later one) sent again."""

    month = models.DateField(_("month"), help_text=_("The first day of the reported month."))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    rows = models.JSONField(_("rows"), default=list)
    row_count = models.PositiveIntegerField(_("number of rows"))
    fingerprint = models.CharField(max_length=64)
    is_correction = models.BooleanField(_("correction"), default=False)
    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funder_report",
    )

    class Meta:
        ordering = ["-month", "-sent_at", "-pk"]
        verbose_name = _("funder's participant report")
        verbose_name_plural = _("funder's participant reports")
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="funder_report_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
