"""Issue and revoke rules, the due list, and the render after commit."""

import datetime

import pytest
import weasyprint
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from certificates import selectors, services
from certificates.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Certificate,
    CertificateState,
    CertificateStatus,
)
from certificates.pdf import TEMPLATE_VERSION
from companies.models import ParticipantStatus
from documents.models import Document, DocumentStatus
from documents.services import document_retry
from documents.tasks import MAX_RETRIES, render_documents
from validation.models import Outcome, ValidationStatus

from .factories import correct_result, model_with_areas, recorded_validation


def test_staff_issue_a_certificate_for_a_full_outcome(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    assert certificate.status == CertificateStatus.VALID
    assert len(certificate.code) == CODE_LENGTH
    assert set(certificate.code) <= set(CODE_ALPHABET)
    assert certificate.participant == cast.participant_a
    assert certificate.validation_result == validation_a.results.get()
    assert certificate.subject == validation_a.model.name
    assert certificate.level_name == "Grön"
    assert certificate.areas == ["Säkerhet", "Mätteknik", "Ritningsläsning"]
    assert certificate.centre_name == "Centre A"
    assert certificate.assessed_on == datetime.date(2021, 3, 12)
    assert certificate.issued_by == cast.staff
    assert certificate.document.status == DocumentStatus.READY
    assert certificate.document.owner == cast.staff
    assert certificate.document.template_version == TEMPLATE_VERSION


def test_expiry_comes_from_the_model(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff, on=datetime.date(2021, 8, 31))
    assert certificate.expires_on == datetime.date(2024, 8, 31)  # 36 months


def test_no_expiry_when_the_model_has_no_validity(cast, issue):
    validation = recorded_validation(
        cast.participant_a, assessor=cast.assessor_a, model=model_with_areas()
    )
    assert issue(validation, cast.staff).expires_on is None


def test_add_months_keeps_to_the_end_of_short_months():
    assert services.add_months(datetime.date(2021, 1, 31), 1) == datetime.date(2021, 2, 28)
    assert services.add_months(datetime.date(2020, 2, 29), 12) == datetime.date(2021, 2, 28)
    assert services.add_months(datetime.date(2021, 11, 15), 14) == datetime.date(2023, 1, 15)


@pytest.mark.parametrize("outcome", [Outcome.PARTIAL, Outcome.NOT_ACHIEVED])
def test_no_certificate_without_a_full_outcome(cast, vmodel, outcome):
    validation = recorded_validation(
        cast.participant_a, assessor=cast.assessor_a, model=vmodel, outcome=outcome
    )
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=cast.staff, validation=validation)
    assert not Certificate.objects.exists()
    assert not Document.objects.exists()


def test_the_current_result_decides_not_the_first(cast, validation_a):
    correct_result(validation_a, outcome=Outcome.PARTIAL)
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=cast.staff, validation=validation_a)
    assert validation_a not in selectors.certificates_due(user=cast.staff)


def test_a_correction_to_full_makes_it_due(cast, vmodel):
    validation = recorded_validation(
        cast.participant_a, assessor=cast.assessor_a, model=vmodel, outcome=Outcome.PARTIAL
    )
    correct_result(validation, outcome=Outcome.FULL)
    assert list(selectors.certificates_due(user=cast.staff)) == [validation]


def test_no_certificate_for_a_booked_validation_without_result(cast, vmodel):
    validation = recorded_validation(cast.participant_a, assessor=cast.assessor_a, model=vmodel)
    validation.results.all().delete()
    validation.refresh_from_db()  # the pointer to the deleted result is now empty
    validation.status = ValidationStatus.BOOKED
    validation.save()
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=cast.staff, validation=validation)


def test_no_certificate_for_a_cancelled_validation(cast, validation_a):
    validation_a.status = ValidationStatus.CANCELLED
    validation_a.save()
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=cast.staff, validation=validation_a)


def test_reissue_makes_a_new_certificate_and_keeps_the_old(cast, validation_a, issue):
    first = issue(validation_a, cast.staff)
    second = issue(validation_a, cast.staff)
    assert first.pk != second.pk
    assert first.code != second.code
    assert first.document_id != second.document_id
    first.refresh_from_db()
    assert first.status == CertificateStatus.VALID


