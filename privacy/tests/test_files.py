"""Anonymisation deletes every stored file that names the participant: certificate PDFs (both
kinds), evidence, register extracts, development plans, hours sheets, and the ZIPs, workbooks and
funder reports that hold them among others. Real files in the test's own MEDIA_ROOT."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction
from django.urls import reverse
from openpyxl import load_workbook

from certificates import services as certificate_services
from certificates.completion import certificate_issue_completion
from certificates.kinds import KIND_CERTIFICATE
from certificates.models import Certificate
from certificates.tests.factories import recorded_validation
from companies.tests.factories import ParticipantFactory
from documents import registry
from documents.models import Document, DocumentStatus
from documents.services import document_request, document_retry, storage_delete
from privacy import services
from privacy.kinds import KIND_EXTRACT_JSON, KIND_EXTRACT_PDF
from privacy.tests.test_retention import report_totals
from project.models import Project
from reports.kinds import KIND_FUNDER_REPORT, KIND_PROGRESS_PDF, KIND_PROGRESS_XLSX
from reports.selectors import Filters
from reports.services import funder_report_send, progress_report_request
from training import printing
from training.kinds import KIND_HOURS_SHEET, KIND_HOURS_ZIP, KIND_PLAN
from validation.models import ValidationResult

MONTH = datetime.date(2021, 2, 1)  # the participants' start month (factories), long over


@pytest.fixture
def files(cast, django_capture_on_commit_callbacks):
    """Anna (participant A, to be anonymised) and Bo (B, who stays) each with every kind of
    file about one person; Cecilia (C) beside Anna in the documents of many people."""
    Project.objects.create(
        name="Framtidssäkrad industri",
        start_date=datetime.date(2020, 12, 21),
        end_date=datetime.date(2023, 6, 30),
    )
    anna, bo, staff = cast.participant_a, cast.participant_b, cast.staff
    cecilia = ParticipantFactory(company=cast.company_a, first_name="Cecilia", last_name="Ceder")
    with django_capture_on_commit_callbacks(execute=True):
        for person, assessor in ((anna, cast.assessor_a), (bo, cast.assessor_b)):
            validation = recorded_validation(person, assessor=assessor)
            certificate_services.certificate_issue(actor=staff, validation=validation)
            result = validation.current_result
            result.evidence.save("intyg.pdf", ContentFile(b"%PDF evidence"), save=True)
            services.register_extract_request(actor=staff, participant=person)
            printing.plan_pdf_request(actor=staff, participant=person)
        certificate_issue_completion(
            actor=staff, participant=anna, subject="Svetsning", completed_on=MONTH
        )
        for person in (anna, cecilia):
            recorded_validation(person, assessor=cast.assessor_a)
        batch = certificate_services.certificates_issue_bulk(actor=staff, company=cast.company_a)
        sheets = [
            printing.hours_sheet_request(
                actor=staff, participant=person, month=MONTH, file_format="xlsx"
            )
            for person in (anna, bo, cecilia)
        ]
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.certificate_batch_zip(actor=staff, batch=batch)
        document_request(
            actor=staff,
            kind=KIND_HOURS_ZIP,
            title="Timrapporter",
            params={"month": MONTH.isoformat(), "documents": [str(d.pk) for d in sheets]},
        )
        progress_report_request(actor=staff, filters=Filters(), format="xlsx")
        progress_report_request(actor=staff, filters=Filters(), format="pdf")
        funder_report_send(actor=staff, month=MONTH)
    assert not Document.objects.exclude(status=DocumentStatus.READY).exists()
    cast.participant_c = cecilia
    return cast


def stored(**filters) -> list[str]:
    return list(Document.objects.filter(**filters).values_list("file", flat=True))


def kinds_of(participant) -> set[str]:
    """The kinds of the documents about one person that name `participant`."""
    certificates = Document.objects.filter(certificate__participant=participant)
    about = Document.objects.filter(params__participant=participant.pk)
    return set((certificates | about).values_list("kind", flat=True))


def evidence_of(participant) -> list[str]:
    return [
        name
        for name in ValidationResult.objects.filter(
            validation__participant=participant
        ).values_list("evidence", flat=True)
        if name
    ]


def anonymise(participants, capture):
    with capture(execute=True):
        return services.participants_anonymise(participants=participants)


def test_the_fixture_made_a_file_of_every_registered_kind(files):
    assert set(Document.objects.values_list("kind", flat=True)) == {
        kind.key for kind in registry.kinds()
    } - {"coaching_conversation_summary"}
    assert kinds_of(files.participant_a) == {
        KIND_CERTIFICATE,
        KIND_EXTRACT_PDF,
        KIND_EXTRACT_JSON,
        KIND_PLAN,
        KIND_HOURS_SHEET,
    }


def test_anonymisation_deletes_the_participants_files_and_keeps_the_others(
    files, django_capture_on_commit_callbacks
):
    anna, bo = files.participant_a, files.participant_b
    annas = [
        name
        for name in Document.objects.filter(
            pk__in=services.documents_naming([anna.pk])
        ).values_list("file", flat=True)
    ] + evidence_of(anna)
    bos = stored(certificate__participant=bo) + stored(params__participant=bo.pk)
    bos += evidence_of(bo)
    # Both certificate kinds, evidence, extracts, plan, sheet; the batch ZIP, the hours ZIP,
    # the progress workbook and the funder's report.
    assert len(annas) == 3 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1
    assert all(default_storage.exists(name) for name in annas + bos)

    anonymise([anna], django_capture_on_commit_callbacks)

    assert not any(default_storage.exists(name) for name in annas)
    assert all(default_storage.exists(name) for name in bos)
    assert evidence_of(anna) == [] and len(evidence_of(bo)) == 1
    removed = Document.objects.filter(status=DocumentStatus.REMOVED)
    assert removed.count() == len(annas) - 1  # the evidence is not a document
    assert not removed.exclude(file="").exists()
    # A document about Anna no longer names her in its title or file name.
    for document in removed.filter(kind__in=kinds_of(anna)):
        assert (document.title, document.filename) == ("", "")
        assert document.display_title == registry.label_of(document.kind)
        assert "Anna" not in document.error
    # The progress PDF (charts and totals) stays.
    assert Document.objects.get(kind=KIND_PROGRESS_PDF).is_ready


def test_report_totals_and_certificates_stay(files, django_capture_on_commit_callbacks):
    before = report_totals(files)
    issued = Certificate.objects.count()
    anonymise([files.participant_a], django_capture_on_commit_callbacks)
    assert report_totals(files) == before
    assert Certificate.objects.count() == issued


def test_the_files_go_only_once_the_transaction_commits(files, django_capture_on_commit_callbacks):
    anna = files.participant_a
    annas = stored(certificate__participant=anna) + evidence_of(anna)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.participants_anonymise(participants=[anna])
    assert callbacks and all(default_storage.exists(name) for name in annas)


def test_a_rolled_back_anonymisation_deletes_nothing(files, django_capture_on_commit_callbacks):
    anna = files.participant_a
    annas = stored(certificate__participant=anna) + evidence_of(anna)

    class Stop(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Stop):
        with transaction.atomic():
            services.participants_anonymise(participants=[anna])
            raise Stop
    assert all(default_storage.exists(name) for name in annas)
    assert not Document.objects.filter(status=DocumentStatus.REMOVED).exists()


def test_running_it_again_removes_nothing_twice(files, django_capture_on_commit_callbacks):
    anna = files.participant_a
    anonymise([anna], django_capture_on_commit_callbacks)
    removed_at = dict(
        Document.objects.filter(status=DocumentStatus.REMOVED).values_list("pk", "finished_at")
    )
    anna.refresh_from_db()
    anonymise([anna], django_capture_on_commit_callbacks)
    assert services.files_naming([anna.pk]) == {}
    assert (
        dict(
            Document.objects.filter(status=DocumentStatus.REMOVED).values_list("pk", "finished_at")
        )
        == removed_at
    )


def test_a_file_already_missing_is_no_error(settings):
    name = default_storage.save("documents/test/gone.pdf", ContentFile(b"x"))
    assert storage_delete([name, "documents/test/never-there.pdf"]) == 1
    assert storage_delete([name]) == 0
    assert not default_storage.exists(name)


def test_the_dry_run_counts_the_files_per_kind_and_deletes_nothing(files, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 0  # the project ended in 2023: everyone is due
    everything = [name for name in Document.objects.values_list("file", flat=True)]
    everything += evidence_of(files.participant_a) + evidence_of(files.participant_b)
    out = io.StringIO()
    call_command("anonymise_participants", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "3 participant(s) due (dry run)" in text
    # Every document but the progress PDF, which names nobody.
    assert f"Files that would be deleted: {len(everything) - 1}" in text
    assert "  Competence certificate: 5" in text
    assert "  Validation evidence: 2" in text
    assert "  ZIP of competence certificates: 1" in text
    assert "Progress report (PDF)" not in text
    assert all(default_storage.exists(name) for name in everything)
    assert not Document.objects.filter(status=DocumentStatus.REMOVED).exists()


def test_the_command_deletes_the_files(files, settings, django_capture_on_commit_callbacks):
    settings.PERSONAL_DATA_RETENTION_YEARS = 0
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_participants", stdout=out)
    assert "3 participant(s) anonymised" in out.getvalue()
    left = [name for name in Document.objects.values_list("file", flat=True) if name]
    assert left == stored(kind=KIND_PROGRESS_PDF)


def test_the_batch_zip_is_made_again_without_the_person(files, django_capture_on_commit_callbacks):
    anna, cecilia = files.participant_a, files.participant_c
    batch = Certificate.objects.get(participant=cecilia).batch
    anonymise([anna], django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert batch.zip_document.is_removed
    with django_capture_on_commit_callbacks(execute=True):
        remade = certificate_services.certificate_batch_zip(actor=files.staff, batch=batch)
    remade.refresh_from_db()
    assert remade.is_ready
    with remade.file.open("rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert len(names) == 1 and "cecilia" in names[0].lower()


def test_the_hours_zip_and_the_workbooks_are_made_again_without_the_person(
    files, django_capture_on_commit_callbacks
):
    anna = files.participant_a
    number = anna.personnummer
    anonymise([anna], django_capture_on_commit_callbacks)
    for kind in (KIND_HOURS_ZIP, KIND_PROGRESS_XLSX, KIND_FUNDER_REPORT):
        document = Document.objects.get(kind=kind)
        assert document.is_removed
        with django_capture_on_commit_callbacks(execute=True):
            document_retry(actor=files.staff, document=document)
        document.refresh_from_db()
        assert document.is_ready, document.error
        with document.file.open("rb") as handle:
            content = handle.read()
        if kind == KIND_HOURS_ZIP:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
            assert len(names) == 2 and not any("anna" in name.lower() for name in names)
        else:
            cells = " ".join(
                str(cell)
                for sheet in load_workbook(io.BytesIO(content)).worksheets
                for row in sheet.iter_rows(values_only=True)
                for cell in row
            )
            assert f"{number[:8]}-{number[8:]}" not in cells and number not in cells
            assert "Anna" not in cells
            assert "Cecilia" in cells


def test_a_document_about_the_person_cannot_be_made_again(
    files, django_capture_on_commit_callbacks
):
    anna = files.participant_a
    anonymise([anna], django_capture_on_commit_callbacks)
    document = Certificate.objects.filter(participant=anna).first().document
    response = files.client(files.staff).post(
        reverse("documents:document_retry", args=[document.pk])
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_removed


@pytest.mark.parametrize("user", ["staff", "assessor_a"])
def test_downloading_a_removed_file_says_so(files, django_capture_on_commit_callbacks, user):
    anna = files.participant_a
    document = Certificate.objects.filter(participant=anna, centre=files.centre_a).first().document
    anonymise([anna], django_capture_on_commit_callbacks)
    client = files.client(getattr(files, user))
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 410
    assert b'data-state="removed"' in response.content
    detail = client.get(reverse("documents:document_detail", args=[document.pk]))
    assert detail.status_code == 200
    assert "Anna" not in detail.content.decode()


def test_a_removed_file_stays_hidden_outside_the_scope(files, django_capture_on_commit_callbacks):
    anna = files.participant_a
    document = Certificate.objects.filter(participant=anna, centre=files.centre_a).first().document
    anonymise([anna], django_capture_on_commit_callbacks)
    client = files.client(files.assessor_b)
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 404


def test_removed_evidence_says_so(files, django_capture_on_commit_callbacks):
    anna = files.participant_a
    result = ValidationResult.objects.filter(validation__participant=anna).exclude(evidence="")
    result = result.get()
    anonymise([anna], django_capture_on_commit_callbacks)
    url = reverse("validation:evidence_download", args=[result.validation_id, result.version])
    response = files.client(files.staff).get(url)
    assert response.status_code == 410
    assert b'data-state="removed"' in response.content


def test_the_verification_page_shows_the_certificate_without_the_name(
    files, django_capture_on_commit_callbacks, client
):
    anna = files.participant_a
    certificate = Certificate.objects.filter(participant=anna).first()
    anonymise([anna], django_capture_on_commit_callbacks)
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-state="valid"' in page and 'data-name="removed"' in page
    assert "Anna" not in page and "Anonymiserad" not in page


def test_the_funder_reports_rows_no_longer_hold_the_person(
    files, django_capture_on_commit_callbacks
):
    from reports.models import FunderReport

    anna = files.participant_a
    number = anna.personnummer
    anonymise([anna], django_capture_on_commit_callbacks)
    rows = json.dumps(FunderReport.objects.get().rows)
    assert number not in rows and "Alfa" not in rows.replace("Alfa AB", "")
    assert files.participant_c.personnummer in rows


def test_every_registered_kind_says_how_to_find_a_participants_documents():
    """A new kind must give `naming`, or say that it names no participant."""
    unanswered = [
        kind.key for kind in registry.kinds() if kind.names_participants and kind.naming is None
    ]
    assert unanswered == []
    assert registry.kinds()  # the apps registered their kinds


def test_every_stored_file_field_is_known_to_the_anonymisation():
    """A new file field must be handled by anonymisation (or shown here to name nobody)."""
    fields = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert fields == {
        "documents.Document.file",  # every kind's `naming`
        "validation.ValidationResult.evidence",  # validation.services.evidence_remove
        "imports.ImportJob.file",  # imports.services.import_participants_forget (and retention)
    }


def test_the_import_files_that_named_the_person_are_deleted(
    cast, django_capture_on_commit_callbacks
):
    from companies.models import Participant
    from imports.models import ImportJob
    from imports.tests.files import csv_bytes
    from imports.tests.test_imports import HEADER, confirm, upload

    orgnr = cast.company_a.organisationsnummer
    people = [("19850505-1238", "Åsa", "Öberg"), ("19900101-0017", "Bo", "Ek")]
    rows = [
        [number, first, last, orgnr, "Anställd", "2021-03-31"] for number, first, last in people
    ]
    client = cast.client(cast.staff)
    capture = django_capture_on_commit_callbacks
    upload(client, csv_bytes([HEADER, *rows]), "deltagare.csv", capture=capture)
    job = ImportJob.objects.get()
    confirm(client, job, capture)
    job.refresh_from_db()
    assert job.created == 2 and default_storage.exists(job.file.name)
    asa = Participant.objects.get(first_name="Åsa")
    assert services.files_naming([asa.pk]) == {services.IMPORT_FILES: 1}

    anonymise([asa], capture)
    stored_name = job.file.name
    job.refresh_from_db()
    assert not job.file and not default_storage.exists(stored_name)
    log = json.dumps(job.outcomes, ensure_ascii=False)
    assert "Åsa" not in log and "198505051238" not in log and "Öberg" not in log
    assert "Bo Ek" in log  # the other row is as it was
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and "Åsa" not in page.content.decode()
    anonymise([asa], capture)  # again: nothing left to do, no error
