"""Forms for test centres, validation models, bookings and results: parse and clean only.

The domain rules (accreditation, scope, the outcome) are applied by `services`.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability, has_capability
from companies.forms import DateInput, MunicipalityChoiceField, OrganisationsnummerField
from companies.models import Participant, ParticipantStatus
from companies.selectors import participant_label, participant_search
from framtidssakrad.forms import ConstraintMessagesOnFields

from .evidence import validate_evidence
from .models import (
    Accreditation,
    CompetenceArea,
    Level,
    ModelArea,
    PracticalModule,
    TestCentre,
    ValidationModel,
)
from .selectors import assessors_at
from .services import ResultEntry


class TestCentreForm(forms.ModelForm):
    organisationsnummer = OrganisationsnummerField(
        unique_message=_("A test centre with this organisation number is already registered.")
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].group_by_county()


class AccreditationForm(ConstraintMessagesOnFields, forms.ModelForm):
    constraint_fields = {"accreditation_period_ordered": "valid_to"}

    class Meta:
        model = Accreditation
        fields = ["model", "valid_from", "valid_to"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


AccreditationFormSet = forms.inlineformset_factory(
    TestCentre, Accreditation, form=AccreditationForm, extra=1, can_delete=True
)


# --- Validation models ---------------------------------------------------------------------


class ValidationModelForm(forms.ModelForm):
    class Meta:
        model = ValidationModel
        fields = [
            "name",
            "description",
            "description_en",
            "has_practical_test",
            "theory_pass_mark",
            "area_pass_mark",
            "certificate_validity_months",
            "centre_may_issue",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        }
        error_messages = {"name": {"unique": _("A validation model with this name exists.")}}


class ModelAreaForm(forms.ModelForm):
    class Meta:
        model = ModelArea
        fields = ["area", "weight", "order"]


LevelFormSet = forms.inlineformset_factory(
    ValidationModel,
    Level,
    fields=["name", "order"],
    extra=1,
    can_delete=True,
)
ModelAreaFormSet = forms.inlineformset_factory(
    ValidationModel, ModelArea, form=ModelAreaForm, extra=2, can_delete=True
)
ModuleFormSet = forms.inlineformset_factory(
    ValidationModel,
    PracticalModule,
    fields=["name", "order"],
    extra=1,
    can_delete=True,
)


class CompetenceAreaForm(forms.ModelForm):
    class Meta:
        model = CompetenceArea
        fields = ["name", "is_placeholder"]
        error_messages = {"name": {"unique": _("A competence area with this name exists.")}}


# --- Booking and recording -----------------------------------------------------------------


class _NamedUserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.profile.test_centre})"


class SelectWithOptionData(forms.Select):
    """A select whose options carry data attributes (`option_data`: value → attributes), which
    the booking form's script (static/js/booking.js) reads to offer only what fits the other
    choices. The server checks every rule again on submit."""

    option_data: dict[str, dict[str, str]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(self.option_data.get(str(value), {}))
        return option


def _bookable_participants(user):
    return Participant.objects.for_user(user).exclude(
        status__in=[ParticipantStatus.ENDED, ParticipantStatus.DROPPED_OUT]
    )


class BookingForm(forms.Form):
    """The booking. The participant is found by typing (`participant_search`, answered by the
    scoped search endpoint, or by the Search button without JavaScript): the select holds only
    the chosen participant and the matches of the search, never everyone, so the page is the
    same size with 400 participants or 100,000. Levels carry their model, models the centres
    accredited for them, assessors their centre, so the script can offer only what fits."""

    participant_search = forms.CharField(
        label=_("Find participant"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Participant.objects.none(), widget=SelectWithOptionData
    )
    model = forms.ModelChoiceField(
        label=_("Validation model"),
        queryset=ValidationModel.objects.order_by("name", "pk"),
        widget=SelectWithOptionData,
    )
    level = forms.ModelChoiceField(
        label=_("Level"),
        queryset=Level.objects.select_related("model").order_by("model__name", "order", "pk"),
        widget=SelectWithOptionData,
    )
    centre = forms.ModelChoiceField(label=_("Test centre"), queryset=TestCentre.objects)
    assessor = _NamedUserChoiceField(
        label=_("Assessor"), queryset=get_user_model().objects, widget=SelectWithOptionData
    )
    scheduled_at = forms.SplitDateTimeField(
        label=_("Date and time"),
        widget=forms.SplitDateTimeWidget(
            # One label for two inputs: each says which half it is (WCAG 1.3.1, 4.1.2).
            date_attrs={"type": "date", "aria-label": _("Date")},
            time_attrs={"type": "time", "aria-label": _("Time")},
            date_format="%Y-%m-%d",
            time_format="%H:%M",
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        centres = TestCentre.objects.for_user(user)
        participants = _bookable_participants(user).select_related("company")
        self.fields["participant"].queryset = participants  # checks a choice with one query
        self.fields["centre"].queryset = centres
        assessors = list(assessors_at(centres).select_related("profile__test_centre"))
        self.fields["assessor"].queryset = assessors_at(centres).select_related(
            "profile__test_centre"
        )
        self.fields["assessor"].widget.option_data = {
            str(a.pk): {"data-centre": str(a.profile.test_centre_id)} for a in assessors
        }
        self.fields["assessor"].widget.choices = [("", "---------")] + [
            (a.pk, self.fields["assessor"].label_from_instance(a)) for a in assessors
        ]
        self._offer_participants(user, participants)
        self._tie_levels_and_models()
        can_search_numbers = has_capability(user, Capability.PERSONNUMMER_VIEW)
        self.fields["participant_search"].help_text = (
            _("Type part of the name or a personal identity number, then choose.")
            if can_search_numbers
            else _("Type part of the name, then choose.")
        )

    def booking(self) -> dict:
        """The cleaned fields `services.validation_book` takes (the search text is not one)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "participant_search"}

    def _value(self, name: str):
        return self.data.get(name) if self.is_bound else self.initial.get(name)

    def _offer_participants(self, user, participants) -> None:
        """The participant select: the one chosen (if any) and the search's matches."""
        chosen = self._value("participant")
        chosen = str(getattr(chosen, "pk", chosen) or "")
        offered = list(participants.filter(pk=chosen)) if chosen.isdigit() else []
        query = str(self._value("participant_search") or "")
        self.searched = bool(query.strip())
        self.matches = participant_search(user, query, bookable=True) if self.searched else []
        offered += [p for p in self.matches if str(p.pk) != chosen]
        widget = self.fields["participant"].widget
        widget.choices = [("", "---------")] + [(p.pk, participant_label(p)) for p in offered]
        widget.option_data = {
            str(p.pk): {"data-centre": str(p.company.test_centre_id or "")} for p in offered
        }

    def _tie_levels_and_models(self) -> None:
        today = timezone.localdate()
        accredited: dict[str, set[str]] = {}
        for model_id, centre_id in (
            Accreditation.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .values_list("model_id", "centre_id")
            .order_by()
        ):
            accredited.setdefault(str(model_id), set()).add(str(centre_id))
        self.fields["model"].widget.option_data = {
            model_id: {"data-centres": " ".join(sorted(centres))}
            for model_id, centres in accredited.items()
        }
        self.fields["level"].widget.option_data = {
            str(pk): {"data-model": str(model_id)}
            for pk, model_id in Level.objects.values_list("pk", "model_id")
        }


