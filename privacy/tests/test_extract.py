"""A participant's register extract: everything stored about them, as PDF and JSON, made by the
document task, for staff only; making it is logged like a view of the number."""

import io
import json

import pypdf
import pytest
from django.urls import reverse

from accounts.models import PersonalDataAccess
from certificates.tests.factories import recorded_validation
from documents.models import Document, DocumentStatus
from privacy.kinds import KIND_EXTRACT_JSON, KIND_EXTRACT_PDF


def ask(client, participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("privacy:register_extract", args=[participant.pk]))


def test_staff_get_the_extract_as_pdf_and_json(cast, django_capture_on_commit_callbacks):
    participant = cast.participant_a
    recorded_validation(participant, assessor=cast.assessor_a)
    client = cast.client(cast.staff)
    response = ask(client, participant, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("documents:document_list")
    json_doc = Document.objects.get(kind=KIND_EXTRACT_JSON)
    pdf_doc = Document.objects.get(kind=KIND_EXTRACT_PDF)
    assert json_doc.status == pdf_doc.status == DocumentStatus.READY
    assert json_doc.owner == pdf_doc.owner == cast.staff

    data = json.loads(json_doc.file.read())
    flat = json.dumps(data, ensure_ascii=False)
    assert participant.personnummer in flat and "Anna" in flat and "Alfa" in flat
    titles = [section["title"] for section in data["sections"]]
    # The participant, eleven kinds of rows (validations to development plans), accesses, trail.
    assert len(titles) == 14
    validations = data["sections"][1]["rows"]
    assert len(validations) == 1
    accesses = data["sections"][-2]["rows"]
    assert any(row.get("syfte", row.get("purpose")) == "register_extract" for row in accesses)

    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf_doc.file.read())).pages
    )
    assert participant.personnummer in text.replace(" ", "")
    assert "Anna" in text

    assert PersonalDataAccess.objects.filter(
        user=cast.staff, participant=participant, purpose="register_extract"
    ).exists()
    download = reverse("documents:document_download", args=[pdf_doc.pk])
    assert client.get(download).status_code == 200


@pytest.mark.parametrize("role", ["manager", "assessor_a", "coach_a"])
def test_only_staff_may_ask_for_an_extract(cast, role, django_capture_on_commit_callbacks):
    response = ask(
        cast.client(getattr(cast, role)), cast.participant_a, django_capture_on_commit_callbacks
    )
    assert response.status_code in (403, 404)
    assert not Document.objects.exists()


def test_another_user_cannot_download_a_staff_members_extract(
    cast, django_capture_on_commit_callbacks
):
    ask(cast.client(cast.staff), cast.participant_a, django_capture_on_commit_callbacks)
    document = Document.objects.get(kind=KIND_EXTRACT_PDF)
    url = reverse("documents:document_download", args=[document.pk])
    assert cast.client(cast.manager).get(url).status_code == 404


def test_the_button_is_on_the_participant_page_for_staff_only(cast):
    url = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    extract = reverse("privacy:register_extract", args=[cast.participant_a.pk])
    assert extract in cast.client(cast.staff).get(url).text
    assert extract not in cast.client(cast.coach_a).get(url).text


def test_the_service_refuses_an_actor_without_the_capability(cast):
    from django.core.exceptions import PermissionDenied

    from privacy.services import register_extract_request

    with pytest.raises(PermissionDenied):
        register_extract_request(actor=cast.manager, participant=cast.participant_a)
    assert not Document.objects.exists()


def test_every_model_that_points_at_a_participant_is_in_the_extract():
    """Everything stored about a participant: a model added later with a link to a participant
    (or to one of the rows that has one) must be listed in the extract, or this fails."""
    from django.apps import apps

    from companies.models import Participant
    from privacy.extract import SECTIONS

    listed = {model for _title, model, _path in SECTIONS}
    # Shown in their own sections of the extract, or not about the participant.
    listed |= {PersonalDataAccess}
    about = {Participant}
    missing = set()
    changed = True
    while changed:  # rows about a participant, then rows about those rows
        changed = False
        for model in apps.get_models():
            if model in about:
                continue
            links = [
                field
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model in about and not field.null
            ]
            if links:
                about.add(model)
                changed = True
                if model not in listed:
                    missing.add(model._meta.label)
    assert not missing
