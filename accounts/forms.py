"""Forms for users: parse and clean the input; the rules of a role change are in
`services.user_save`."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Profile
from .roles import Role
from .services import UserData


def _test_centres():
    # Test centres live in `validation`, floors above accounts: reached through the profile's
    # foreign key, never by importing that app (see .importlinter).
    return Profile._meta.get_field("test_centre").related_model.objects.order_by("name", "pk")


class UserForm(forms.ModelForm):
    """A user and their role; staff create users (no self sign-up)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    test_centre = forms.ModelChoiceField(
        label=_("Test centre"),
        queryset=Profile.objects.none(),
        required=False,
        help_text=_("Required for test-centre assessors."),
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["test_centre"].queryset = _test_centres()
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
        return cleaned

    def user_data(self) -> UserData:
        """What was entered, for `services.user_save`."""
        return UserData(
            **{name: self.cleaned_data[name] for name in self.Meta.fields},
            role=self.cleaned_data["role"],
            test_centre=self.cleaned_data["test_centre"],
        )
