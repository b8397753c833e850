"""Forms for the register: parse and clean input, nothing more."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from framtidssakrad.data import cleaned_as
from framtidssakrad.forms import ConstraintMessagesOnFields

from .identifiers import normalize_organisationsnummer, parse_personnummer
from .models import (
    Company,
    CompanyStatus,
    ContactPerson,
    County,
    Municipality,
    Participant,
    test_centres,
)
from .services import CompanyData, ParticipantData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MunicipalityChoiceField(forms.ModelChoiceField):
    """Municipalities grouped by county in the drop-down (choices are built per form)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Municipality.objects.all(), **kwargs)

    def group_by_county(self) -> None:
        groups: dict[str, list] = {}
        for municipality in self.queryset:
            groups.setdefault(County(municipality.county).label, []).append(
                (municipality.pk, municipality.name)
            )
        self.choices = [("", self.empty_label), *groups.items()]


def coach_queryset(current_coach_id: int | None = None):
    """Active coaches, plus the company's current coach even if no longer active, so that
    editing something else on the company does not silently drop its coach."""
    offered = Q(profile__role=Role.COACH, is_active=True)
    if current_coach_id:
        offered |= Q(pk=current_coach_id)
    return get_user_model().objects.filter(offered).order_by("first_name", "last_name")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return name if obj.is_active else _("%(name)s (inactive)") % {"name": name}


class OrganisationsnummerField(forms.CharField):
    """An organisation number in any accepted written form, cleaned to the canonical
    "NNNNNN-NNNN". Used instead of the generated field, whose max_length (11) would refuse
    the accepted 16-prefixed form before it is normalised. Meta.error_messages do not reach
    declared fields, so a form gives its "unique" message here."""

    def __init__(self, *, unique_message, **kwargs):
        kwargs.setdefault("label", _("Organisation number"))
        kwargs.setdefault("help_text", _("10 digits, e.g. 556000-0001"))
        super().__init__(max_length=20, error_messages={"unique": unique_message}, **kwargs)

    def clean(self, value):
        return normalize_organisationsnummer(super().clean(value))


class CompanyForm(forms.ModelForm):
    organisationsnummer = OrganisationsnummerField(
        unique_message=_("A company with this organisation number is already registered.")
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        error_messages={"required": _("Choose the municipality where the company is.")},
    )
    coach = UserChoiceField(queryset=coach_queryset(), required=False, label=_("Coach"))

    class Meta:
        model = Company
        fields = [
            "organisationsnummer",
            "name",
            "sni_code",
            "municipality",
            "employees",
            "coach",
            "test_centre",
            "test_centre_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coach_queryset(self.instance.coach_id)
        self.fields["test_centre"].queryset = test_centres()
        self.fields["municipality"].group_by_county()

    def clean(self):
        cleaned = super().clean()
        centre, reason = cleaned.get("test_centre"), cleaned.get("test_centre_reason")
        if centre and not reason:
            self.add_error("test_centre_reason", _("Say why the company has this test centre."))
        if reason and not centre:
            self.add_error("test_centre", _("Choose the test centre, or leave the reason empty."))
        return cleaned

    def company_data(self) -> CompanyData:
        return cleaned_as(CompanyData, self.cleaned_data)


ContactFormSet = forms.inlineformset_factory(
    Company,
    ContactPerson,
    fields=["name", "title", "email", "phone"],
    extra=1,
    can_delete=True,
)


class CompanyStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CompanyStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())


class ParticipantForm(ConstraintMessagesOnFields, forms.ModelForm):
    constraint_fields = {"participant_end_after_start": "end_date"}

    personnummer = forms.CharField(
        label=_("Personal identity number"),
        required=False,
        help_text=_("Personnummer or samordningsnummer, e.g. 19800101-1234."),
    )

    class Meta:
        model = Participant
        fields = [
            "protected_identity",
            "personnummer",
            "first_name",
            "last_name",
            "sex",
            "company",
            "start_status",
            "start_date",
            "end_date",
            "end_reason",
            "consent_given_on",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "consent_given_on": DateInput(),
        }
        help_texts = {
            "sex": _("Taken from the personal identity number when there is one."),
            "protected_identity": _("Skyddad identitet: no number is stored."),
        }

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].required = False
        if companies is not None:
            self.fields["company"].queryset = companies

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("personnummer") or "").strip()
        if cleaned.get("protected_identity"):
            if number:
                self.add_error(
                    "personnummer",
                    _("Leave the number empty for a person with protected identity."),
                )
            cleaned["personnummer"] = None
            if not cleaned.get("sex"):
                self.add_error("sex", _("Choose the sex for a person with protected identity."))
        elif not number:
            self.add_error("personnummer", _("Enter the personal identity number."))
        else:
            try:
                identity = parse_personnummer(number)
            except ValidationError as error:
                self.add_error("personnummer", error)
            else:
                cleaned["personnummer"] = identity.number
                cleaned["sex"] = identity.sex
        end = cleaned.get("end_date")
        if end and not cleaned.get("end_reason"):
            self.add_error("end_reason", _("Give the reason the participation ended."))
        if cleaned.get("end_reason") and not end:
            self.add_error("end_date", _("Give the end date, or leave the reason empty."))
        return cleaned

    def participant_data(self) -> ParticipantData:
        return cleaned_as(ParticipantData, self.cleaned_data)

    def validate_unique(self):
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
        except ValidationError as error:
            if "personnummer" in getattr(error, "error_dict", {}):
                self.add_error(
                    "personnummer", _("This person is already registered as a participant.")
                )
            else:
                self._update_errors(error)
