"""A register extract (registerutdrag, GDPR art. 15): everything stored about one participant,
as JSON and as a PDF, made by the document task for staff to hand over.

Every stored field of the participant and of the rows about them (validations with their
results and scores, certificates), who was shown their personal identity number and when, and
the audit trail's entries about them. A test fails when a model that points at a participant
is missing from `SECTIONS`.
"""

import datetime
import json
from pathlib import Path

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import PersonalDataAccess
from certificates.models import Certificate
from coaching.models import LevelRecord, ParticipantSession
from companies.models import Participant
from documents.fetching import local_assets_fetcher
from documents.registry import DocumentError, Rendered
from training.models import Attendance, Enrolment, PlanEffort, PlanItem
from validation.models import AreaScore, PracticalScore, Validation, ValidationResult

TEMPLATE = "privacy/pdf/extract.html"
ASSETS_DIR = Path(__file__).resolve().parent / "static" / "privacy"
TEMPLATE_VERSION = "extract-1"

# (title, how to find the participant's rows): the rows stored about a participant.
SECTIONS = [
    (_("Validations"), Validation, "participant"),
    (_("Validation results"), ValidationResult, "validation__participant"),
    (_("Scores per competence area"), AreaScore, "result__validation__participant"),
    (_("Practical modules"), PracticalScore, "result__validation__participant"),
    (_("Certificates"), Certificate, "participant"),
    (_("Sessions with the coach"), ParticipantSession, "participant"),
    (_("Levels on the competence map"), LevelRecord, "participant"),
    (_("Enrolments in courses and efforts"), Enrolment, "participant"),
    (_("Attendance"), Attendance, "enrolment__participant"),
    (_("Development plan: needs"), PlanItem, "participant"),
    (_("Development plan: chosen efforts"), PlanEffort, "item__participant"),
]


def _value(instance, field) -> str:
    if field.is_relation:
        related = getattr(instance, field.name)
        return "" if related is None else str(related)
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    value = getattr(instance, field.attname)
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return _when(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _row(instance) -> dict[str, str]:
    return {
        str(field.verbose_name): _value(instance, field)
        for field in instance._meta.concrete_fields
        if not field.name.endswith("_ptr")
    }


def participant_extract(participant: Participant) -> dict:
    """Everything stored about `participant`, field by field, in the active language."""
    sections = [
        {"title": str(_("Participant")), "rows": [_row(participant)]},
    ]
    for title, model, path in SECTIONS:
        rows = model.objects.filter(**{path: participant}).order_by("pk")
        sections.append({"title": str(title), "rows": [_row(row) for row in rows]})
    accesses = PersonalDataAccess.objects.filter(participant=participant).select_related("user")
    sections.append(
        {
            "title": str(_("Who was shown the personal identity number")),
            "rows": [
                {
                    str(_("when")): _when(access.accessed_at),
                    str(_("who")): access.user.get_full_name() or access.user.username,
                    str(_("purpose")): access.purpose,
                }
                for access in accesses.order_by("accessed_at", "pk")
            ],
        }
    )
    trail = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant), object_id=participant.pk
    ).select_related("actor")
    sections.append(
        {
            "title": str(_("Changes to the participant's record")),
            "rows": [
                {
                    str(_("when")): _when(entry.timestamp),
                    str(_("who")): (entry.actor.get_full_name() or entry.actor.username)
                    if entry.actor
                    else str(_("system")),
                    str(_("what")): entry.get_action_display(),
                    str(_("fields")): ", ".join(sorted(entry.changes_dict)),
                }
                for entry in trail.order_by("timestamp", "pk")
            ],
        }
    )
    return {
        "title": str(_("Register extract")),
        "made_at": _when(timezone.now()),
        "participant_id": participant.pk,
        "sections": sections,
    }


def _participant(document) -> Participant:
    participant = Participant.objects.filter(pk=document.params.get("participant")).first()
    if participant is None:
        raise DocumentError(gettext("The participant no longer exists."))
    return participant


def render_json(document) -> Rendered:
    participant = _participant(document)
    with translation.override(document.language):
        data = participant_extract(participant)
    return Rendered(
        content=json.dumps(data, ensure_ascii=False, indent=2).encode(),
        filename=f"registerutdrag-{participant.pk}.json",
        content_type="application/json",
    )


def render_pdf(document) -> Rendered:
    import weasyprint  # only the worker needs it

    participant = _participant(document)
    with translation.override(document.language):
        html = render_to_string(TEMPLATE, {"extract": participant_extract(participant)})
    fetcher = local_assets_fetcher([ASSETS_DIR])
    content = weasyprint.HTML(
        string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=fetcher
    ).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(ASSETS_DIR / "extract.css"), url_fetcher=fetcher)]
    )
    return Rendered(
        content=content,
        filename=f"registerutdrag-{participant.pk}.pdf",
        content_type="application/pdf",
    )
