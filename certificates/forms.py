"""Forms for certificates: parse and clean only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from validation.models import TestCentre, ValidationModel

from .models import CODE_LENGTH, CertificateLanguage, normalize_code


class IssueForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=CertificateLanguage.choices,
        initial=CertificateLanguage.SWEDISH,
    )
    # How many certificates of the validation the page showed (see `certificate_issue`).
    # Required: without it, parallel hand-made POSTs would each issue a certificate.
    known = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=1000,
        error_messages={"required": _("Give a reason for revoking the certificate.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the certificate; not shown on the public verification page."),
    )
    # Revoking cannot be undone: the box is the confirmation step, and works without JavaScript.
    confirm = forms.BooleanField(
        label=_("Yes, revoke it: anyone who checks the certificate will see it is revoked."),
        error_messages={"required": _("Tick the box to confirm that the certificate is revoked.")},
    )


class BulkIssueForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.none(), required=False
    )
    validation_model = forms.ModelChoiceField(
        label=_("Validation model"), queryset=ValidationModel.objects.all(), required=False
    )
    centre = forms.ModelChoiceField(
        label=_("Test centre"), queryset=TestCentre.objects.none(), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=CertificateLanguage.choices,
        initial=CertificateLanguage.SWEDISH,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.for_user(user).order_by("name")
        self.fields["centre"].queryset = TestCentre.objects.for_user(user)

    def clean_language(self):
        return self.cleaned_data.get("language") or CertificateLanguage.SWEDISH

    def selection(self) -> dict:
        data = self.cleaned_data
        return {
            "company": data.get("company"),
            "validation_model": data.get("validation_model"),
            "centre": data.get("centre"),
        }

    def description(self) -> str:
        parts = [str(value) for value in self.selection().values() if value is not None]
        return ", ".join(parts) or str(_("All due certificates"))


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=CODE_LENGTH * 2,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        return normalize_code(self.cleaned_data["code"])
