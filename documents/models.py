"""Every generated file (certificates now; reports, summaries, hour sheets later) is a Document.

A Document is the register of what was produced: which kind, for whom, from which template
version, when, and the stored file. It is rendered by one Celery task (`documents.tasks`) and
downloaded only through a view that asks the kind's access rule (`documents.registry`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import registry


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    # Its file was deleted because it named an anonymised participant (privacy app); the row
    # stays as the register of what was made.
    REMOVED = "removed", _("Removed for data protection")


def document_upload_to(document: "Document", filename: str) -> str:
    # One folder per document: its file name can repeat (every certificate of a person has
    # a similar name) without the storage inventing suffixes.
    return f"documents/{document.kind}/{document.created_at:%Y/%m}/{document.pk}/{filename}"


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The interface language of whoever asked: the task writes its messages in it (a kind whose
    # content has its own language, like a certificate's, says so in its params).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=300, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    template_version = models.CharField(_("template version"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # When the render task was last sent (request or retry): a pending row much older than this
    # has lost its task.
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The id of the task that claimed the row: the same task delivered again after its worker
    # died may claim it again (see `services.document_render`).
    claimed_by = models.CharField(_("claimed by task"), max_length=64, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["kind", "status"]),
            # "My documents": one owner's, newest first (id breaks ties).
            models.Index(fields=["owner", "created_at", "id"], name="document_owner_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.READY) | ~Q(file=""),
                name="document_ready_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.FAILED) | ~Q(error=""),
                name="document_failed_has_error",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the language of whoever reads it, not of whoever asked for it: the
        kind's translatable title around the stored subject (`title`). A document about one
        person whose file was removed for data protection keeps no subject: its kind's label."""
        if self.is_removed and not self.title:
            return registry.label_of(self.kind)
        if registry.is_registered(self.kind) and registry.get_kind(self.kind).title:
            return registry.get_kind(self.kind).title % {"subject": self.title}
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.READY

    @property
    def is_failed(self) -> bool:
        return self.status == DocumentStatus.FAILED

    @property
    def is_removed(self) -> bool:
        return self.status == DocumentStatus.REMOVED

    @property
    def in_progress(self) -> bool:
        return self.status in (DocumentStatus.PENDING, DocumentStatus.RUNNING)
