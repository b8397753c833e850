"""Staff browse the audit trail: per record, per user, per kind of record."""

from auditlog.models import LogEntry
from django.shortcuts import render

from accounts.roles import Capability as C
from accounts.scoping import require_capability
from framtidssakrad.pagination import paginate

from .forms import AuditFilterForm


@require_capability(C.AUDIT_VIEW)
def log_list(request):
    form = AuditFilterForm(request.GET or None)
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    elif form.is_bound:
        entries = entries.none()
    return render(
        request, "audit/log_list.html", {"form": form, "page": paginate(request, entries)}
    )
