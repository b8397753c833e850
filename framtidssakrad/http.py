"""Small HTTP helpers every app's views share."""

from django.http import FileResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

# Progress pages reload themselves this often (seconds) while work runs in a task.
POLL_SECONDS = 2


def poll_while(response, in_progress: bool):
    """Have the browser reload the page every POLL_SECONDS while `in_progress`."""
    if in_progress:
        response["Refresh"] = str(POLL_SECONDS)
    return response


def safe_next_url(request) -> str | None:
    """The `next` URL of a form or link when it points back into this site, else None (so a
    crafted link cannot send a user elsewhere after an action)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def private_file_response(
    handle, *, filename: str, content_type: str, as_attachment: bool = True
) -> FileResponse:
    """A stored file for one user, after the view has checked access: never cached by a
    shared cache, never sniffed into another type by the browser."""
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def removed_response(request):
    """What asking for a file removed for data protection answers (410 Gone): a page that says
    so, not an error (documents and evidence of anonymised participants)."""
    return render(request, "removed.html", status=410)
