"""Test centres and the validation models they are accredited for.

Validation models, levels and competence areas are data (seeded, editable by staff): the
module lists and pass marks of industry validation are not public.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.scoping import EVERYTHING, ScopedQuerySet, assessor_centre_id
from companies.models import Participant, company_scope


class TestCentreQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        if role == Role.ASSESSOR:
            return Q(pk=assessor_centre_id(user))
        return EVERYTHING


class TestCentre(models.Model):
    name = models.CharField(_("name"), max_length=200)
    organisationsnummer = models.CharField(_("organisation number"), max_length=11, unique=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    municipality = models.ForeignKey(
        "companies.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)

    objects = TestCentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("test centre")
        verbose_name_plural = _("test centres")

    def __str__(self) -> str:
        return self.name


class ValidationModel(models.Model):
    """An industry validation model, e.g. Industriteknik BAS, with the rule for its outcome."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        help_text=_("Shown on English pages; empty: the Swedish description."),
    )
    has_practical_test = models.BooleanField(_("has a practical test"), default=False)
    theory_pass_mark = models.PositiveSmallIntegerField(
        _("theory pass mark (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_("Weighted theory score needed for a full outcome."),
    )
    area_pass_mark = models.PositiveSmallIntegerField(
        _("area pass mark (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Score every competence area must reach for a full outcome; "
            "reaching it in some areas gives a partial outcome."
        ),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: certificates do not expire."),
    )
    centre_may_issue = models.BooleanField(_("test centre may issue certificates"), default=False)
    # What a participant's time in the project counts for one validation (their hours sheet):
    # a BAS theory test takes about 3 hours, a practical test about 2 more.
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=3,
        decimal_places=1,
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
        help_text=_("The test's duration, counted in the participant's hours."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("validation model")
        verbose_name_plural = _("validation models")

    def __str__(self) -> str:
        return self.name

    @property
    def localized_description(self) -> str:
        """The description in the page's language (English falls back to Swedish)."""
        if get_language() == "en" and self.description_en:
            return self.description_en
        return self.description


class Level(models.Model):
    model = models.ForeignKey(ValidationModel, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["model", "order", "name"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["model", "name"], name="level_unique_per_model")
        ]

    def __str__(self) -> str:
        return f"{self.model.name} – {self.name}"


class CompetenceArea(models.Model):
    """A competence area; one area may belong to several models (Automation BAS shares ten
    with Industriteknik BAS)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    is_placeholder = models.BooleanField(
        _("placeholder name"),
        default=False,
        help_text=_("The official name is not public: edit it when known."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")

    def __str__(self) -> str:
        return self.name


class ModelArea(models.Model):
    """A competence area in a model, with its weight in the theory score."""

    model = models.ForeignKey(ValidationModel, on_delete=models.CASCADE, related_name="model_areas")
    area = models.ForeignKey(CompetenceArea, on_delete=models.PROTECT, related_name="model_areas")
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["model", "order", "area__name"]
        verbose_name = _("competence area in model")
        verbose_name_plural = _("competence areas in model")
        constraints = [
            models.UniqueConstraint(fields=["model", "area"], name="model_area_unique"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="model_area_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.model.name}: {self.area.name}"


class PracticalModule(models.Model):
    """A module of a model's practical test (e.g. a machine task), passed or not."""

    model = models.ForeignKey(
        ValidationModel, on_delete=models.CASCADE, related_name="practical_modules"
    )
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["model", "order", "name"]
        verbose_name = _("practical module")
        verbose_name_plural = _("practical modules")
        constraints = [
            models.UniqueConstraint(fields=["model", "name"], name="practical_module_unique")
        ]

    def __str__(self) -> str:
        return self.name


class AccreditationQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class Accreditation(models.Model):
    """A test centre is accredited for a model within a period."""

    centre = models.ForeignKey(TestCentre, on_delete=models.CASCADE, related_name="accreditations")
    model = models.ForeignKey(
        ValidationModel,
        verbose_name=_("validation model"),
        on_delete=models.PROTECT,
        related_name="accreditations",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AccreditationQuerySet.as_manager()

    class Meta:
        ordering = ["model__name", "valid_from"]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="accreditation_period_ordered",
                violation_error_code="accreditation_period_ordered",
                violation_error_message=_("The accreditation cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre} – {self.model}"


class ValidationStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    RECORDED = "recorded", _("Recorded")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    FULL = "full", _("Full")
    PARTIAL = "partial", _("Partial")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


def upcoming_q(now: datetime.datetime) -> Q:
    """Booked, and its time is still ahead."""
    return Q(status=ValidationStatus.BOOKED, scheduled_at__gte=now)


def unrecorded_q(now: datetime.datetime) -> Q:
    """Booked, its time has passed, and no result is recorded yet."""
    return Q(status=ValidationStatus.BOOKED, scheduled_at__lt=now)


class ValidationQuerySet(ScopedQuerySet):
    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(upcoming_q(now or timezone.now()))

    def unrecorded(self, now: datetime.datetime | None = None):
        return self.filter(unrecorded_q(now or timezone.now()))

    def scope(self, role, user):
        condition = company_scope(role, user, via="company__")
        if role == Role.ASSESSOR:
            # Also booked at their own centre: a company that changed centre keeps its old
            # validations with the old centre.
            condition &= Q(centre_id=assessor_centre_id(user))
        return condition


class Validation(models.Model):
    """A booked validation of one participant in one model and level at one test centre."""

    participant = models.ForeignKey(
        "companies.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="validations",
    )
    # The participant's company, kept beside the row as the scope key: who sees a validation
    # (a coach their companies', an assessor their centre's) is decided without joining the
    # participants, so a coach's list of 25,000 validations counts and pages from this table's
    # indexes (40 ms → 2 ms for the count at 100,000 participants). Set when the row is made
    # (`save`) and brought along when the participant changes company (`follow_moved`).
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    model = models.ForeignKey(
        ValidationModel, verbose_name=_("validation model"), on_delete=models.PROTECT
    )
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT)
    centre = models.ForeignKey(
        TestCentre,
        verbose_name=_("test centre"),
        on_delete=models.PROTECT,
        related_name="validations",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="assessed_validations",
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ValidationStatus.choices,
        default=ValidationStatus.BOOKED,
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The highest version of the result, kept by the recording and correcting services
    # (`ValidationResult.make_current`), so that lists read it with a join, not a subquery per row.
    current_result = models.OneToOneField(
        "ValidationResult",
        verbose_name=_("current result"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ValidationQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        verbose_name = _("validation")
        verbose_name_plural = _("validations")
        indexes = [
            models.Index(fields=["centre", "status", "scheduled_at"]),
            # The list's order (newest first, id breaks ties), read backwards; with the scope
            # key, so that a coach's or centre's deep page is read from the index alone.
            models.Index(
                fields=["scheduled_at", "id"], include=["company"], name="validation_list_order"
            ),
            # The start pages' counts of booked validations, upcoming and past their date.
            models.Index(fields=["status", "scheduled_at"], name="validation_status_when"),
            # An assessor's own agenda (start page): their bookings by date; with the scope's
            # columns its counts are read from the index alone (3,900 bookings: 2.7 → 0.8 ms).
            models.Index(
                fields=["assessor", "status", "scheduled_at", "id"],
                include=["company", "centre"],
                name="validation_agenda_scoped",
            ),
        ]
        constraints = [
            # One open booking per participant, model and level (a double click books once).
            models.UniqueConstraint(
                fields=["participant", "model", "level"],
                condition=Q(status=ValidationStatus.BOOKED),
                name="validation_one_open_booking",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.level}"

    def save(self, *args, **kwargs):
        if self.company_id is None and self.participant_id is not None:
            self.company_id = self.participant.company_id
        super().save(*args, **kwargs)

    @staticmethod
    def follow_moved(*, participant_ids, **kwargs) -> None:
        """The validations of participants who changed company take their new company (a
        receiver of `companies.signals.participants_moved`): the new company's coach and
        centre see them, the old ones no longer do, as before the scope key was kept here."""
        Validation.objects.filter(participant_id__in=participant_ids).update(
            company_id=Subquery(
                Participant.objects.filter(pk=OuterRef("participant_id")).values("company_id")[:1]
            )
        )

    @property
    def is_overdue(self) -> bool:
        """`unrecorded_q` for one row: booked, its time has passed, no result yet."""
        return self.status == ValidationStatus.BOOKED and self.scheduled_at < timezone.now()


class ValidationResult(models.Model):
    """A recorded result. Locked once saved: a correction is a new version with a reason;
    the highest version is the current one."""

    validation = models.ForeignKey(Validation, on_delete=models.PROTECT, related_name="results")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    held_on = models.DateField(_("held on"))
    theory_score = models.DecimalField(
        _("weighted theory score (%)"), max_digits=5, decimal_places=1
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    # The model's pass marks when the outcome was decided: a later change to the model does not
    # change what this result was measured against.
    theory_pass_mark = models.PositiveSmallIntegerField(_("theory pass mark (%)"))
    area_pass_mark = models.PositiveSmallIntegerField(_("area pass mark (%)"))
    recommended_actions = models.TextField(_("recommended development actions"), blank=True)
    recommended_areas = models.ManyToManyField(
        CompetenceArea,
        verbose_name=_("competence areas to develop"),
        blank=True,
        related_name="+",
    )
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/%m/", blank=True)
    correction_reason = models.TextField(_("reason for correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["validation", "-version"]
        verbose_name = _("validation result")
        verbose_name_plural = _("validation results")
        # The start pages' "recorded this month": first versions by when they were recorded.
        indexes = [models.Index(fields=["version", "recorded_at"], name="result_recorded_when")]
        constraints = [
            models.UniqueConstraint(fields=["validation", "version"], name="result_version_unique"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(correction_reason=""),
                name="result_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(theory_score__gte=0, theory_score__lte=100),
                name="result_theory_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.validation} v{self.version}"

    def make_current(self) -> None:
        """Point the validation at this version (called by the services that add versions)."""
        Validation.objects.filter(pk=self.validation_id).update(current_result=self)
        self.validation.current_result = self


class AreaScore(models.Model):
    result = models.ForeignKey(ValidationResult, on_delete=models.CASCADE, related_name="scores")
    area = models.ForeignKey(CompetenceArea, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score (%)"), validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["result", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["result", "area"], name="area_score_unique"),
            models.CheckConstraint(condition=Q(score__lte=100), name="area_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.score} %"


class PracticalScore(models.Model):
    result = models.ForeignKey(
        ValidationResult, on_delete=models.CASCADE, related_name="practical_scores"
    )
    module = models.ForeignKey(PracticalModule, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField(_("passed"))

    class Meta:
        ordering = ["result", "module__order"]
        constraints = [
            models.UniqueConstraint(fields=["result", "module"], name="practical_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.module}: {self.passed}"
