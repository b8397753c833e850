"""The held conversation's summary PDF, made by the generic document task."""

import io

import pypdf
import pytest
from django.urls import reverse

from coaching import services
from coaching.kinds import KIND_SUMMARY
from documents.models import Document, DocumentStatus

from .conftest import hold, plan


def pdf_text(document: Document) -> str:
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY, document.error
    with document.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    "language,expected",
    [
        ("sv", ["Nuläge och mål", "Hur arbetar företaget", "Boka validering", "Carl Kontakt"]),
        ("en", ["Current state and goals", "How does the company work", "Boka validering"]),
    ],
)
def test_summary_pdf_has_questions_answers_actions_and_attendees(
    cast, contact, django_capture_on_commit_callbacks, language, expected
):
    held = hold(cast.coach_a, cast.company_a, 1)
    held.contacts.add(contact)
    services.action_add(
        actor=cast.coach_a,
        conversation=held,
        what="Boka validering",
        due_on=held.held_on,
        owner_contact_id=contact.pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client(cast.coach_a).post(
            reverse("coaching:conversation_pdf", args=[held.pk]), {"language": language}
        )
    assert response.status_code == 302
    document = Document.objects.get(kind=KIND_SUMMARY)
    text = pdf_text(document)
    for words in expected + ["Alfa AB", "Svar"]:
        assert words in text
    # Listed under My documents, and only its owner downloads it.
    assert (
        "Alfa AB"
        in cast.client(cast.coach_a).get(reverse("documents:document_list")).content.decode()
    )
    download = reverse("documents:document_download", args=[document.pk])
    assert cast.client(cast.coach_b).get(download).status_code == 404


def test_a_planned_conversation_has_no_summary(cast):
    planned = plan(cast.coach_a, cast.company_a, 1)
    cast.client(cast.coach_a).post(
        reverse("coaching:conversation_pdf", args=[planned.pk]), {"language": "sv"}
    )
    assert not Document.objects.exists()


def test_assessor_cannot_ask_for_a_summary(cast):
    held = hold(cast.coach_a, cast.company_a, 1)
    response = cast.client(cast.assessor_a).post(
        reverse("coaching:conversation_pdf", args=[held.pk]), {"language": "sv"}
    )
    assert response.status_code == 404
