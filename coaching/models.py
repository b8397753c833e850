"""Competence coaching: the four structured conversations and the company's competence map.

The four conversations are driven by templates staff edit without code. A template is never
changed in place: editing makes a new version, and a conversation keeps the version it was
planned or held with, so it always shows its questions as they were.

The competence map is dated: a change never overwrites a row, it closes the current one
(`replaced_at`) and adds a new one, so the map at any earlier moment can be read back.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.scoping import ScopedQuerySet
from companies.models import Company, ContactPerson, Participant, company_scope

NUMBERS = (1, 2, 3, 4)
LEVEL_MIN, LEVEL_MAX = 1, 5
NOTHING = Q(pk__in=[])


def _localised(sv: str, en: str) -> str:
    """The English text when the interface is English and one is written, else the Swedish."""
    if (translation.get_language() or "sv").startswith("en") and en:
        return en
    return sv


class ConversationTemplate(models.Model):
    """One version of the template for conversation `number`; the current one is used for new
    conversations."""

    number = models.PositiveSmallIntegerField(_("conversation number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["number", "-version"]
        verbose_name = _("conversation template")
        verbose_name_plural = _("conversation templates")
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="template_version_unique"),
            models.UniqueConstraint(
                fields=["number"], condition=Q(is_current=True), name="template_one_current"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="template_number_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("coaching:template_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return _localised(self.title_sv, self.title_en)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale 1–5")
    YES_NO = "yes_no", _("Yes or no")
    DATE = "date", _("Date")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Question(models.Model):
    template = models.ForeignKey(
        ConversationTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    text_sv = models.CharField(_("question (Swedish)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_sv = models.CharField(_("help text (Swedish)"), max_length=500, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    # Lists of strings, the same length: the stored answer is the Swedish choice.
    choices_sv = models.JSONField(_("choices (Swedish)"), default=list, blank=True)
    choices_en = models.JSONField(_("choices (English)"), default=list, blank=True)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="question_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _localised(self.text_sv, self.text_en)

    @property
    def help(self) -> str:
        return _localised(self.help_sv, self.help_en)

    def choice_pairs(self) -> list[tuple[str, str]]:
        """(stored value, label in the interface language) for each choice."""
        english = self.choices_en if len(self.choices_en) == len(self.choices_sv) else []
        return [
            (sv, _localised(sv, english[i] if english else ""))
            for i, sv in enumerate(self.choices_sv)
        ]


class ConversationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class ConversationQuerySet(ScopedQuerySet):
    """Coaches their companies', staff and managers all; assessors none (no answers at all)."""

    via = "company__"

    def scope(self, role, user):
        if role == Role.ASSESSOR:
            return NOTHING
        return company_scope(role, user, via=self.via)


