"""Answers to a template's questions: what each question kind accepts and how it is stored.

One rule for the form, the service and the PDF: `clean_answer` turns what was sent into the
stored JSON value or raises a ValidationError in words a coach understands.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Question, QuestionKind


def field_name(question: Question) -> str:
    return f"q_{question.pk}"


def is_empty(value) -> bool:
    return value in (None, "", [])


def clean_answer(question: Question, value):
    """The stored form of `value` for `question` (None when unanswered); raises ValidationError
    for an answer of the wrong type."""
    if is_empty(value):
        return None
    kind = question.kind
    if kind == QuestionKind.TEXT:
        if not isinstance(value, str):
            raise ValidationError(_("Write the answer as text."), code="type")
        return value.strip() or None
    if kind == QuestionKind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(_("Choose a value from 1 to 5."), code="type") from None
        if not 1 <= number <= 5 or str(number) != str(value).strip():
            raise ValidationError(_("Choose a value from 1 to 5."), code="range")
        return number
    if kind == QuestionKind.YES_NO:
        if value in (True, "yes", "true", "True"):
            return True
        if value in (False, "no", "false", "False"):
            return False
        raise ValidationError(_("Answer yes or no."), code="type")
    if kind == QuestionKind.DATE:
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="type") from None
    allowed = set(question.choices_sv)
    if kind == QuestionKind.SINGLE:
        if value not in allowed:
            raise ValidationError(_("Choose one of the given alternatives."), code="choice")
        return value
    if kind == QuestionKind.MULTIPLE:
        values = [value] if isinstance(value, str) else list(value)
        if not all(isinstance(v, str) and v in allowed for v in values):
            raise ValidationError(_("Choose among the given alternatives."), code="choice")
        # Stored in the template's order, so two answers with the same choices are equal.
        return [choice for choice in question.choices_sv if choice in values] or None
    raise ValidationError(_("Unknown question type."), code="kind")  # pragma: no cover


def answer_text(question: Question, value) -> str:
    """The answer as shown on the page and in the PDF, in the active language."""
    if is_empty(value):
        return "–"
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        return _("Yes") if value else _("No")
    if kind == QuestionKind.DATE:
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    labels = dict(question.choice_pairs())
    if kind == QuestionKind.SINGLE:
        return labels.get(value, value)
    if kind == QuestionKind.MULTIPLE:
        return ", ".join(labels.get(v, v) for v in value)
    return str(value)
