from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from framtidssakrad.pagination import paginate

from . import selectors, services
from .forms import UserForm
from .roles import Capability as C
from .roles import Role, role_of
from .scoping import require_capability

START_PAGES = {
    Role.STAFF: "accounts/home_staff.html",
    Role.MANAGER: "accounts/home_manager.html",
    Role.ASSESSOR: "accounts/home_assessor.html",
    Role.COACH: "accounts/home_coach.html",
}


@login_required
def home(request):
    """Each role's start page shows what that role works on."""
    role = role_of(request.user)
    if role is None:
        return render(request, "accounts/home_no_role.html", status=403)
    context = {"progress": selectors.project_progress(request.user)}
    if role in (Role.STAFF, Role.MANAGER):
        context["companies_by_status"] = selectors.companies_by_status(request.user)
    else:
        context["companies"] = selectors.my_companies(request.user)[:50]
    if role == Role.ASSESSOR:
        context["centre"] = request.user.profile.test_centre
    return render(request, START_PAGES[role], context)


@require_capability(C.USERS_MANAGE)
def user_list(request):
    users = (
        get_user_model()
        .objects.select_related("profile", "profile__test_centre")
        .order_by("-is_active", "first_name", "last_name", "pk")
    )
    return render(request, "accounts/user_list.html", {"page": paginate(request, users)})


def _user_form(request, user=None):
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.user_save(
                actor=request.user,
                user=user,
                data=form.user_data(),
                welcome=services.WelcomeSite(request.get_host(), request.is_secure()),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = (
                _("The user %(name)s was created and sent an e-mail to choose a password.")
                if user is None
                else _("The user %(name)s was saved.")
            )
            messages.success(request, message % {"name": saved.get_full_name()})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "edited_user": user})


@require_capability(C.USERS_MANAGE)
def user_create(request):
    return _user_form(request)


@require_capability(C.USERS_MANAGE)
def user_edit(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.is_superuser and not request.user.is_superuser:
        # A new e-mail address and a password reset would hand the admin to a staff user.
        raise PermissionDenied
    return _user_form(request, user)
