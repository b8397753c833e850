from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Capability as C
from accounts.scoping import require_capability

from . import services
from .forms import ProjectForm
from .models import Project


@require_capability(C.PROJECT_EDIT)
def project_edit(request):
    """The project's name, period and targets; the start pages measure progress against them."""
    form = ProjectForm(request.POST or None, instance=Project.current())
    if request.method == "POST" and form.is_valid():
        services.project_save(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The project's period and targets were saved."))
        return redirect("home")
    return render(request, "project/project_form.html", {"form": form})
