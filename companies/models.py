"""The register: municipalities, companies with their contacts, and participants."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.scoping import EVERYTHING, ScopedQuerySet, assessor_centre_id

from .identifiers import format_personnummer, mask_personnummer
from .signals import participants_moved


class County(models.TextChoices):
    JONKOPING = "06", _("Jönköping County")
    KRONOBERG = "07", _("Kronoberg County")


class Municipality(models.Model):
    """Seeded by a data migration with every municipality of the two counties."""

    code = models.CharField(_("municipality code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    county = models.CharField(_("county"), max_length=2, choices=County.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class CompanyStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    RECRUITED = "recruited", _("Recruited")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CentreReason(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    RELATIONSHIP = "relationship", _("Earlier relationship")


def company_scope(role: str, user, *, via: str = "") -> Q:
    """Which companies a role works with: an assessor those assigned to their test centre, a
    coach their own, staff and managers all. `via` is the path to the company from another
    model ("company__", "participant__company__"), so everything that belongs to a company is
    scoped by this one rule."""
    if role == Role.ASSESSOR:
        return Q(**{f"{via}test_centre_id": assessor_centre_id(user)})
    if role == Role.COACH:
        return Q(**{f"{via}coach_id": user.pk})
    return EVERYTHING


class CompanyQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        return company_scope(role, user)


sni_validator = RegexValidator(
    r"^\d{2}(\.\d{1,3})?$", _("Enter an SNI 2007 code such as 25.620 or 25.")
)


class Company(models.Model):
    organisationsnummer = models.CharField(_("organisation number"), max_length=11, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sni_code = models.CharField(
        _("SNI code"),
        max_length=6,
        validators=[sni_validator],
        help_text=_("SNI 2007, e.g. 25.620"),
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    employees = models.PositiveIntegerField(_("number of employees"))
    status = models.CharField(
        _("status"), max_length=16, choices=CompanyStatus.choices, default=CompanyStatus.PROSPECT
    )
    recruited_on = models.DateField(_("recruited on"), null=True, blank=True)
    activated_on = models.DateField(_("active from"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coached_companies",
        limit_choices_to={"profile__role": Role.COACH},
    )
    test_centre = models.ForeignKey(
        "validation.TestCentre",
        verbose_name=_("test centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
    )
    test_centre_reason = models.CharField(
        _("reason for test centre"), max_length=16, choices=CentreReason.choices, blank=True
    )
    # How many of the four coaching conversations are held, in order (0–4). Kept by the
    # coaching app through `company_set_conversations_held`, so the register can filter by
    # "next conversation" without importing the app above it. A database default too, so that
    # rows written by code that predates the column (an older migration's state) still insert.
    conversations_held = models.PositiveSmallIntegerField(
        _("conversations held"), default=0, db_default=0, db_index=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        # Unique (id breaks ties) so that paging shows every row once; the index serves it.
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"], name="company_name_order")]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.CheckConstraint(
                condition=Q(test_centre__isnull=True, test_centre_reason="")
                | (Q(test_centre__isnull=False) & ~Q(test_centre_reason="")),
                name="company_centre_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(conversations_held__lte=4), name="company_conversations_held_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def test_centres():
    """Every test centre, for choosing a company's. Test centres live in `validation`, a floor
    above the register; the register names them only through its own foreign key, never by
    importing that app (see .importlinter)."""
    return Company._meta.get_field("test_centre").related_model.objects.order_by("name", "pk")


class ContactPerson(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")


class StartStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    FURLOUGHED = "furloughed", _("Furloughed")
    UNDER_NOTICE = "under_notice", _("Under notice")


class ParticipantStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    MAPPED = "mapped", _("Mapped")
    VALIDATION_BOOKED = "validation_booked", _("Validation booked")
    VALIDATED = "validated", _("Validated")
    IN_DEVELOPMENT = "in_development", _("In development")
    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
    ENDED = "ended", _("Ended")
    DROPPED_OUT = "dropped_out", _("Dropped out")

    @classmethod
    def before(cls, status: str) -> tuple[str, ...]:
        """The steps of the way through the project that come before `status` (ended and
        dropped out are not steps: they can follow any of them)."""
        return PARTICIPANT_STEPS[: PARTICIPANT_STEPS.index(status)]


PARTICIPANT_STEPS = (
    ParticipantStatus.REGISTERED,
    ParticipantStatus.MAPPED,
    ParticipantStatus.VALIDATION_BOOKED,
    ParticipantStatus.VALIDATED,
    ParticipantStatus.IN_DEVELOPMENT,
    ParticipantStatus.CERTIFICATE_ISSUED,
)


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed the project")
    NEW_JOB = "new_job", _("New job")
    STUDIES = "studies", _("Started studies")
    LEFT_COMPANY = "left_company", _("Left the company")
    ILLNESS = "illness", _("Illness")
    OTHER = "other", _("Other")


class ParticipantQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        return company_scope(role, user, via="company__")


class Participant(models.Model):
    # Canonical 12 digits; empty for protected identity (skyddad identitet).
    personnummer = models.CharField(
        _("personal identity number"), max_length=12, unique=True, null=True, blank=True
    )
    protected_identity = models.BooleanField(_("protected identity"), default=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="participants"
    )
    start_status = models.CharField(_("start status"), max_length=16, choices=StartStatus.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=16, choices=EndReason.choices, blank=True
    )
    consent_given_on = models.DateField(
        _("consent and GDPR information given"), null=True, blank=True
    )
    # Set when the retention period ran out and the number and name were removed (privacy app);
    # what statistics need (sex, company, dates, statuses) stays.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.REGISTERED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        # Unique (id breaks ties among equal names) so that paging shows every row once.
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(protected_identity=True, personnummer__isnull=True)
                | Q(protected_identity=False, personnummer__isnull=False)
                | Q(anonymised_on__isnull=False, personnummer__isnull=True),
                name="participant_number_or_protected",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="participant_end_after_start",
                violation_error_code="participant_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="participant_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "status"]),
            # The list's order, over everyone and within one company (the company page). The
            # company rides along so that a coach's or an assessor's deep page (their companies'
            # participants, page 1,400 of 1,700) is read from the index alone in the list's
            # order, instead of joining and sorting half the table (248 ms at 100,000); the
            # status too, so that the booking form's search (those still in the project) tests
            # names and status in the index alone.
            models.Index(
                fields=["last_name", "first_name", "id"],
                include=["company", "status"],
                name="participant_name_order",
            ),
            models.Index(
                fields=["company", "last_name", "first_name", "id"],
                name="participant_company_order",
            ),
            # The start pages' counts (started by today, still active, women and men), for the
            # whole project or a coach's or centre's companies, read from the index alone.
            models.Index(
                fields=["company", "start_date"],
                include=["end_date", "sex"],
                name="participant_counts",
            ),
            # The register's fingerprint (selectors.register_stamp): the newest change.
            models.Index(fields=["updated_at"], name="participant_updated"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        moved = (
            "company_id" in self.__dict__
            and getattr(self, "_saved_company_id", None) is not None
            and self._saved_company_id != self.company_id
        )
        super().save(*args, **kwargs)
        self._saved_company_id = self.company_id
        if moved:
            participants_moved.send(sender=Participant, participant_ids=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        participant = super().from_db(db, field_names, values)
        participant._saved_company_id = participant.__dict__.get("company_id")
        return participant

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_personnummer(self) -> str:
        if self.anonymised_on:
            return str(_("Anonymised"))
        if self.protected_identity or not self.personnummer:
            return str(_("Protected identity"))
        return mask_personnummer(self.personnummer)

    @property
    def formatted_personnummer(self) -> str:
        if self.anonymised_on:
            return str(_("Anonymised"))
        if self.protected_identity or not self.personnummer:
            return str(_("Protected identity"))
        return format_personnummer(self.personnummer)
