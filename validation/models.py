"""Test centres and the validation models they are accredited for.

Validation models, levels and competence areas are data (seeded, editable by staff): the
module lists and pass marks of industry validation are not public.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.scoping import EVERYTHING, ScopedQuerySet, assessor_centre_id


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
    description = models.TextField(_("description"), blank=True)
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

    class Meta:
        ordering = ["name"]
        verbose_name = _("validation model")
        verbose_name_plural = _("validation models")

    def __str__(self) -> str:
        return self.name


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
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre} – {self.model}"
