"""The plan PDF, the hours sheet (PDF text with pypdf, Excel read back with openpyxl), the
company's batch with one ZIP, and the certificate of completed development end to end."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from certificates.models import Certificate, CertificateKind, CertificateStatus
from certificates.services import certificate_revoke
from companies.models import ParticipantStatus
from companies.tests.factories import ParticipantFactory
from documents.models import Document, DocumentStatus
from training import printing, services
from training.models import GapSourceKind, PlanEffort, PlanItem

from .conftest import DAY, add_session, enrol


def pdf_text(document: Document) -> str:
    with document.file.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def ready(document: Document) -> Document:
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY, document.error
    return document


@pytest.fixture
def attended(cast, course, django_capture_on_commit_callbacks):
    """Participant A (from 2021-01-01 to 2021-03-10) attended two sessions in March: the 1st
    (3 h) and the 20th (3 h, after the end date: flagged)."""
    participant = cast.participant_a
    participant.start_date = datetime.date(2021, 1, 1)
    participant.save()
    enrolment = enrol(cast, course, participant)
    for day in (DAY, datetime.date(2021, 3, 20)):
        services.attendance_record(
            actor=cast.staff,
            session=add_session(cast, course, day=day),
            entries=[services.AttendanceEntry(enrolment_id=enrolment.pk, present=True)],
        )
    participant.end_date, participant.end_reason = datetime.date(2021, 3, 10), "other"
    participant.save()
    return enrolment


def test_hours_sheet_pdf_says_what_was_counted(cast, attended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = printing.hours_sheet_request(
            actor=cast.coach_a, participant=cast.participant_a, month=DAY
        )
    text = pdf_text(ready(document))
    assert "Anna Alfa" in text and "Alfa AB" in text
    assert "CNC grund" in text
    assert "not counted" in " ".join(text.split())
    assert "Total counted" in text
    assert "signature" in text


def test_hours_sheet_excel_reads_back(cast, attended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = printing.hours_sheet_request(
            actor=cast.staff, participant=cast.participant_a, month=DAY, file_format="xlsx"
        )
    with ready(document).file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ("Hours in the project", "March 2021")
    assert rows[1] == ("Participant", "Anna Alfa", None, None, None)
    activities = [r for r in rows[5:] if isinstance(r[0], datetime.datetime)]
    assert [(r[0].date(), r[3], r[4]) for r in activities] == [
        (DAY, 3, "Yes"),
        (datetime.date(2021, 3, 20), 3, "No: outside the participation dates"),
    ]
    totals = {
        r[2]: r[3] for r in rows if r[2] in ("Total counted", "Outside the participation dates")
    }
    assert totals == {"Total counted": 3, "Outside the participation dates": 3}


def test_hours_sheet_outside_scope_is_refused(cast, attended):
    with pytest.raises(PermissionDenied):
        printing.hours_sheet_request(actor=cast.coach_b, participant=cast.participant_a, month=DAY)
    with pytest.raises(PermissionDenied):
        printing.hours_sheet_request(
            actor=cast.assessor_a, participant=cast.participant_a, month=DAY
        )


def test_company_batch_makes_one_zip(cast, course, django_capture_on_commit_callbacks):
    session = add_session(cast, course)
    others = [ParticipantFactory(company=cast.company_a, start_date=DAY) for _ in range(1)]
    entries = []
    for participant in (cast.participant_a, *others):
        entries.append(
            services.AttendanceEntry(enrolment_id=enrol(cast, course, participant).pk, present=True)
        )
    services.attendance_record(actor=cast.staff, session=session, entries=entries)
    with django_capture_on_commit_callbacks(execute=True):
        batch = printing.hours_batch_start(actor=cast.coach_a, company=cast.company_a, month=DAY)
    assert len(batch.documents) == 2
    progress = printing.hours_batch_progress(batch)
    assert progress.done and progress.ready == 2
    page = cast.client(cast.coach_a).get(reverse("training:hours_batch", args=[batch.pk]))
    assert "2 of 2 sheets ready." in page.content.decode()
    assert (
        cast.client(cast.coach_b).get(reverse("training:hours_batch", args=[batch.pk])).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        archive = printing.hours_batch_zip(actor=cast.coach_a, batch=batch)
    with ready(archive).file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len(names) == 2 and all(n.startswith("timrapport-2021-03-") for n in names)
    assert printing.hours_batch_zip(actor=cast.coach_a, batch=batch) == archive


def test_batch_with_nobody_is_refused(cast):
    with pytest.raises(ValidationError):
        printing.hours_batch_start(actor=cast.staff, company=cast.company_a, month=DAY)


def test_plan_pdf(cast, course, django_capture_on_commit_callbacks):
    item = PlanItem.objects.create(
        participant=cast.participant_a, description="Läsa ritningar", source=GapSourceKind.MANUAL
    )
    PlanEffort.objects.create(item=item, course=course, chosen_by=cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client(cast.coach_a).post(
            reverse("training:plan_pdf", args=[cast.participant_a.pk])
        )
    assert response.status_code == 302
    document = Document.objects.get(kind="development_plan")
    text = pdf_text(ready(document))
    assert "Development plan" in text and "Läsa ritningar" in text and "CNC grund" in text
    assert "Not enrolled" in text


def test_certificate_of_completed_development_end_to_end(
    cast, course, client, django_capture_on_commit_callbacks
):
    enrolment = enrol(cast, course, cast.participant_a)
    with pytest.raises(ValidationError):
        services.enrolment_certify(actor=cast.staff, enrolment=enrolment)
    services.enrolment_complete(actor=cast.staff, enrolment=enrolment, on=DAY)
    with pytest.raises(PermissionDenied):
        services.enrolment_certify(actor=cast.coach_a, enrolment=enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client(cast.staff).post(
            reverse("training:enrolment_certify", args=[enrolment.pk])
        )
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.kind == CertificateKind.DEVELOPMENT
    assert certificate.validation is None and certificate.subject == "CNC grund"
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.CERTIFICATE_ISSUED
    text = pdf_text(ready(certificate.document))
    assert "CNC grund" in text and certificate.code in text
    assert "kompetensutveckling" in text.lower() or "competence development" in text.lower()
    # Once per enrolment.
    with pytest.raises(ValidationError):
        services.enrolment_certify(actor=cast.staff, enrolment=enrolment)
    # Verification and revocation are the certificate machinery's own.
    verify = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert verify.status_code == 200 and "CNC grund" in verify.content.decode()
    certificate_revoke(actor=cast.staff, certificate=certificate, reason="Fel kurs")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert (
        "Completed on"
        in client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    )


def test_session_hours_decimal(cast, course):
    assert add_session(cast, course, hours="1.5").hours == Decimal("1.5")


def test_excel_does_not_run_a_name_typed_like_a_formula(cast, attended):
    from training import sheets

    cast.participant_a.first_name = '=HYPERLINK("http://x")'
    cast.participant_a.save()
    content = sheets.sheet_xlsx(sheets.sheet_context(cast.participant_a, DAY))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["B2"].value == '\'=HYPERLINK("http://x") Alfa'
    assert sheet["B2"].data_type == "s"