def test_snapshot_does_not_follow_later_edits(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    validation_a.model.name = "Renamed"
    validation_a.model.save()
    cast.participant_a.first_name = "Annika"
    cast.participant_a.save()
    certificate.refresh_from_db()
    assert certificate.participant_name == "Anna Alfa"
    assert certificate.subject != "Renamed"


def test_issue_moves_the_participant_to_certificate_issued(cast, validation_a, issue):
    issue(validation_a, cast.staff)
    cast.participant_a.refresh_from_db()
    assert cast.participant_a.status == ParticipantStatus.CERTIFICATE_ISSUED


def test_issue_leaves_an_ended_participant_ended(cast, validation_a, issue):
    participant = cast.participant_a
    participant.status = ParticipantStatus.DROPPED_OUT
    participant.save()
    issue(validation_a, cast.staff)
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.DROPPED_OUT


def test_no_pdf_is_rendered_when_the_transaction_rolls_back(
    cast, validation_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.certificate_issue(actor=cast.staff, validation=validation_a)
                raise RuntimeError("something later failed")
    assert callbacks == []
    assert not Certificate.objects.exists()


# Who may issue ------------------------------------------------------------------------------


def test_assessor_may_issue_for_own_centre_when_the_model_allows(cast, vmodel, validation_a, issue):
    vmodel.centre_may_issue = True
    vmodel.save()
    certificate = issue(validation_a, cast.assessor_a)
    assert certificate.issued_by == cast.assessor_a


def test_assessor_may_not_issue_when_the_model_does_not_allow(cast, validation_a):
    with pytest.raises(PermissionDenied):
        services.certificate_issue(actor=cast.assessor_a, validation=validation_a)


def test_assessor_may_not_issue_for_another_centre(cast, vmodel, validation_b):
    vmodel.centre_may_issue = True
    vmodel.save()
    with pytest.raises(PermissionDenied):
        services.certificate_issue(actor=cast.assessor_a, validation=validation_b)


@pytest.mark.parametrize("who", ["coach_a", "manager"])
def test_coach_and_manager_may_not_issue(cast, vmodel, validation_a, who):
    vmodel.centre_may_issue = True
    vmodel.save()
    with pytest.raises(PermissionDenied):
        services.certificate_issue(actor=getattr(cast, who), validation=validation_a)


# Revoke -------------------------------------------------------------------------------------


def test_staff_revoke_with_a_reason(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    services.certificate_revoke(actor=cast.staff, certificate=certificate, reason="Fel person")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.state() == CertificateState.REVOKED
    assert certificate.revoked_reason == "Fel person"
    assert certificate.revoked_by == cast.staff
    assert certificate.revoked_at is not None


def test_revoke_needs_a_reason(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=cast.staff, certificate=certificate, reason="  ")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_revoking_twice_is_refused(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    services.certificate_revoke(actor=cast.staff, certificate=certificate, reason="Fel")
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=cast.staff, certificate=certificate, reason="Igen")


@pytest.mark.parametrize("who", ["assessor_a", "coach_a", "manager"])
def test_only_staff_revoke(cast, vmodel, validation_a, issue, who):
    vmodel.centre_may_issue = True  # even the centre that may issue may not revoke
    vmodel.save()
    certificate = issue(validation_a, cast.staff)
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(actor=getattr(cast, who), certificate=certificate, reason="x")


# Due list and state ---------------------------------------------------------------------------


def test_due_list_drops_a_validation_once_certified_and_takes_it_back_when_revoked(
    cast, validation_a, validation_b, issue
):
    assert set(selectors.certificates_due(user=cast.staff)) == {validation_a, validation_b}
    certificate = issue(validation_a, cast.staff)
    assert list(selectors.certificates_due(user=cast.staff)) == [validation_b]
    services.certificate_revoke(actor=cast.staff, certificate=certificate, reason="Fel nivå")
    assert set(selectors.certificates_due(user=cast.staff)) == {validation_a, validation_b}


def test_due_list_is_scoped_and_filtered(cast, validation_a, validation_b):
    assert list(selectors.certificates_due(user=cast.assessor_a)) == [validation_a]
    assert list(selectors.certificates_due(user=cast.coach_b)) == [validation_b]
    assert list(selectors.certificates_due(user=cast.staff, company=cast.company_b)) == [
        validation_b
    ]


def test_expired_is_computed_from_the_date(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff, on=datetime.date(2021, 3, 20))
    assert certificate.state(datetime.date(2024, 3, 20)) == CertificateState.VALID
    assert certificate.state(datetime.date(2024, 3, 21)) == CertificateState.EXPIRED
    assert list(Certificate.objects.in_state("expired", datetime.date(2024, 3, 21))) == [
        certificate
    ]
    assert not Certificate.objects.in_state("valid", datetime.date(2024, 3, 21)).exists()


# The render task for certificates ------------------------------------------------------------


def test_running_the_render_again_leaves_the_issued_pdf_alone(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    stored = certificate.document.file.read()
    render_documents.delay(document_ids=[str(certificate.document_id)])
    certificate.document.refresh_from_db()
    assert certificate.document.attempts == 1
    assert certificate.document.file.read() == stored


def test_a_failing_render_is_recorded_and_retry_makes_the_pdf(
    cast, validation_a, issue, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def disk_full(*args, **kwargs):  # the outside world (WeasyPrint writing) fails
        calls.append(1)
        raise OSError("No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(weasyprint.HTML, "write_pdf", disk_full)
        certificate = issue(validation_a, cast.staff)
    document = certificate.document
    assert len(calls) == MAX_RETRIES + 1
    assert document.status == DocumentStatus.FAILED
    assert document.error
    assert not document.file
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(actor=cast.staff, document=document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.file.read().startswith(b"%PDF")


def test_a_certificate_deleted_before_its_render_fails_the_document(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    document = certificate.document
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.PENDING, params={"certificate": 0}
    )
    render_documents.delay(document_ids=[str(document.pk)])
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error == gettext("The certificate no longer exists.")
