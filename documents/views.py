"""Document pages: the user's list, progress, download (the only way to a stored file), retry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from framtidssakrad.http import (
    poll_while,
    private_file_response,
    removed_response,
    safe_next_url,
)
from framtidssakrad.pagination import paginate

from . import registry, selectors, services
from .filters import DocumentFilter
from .models import Document


def get_document_for_user(user, pk) -> Document:
    """The document, or 404 when it does not exist or the kind's rule hides it from `user`.
    Not `accounts.scoping.get_for_user`: who may see a document depends on its kind (a
    certificate's PDF follows the certificate's scope), not on a role filter of its own."""
    document = get_object_or_404(Document.objects.select_related("owner"), pk=pk)
    if not registry.can_access(user, document):
        raise Http404
    return document


@login_required
def document_list(request):
    documents = DocumentFilter(request.GET, queryset=selectors.documents_requested_by(request.user))
    page = paginate(request, documents.qs)
    for document in page:
        document.kind_label = registry.label_of(document.kind)
    return render(request, "documents/document_list.html", {"filter": documents, "page": page})


@login_required
def document_detail(request, pk):
    document = get_document_for_user(request.user, pk)
    response = render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "can_retry": services.document_can_retry(request.user, document),
            "next": safe_next_url(request),
        },
    )
    return poll_while(response, document.in_progress)


@login_required
def document_download(request, pk):
    document = get_document_for_user(request.user, pk)
    if document.is_removed:
        return removed_response(request)
    if not document.is_ready:
        return redirect("documents:document_detail", pk=document.pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return private_file_response(
        handle,
        filename=document.filename,
        content_type=document.content_type or "application/octet-stream",
        as_attachment=request.GET.get("inline") != "1",
    )


@login_required
@require_POST
def document_retry(request, pk):
    document = get_document_for_user(request.user, pk)
    try:
        services.document_retry(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is being made again."))
    return redirect(safe_next_url(request) or document_detail_url(document))


def document_detail_url(document: Document) -> str:
    return reverse("documents:document_detail", args=[document.pk])