def _area_field_name(area_id: int) -> str:
    return f"area_{area_id}"


def _module_field_name(module_id: int) -> str:
    return f"module_{module_id}"


class ResultForm(forms.Form):
    """Scores per competence area and practical module of one model, built per model."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    recommended_actions = forms.CharField(
        label=_("Recommended development actions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recommended_areas = forms.ModelMultipleChoiceField(
        label=_("Competence areas to develop"),
        queryset=CompetenceArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        validators=[validate_evidence],
        help_text=_("Optional. PDF, PNG or JPEG, at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, model: ValidationModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.model_areas = list(model.model_areas.select_related("area"))
        self.modules = list(model.practical_modules.all()) if model.has_practical_test else []
        for model_area in self.model_areas:
            self.fields[_area_field_name(model_area.area_id)] = forms.IntegerField(
                label=model_area.area.name,
                min_value=0,
                max_value=100,
                help_text=_("Weight %(weight)s") % {"weight": model_area.weight},
                widget=forms.NumberInput(attrs={"step": 1}),
            )
        for module in self.modules:
            self.fields[_module_field_name(module.pk)] = forms.TypedChoiceField(
                label=module.name,
                choices=[("1", _("Passed")), ("0", _("Not passed"))],
                coerce=lambda value: value == "1",
                widget=forms.RadioSelect,
            )
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["recommended_areas"].queryset = CompetenceArea.objects.filter(
            model_areas__model=model
        ).order_by("model_areas__order", "name")

    def area_fields(self):
        return [self[_area_field_name(ma.area_id)] for ma in self.model_areas]

    def module_fields(self):
        return [self[_module_field_name(module.pk)] for module in self.modules]

    def scores(self) -> dict[int, int]:
        return {
            ma.area_id: self.cleaned_data[_area_field_name(ma.area_id)] for ma in self.model_areas
        }

    def practical(self) -> dict[int, bool]:
        return {m.pk: self.cleaned_data[_module_field_name(m.pk)] for m in self.modules}

    def entry(self) -> ResultEntry:
        """What was entered, for `validation_record` or `validation_correct`."""
        return ResultEntry(
            held_on=self.cleaned_data["held_on"],
            scores=self.scores(),
            practical=self.practical(),
            recommended_actions=self.cleaned_data["recommended_actions"],
            recommended_areas=self.cleaned_data["recommended_areas"],
            evidence=self.cleaned_data["evidence"],
        )

    @classmethod
    def initial_from(cls, result) -> dict:
        """The fields of an earlier version, to start a correction from."""
        initial = {
            "held_on": result.held_on,
            "recommended_actions": result.recommended_actions,
            "recommended_areas": list(result.recommended_areas.all()),
        }
        initial.update({_area_field_name(s.area_id): s.score for s in result.scores.all()})
        initial.update(
            {
                _module_field_name(s.module_id): "1" if s.passed else "0"
                for s in result.practical_scores.all()
            }
        )
        return initial


class CorrectionForm(ResultForm):
    reason = forms.CharField(
        label=_("Reason for correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. Shown in the result's history."),
    )
    remove_evidence = forms.BooleanField(
        label=_("Remove the earlier evidence file from this version"), required=False
    )

    field_order = ["reason"]
