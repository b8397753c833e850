"""The operations command, the demo seed and the validation page's certificate partial."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import RequestFactory

from certificates.demo import seed_certificates
from certificates.models import Certificate, CertificateBatch
from companies.models import Participant, ParticipantStatus
from documents.models import Document, DocumentStatus
from validation.models import Outcome
from validation.selectors import current_result

from .factories import recorded_validation


def run(*args):
    out = StringIO()
    call_command("issue_certificates", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_what_is_due_and_changes_nothing(cast, validation_a, validation_b):
    output = run("--company", cast.company_a.organisationsnummer, "--as", "staff", "--dry-run")
    assert "1 certificate(s) due" in output
    assert "Anna Alfa" in output and "Bo Beta" not in output
    assert "Dry run" in output
    assert not Certificate.objects.exists()
    assert not Document.objects.exists()
    assert not CertificateBatch.objects.exists()


def test_dry_run_needs_no_user(cast, validation_a, validation_b):
    output = run("--company", cast.company_b.organisationsnummer, "--dry-run")
    assert "1 certificate(s) due" in output
    assert "Bo Beta" in output and "Anna Alfa" not in output
    assert not Certificate.objects.exists()


def test_issuing_without_a_user_is_refused_with_what_to_do(cast, validation_a):
    with pytest.raises(CommandError, match="--as USERNAME"):
        run("--company", cast.company_a.organisationsnummer)
    assert not Certificate.objects.exists()


def test_command_issues_as_the_named_staff_user(
    cast, validation_a, django_capture_on_commit_callbacks
):
    digits = cast.company_a.organisationsnummer.replace("-", "")
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--company", digits, "--as", "staff", "--language", "en")
    certificate = Certificate.objects.get()
    assert "Issued 1 certificate(s)" in output
    assert certificate.issued_by == cast.staff
    assert certificate.language == "en"
    assert certificate.document.status == DocumentStatus.READY


def test_command_refuses_a_user_who_may_not_issue(cast, validation_a):
    with pytest.raises(CommandError):
        run("--company", cast.company_a.organisationsnummer, "--as", "coach_a")
    assert not Certificate.objects.exists()


def test_command_refuses_an_unknown_company(cast):
    with pytest.raises(CommandError):
        run("--company", "556000-0001", "--as", "staff")
    with pytest.raises(CommandError):
        run("--company", "not a number", "--as", "staff")


def test_demo_seed_issues_once(
    cast, validation_a, validation_b, django_capture_on_commit_callbacks
):
    recorded_validation(cast.participant_a, assessor=cast.assessor_a, outcome=Outcome.PARTIAL)
    # The demo issues only where the participant's demo status says there is a certificate;
    # other full outcomes stay due, for staff to try bulk issue.
    Participant.objects.filter(pk=cast.participant_a.pk).update(
        status=ParticipantStatus.CERTIFICATE_ISSUED
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_certificates(staff=cast.staff) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_certificates(staff=cast.staff) == 0
    assert list(Certificate.objects.values_list("validation", flat=True)) == [validation_a.pk]
    assert set(Document.objects.values_list("status", flat=True)) == {DocumentStatus.READY}


# The partial for the validation page ------------------------------------------------------------


def render_partial(user, validation) -> str:
    request = RequestFactory().get("/validations/1/")
    request.user = user
    template = Template(
        "{% load certificate_tags %}{% validation_certificates validation current %}"
    )
    context = {"request": request, "validation": validation, "current": current_result(validation)}
    return template.render(Context({**context, "csrf_token": "t"}))


def test_partial_offers_staff_the_issue_button_for_a_full_outcome(cast, validation_a):
    html = render_partial(cast.staff, validation_a)
    assert f"/certificates/issue/{validation_a.pk}/" in html
    assert 'name="next" value="/validations/1/"' in html


def test_partial_has_no_issue_button_for_a_partial_outcome(cast):
    validation = recorded_validation(
        cast.participant_a, assessor=cast.assessor_a, outcome=Outcome.PARTIAL
    )
    assert "/certificates/issue/" not in render_partial(cast.staff, validation)


def test_partial_shows_certificates_but_no_issue_button_to_a_coach(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    html = render_partial(cast.coach_a, validation_a)
    assert certificate.code in html
    assert "/certificates/issue/" not in html
