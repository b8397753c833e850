"""Competence development: providers, courses and other efforts, their sessions, enrolments
with attendance, and each participant's development plan (gaps and the efforts chosen for them).

Rules that the database can hold are constraints here; rules that span rows (a session inside
its course's dates, capacity, a day's hours) are checked by `services`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.scoping import EVERYTHING, ScopedQuerySet
from companies.models import company_scope

HOURS_IN_A_DAY = 24


class Provider(models.Model):
    """An organisation that runs courses (a school, a supplier, the company itself)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    organisationsnummer = models.CharField(_("organisation number"), max_length=11, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name


class CourseForm(models.TextChoices):
    COURSE = "course", _("Course")
    ON_THE_JOB = "on_the_job", _("On-the-job training")
    E_LEARNING = "e_learning", _("E-learning")
    MENTORING = "mentoring", _("Mentoring")


class CourseStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


def _linked_to_assessor(user) -> Q:
    """Courses chosen in a development plan for a gap that came from a validation the
    assessor's scope holds (their validations' recommended actions)."""
    from validation.models import Validation

    return Q(
        Exists(
            PlanEffort.objects.filter(
                course=OuterRef("pk"),
                item__validation__in=Validation.objects.for_user(user).values("pk"),
            )
        )
    )


class CourseQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        if role == Role.COACH:
            # Open courses, those arranged for their companies, and any their participants
            # take part in.
            return (
                Q(company__isnull=True)
                | company_scope(role, user, via="company__")
                | Q(
                    Exists(
                        Enrolment.objects.filter(
                            course=OuterRef("pk"), participant__company__coach_id=user.pk
                        )
                    )
                )
            )
        if role == Role.ASSESSOR:
            return _linked_to_assessor(user)
        return EVERYTHING


class Course(models.Model):
    """A course or other effort (on-the-job training, e-learning, mentoring)."""

    title = models.CharField(_("title"), max_length=200)
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="courses"
    )
    areas = models.ManyToManyField(
        "validation.CompetenceArea",
        verbose_name=_("competence areas covered"),
        blank=True,
        related_name="courses",
    )
    form = models.CharField(
        _("form"), max_length=16, choices=CourseForm.choices, default=CourseForm.COURSE
    )
    planned_hours = models.DecimalField(_("planned hours"), max_digits=6, decimal_places=1)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    # Arranged for one company (on-the-job training), or open to all when empty.
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("for company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CourseStatus.choices, default=CourseStatus.PLANNED
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title", "pk"]
        verbose_name = _("course or effort")
        verbose_name_plural = _("courses and efforts")
        indexes = [models.Index(fields=["starts_on", "id"], name="course_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="course_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(planned_hours__gte=0), name="course_planned_hours_not_negative"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_capacity_positive"),
            models.CheckConstraint(
                condition=Q(online=True) | ~Q(place=""), name="course_place_or_online"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One meeting of a course: a date, a time, and the hours it counts for."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=HOURS_IN_A_DAY), name="session_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.date:%Y-%m-%d}"


class EnrolmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class EnrolmentQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        if role == Role.COACH:
            return company_scope(role, user, via="participant__company__")
        if role == Role.ASSESSOR:
            from validation.models import Validation

            return Q(
                Exists(
                    PlanEffort.objects.filter(
                        course=OuterRef("course_id"),
                        item__participant=OuterRef("participant_id"),
                        item__validation__in=Validation.objects.for_user(user).values("pk"),
                    )
                )
            )
        return EVERYTHING


class Enrolment(models.Model):
    participant = models.ForeignKey(
        "companies.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.PLANNED,
    )
    enrolled_on = models.DateField(_("enrolled on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    dropped_out_on = models.DateField(_("dropped out on"), null=True, blank=True)
    dropout_reason = models.TextField(_("reason for dropping out"), blank=True)
    certificate = models.OneToOneField(
        "certificates.Certificate",
        verbose_name=_("certificate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolment",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["participant__last_name", "participant__first_name", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "course"], name="enrolment_once_per_course"
            ),
            models.CheckConstraint(
                condition=Q(status=EnrolmentStatus.COMPLETED, completed_on__isnull=False)
                | (~Q(status=EnrolmentStatus.COMPLETED) & Q(completed_on__isnull=True)),
                name="enrolment_completed_has_date",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=EnrolmentStatus.DROPPED_OUT, dropped_out_on__isnull=False)
                    & ~Q(dropout_reason="")
                )
                | (
                    ~Q(status=EnrolmentStatus.DROPPED_OUT)
                    & Q(dropped_out_on__isnull=True, dropout_reason="")
                ),
                name="enrolment_dropout_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.course}"


class Attendance(models.Model):
    """A participant's attendance at one session: present or not, and the hours that count."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session__date", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=HOURS_IN_A_DAY),
                name="attendance_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(present=True) | Q(hours=0), name="attendance_absent_no_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.participant} {self.session}"


class GapSourceKind(models.TextChoices):
    VALIDATION = "validation", _("Validation")
    COMPETENCE_MAP = "competence_map", _("Competence map")
    MANUAL = "manual", _("Added by hand")


class PlanItemQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        if role == Role.ASSESSOR:
            # Only the part of the plan that came from their validations.
            from validation.models import Validation

            return Q(validation__in=Validation.objects.for_user(user).values("pk"))
        return company_scope(role, user, via="participant__company__")


class PlanItem(models.Model):
    """A gap in a participant's development plan, where it came from, and whether it is closed.

    `source` + `source_ref` say which record the gap was taken from (a validation result's
    recommended area, a competence of the coaching map), so taking gaps in again adds only new ones.
    """

    participant = models.ForeignKey(
        "companies.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="plan_items",
    )
    area = models.ForeignKey(
        "validation.CompetenceArea",
        verbose_name=_("competence area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("gap"), blank=True)
    source = models.CharField(_("source"), max_length=16, choices=GapSourceKind.choices)
    source_ref = models.CharField(max_length=64, blank=True)
    validation = models.ForeignKey(
        "validation.Validation",
        verbose_name=_("validation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    closed = models.BooleanField(_("closed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["participant", "pk"]
        verbose_name = _("development plan gap")
        verbose_name_plural = _("development plan gaps")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "source", "source_ref"],
                condition=~Q(source_ref=""),
                name="plan_item_once_per_source",
            ),
            models.CheckConstraint(
                condition=~Q(source=GapSourceKind.VALIDATION) | Q(validation__isnull=False),
                name="plan_item_validation_source_has_validation",
            ),
            models.CheckConstraint(
                condition=Q(area__isnull=False) | ~Q(description=""),
                name="plan_item_area_or_description",
            ),
        ]

    def __str__(self) -> str:
        return str(self.area or self.description[:60])


class PlanEffort(models.Model):
    """A course or effort chosen to close a gap."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="efforts")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="plan_efforts")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "course__starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "course"], name="plan_effort_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.course}"


class HoursBatchQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        # Staff see every batch; anyone else the batches they started.
        return EVERYTHING if role == Role.STAFF else Q(created_by_id=user.pk)


class HoursBatch(models.Model):
    """A company's monthly hours sheets made together; each sheet is a Document, and so is the
    ZIP of them all."""

    company = models.ForeignKey(
        "companies.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    documents = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    zip_document = models.OneToOneField(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours_batch",
    )

    objects = HoursBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("batch of hours sheets")
        verbose_name_plural = _("batches of hours sheets")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="hours_batch_first_of_month")
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.month:%Y-%m}"
