from django import forms
from django.utils.translation import gettext_lazy as _

from companies.forms import DateInput, MunicipalityChoiceField
from companies.identifiers import normalize_organisationsnummer

from .models import Accreditation, TestCentre


class TestCentreForm(forms.ModelForm):
    municipality = MunicipalityChoiceField(label=_("Municipality"))

    class Meta:
        model = TestCentre
        fields = [
            "name",
            "organisationsnummer",
            "street_address",
            "postal_code",
            "municipality",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        error_messages = {
            "organisationsnummer": {
                "unique": _("A test centre with this organisation number is already registered.")
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].group_by_county()

    def clean_organisationsnummer(self):
        return normalize_organisationsnummer(self.cleaned_data["organisationsnummer"])


class AccreditationForm(forms.ModelForm):
    class Meta:
        model = Accreditation
        fields = ["model", "valid_from", "valid_to"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The accreditation cannot end before it starts."))
        return cleaned


AccreditationFormSet = forms.inlineformset_factory(
    TestCentre, Accreditation, form=AccreditationForm, extra=1, can_delete=True
)
