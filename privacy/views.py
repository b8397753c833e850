"""Staff ask for a participant's register extract."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Capability as C
from accounts.scoping import get_for_user
from companies.models import Participant

from . import services


@login_required
@require_POST
def register_extract(request, pk):
    participant = get_for_user(Participant, request.user, capability=C.PERSONNUMMER_VIEW, pk=pk)
    services.register_extract_request(actor=request.user, participant=participant)
    messages.success(
        request,
        _(
            "The register extract is being made, as a PDF and as JSON: "
            "find them under My documents."
        ),
    )
    return redirect("documents:document_list")
