"""Competence certificates (kompetensbevis) and the batches they are issued in.

A certificate keeps a snapshot of what it certifies as it was issued (name, model, level,
areas, test centre): a later edit of the model or a correction of the participant's name does
not change a certificate already handed out. Its PDF is a `documents.Document`, rendered once.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.scoping import EVERYTHING, ScopedQuerySet
from companies.models import company_scope

# No 0/O, 1/I/L: a code read aloud or typed from paper is unambiguous. 31 symbols, 10 long:
# ~8 * 10^14 codes, so hitting any of a million issued takes ~10^9 tries (rate-limited).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value: str) -> str:
    """A typed code in canonical form: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


class CertificateKind(models.TextChoices):
    # Completed courses (competence development) will be a second kind.
    VALIDATION = "validation", _("Industry validation")


class CertificateLanguage(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    BILINGUAL = "sv+en", _("Swedish and English")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class CertificateState(models.TextChoices):
    """What a reader is told: the stored status, with 'expired' computed from the date."""

    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class CertificateQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        return company_scope(role, user, via="participant__company__")

    def in_state(self, state: str, day: datetime.date | None = None):
        day = day or timezone.localdate()
        if state == CertificateState.REVOKED:
            return self.filter(status=CertificateStatus.REVOKED)
        not_expired = Q(expires_on__isnull=True) | Q(expires_on__gte=day)
        if state == CertificateState.EXPIRED:
            return self.filter(status=CertificateStatus.VALID).exclude(not_expired)
        return self.filter(not_expired, status=CertificateStatus.VALID)


class CertificateBatchQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        # Bulk issue is staff work; anyone else sees only batches they started.
        return EVERYTHING if role == Role.STAFF else Q(created_by_id=user.pk)


class CertificateBatch(models.Model):
    """Certificates issued together (for a company or a filtered list); its ZIP is a Document."""

    description = models.CharField(_("selection"), max_length=300)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, choices=CertificateLanguage.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    zip_document = models.OneToOneField(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate_batch",
    )

    objects = CertificateBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self) -> str:
        return self.description


class Certificate(models.Model):
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=CertificateKind.choices,
        default=CertificateKind.VALIDATION,
    )
    participant = models.ForeignKey(
        "companies.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    validation = models.ForeignKey(
        "validation.Validation",
        verbose_name=_("validation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    # The result version that was certified (a later correction makes a new version).
    validation_result = models.ForeignKey(
        "validation.ValidationResult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    validation_model = models.ForeignKey(
        "validation.ValidationModel",
        verbose_name=_("validation model"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    centre = models.ForeignKey(
        "validation.TestCentre",
        verbose_name=_("test centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    batch = models.ForeignKey(
        CertificateBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    # Snapshot: what the certificate says, as issued.
    participant_name = models.CharField(_("name"), max_length=201)
    subject = models.CharField(_("validated in"), max_length=200)
    level_name = models.CharField(_("level"), max_length=100, blank=True)
    areas = models.JSONField(_("competence areas"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16)
    assessed_on = models.DateField(_("validated on"))
    issuer_name = models.CharField(_("issuer"), max_length=200)
    centre_name = models.CharField(_("test centre"), max_length=200, blank=True)

    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=CertificateLanguage.choices,
        default=CertificateLanguage.SWEDISH,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("PDF"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            models.Index(fields=["status", "expires_on"]),
            # The list's order (-issued_on, -pk), read backwards; a batch's order by name.
            models.Index(fields=["issued_on", "id"], name="certificate_list_order"),
            models.Index(
                fields=["batch", "participant_name", "id"], name="certificate_batch_order"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CertificateStatus.VALID, revoked_at__isnull=True)
                | (
                    Q(status=CertificateStatus.REVOKED, revoked_at__isnull=False)
                    & ~Q(revoked_reason="")
                ),
                name="certificate_revoked_has_reason_and_time",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CertificateKind.VALIDATION) | Q(validation__isnull=False),
                name="certificate_validation_kind_has_validation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.participant_name}"

    def state(self, day: datetime.date | None = None) -> str:
        if self.status == CertificateStatus.REVOKED:
            return CertificateState.REVOKED
        day = day or timezone.localdate()
        if self.expires_on is not None and self.expires_on < day:
            return CertificateState.EXPIRED
        return CertificateState.VALID

    def get_state_display(self) -> str:
        return CertificateState(self.state()).label

    @property
    def title(self) -> str:
        return f"{self.subject} – {self.level_name}" if self.level_name else self.subject
