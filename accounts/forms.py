from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from validation.models import TestCentre
from validation.selectors import booked_count

from .roles import Role


class UserForm(forms.ModelForm):
    """A user and their role; staff create users (no self sign-up)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    test_centre = forms.ModelChoiceField(
        label=_("Test centre"),
        queryset=TestCentre.objects.all(),
        required=False,
        help_text=_("Required for test-centre assessors."),
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        profile = getattr(self.instance, "profile", None) if self.instance.pk else None
        if profile:
            self.fields["role"].initial = profile.role
            self.fields["test_centre"].initial = profile.test_centre_id

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.ASSESSOR and not cleaned.get("test_centre"):
            self.add_error("test_centre", _("An assessor must belong to a test centre."))
        if cleaned.get("role") != Role.ASSESSOR:
            cleaned["test_centre"] = None
        self._keep_what_depends_on_the_role(cleaned)
        return cleaned

    def _keep_what_depends_on_the_role(self, cleaned):
        """A coach's companies and an assessor's booked validations rely on the user's role,
        centre and login: changing the role or centre, or deactivating the user, would leave
        them with someone who can no longer see them."""
        profile = getattr(self.instance, "profile", None) if self.instance.pk else None
        if profile is None or "role" not in cleaned:
            return
        role, deactivated = cleaned["role"], cleaned.get("is_active") is False
        if profile.role == Role.COACH and (role != Role.COACH or deactivated):
            companies = list(
                self.instance.coached_companies.order_by("name").values_list("name", flat=True)
            )
            if companies:
                self.add_error(
                    "role" if role != Role.COACH else "is_active",
                    _("%(name)s coaches %(companies)s. Give the companies another coach first.")
                    % {"name": self.instance.get_full_name(), "companies": _names(companies)},
                )
        if profile.role == Role.ASSESSOR:
            moved = role != Role.ASSESSOR or cleaned.get("test_centre") != profile.test_centre
            booked = booked_count(self.instance) if moved or deactivated else 0
            if booked:
                field = "role" if role != Role.ASSESSOR else "test_centre"
                self.add_error(
                    field if moved else "is_active",
                    ngettext(
                        "%(count)d booked validation has this assessor at their test centre. "
                        "Record, cancel or move it first.",
                        "%(count)d booked validations have this assessor at their test centre. "
                        "Record, cancel or move them first.",
                        booked,
                    )
                    % {"count": booked},
                )


def _names(names: list[str], shown: int = 5) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return _("%(names)s and %(count)d more") % {
        "names": ", ".join(names[:shown]),
        "count": len(names) - shown,
    }


class TwoFactorCodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a backup code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, check=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        device = self.check(token) if self.check else None
        if device is None:
            raise forms.ValidationError(_("The code is wrong or has expired. Try the next one."))
        self.device = device
        return token
