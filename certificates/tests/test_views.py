"""Every certificate page for every role: allowed 200, other scope 404, no capability 403."""

import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateStatus
from companies.tests.factories import UserFactory
from companies.tests.helpers import in_english
from documents.models import Document, DocumentStatus
from validation.models import Outcome

from .factories import CertificateFactory, recorded_validation


@pytest.fixture
def cert_a(cast, validation_a, issue):
    return issue(validation_a, cast.staff)


@pytest.fixture
def cert_b(cast, validation_b, issue):
    return issue(validation_b, cast.staff)


def status(client, url, method="get", data=None):
    return getattr(client, method)(url, data or {}).status_code


# List -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "manager", "assessor", "coach"])
def test_list_shows_what_the_role_may_see(cast, cert_a, cert_b, role):
    response = cast.client(cast.users[role]).get(reverse("certificates:certificate_list"))
    assert response.status_code == 200
    codes = {c.code for c in response.context["page"]}
    expected = {cert_a.code, cert_b.code} if role in ("staff", "manager") else {cert_a.code}
    assert codes == expected


def test_list_needs_a_role(db, client):
    client.force_login(UserFactory())
    assert status(client, reverse("certificates:certificate_list")) == 403


def test_list_needs_login(client, db):
    response = client.get(reverse("certificates:certificate_list"))
    assert response.status_code == 302


def test_list_filters_by_state_company_and_code(cast, cert_a, cert_b, client):
    client.force_login(cast.staff)
    Certificate.objects.filter(pk=cert_b.pk).update(
        status=CertificateStatus.REVOKED, revoked_reason="x", revoked_at=cert_b.created_at
    )
    url = reverse("certificates:certificate_list")

    def codes(**params):
        return {c.code for c in client.get(url, params).context["page"]}

    assert codes(state="revoked") == {cert_b.code}
    assert codes(state="valid") == {cert_a.code}
    assert codes(company=cast.company_a.pk) == {cert_a.code}
    assert codes(q=cert_b.code.lower()) == {cert_b.code}
    assert codes(q="Anna") == {cert_a.code}


@pytest.mark.parametrize("role", ["assessor", "coach"])
def test_filtering_the_list_by_another_scopes_company_is_refused(cast, cert_a, cert_b, role):
    client = cast.client(cast.users[role])
    response = client.get(reverse("certificates:certificate_list"), {"company": cast.company_b.pk})
    assert response.context["filter"].errors["company"]
    assert cert_b.code not in response.text


def _many_certificates(cast, n):
    for _ in range(n):
        document = Document.objects.create(
            kind="certificate", title="x", status=DocumentStatus.READY, file="documents/x.pdf"
        )
        CertificateFactory(
            participant=cast.participant_a,
            assessor=cast.assessor_a,
            issued_by=cast.staff,
            document=document,
        )


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow_with_rows(
    cast, client, django_assert_max_num_queries, rows
):
    _many_certificates(cast, rows)
    client.force_login(cast.coach_a)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("certificates:certificate_list"))
    assert len(response.context["page"]) == rows


# Detail ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,sees_b", [("staff", True), ("manager", True), ("assessor", False), ("coach", False)]
)
def test_detail_by_role(cast, cert_a, cert_b, role, sees_b):
    client = cast.client(cast.users[role])
    assert status(client, reverse("certificates:certificate_detail", args=[cert_a.pk])) == 200
    expected_b = 200 if sees_b else 404
    assert (
        status(client, reverse("certificates:certificate_detail", args=[cert_b.pk])) == expected_b
    )


def test_detail_of_an_unknown_id_is_404(cast, cert_a):
    client = cast.client(cast.staff)
    assert status(client, reverse("certificates:certificate_detail", args=[cert_a.pk + 99])) == 404


def test_detail_never_shows_the_personnummer(cast, cert_a):
    page = cast.client(cast.staff).get(reverse("certificates:certificate_detail", args=[cert_a.pk]))
    content = page.content.decode()
    assert cast.participant_a.personnummer[2:8] not in content.replace("-", "")


def test_detail_shows_revoke_form_to_staff_only(cast, cert_a):
    url = reverse("certificates:certificate_detail", args=[cert_a.pk])
    revoke = reverse("certificates:certificate_revoke", args=[cert_a.pk])
    assert revoke in cast.client(cast.staff).get(url).content.decode()
    assert revoke not in cast.client(cast.manager).get(url).content.decode()


def test_detail_shows_a_failed_render_with_a_retry_button_for_staff(cast, cert_a):
    Document.objects.filter(pk=cert_a.document_id).update(
        status=DocumentStatus.FAILED, error="Renderer broke"
    )
    url = reverse("certificates:certificate_detail", args=[cert_a.pk])
    retry = reverse("documents:document_retry", args=[cert_a.document_id])
    page = cast.client(cast.staff).get(url).content.decode()
    assert "Renderer broke" in page and retry in page
    assert retry not in cast.client(cast.manager).get(url).content.decode()


