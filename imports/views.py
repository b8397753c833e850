"""Upload a file, see what it would do, confirm; the log of imports; the rejected rows."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_for_user
from documents.tabular import FORMATS, table_response
from framtidssakrad.http import poll_while
from framtidssakrad.pagination import paginate

from . import progress, selectors, services
from .forms import UploadForm
from .models import ImportJob, ImportKind

PREVIEW_ROWS = 200


def _kinds(user) -> list[str]:
    return [kind for kind in ImportKind.values if services.may_import(user, kind)]


@login_required
def import_list(request):
    """The upload form and the log of imports (staff see all; a coach their own)."""
    kinds = _kinds(request.user)
    if not kinds:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_upload(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                content=upload.read(),
                filename=upload.name,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(job)
    jobs = ImportJob.objects.for_user(request.user).select_related("owner")
    return render(
        request, "imports/import_list.html", {"form": form, "page": paginate(request, jobs)}
    )


@login_required
def import_detail(request, pk):
    job = get_for_user(ImportJob, request.user, pk=pk)
    context = {
        "job": job,
        "progress": progress.read(job.pk) if job.in_progress else None,
        "retention_days": settings.IMPORT_FILE_RETENTION_DAYS,
        **selectors.preview(job, limit=PREVIEW_ROWS),
    }
    return poll_while(render(request, "imports/import_detail.html", context), job.in_progress)


@login_required
@require_POST
def import_confirm(request, pk):
    job = get_for_user(ImportJob, request.user, pk=pk)
    if not services.import_confirm(actor=request.user, job=job):
        messages.info(request, _("This file has already been imported or is being imported."))
    return redirect(job)


@login_required
@require_POST
def import_retry(request, pk):
    job = get_for_user(ImportJob, request.user, pk=pk)
    services.import_retry(actor=request.user, job=job)
    return redirect(job)


@login_required
def import_rejected(request, pk, fmt):
    """The rejected rows as they were in the file, with a column saying why, to fix and send
    again."""
    job = get_for_user(ImportJob, request.user, pk=pk)
    if fmt not in FORMATS:
        raise PermissionDenied
    if job.file_removed:
        raise Http404
    header, rows = selectors.rejected_rows(job)
    return table_response(
        header=header,
        rows=rows,
        fmt=fmt,
        filename=_("rejected-rows-%(name)s") % {"name": job.filename.rsplit(".", 1)[0]},
        title=_("Rejected rows"),
    )
