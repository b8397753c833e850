"""Which kinds of document exist, how each is rendered and who may see it.

An app registers its kinds in its `AppConfig.ready()`:

    register(DocumentKind(key="certificate", render=..., can_access=...))

Explicit registration (no signals, no auto-discovery) so that `grep register(` finds every kind.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from .models import Document


class DocumentError(Exception):
    """A domain error: the document cannot be made as asked (no retry helps).

    Its message is stored on the document and shown to the user, so it must be translatable
    and must not contain personal data beyond what the user may see anyway.
    """


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str
    content_type: str


def _owner_only(user, document: "Document") -> bool:
    return document.owner_id is not None and document.owner_id == user.pk


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document.

    render(document) -> Rendered: pure work from the document's params; raises DocumentError for
        domain problems; any other exception is a bug or (OSError, database gone) transient.
        It runs in the worker, without a request: a kind whose content depends on who asked
        (a report of the owner's companies) must read through `for_user(document.owner)`, so
        the owner's scope is checked again when the work is done.
    can_access(user, document) -> bool: may this user download it? False gives 404.
    can_retry(user, document) -> bool: may this user start a failed one again?
    template_version: recorded on every document rendered, so an issued file can be traced to
        the template that made it; bump it when the template changes.
    label: what users call this kind of document (translatable), for lists and filters.
    title: the title each reader sees, in the reader's language (translatable, lazy), with
        `%(subject)s` where the document's stored title goes; e.g. "Competence certificates –
        %(subject)s" around "Alfa AB". Empty: the stored title as it is.

    Personal data (the privacy app's anonymisation asks every kind, so a new kind cannot be
    forgotten; a test fails for a kind that gives no answer):
    naming(participant_ids) -> Q: a filter on Document selecting this kind's documents that name
        any of these participants (name or personnummer). Called before the participants are
        anonymised, so it may read what identifies them.
    names_many: such a document names other people too (a batch ZIP, a workbook of
        participants): once its file is removed it may be made again, which leaves the
        anonymised person out. A document about one person is removed for good.
    names_participants: False for a kind that names no participant at all (charts and totals,
        a company's conversation): it needs no `naming`.
    """

    key: str
    render: Callable[["Document"], Rendered]
    label: str = ""
    can_access: Callable[[object, "Document"], bool] = field(default=_owner_only)
    can_retry: Callable[[object, "Document"], bool] = field(default=_owner_only)
    template_version: str = "1"
    title: str = ""
    naming: Callable[[Collection[int]], Q] | None = None
    names_many: bool = False
    names_participants: bool = True


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Document kind {kind.key!r} is already registered")
    _KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> DocumentKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"Unknown document kind {key!r}") from None


def is_registered(key: str) -> bool:
    return key in _KINDS


def label_of(key: str) -> str:
    """The kind's label; the key itself for a kind no longer registered (old rows)."""
    kind = _KINDS.get(key)
    return str(kind.label or key) if kind else key


def kind_choices() -> list[tuple[str, str]]:
    return sorted(((key, label_of(key)) for key in _KINDS), key=lambda choice: choice[1])


def kinds() -> list[DocumentKind]:
    return list(_KINDS.values())


def naming_participants(participant_ids: Collection[int]) -> Q:
    """A filter on Document: every document of every kind that names one of the participants."""
    found = Q(pk__in=[])
    for kind in _KINDS.values():
        if kind.naming is not None and participant_ids:
            found |= Q(kind=kind.key) & kind.naming(participant_ids)
    return found


def params_name(key: str) -> Callable[[Collection[int]], Q]:
    """`naming` for the common case: the document's `params[key]` is the participant's id."""

    def naming(participant_ids: Collection[int]) -> Q:
        return Q(**{f"params__{key}__in": list(participant_ids)})

    return naming


def zip_naming(own: str, inner: str) -> Callable[[Collection[int]], Q]:
    """`naming` for the ZIP kind `own` of documents of kind `inner` (`params["documents"]`):
    the ZIPs that hold a document naming one of the participants."""

    def naming(participant_ids: Collection[int]) -> Q:
        from .models import Document

        named = {
            str(pk)
            for pk in Document.objects.filter(
                get_kind(inner).naming(participant_ids), kind=inner
            ).values_list("pk", flat=True)
        }
        # In Python: SQLite cannot look inside a JSON list, and ZIPs are few (one per batch).
        zips = Document.objects.filter(kind=own).values_list("pk", "params").iterator()
        return Q(pk__in=[pk for pk, params in zips if named & set(params.get("documents", []))])

    return naming


def can_access(user, document: "Document") -> bool:
    """May `user` see and download `document`? Unknown kinds: nobody."""
    if not getattr(user, "is_authenticated", False) or not is_registered(document.kind):
        return False
    return get_kind(document.kind).can_access(user, document)


def can_retry(user, document: "Document") -> bool:
    if not can_access(user, document):
        return False
    return get_kind(document.kind).can_retry(user, document)