def test_detail_polls_while_the_pdf_is_being_made(cast, cert_a):
    Document.objects.filter(pk=cert_a.document_id).update(status=DocumentStatus.PENDING)
    response = cast.client(cast.staff).get(
        reverse("certificates:certificate_detail", args=[cert_a.pk])
    )
    assert response["Refresh"] == "2"


# Download (through documents) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "role,sees_b", [("staff", True), ("manager", True), ("assessor", False), ("coach", False)]
)
def test_pdf_download_by_role(cast, cert_a, cert_b, role, sees_b):
    client = cast.client(cast.users[role])
    response = client.get(reverse("documents:document_download", args=[cert_a.document_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = client.get(reverse("documents:document_download", args=[cert_b.document_id]))
    assert other.status_code == (200 if sees_b else 404)


def _failed(certificate) -> Document:
    Document.objects.filter(pk=certificate.document_id).update(
        status=DocumentStatus.FAILED, error="broke"
    )
    return certificate.document


@pytest.mark.parametrize(
    "role,sees_b", [("staff", True), ("manager", True), ("assessor", False), ("coach", False)]
)
def test_pdf_progress_page_by_role(cast, cert_a, cert_b, role, sees_b):
    """The page names the participant and the code: another scope's is not found."""
    client = cast.client(cast.users[role])
    assert status(client, reverse("documents:document_detail", args=[cert_a.document_id])) == 200
    other = reverse("documents:document_detail", args=[cert_b.document_id])
    assert status(client, other) == (200 if sees_b else 404)


@pytest.mark.parametrize("role", ["assessor", "coach"])
def test_retry_of_another_scopes_certificate_pdf_is_404(cast, cert_b, role):
    document = _failed(cert_b)
    client = cast.client(cast.users[role])
    assert status(client, reverse("documents:document_retry", args=[document.pk]), "post") == 404
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED


def test_retry_of_a_certificate_pdf_by_its_coach_is_403(cast, cert_a):
    document = _failed(cert_a)
    client = cast.client(cast.coach_a)
    assert status(client, reverse("documents:document_retry", args=[document.pk]), "post") == 403
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED


def test_the_assessor_who_issued_a_certificate_may_retry_its_pdf(
    cast, vmodel, validation_a, issue, django_capture_on_commit_callbacks
):
    vmodel.centre_may_issue = True
    vmodel.save()
    document = _failed(issue(validation_a, cast.assessor_a))
    client = cast.client(cast.assessor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:document_retry", args=[document.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_pdf_download_by_a_user_without_role_is_404(cast, cert_a, client):
    client.force_login(UserFactory())
    response = client.get(reverse("documents:document_download", args=[cert_a.document_id]))
    assert response.status_code == 404


def test_retry_of_a_certificate_pdf_by_manager_is_403(cast, cert_a):
    Document.objects.filter(pk=cert_a.document_id).update(
        status=DocumentStatus.FAILED, error="broke"
    )
    client = cast.client(cast.manager)
    url = reverse("documents:document_retry", args=[cert_a.document_id])
    assert status(client, url, "post") == 403


def test_staff_retry_renders_the_failed_certificate_pdf(
    cast, cert_a, django_capture_on_commit_callbacks
):
    Document.objects.filter(pk=cert_a.document_id).update(
        status=DocumentStatus.FAILED, error="broke"
    )
    client = cast.client(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:document_retry", args=[cert_a.document_id]))
    cert_a.document.refresh_from_db()
    assert cert_a.document.status == DocumentStatus.READY
    assert cert_a.document.attempts == 2


# Revoke -----------------------------------------------------------------------------------------


def test_staff_revoke_through_the_page(cast, cert_a):
    client = cast.client(cast.staff)
    response = client.post(
        reverse("certificates:certificate_revoke", args=[cert_a.pk]),
        {"reason": "Fel person", "confirm": "on"},
    )
    assert response.status_code == 302
    cert_a.refresh_from_db()
    assert cert_a.status == CertificateStatus.REVOKED


def test_revoke_without_confirming_changes_nothing_and_says_why(cast, cert_a):
    response = cast.client(cast.staff).post(
        reverse("certificates:certificate_revoke", args=[cert_a.pk]),
        {"reason": "Fel person"},
        follow=True,
    )
    cert_a.refresh_from_db()
    assert cert_a.status == CertificateStatus.VALID
    assert "Kryssa i rutan" in response.content.decode()


def test_revoke_without_reason_changes_nothing(cast, cert_a):
    cast.client(cast.staff).post(reverse("certificates:certificate_revoke", args=[cert_a.pk]))
    cert_a.refresh_from_db()
    assert cert_a.status == CertificateStatus.VALID


@pytest.mark.parametrize(
    "who,expected_a,expected_b",
    [("manager", 403, 403), ("assessor_a", 403, 404), ("coach_a", 403, 404)],
)
def test_revoke_by_others(cast, cert_a, cert_b, who, expected_a, expected_b):
    client = cast.client(getattr(cast, who))
    for certificate, expected in ((cert_a, expected_a), (cert_b, expected_b)):
        url = reverse("certificates:certificate_revoke", args=[certificate.pk])
        assert status(client, url, "post", {"reason": "x", "confirm": "on"}) == expected
    assert not Certificate.objects.filter(status=CertificateStatus.REVOKED).exists()


def test_revoke_by_get_is_not_allowed(cast, cert_a):
    url = reverse("certificates:certificate_revoke", args=[cert_a.pk])
    assert status(cast.client(cast.staff), url) == 405


# Issue ----------------------------------------------------------------------------------------


def issue_url(validation):
    return reverse("certificates:certificate_issue", args=[validation.pk])


def test_staff_issue_through_the_page(cast, validation_a, django_capture_on_commit_callbacks):
    client = cast.client(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(issue_url(validation_a), {"language": "sv+en", "known": "0"})
    certificate = Certificate.objects.get()
    assert response["Location"] == reverse("certificates:certificate_detail", args=[certificate.pk])
    assert certificate.language == "sv+en"
    assert certificate.document.status == DocumentStatus.READY


def test_a_double_click_on_issue_makes_one_certificate(cast, validation_a):
    client = in_english(cast.client(cast.staff))
    page = reverse("validation:validation_detail", args=[validation_a.pk])
    assert 'name="known" value="0"' in client.get(page).text
    data = {"language": "sv", "known": "0", "next": page}
    first = client.post(issue_url(validation_a), data)
    second = client.post(issue_url(validation_a), data, follow=True)
    assert first["Location"].startswith("/certificates/")
    assert "was issued for this validation meanwhile" in second.text
    assert Certificate.objects.count() == 1


def test_issuing_again_from_a_page_that_shows_the_first_certificate(cast, validation_a, issue):
    issue(validation_a, cast.staff)
    client = cast.client(cast.staff)
    page = client.get(reverse("validation:validation_detail", args=[validation_a.pk])).text
    assert 'name="known" value="1"' in page
    response = client.post(issue_url(validation_a), {"language": "sv", "known": "1"})
    assert response.status_code == 302
    assert Certificate.objects.filter(validation=validation_a).count() == 2


def test_issue_for_a_partial_outcome_goes_back_with_an_error(cast, vmodel):
    validation = recorded_validation(
        cast.participant_a, assessor=cast.assessor_a, model=vmodel, outcome=Outcome.PARTIAL
    )
    response = cast.client(cast.staff).post(
        issue_url(validation), {"language": "sv", "known": "0", "next": "/validations/x/"}
    )
    assert response["Location"] == "/validations/x/"
    assert not Certificate.objects.exists()


def test_assessor_issues_where_the_model_allows(cast, vmodel, validation_a, validation_b):
    client = cast.client(cast.assessor_a)
    assert status(client, issue_url(validation_a), "post", {"language": "sv", "known": "0"}) == 403
    vmodel.centre_may_issue = True
    vmodel.save()
    assert status(client, issue_url(validation_a), "post", {"language": "sv", "known": "0"}) == 302
    assert status(client, issue_url(validation_b), "post", {"language": "sv", "known": "0"}) == 404
    assert Certificate.objects.get().issued_by == cast.assessor_a


@pytest.mark.parametrize("who", ["coach_a", "manager"])
def test_coach_and_manager_cannot_issue(cast, vmodel, validation_a, validation_b, who):
    vmodel.centre_may_issue = True
    vmodel.save()
    client = cast.client(getattr(cast, who))
    assert status(client, issue_url(validation_a), "post", {"language": "sv", "known": "0"}) == 403
    expected_b = 403 if who == "manager" else 404
    assert (
        status(client, issue_url(validation_b), "post", {"language": "sv", "known": "0"})
        == expected_b
    )
    assert not Certificate.objects.exists()


def test_issue_for_an_unknown_validation_is_404(cast, validation_a):
    client = cast.client(cast.staff)
    url = reverse("certificates:certificate_issue", args=[validation_a.pk + 99])
    assert status(client, url, "post", {"language": "sv", "known": "0"}) == 404


# Bulk and batches -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,expected", [("staff", 200), ("manager", 403), ("assessor", 403), ("coach", 403)]
)
def test_bulk_page_is_for_staff(cast, role, expected):
    client = cast.client(cast.users[role])
    assert status(client, reverse("certificates:certificate_bulk")) == expected


def test_user_without_role_gets_403_on_bulk(db, client):
    client.force_login(UserFactory())
    assert status(client, reverse("certificates:certificate_bulk")) == 403


def test_an_issue_post_without_the_known_count_is_refused(cast, validation_a):
    """Four hand-made POSTs without the page's count used to issue four certificates."""
    url = issue_url(validation_a)
    client = in_english(cast.client(cast.staff))
    for _ in range(4):
        assert client.post(url, {"language": "sv"}).status_code == 302
    assert not Certificate.objects.exists()
    client.post(url, {"language": "sv", "known": "0"})
    assert Certificate.objects.count() == 1