class Conversation(models.Model):
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="conversations"
    )
    number = models.PositiveSmallIntegerField(_("conversation number"))
    template = models.ForeignKey(
        ConversationTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConversationStatus.choices,
        default=ConversationStatus.PLANNED,
    )
    planned_at = models.DateTimeField(_("planned for"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    mode = models.CharField(_("on site or online"), max_length=16, choices=Mode.choices)
    contacts = models.ManyToManyField(
        ContactPerson, verbose_name=_("contact persons present"), blank=True, related_name="+"
    )
    coach_present = models.BooleanField(_("coach present"), default=True)
    other_attendees = models.CharField(
        _("others present"),
        max_length=500,
        blank=True,
        help_text=_("Names, separated by commas."),
    )
    # {question id: answer}; the answer's type follows the question's kind.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["company", "number", "id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="conversation_number_range"
            ),
            models.CheckConstraint(
                condition=~Q(status=ConversationStatus.HELD) | Q(held_on__isnull=False),
                name="conversation_held_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ConversationStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="conversation_cancel_has_reason",
            ),
            # Cancelled ones may be many; the live one per number is one.
            models.UniqueConstraint(
                fields=["company", "number"],
                condition=~Q(status=ConversationStatus.CANCELLED),
                name="conversation_one_live_per_number",
            ),
        ]
        indexes = [models.Index(fields=["status", "planned_at"])]

    def __str__(self) -> str:
        return f"{self.company} – {self.template.title}"

    def get_absolute_url(self) -> str:
        return reverse("coaching:conversation_detail", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == ConversationStatus.HELD


class ActionQuerySet(ConversationQuerySet):
    via = "conversation__company__"


class Action(models.Model):
    """An action agreed in a conversation; its owner is a contact person or the coach."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("action"), max_length=500)
    owner_contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_is_coach = models.BooleanField(_("the coach owns it"), default=False)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_contact__isnull=False, owner_is_coach=False)
                | Q(owner_contact__isnull=True, owner_is_coach=True),
                name="action_one_owner",
            ),
        ]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return self.what

    def get_absolute_url(self) -> str:
        return self.conversation.get_absolute_url() + "#actions"

    @property
    def owner_name(self) -> str:
        """The contact person, or the company's coach by name (the role only when the company
        has no coach). Readers select `conversation__company__coach` with the action."""
        if not self.owner_is_coach:
            return str(self.owner_contact)
        coach = self.conversation.company.coach
        if coach is None:
            return str(_("Coach"))
        return coach.get_full_name() or coach.username


# --- The competence map -------------------------------------------------------------------


class MapQuerySet(ScopedQuerySet):
    """Coaches their companies, staff and managers all, assessors their centre's companies
    (read-only: the capability table gives them no edit)."""

    via = "company__"

    def scope(self, role, user):
        return company_scope(role, user, via=self.via)


class Competence(models.Model):
    """A competence a company needs: a validation models' competence area, or a free one the
    coach names. Its needed level lives in dated `NeedRecord`s."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="competences")
    area = models.ForeignKey(
        "validation.CompetenceArea",
        verbose_name=_("competence area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MapQuerySet.as_manager()

    class Meta:
        ordering = ["company", "id"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False, name="") | (Q(area__isnull=True) & ~Q(name="")),
                name="competence_area_or_name",
            ),
            models.UniqueConstraint(
                fields=["company", "area"],
                condition=Q(area__isnull=False),
                name="competence_area_once",
            ),
            models.UniqueConstraint(
                fields=["company", "name"], condition=~Q(name=""), name="competence_name_once"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("coaching:map", args=[self.company_id])

    @property
    def label(self) -> str:
        return self.name or self.area.name


level_validators = [MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)]
LEVEL_RANGE = Q(level__gte=LEVEL_MIN, level__lte=LEVEL_MAX)


class RecordQuerySet(MapQuerySet):
    """A need's or a level's records: scoped through their competence's company."""

    via = "competence__company__"


class NeedRecord(models.Model):
    """The level a company needs in a competence, from `recorded_at` until `replaced_at`.
    A null level means the competence was taken off the map."""

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="needs")
    level = models.PositiveSmallIntegerField(
        _("needed level"), null=True, blank=True, validators=level_validators
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["competence", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True) | LEVEL_RANGE, name="need_level_range"
            ),
            models.UniqueConstraint(
                fields=["competence"],
                condition=Q(replaced_at__isnull=True),
                name="need_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence_id}: {self.level} ({self.recorded_at:%Y-%m-%d})"


class LevelRecord(models.Model):
    """The coach's assessment of a participant's current level in a competence, from
    `recorded_at` until `replaced_at`."""

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="levels")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="competence_levels"
    )
    level = models.PositiveSmallIntegerField(_("current level"), validators=level_validators)
    recorded_at = models.DateTimeField(_("recorded at"))
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["competence", "participant", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=LEVEL_RANGE, name="level_record_range"),
            models.UniqueConstraint(
                fields=["competence", "participant"],
                condition=Q(replaced_at__isnull=True),
                name="level_one_current",
            ),
        ]
        indexes = [models.Index(fields=["participant", "competence"])]

    def __str__(self) -> str:
        return f"{self.participant_id}/{self.competence_id}: {self.level}"


# --- Participants' sessions with the coach ------------------------------------------------


class SessionKind(models.TextChoices):
    MAPPING_INTERVIEW = "mapping_interview", _("Competence-mapping interview")
    GUIDANCE = "guidance", _("Guidance conversation")


class ParticipantSessionQuerySet(ConversationQuerySet):
    """As the conversations: coaches their companies', staff and managers all, assessors none."""

    via = "participant__company__"


class ParticipantSession(models.Model):
    """An individual session the coach held with a participant: its kind, day and hours (they
    count in the participant's hours, training.hours) and an optional note."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="coaching_sessions",
    )
    kind = models.CharField(_("type"), max_length=32, choices=SessionKind.choices)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantSessionQuerySet.as_manager()

    class Meta:
        ordering = ["participant", "-held_on", "-id"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="participant_session_hours"
            ),
        ]
        indexes = [models.Index(fields=["held_on", "participant"])]

    def __str__(self) -> str:
        # No name: the audit trail's record name needs no anonymising.
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"
