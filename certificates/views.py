"""Certificate pages: resolve access, bind the form, call a service, redirect.

The public verification page (`verify`) needs no login and shows only what the certificate
itself says; everything else is scoped with `Certificate.objects.for_user`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Capability as C
from accounts.roles import has_capability
from accounts.scoping import get_for_user, require_capability
from documents.services import document_can_retry
from documents.tabular import export_format
from framtidssakrad.http import poll_while, safe_next_url
from framtidssakrad.pagination import paginate
from validation.models import Validation

from . import exports, ratelimit, selectors, services
from .filters import CertificateFilter
from .forms import BulkIssueForm, IssueForm, RevokeForm, VerifyForm
from .models import Certificate, CertificateBatch
from .pdf import verification_url
from .permissions import can_bulk_issue, can_issue, can_revoke


@require_capability(C.CERTIFICATES_VIEW)
def certificate_list(request):
    certificates = (
        Certificate.objects.for_user(request.user)
        .select_related("participant__company", "document")
        .order_by("-issued_on", "-pk")
    )
    filters = CertificateFilter(request.GET, queryset=certificates, user=request.user)
    if fmt := export_format(request):
        return exports.certificates_export(queryset=filters.qs, fmt=fmt)
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "filter": filters,
            "page": paginate(request, filters.qs),
            "can_bulk_issue": can_bulk_issue(request.user),
            "can_export": True,
        },
    )


@login_required
def certificate_detail(request, pk):
    certificate = get_for_user(
        Certificate.objects.select_related(
            "participant__company", "document", "issued_by", "revoked_by", "batch"
        ),
        request.user,
        capability=C.CERTIFICATES_VIEW,
        pk=pk,
    )
    document = certificate.document
    response = render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "document": document,
            "can_retry": document_can_retry(request.user, document),
            "can_revoke": can_revoke(request.user, certificate),
            "can_see_participant": has_capability(request.user, C.PARTICIPANTS_VIEW),
            "revoke_form": RevokeForm(),
            "verification_url": verification_url(certificate.code),
        },
    )
    return poll_while(response, document is not None and document.in_progress)


@login_required
@require_POST
def certificate_revoke(request, pk):
    certificate = get_for_user(Certificate, request.user, capability=C.CERTIFICATES_REVOKE, pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("certificates:certificate_detail", pk=pk)
    try:
        services.certificate_revoke(
            actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The certificate was revoked."))
    return redirect("certificates:certificate_detail", pk=pk)


@login_required
@require_POST
def certificate_issue(request, validation_pk):
    validation = get_for_user(
        Validation.objects.select_related("model", "level", "centre", "participant"),
        request.user,
        capability=C.VALIDATION_VIEW,
        pk=validation_pk,
    )
    if not can_issue(request.user, validation):
        raise PermissionDenied
    back = safe_next_url(request) or reverse("certificates:certificate_list")
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose the certificate's language.")
            if "language" in form.errors
            else _("Reload the page and issue the certificate from there."),
        )
        return redirect(back)
    try:
        certificate = services.certificate_issue(
            actor=request.user,
            validation=validation,
            language=form.cleaned_data["language"],
            known_certificates=form.cleaned_data["known"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("Certificate %(code)s was issued; its PDF is being made.") % {"code": certificate.code},
    )
    return redirect("certificates:certificate_detail", pk=certificate.pk)


@require_capability(C.CERTIFICATES_ISSUE)
def certificate_bulk(request):
    """Staff choose a company (or filters), see what is due, and issue it all as one batch."""
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = BulkIssueForm(data, user=request.user)
    due = None
    if form.is_bound and form.is_valid():
        if request.method == "POST":
            try:
                batch = services.certificates_issue_bulk(
                    actor=request.user,
                    language=form.cleaned_data["language"],
                    description=form.description(),
                    **form.selection(),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                return redirect("certificates:batch_detail", pk=batch.pk)
        due = selectors.certificates_due(user=request.user, **form.selection())
    return render(
        request,
        "certificates/bulk.html",
        {
            "form": form,
            "due": paginate(request, due) if due is not None else None,
            "batches": CertificateBatch.objects.for_user(request.user).select_related("created_by")[
                :10
            ],
        },
    )


@login_required
def batch_detail(request, pk):
    batch = get_for_user(
        CertificateBatch.objects.select_related("company", "created_by", "zip_document"),
        request.user,
        capability=C.CERTIFICATES_ISSUE,
        pk=pk,
    )
    progress = selectors.batch_progress(batch)
    page = paginate(
        request,
        batch.certificates.select_related("document").order_by("participant_name", "pk"),
    )
    for certificate in page:
        certificate.can_retry = document_can_retry(request.user, certificate.document)
    zip_current = progress.done and selectors.batch_zip_is_current(
        batch, selectors.batch_zip_contents(batch)
    )
    response = render(
        request,
        "certificates/batch_detail.html",
        {
            "batch": batch,
            "progress": progress,
            "page": page,
            "zip": batch.zip_document,
            "zip_current": zip_current,
        },
    )
    return poll_while(
        response, not progress.done or (zip_current and batch.zip_document.in_progress)
    )


@login_required
@require_POST
def batch_zip(request, pk):
    batch = get_for_user(
        CertificateBatch.objects.select_related("zip_document"),
        request.user,
        capability=C.CERTIFICATES_ZIP,
        pk=pk,
    )
    try:
        services.certificate_batch_zip(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("certificates:batch_detail", pk=pk)


def verify(request, code: str | None = None):
    """Public: is this certificate genuine, and is it valid, revoked or expired?"""
    form = VerifyForm(request.GET if code is None and "code" in request.GET else None)
    if code is None and form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
    context = {"form": form if code is None else VerifyForm(), "code": code}
    status = 200
    if code is not None:
        if ratelimit.hit(request):
            response = render(request, "certificates/verify_limited.html", status=429)
            response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
            return _private(response)
        certificate = selectors.certificate_for_verification(code)
        context["certificate"] = certificate
        if certificate is None:
            status = 404
        else:
            context["state"] = certificate.state()
    return _private(render(request, "certificates/verify.html", context, status=status))


def _private(response):
    # A verification answer is about a person: no search engine, no shared cache, and an
    # answer that changes when the certificate is revoked.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
