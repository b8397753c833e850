"""What every app's forms share."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ConstraintMessagesOnFields:
    """A ModelForm mixin: a check constraint's message is shown next to the field it concerns
    instead of above the form. The rule itself is written once, as the model's constraint (its
    `violation_error_code` is the constraint's name); `constraint_fields` maps that code to the
    field: `{"participant_end_after_start": "end_date"}`."""

    constraint_fields: dict[str, str] = {}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and NON_FIELD_ERRORS in errors.error_dict:
            by_field = {k: v for k, v in errors.error_dict.items() if k != NON_FIELD_ERRORS}
            for error in errors.error_dict[NON_FIELD_ERRORS]:
                field = self.constraint_fields.get(getattr(error, "code", None), NON_FIELD_ERRORS)
                by_field.setdefault(field, []).append(error)
            errors = ValidationError(by_field)
        super()._update_errors(errors)
