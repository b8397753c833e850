"""The coaching app's document kind: a held conversation's summary PDF (questions, answers,
agreed actions, attendees) in Swedish or English, made by the generic document task.

Registered in `CoachingConfig.ready()`; listed under My documents like every document.
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability as C
from accounts.roles import has_capability
from documents.registry import DocumentError, DocumentKind, Rendered, register
from documents.services import document_request

from .answers import answer_text
from .models import Conversation

KIND_SUMMARY = "coaching_conversation_summary"
TEMPLATE_VERSION = "conversation-summary-1"
ASSETS = Path(__file__).resolve().parent / "static" / "coaching"
LANGUAGES = ("sv", "en")


def _visible(user, conversation_id) -> Conversation | None:
    if not has_capability(user, C.CONVERSATIONS_VIEW):
        return None
    return (
        Conversation.objects.for_user(user)
        .select_related("company__coach", "template")
        .prefetch_related("template__questions", "contacts", "actions__owner_contact")
        .filter(pk=conversation_id)
        .first()
    )


def summary_html(conversation: Conversation, language: str) -> str:
    with translation.override(language):
        questions = conversation.template.questions.all()
        return render_to_string(
            "coaching/pdf/summary.html",
            {
                "conversation": conversation,
                "language": language,
                "answers": [
                    (q, answer_text(q, conversation.answers.get(str(q.pk)))) for q in questions
                ],
                "actions": conversation.actions.all(),
                "contacts": conversation.contacts.all(),
            },
        )


def render_summary(document) -> Rendered:
    """Rendered for the document's owner, within their scope at the time of the render."""
    import weasyprint  # heavy: loaded only where a PDF is made

    conversation = _visible(document.owner, document.params.get("conversation"))
    if conversation is None or not conversation.is_held:
        raise DocumentError(gettext("The conversation is no longer available."))
    language = document.params.get("language", "sv")
    html = summary_html(conversation, language)
    content = weasyprint.HTML(string=html, base_url=ASSETS.as_uri() + "/").write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(ASSETS / "summary.css"))]
    )
    stem = "samtal" if language == "sv" else "conversation"
    name = slugify(conversation.company.name) or "foretag"
    return Rendered(
        content=content,
        filename=f"{stem}-{conversation.number}-{name}-{conversation.held_on:%Y%m%d}.pdf",
        content_type="application/pdf",
    )


def _can_access(user, document) -> bool:
    return (
        document.owner_id == user.pk
        and _visible(user, document.params.get("conversation")) is not None
    )


def conversation_summary_request(*, actor, conversation: Conversation, language: str):
    """Ask for a held conversation's summary PDF (whoever may see the conversation)."""
    if _visible(actor, conversation.pk) is None:
        raise PermissionDenied
    if language not in LANGUAGES:
        raise ValidationError(gettext("Choose Swedish or English."))
    if not conversation.is_held:
        raise ValidationError(gettext("Only a held conversation has a summary."))
    with translation.override(language):
        title = gettext("Conversation %(number)d – %(company)s") % {
            "number": conversation.number,
            "company": conversation.company.name,
        }
    return document_request(
        actor=actor,
        kind=KIND_SUMMARY,
        title=title,
        params={"conversation": conversation.pk, "language": language},
    )


def register_kinds() -> None:
    register(
        DocumentKind(
            key=KIND_SUMMARY,
            label=_("Conversation summary"),
            render=render_summary,
            can_access=_can_access,
            can_retry=_can_access,
            template_version=TEMPLATE_VERSION,
            # It names the company's contacts and the coach, never a participant.
            names_participants=False,
        )
    )
