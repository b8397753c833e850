"""Bulk issue for a company: the batch, its progress, and one ZIP of all PDFs."""

import io
import threading
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse

from certificates import selectors, services
from certificates.models import Certificate, CertificateBatch
from companies.tests.factories import ParticipantFactory
from documents.models import Document, DocumentStatus
from documents.tasks import render_documents
from validation.models import Outcome

from .factories import recorded_validation


@pytest.fixture
def company_a_due(cast, vmodel):
    """Three full-outcome validations at company A, one partial (not due)."""
    people = [cast.participant_a] + [
        ParticipantFactory(company=cast.company_a, first_name=name, last_name="Andersson")
        for name in ("Britt", "Carl", "Dora")
    ]
    validations = [
        recorded_validation(person, assessor=cast.assessor_a, model=vmodel) for person in people[:3]
    ]
    recorded_validation(people[3], assessor=cast.assessor_a, model=vmodel, outcome=Outcome.PARTIAL)
    return validations


@pytest.fixture
def bulk_issue(django_capture_on_commit_callbacks):
    def _bulk(actor, execute=True, **selection):
        with django_capture_on_commit_callbacks(execute=execute):
            return services.certificates_issue_bulk(actor=actor, **selection)

    return _bulk


def test_bulk_issues_every_due_certificate_of_the_company(
    cast, company_a_due, validation_b, bulk_issue
):
    batch = bulk_issue(cast.staff, company=cast.company_a, language="en")
    certificates = batch.certificates.all()
    assert {c.validation for c in certificates} == set(company_a_due)
    assert all(c.language == "en" and c.issued_by == cast.staff for c in certificates)
    assert batch.description == "Alfa AB"
    progress = selectors.batch_progress(batch)
    assert (progress.total, progress.ready, progress.failed, progress.done) == (3, 3, 0, True)
    # Company B's validation was not part of it, and company A has nothing due any more.
    assert list(selectors.certificates_due(user=cast.staff)) == [validation_b]


def test_bulk_renders_its_certificates_several_to_a_task(
    cast, company_a_due, bulk_issue, monkeypatch
):
    sent = []
    monkeypatch.setattr(render_documents, "delay", lambda **kwargs: sent.append(kwargs))
    batch = bulk_issue(cast.staff, company=cast.company_a)
    assert sent == [
        {"document_ids": [str(c.document_id) for c in batch.certificates.order_by("pk")]}
    ]


