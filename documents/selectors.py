"""Reads about documents that pages rely on."""

from django.db.models import QuerySet

from .models import Document


def documents_requested_by(user) -> QuerySet[Document]:
    """The documents `user` asked for, newest first: their own list, for every role. Listing is
    not handing out: the download view still asks the kind's access rule."""
    return Document.objects.filter(owner=user).order_by("-created_at", "-id")
