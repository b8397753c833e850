"""Every import of a file of companies or participants, kept as its log: who, when, which file
(name and checksum), what the check found and what the import did."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.scoping import EVERYTHING, ScopedQuerySet


class ImportKind(models.TextChoices):
    COMPANIES = "companies", _("Companies")
    PARTICIPANTS = "participants", _("Participants")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be checked")
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked: waiting for your confirmation")
    QUEUED = "queued", _("Waiting to be imported")
    IMPORTING = "importing", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


IN_PROGRESS = (
    ImportStatus.PENDING,
    ImportStatus.CHECKING,
    ImportStatus.QUEUED,
    ImportStatus.IMPORTING,
)
# What a job waits in before each step, what it is in while a task works on it.
WAITING = (ImportStatus.PENDING, ImportStatus.QUEUED)
WORKING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class ImportJobQuerySet(ScopedQuerySet):
    def scope(self, role, user):
        """Staff see every import (the log); others the imports they made."""
        return EVERYTHING if role == Role.STAFF else Q(owner_id=user.pk)


def import_upload_to(job: "ImportJob", filename: str) -> str:
    return f"imports/{job.created_at:%Y/%m}/{job.pk}/{filename}"


class ImportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    # Empty for an import from the command line (the server's operator).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=200)
    # Emptied, with `outcomes`, IMPORT_FILE_RETENTION_DAYS after the import ended (both hold
    # personal identity numbers): the log keeps who, when, name, checksum and counts.
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=300, blank=True)
    file_removed_at = models.DateTimeField(_("file removed at"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    # A failure on the server's side may be tried again; a file that cannot be read may not.
    retryable = models.BooleanField(_("can be tried again"), default=False)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows handled"), default=0)
    # The header row of each sheet read, and what the check found row by row
    # (imports.plan.RowOutcome as dicts).
    headers = models.JSONField(_("column names"), default=dict, blank=True)
    outcomes = models.JSONField(_("rows checked"), default=list, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    # When its task was last sent, and when a task took it: a job waiting or working much longer
    # has lost its task (the sweep, `services.imports_sweep_stale`, sends it again).
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The id of the task that claimed the job (documents.queue.claim), and how many tasks took
    # its current step (the check, or the import once confirmed).
    claimed_by = models.CharField(_("claimed by task"), max_length=64, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ImportStatus.FAILED) | ~Q(error=""),
                name="import_failed_has_error",
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("imports:import_detail", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def file_removed(self) -> bool:
        return self.file_removed_at is not None

    @property
    def status_label(self) -> str:
        """The status for people: a checked file removed before anyone confirmed it will never
        be imported."""
        if self.file_removed and self.status == ImportStatus.CHECKED:
            return _("Checked, never imported")
        return self.get_status_display()

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0