def test_bulk_twice_issues_nothing_the_second_time(cast, company_a_due, bulk_issue):
    bulk_issue(cast.staff, company=cast.company_a)
    with pytest.raises(ValidationError):
        bulk_issue(cast.staff, company=cast.company_a)
    assert Certificate.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_bulk_issues_at_once_issue_each_certificate_once(cast, company_a_due):
    """A double click, or two staff members: the second waits for the first and then finds
    nothing due. Row locks need PostgreSQL (CI); SQLite runs one writer at a time anyway."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL (.ci/run)")
    first_issued, first_may_commit = threading.Event(), threading.Event()
    outcome = {}

    def issue(name, hold_open=False):
        try:
            with transaction.atomic():
                outcome[name] = services.certificates_issue_bulk(
                    actor=cast.staff, company=cast.company_a
                )
                if hold_open:
                    first_issued.set()
                    first_may_commit.wait(10)
        except ValidationError as error:
            outcome[name] = error
        finally:
            connection.close()

    first = threading.Thread(target=issue, args=("first", True))
    first.start()
    assert first_issued.wait(10)
    second = threading.Thread(target=issue, args=("second",))
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting for the first one's locks
    first_may_commit.set()
    first.join(10)
    second.join(10)
    assert isinstance(outcome["first"], CertificateBatch)
    assert isinstance(outcome["second"], ValidationError)
    assert Certificate.objects.count() == 3


def test_issue_many_is_for_staff_and_all_or_nothing(
    cast, company_a_due, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        services.certificates_issue_many(actor=cast.manager, validations=company_a_due)
    partial = recorded_validation(
        cast.participant_b, assessor=cast.assessor_b, outcome=Outcome.PARTIAL
    )
    with pytest.raises(ValidationError):
        services.certificates_issue_many(actor=cast.staff, validations=[*company_a_due, partial])
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.certificates_issue_many(actor=cast.staff, validations=company_a_due)
    assert {c.validation for c in issued} == set(company_a_due)
    assert all(c.batch is None for c in issued)
    documents = Document.objects.filter(pk__in=[c.document_id for c in issued])
    assert set(documents.values_list("status", flat=True)) == {DocumentStatus.READY}


def test_bulk_is_for_staff(cast, company_a_due):
    with pytest.raises(PermissionDenied):
        services.certificates_issue_bulk(actor=cast.manager, company=cast.company_a)


def test_progress_counts_pending_and_failed(cast, company_a_due, bulk_issue):
    batch = bulk_issue(cast.staff, company=cast.company_a, execute=False)
    assert selectors.batch_progress(batch).in_progress == 3
    first = batch.certificates.order_by("pk").first()
    Document.objects.filter(pk=first.document_id).update(status=DocumentStatus.FAILED, error="x")
    progress = selectors.batch_progress(batch)
    assert (progress.ready, progress.failed, progress.in_progress) == (0, 1, 2)
    assert not progress.done


def test_zip_holds_every_pdf_of_the_batch(
    cast, company_a_due, bulk_issue, django_capture_on_commit_callbacks
):
    batch = bulk_issue(cast.staff, company=cast.company_a)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.certificate_batch_zip(actor=cast.staff, batch=batch)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.content_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(document.file.read())) as archive:
        names = sorted(archive.namelist())
        expected = sorted(c.document.filename for c in batch.certificates.all())
        assert names == expected
        for name in names:
            assert archive.read(name).startswith(b"%PDF")
    # Asking again gives the same ZIP rather than a new one.
    assert services.certificate_batch_zip(actor=cast.staff, batch=batch) == document


def test_zip_leaves_out_revoked_certificates(
    cast, company_a_due, bulk_issue, django_capture_on_commit_callbacks
):
    batch = bulk_issue(cast.staff, company=cast.company_a)
    revoked = batch.certificates.order_by("pk").first()
    services.certificate_revoke(actor=cast.staff, certificate=revoked, reason="Fel")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.certificate_batch_zip(actor=cast.staff, batch=batch)
    document.refresh_from_db()
    with zipfile.ZipFile(io.BytesIO(document.file.read())) as archive:
        assert revoked.document.filename not in archive.namelist()
        assert len(archive.namelist()) == 2


def _zip_names(document) -> list[str]:
    document.refresh_from_db()
    with zipfile.ZipFile(io.BytesIO(document.file.read())) as archive:
        return archive.namelist()


def test_a_zip_made_before_a_revocation_is_made_again_without_it(
    cast, company_a_due, bulk_issue, django_capture_on_commit_callbacks
):
    batch = bulk_issue(cast.staff, company=cast.company_a)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.certificate_batch_zip(actor=cast.staff, batch=batch)
    assert len(_zip_names(first)) == 3
    revoked = batch.certificates.order_by("pk").first()
    services.certificate_revoke(actor=cast.staff, certificate=revoked, reason="Fel")
    page = cast.client(cast.staff).get(reverse("certificates:batch_detail", args=[batch.pk]))
    assert not page.context["zip_current"]
    assert reverse("certificates:batch_zip", args=[batch.pk]) in page.text  # may make it again
    with django_capture_on_commit_callbacks(execute=True):
        second = services.certificate_batch_zip(actor=cast.staff, batch=batch)
    assert second != first
    assert revoked.document.filename not in _zip_names(second)
    assert len(_zip_names(second)) == 2


def test_a_pdf_made_again_after_failing_gets_into_a_new_zip(
    cast, company_a_due, bulk_issue, django_capture_on_commit_callbacks
):
    batch = bulk_issue(cast.staff, company=cast.company_a)
    failed = batch.certificates.order_by("pk").first()
    Document.objects.filter(pk=failed.document_id).update(status=DocumentStatus.FAILED, error="x")
    with django_capture_on_commit_callbacks(execute=True):
        without = services.certificate_batch_zip(actor=cast.staff, batch=batch)
    assert len(_zip_names(without)) == 2
    Document.objects.filter(pk=failed.document_id).update(status=DocumentStatus.READY, error="")
    with django_capture_on_commit_callbacks(execute=True):
        with_it = services.certificate_batch_zip(actor=cast.staff, batch=batch)
    assert failed.document.filename in _zip_names(with_it)


def test_zip_waits_until_the_pdfs_are_done(cast, company_a_due, bulk_issue):
    batch = bulk_issue(cast.staff, company=cast.company_a, execute=False)
    with pytest.raises(ValidationError):
        services.certificate_batch_zip(actor=cast.staff, batch=batch)


# Pages ------------------------------------------------------------------------------------------


def test_bulk_page_lists_what_is_due_for_the_chosen_company(cast, company_a_due, validation_b):
    client = cast.client(cast.staff)
    response = client.get(reverse("certificates:certificate_bulk"), {"company": cast.company_a.pk})
    assert set(response.context["due"]) == set(company_a_due)
    assert "Britt Andersson" in response.content.decode()


def test_bulk_page_issue_all_then_progress_then_zip_download(
    cast, company_a_due, django_capture_on_commit_callbacks
):
    client = cast.client(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:certificate_bulk"),
            {"company": cast.company_a.pk, "language": "sv"},
        )
    batch = CertificateBatch.objects.get()
    assert response["Location"] == reverse("certificates:batch_detail", args=[batch.pk])
    page = client.get(response["Location"])
    assert page.context["progress"].ready == 3
    assert "Refresh" not in page  # done: no more polling
    zip_url = reverse("certificates:batch_zip", args=[batch.pk])
    assert zip_url in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(zip_url)
    batch.refresh_from_db()
    download = client.get(reverse("documents:document_download", args=[batch.zip_document_id]))
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert len(archive.namelist()) == 3


def test_batch_page_polls_while_pdfs_are_being_made(cast, company_a_due, bulk_issue):
    batch = bulk_issue(cast.staff, company=cast.company_a, execute=False)
    page = cast.client(cast.staff).get(reverse("certificates:batch_detail", args=[batch.pk]))
    assert page["Refresh"] == "2"
    assert page.context["progress"].in_progress == 3


@pytest.mark.parametrize("role", ["manager", "assessor", "coach"])
def test_batch_pages_are_not_found_for_other_roles(cast, company_a_due, bulk_issue, role):
    batch = bulk_issue(cast.staff, company=cast.company_a)
    client = cast.client(cast.users[role])
    assert client.get(reverse("certificates:batch_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("certificates:batch_zip", args=[batch.pk])).status_code == 404


def test_zip_of_a_batch_is_not_downloadable_by_others(
    cast, company_a_due, bulk_issue, django_capture_on_commit_callbacks
):
    batch = bulk_issue(cast.staff, company=cast.company_a)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.certificate_batch_zip(actor=cast.staff, batch=batch)
    for role in ("manager", "assessor", "coach"):
        client = cast.client(cast.users[role])
        for name in ("document_download", "document_detail"):
            url = reverse(f"documents:{name}", args=[document.pk])
            assert client.get(url).status_code == 404, (role, name)


def test_zip_title_follows_the_readers_language_not_the_creators(
    cast, company_a_due, bulk_issue, django_capture_on_commit_callbacks
):
    from django.utils import translation

    batch = bulk_issue(cast.staff, company=cast.company_a)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        document = services.certificate_batch_zip(actor=cast.staff, batch=batch)
    with translation.override("sv"):
        assert document.display_title == "Kompetensbevis – Alfa AB"
    with translation.override("en"):
        assert document.display_title == "Competence certificates – Alfa AB"
    client = cast.client(cast.staff)  # a Swedish page
    assert "Kompetensbevis – Alfa AB" in client.get(reverse("documents:document_list")).text
