"""Forms of the coaching app: they parse and clean only; the services apply the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .answers import field_name
from .models import (
    LEVEL_MAX,
    LEVEL_MIN,
    NUMBERS,
    Conversation,
    Mode,
    Question,
    QuestionKind,
    SessionKind,
)
from .services import ConversationData, QuestionData

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (the rest on top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def question_field(question: Question) -> forms.Field:
    """The form field for one question, of the type its kind asks for. Never required here:
    required answers are checked only when the conversation is marked held."""
    common = {"label": question.text, "help_text": question.help, "required": False}
    kind = question.kind
    if kind == QuestionKind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == QuestionKind.SINGLE:
        return forms.ChoiceField(
            choices=question.choice_pairs(), widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=question.choice_pairs(), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionKind.SCALE:
        return forms.ChoiceField(
            choices=[(str(n), str(n)) for n in range(1, 6)], widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
    return forms.DateField(widget=DATE_INPUT, **common)


def initial_answer(question: Question, value):
    if value is None:
        return None
    if question.kind == QuestionKind.YES_NO:
        return "yes" if value else "no"
    if question.kind == QuestionKind.SCALE:
        return str(value)
    return value


class PlanForm(forms.Form):
    number = forms.TypedChoiceField(
        label=_("Conversation"), coerce=int, choices=[(n, str(n)) for n in NUMBERS]
    )
    planned_at = forms.DateTimeField(label=_("Planned for"), required=False, widget=DATETIME_INPUT)
    mode = forms.ChoiceField(label=_("On site or online"), choices=Mode.choices)


class ConversationForm(forms.Form):
    """The conversation's content: attendees, one field per question of its template, notes."""

    planned_at = forms.DateTimeField(label=_("Planned for"), required=False, widget=DATETIME_INPUT)
    mode = forms.ChoiceField(label=_("On site or online"), choices=Mode.choices)
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contact persons present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coach_present = forms.BooleanField(label=_("Coach present"), required=False)
    other_attendees = forms.CharField(
        label=_("Others present"),
        required=False,
        max_length=500,
        help_text=_("Names, separated by commas."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    held_on = forms.DateField(
        label=_("Held on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Needed when marking the conversation held."),
    )

    def __init__(self, *args, conversation: Conversation, **kwargs):
        self.conversation = conversation
        self.questions = list(conversation.template.questions.all())
        kwargs.setdefault(
            "initial",
            {
                "planned_at": conversation.planned_at,
                "mode": conversation.mode,
                "contacts": list(conversation.contacts.all()),
                "coach_present": conversation.coach_present,
                "other_attendees": conversation.other_attendees,
                "notes": conversation.notes,
                "held_on": conversation.held_on,
                **{
                    field_name(q): initial_answer(q, conversation.answers.get(str(q.pk)))
                    for q in self.questions
                },
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = conversation.company.contacts.order_by("name", "pk")
        for question in self.questions:
            self.fields[field_name(question)] = question_field(question)

    def question_fields(self):
        for question in self.questions:
            yield question, self[field_name(question)]

    def data_for_service(self) -> ConversationData:
        cleaned = self.cleaned_data
        return ConversationData(
            planned_at=cleaned["planned_at"],
            mode=cleaned["mode"],
            contact_ids=[c.pk for c in cleaned["contacts"]],
            coach_present=cleaned["coach_present"],
            other_attendees=cleaned["other_attendees"],
            answers={field_name(q): cleaned.get(field_name(q)) for q in self.questions},
            notes=cleaned["notes"],
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class ActionForm(forms.Form):
    what = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.ChoiceField(label=_("Owner"))
    due_on = forms.DateField(label=_("Due date"), widget=DATE_INPUT)

    def __init__(self, *args, conversation: Conversation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("coach", _("Coach"))] + [
            (str(c.pk), c.name) for c in conversation.company.contacts.order_by("name", "pk")
        ]

    def owner_kwargs(self) -> dict:
        owner = self.cleaned_data["owner"]
        if owner == "coach":
            return {"owner_is_coach": True}
        return {"owner_contact_id": int(owner)}


class QuestionForm(forms.Form):
    """One question in the template editor; an empty Swedish text drops the question."""

    position = forms.IntegerField(label=_("Order"), min_value=1, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text_sv = forms.CharField(label=_("Question (Swedish)"), max_length=500, required=False)
    text_en = forms.CharField(label=_("Question (English)"), max_length=500, required=False)
    help_sv = forms.CharField(label=_("Help text (Swedish)"), max_length=500, required=False)
    help_en = forms.CharField(label=_("Help text (English)"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Answer required"), required=False)
    choices_sv = forms.CharField(
        label=_("Alternatives (Swedish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; for single and multiple choice."),
    )
    choices_en = forms.CharField(
        label=_("Alternatives (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def to_data(self) -> QuestionData | None:
        c = self.cleaned_data
        if not c.get("text_sv", "").strip():
            return None
        return QuestionData(
            kind=c["kind"],
            text_sv=c["text_sv"],
            text_en=c["text_en"],
            help_sv=c["help_sv"],
            help_en=c["help_en"],
            required=c["required"],
            choices_sv=[line for line in c["choices_sv"].splitlines() if line.strip()],
            choices_en=[line for line in c["choices_en"].splitlines() if line.strip()],
        )


QuestionFormSet = forms.formset_factory(QuestionForm, extra=1)


class TemplateForm(forms.Form):
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)


def question_initial(question: Question) -> dict:
    return {
        "position": question.position,
        "kind": question.kind,
        "text_sv": question.text_sv,
        "text_en": question.text_en,
        "help_sv": question.help_sv,
        "help_en": question.help_en,
        "required": question.required,
        "choices_sv": "\n".join(question.choices_sv),
        "choices_en": "\n".join(question.choices_en),
    }


REMOVE = "remove"


class NeedForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Competence area"), queryset=None, required=False)
    name = forms.CharField(label=_("Or a competence of your own"), max_length=150, required=False)
    level = forms.TypedChoiceField(
        label=_("Needed level"),
        coerce=lambda value: None if value == REMOVE else int(value),
        choices=[(n, str(n)) for n in range(LEVEL_MIN, LEVEL_MAX + 1)]
        + [(REMOVE, _("Take it off the map"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from validation.models import CompetenceArea

        self.fields["area"].queryset = CompetenceArea.objects.order_by("name", "pk")


class LevelsForm(forms.Form):
    """One participant's levels: a field per competence on the map."""

    def __init__(self, *args, competences, initial_levels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = competences
        for competence in competences:
            self.fields[f"c_{competence.pk}"] = forms.TypedChoiceField(
                label=competence.label,
                coerce=int,
                empty_value=None,
                required=False,
                choices=[("", "–")] + [(n, str(n)) for n in range(LEVEL_MIN, LEVEL_MAX + 1)],
                initial=initial_levels.get(competence.pk),
            )

    def levels(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"c_{c.pk}") for c in self.competences}


class SessionForm(forms.Form):
    """A session the coach held with a participant; the service checks the day and hours."""

    kind = forms.ChoiceField(label=_("Type"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
