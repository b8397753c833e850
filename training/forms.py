"""Forms for courses, sessions, enrolments, attendance and plans: parse and clean only. The
rules (capacity, dates, a day's hours, who may) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.forms import DateInput
from companies.models import Company, Participant
from validation.models import CompetenceArea

from . import services
from .models import Course, CourseForm, Provider


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "organisationsnummer", "contact_name", "contact_email"]


class CourseEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.all())
    form = forms.ChoiceField(label=_("Form"), choices=CourseForm.choices)
    areas = forms.ModelMultipleChoiceField(
        label=_("Competence areas covered"),
        queryset=CompetenceArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_hours = forms.DecimalField(label=_("Planned hours"), max_digits=6, decimal_places=1)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    capacity = forms.IntegerField(label=_("Capacity (participants)"))
    company = forms.ModelChoiceField(
        label=_("For company"),
        queryset=Company.objects.none(),
        required=False,
        help_text=_("Empty: open to participants of every company."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.for_user(user).order_by("name", "pk")

    @classmethod
    def initial_from(cls, course: Course) -> dict:
        initial = {name: getattr(course, name) for name in cls.base_fields if name != "areas"}
        initial["areas"] = list(course.areas.all())
        return initial

    def data_for_service(self) -> services.CourseData:
        return services.CourseData(**self.cleaned_data)


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    hours = forms.DecimalField(label=_("Hours"), max_digits=3, decimal_places=1)


class EnrolForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Participant.objects.none()
    )

    def __init__(self, *args, user, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        participants = Participant.objects.for_user(user).select_related("company")
        if course.company_id:
            participants = participants.filter(company_id=course.company_id)
        self.fields["participant"].queryset = participants.exclude(
            enrolments__course=course
        ).order_by("last_name", "first_name", "pk")
        self.fields["participant"].label_from_instance = lambda p: (
            f"{p.full_name} ({p.company.name})"
        )


class CompleteForm(forms.Form):
    on = forms.DateField(label=_("Completed on"), widget=DateInput())


class DropOutForm(forms.Form):
    on = forms.DateField(label=_("Dropped out on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for dropping out"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AttendanceForm(forms.Form):
    """One row per enrolment: present-<id> and hours-<id> (empty hours: the session's)."""

    def __init__(self, *args, enrolments, attendance: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for enrolment in enrolments:
            recorded = attendance.get(enrolment.pk)
            present = f"present-{enrolment.pk}"
            hours = f"hours-{enrolment.pk}"
            self.fields[present] = forms.BooleanField(
                label=_("Present"), required=False, initial=recorded.present if recorded else True
            )
            self.fields[hours] = forms.DecimalField(
                label=_("Hours"),
                max_digits=3,
                decimal_places=1,
                required=False,
                initial=recorded.hours if recorded else None,
            )
            self.rows.append((enrolment, self[present], self[hours]))

    def entries(self) -> list[services.AttendanceEntry]:
        return [
            services.AttendanceEntry(
                enrolment_id=enrolment.pk,
                present=self.cleaned_data[f"present-{enrolment.pk}"],
                hours=self.cleaned_data[f"hours-{enrolment.pk}"],
            )
            for enrolment, _present, _hours in self.rows
        ]


class PlanItemForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Competence area"), queryset=CompetenceArea.objects.all(), required=False
    )
    description = forms.CharField(
        label=_("Gap"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanEffortForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course or effort"), queryset=Course.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (
            Course.objects.for_user(user).exclude(status="cancelled").order_by("-starts_on", "pk")
        )


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control"}, format="%Y-%m"),
    )
