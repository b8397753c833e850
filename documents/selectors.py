"""Reads about documents that pages rely on."""

from django.db.models import QuerySet

from .models import Document, DocumentStatus


def documents_requested_by(user) -> QuerySet[Document]:
    """The documents `user` asked for, newest first: their own list, for every role. Listing is
    not handing out: the download view still asks the kind's access rule."""
    return Document.objects.filter(owner=user).order_by("-created_at", "-id")


def removed_among(document_ids) -> set[str]:
    """Which of `document_ids` had their file removed for data protection (as strings): a ZIP
    made again leaves them out."""
    return {
        str(pk)
        for pk in Document.objects.filter(
            pk__in=list(document_ids), status=DocumentStatus.REMOVED
        ).values_list("pk", flat=True)
    }
