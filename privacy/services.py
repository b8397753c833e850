"""Retention: when PERSONAL_DATA_RETENTION_YEARS have passed after the project's end, the
participants' personal identity numbers and names are removed, and every stored file that names
them: each document kind says which of its documents name a participant (`DocumentKind.naming`),
and validation evidence goes too. Everything the statistics count (sex, company, start status,
dates, statuses, validations, certificates) stays, so every report total is the same before and
after."""

import datetime
from collections import Counter

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from accounts.roles import Capability, has_capability
from certificates.models import Certificate
from coaching.models import ParticipantSession
from companies.models import Participant
from companies.services import personnummer_access_log_many
from documents import registry
from documents.models import Document
from documents.services import document_request, documents_naming, documents_remove
from imports.selectors import imports_naming
from imports.services import import_participants_forget
from project.models import Project
from reports import funder
from training.models import Enrolment, PlanItem
from validation.models import Validation, ValidationResult
from validation.services import evidence_remove

ANONYMISED_NAME = "Anonymiserad"


@transaction.atomic
def register_extract_request(*, actor, participant: Participant) -> list[Document]:
    """Make the participant's register extract, as a PDF and as JSON, in the document task.
    Holders of `participants.view_personnummer` who see the participant: the extract holds the
    full personnummer, so making it is logged like a view of the number."""
    from .kinds import KIND_EXTRACT_JSON, KIND_EXTRACT_PDF

    if not has_capability(actor, Capability.PERSONNUMMER_VIEW) or not (
        Participant.objects.for_user(actor).filter(pk=participant.pk).exists()
    ):
        raise PermissionDenied
    personnummer_access_log_many(
        actor=actor, participants=[participant], purpose="register_extract"
    )
    title = f"{gettext('Register extract')} – {participant.full_name}"
    return [
        document_request(
            actor=actor, kind=kind, title=title, params={"participant": participant.pk}
        )
        for kind in (KIND_EXTRACT_PDF, KIND_EXTRACT_JSON)
    ]


def retention_ends_on() -> datetime.date | None:
    """The day personal data may no longer be kept: the project's end plus the retention years
    (None while there is no project record)."""
    project = Project.current()
    if project is None:
        return None
    end, years = project.end_date, settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return end.replace(year=end.year + years)
    except ValueError:  # 29 February into a common year
        return end.replace(year=end.year + years, day=28)


def participants_due(*, today: datetime.date | None = None):
    """Participants whose personal data has passed its retention period and is still there."""
    today = today or timezone.localdate()
    ends = retention_ends_on()
    if ends is None or today < ends:
        return Participant.objects.none()
    return Participant.objects.filter(anonymised_on__isnull=True).order_by("pk")


def _allow_redaction_of_logs() -> None:
    """The append-only logs' trigger lets this transaction remove personal data from them
    (audit/migrations/0001_append_only_logs.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL framtidssakrad.redact_personal_data = 'on'")


EVIDENCE = "Validation evidence"
IMPORT_FILES = "Import file"


def files_naming(participant_ids) -> Counter:
    """The stored files that name the participants, counted per kind (the document kinds'
    labels, and validation evidence): what anonymising them deletes. Read before the names go."""
    participant_ids = list(participant_ids)
    counts = Counter(
        {
            str(registry.label_of(row["kind"])): row["n"]
            for row in documents_naming(participant_ids)
            .exclude(file="")
            .order_by()
            .values("kind")
            .annotate(n=Count("pk"))
        }
    )
    evidence = (
        ValidationResult.objects.filter(validation__participant_id__in=participant_ids)
        .exclude(evidence="")
        .count()
    )
    if evidence:
        counts[EVIDENCE] = evidence
    imports = sum(1 for job, _rows in imports_naming(participant_ids) if job.file)
    if imports:
        counts[IMPORT_FILES] = imports
    return counts


@transaction.atomic
def participants_anonymise(*, participants, today: datetime.date | None = None) -> int:
    """Remove the personal identity number and name of each participant, from the participant,
    their certificates' snapshots, the sent funder reports' rows, the imports' logs and the
    audit trail's record names, and every stored file that names them (deleted once the
    transaction commits; documents of many people are marked so that they can be made again
    without them). Run by the retention job and the `anonymise_participants` command, never by
    a user. Returns how many participants."""
    today = today or timezone.localdate()
    _allow_redaction_of_logs()
    participants = list(participants)
    before = [participant.pk for participant in participants]
    # First, while the names and numbers that find the files are still there.
    documents_remove(documents=documents_naming(before))
    evidence_remove(participant_ids=before)
    import_participants_forget(participant_ids=before, name=ANONYMISED_NAME)
    funder.rows_anonymise(before, name=ANONYMISED_NAME)
    ids = []
    for participant in participants:
        participant.personnummer = None
        participant.first_name, participant.last_name = ANONYMISED_NAME, ""
        participant.anonymised_on = today
        # save(): the audit trail records the change (its personal fields masked).
        participant.save(
            update_fields=["personnummer", "first_name", "last_name", "anonymised_on", "updated_at"]
        )
        ids.append(participant.pk)
    Certificate.objects.filter(participant_id__in=ids).update(participant_name=ANONYMISED_NAME)
    # A session's note may name people or tell personal things; its kind, day and hours stay
    # for the statistics. (The audit trail masks the note already, coaching/apps.py.)
    ParticipantSession.objects.filter(participant_id__in=ids).update(note="")
    # Likewise why they dropped out of a course (often their health) and the wording of their
    # development needs; the enrolment's state and dates and the need's area stay.
    Enrolment.objects.filter(participant_id__in=ids).exclude(dropout_reason="").update(
        dropout_reason=ANONYMISED_NAME
    )
    needs = PlanItem.objects.filter(participant_id__in=ids)
    needs.exclude(area=None).update(description="")
    needs.filter(area=None).update(description=ANONYMISED_NAME)  # a need names an area or says it
    # The trail's record names ("Anna Alfa – Grön") of the participant and what names them.
    named = {
        Participant: ids,
        Validation: list(
            Validation.objects.filter(participant_id__in=ids).values_list("pk", flat=True)
        ),
        ValidationResult: list(
            ValidationResult.objects.filter(validation__participant_id__in=ids).values_list(
                "pk", flat=True
            )
        ),
        Certificate: list(
            Certificate.objects.filter(participant_id__in=ids).values_list("pk", flat=True)
        ),
    }
    for model, pks in named.items():
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=pks
        ).update(object_repr=ANONYMISED_NAME)
    return len(ids)
