"""Small helpers shared by the register's view tests (and the accounts and centre tests)."""

from django.conf import settings
from django.test import Client


def in_english(client: Client) -> Client:
    """Ask for English pages, so assertions on messages hold whatever the Swedish catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def field_errors(response, field: str, form: str = "form") -> list[str]:
    """The errors shown for one field of the page's form (empty when the field is fine)."""
    return list(response.context[form].errors.get(field, []))


def assert_error_next_to_field(response, field: str, message: str, form: str = "form") -> None:
    """The form rejected `field` with `message`, and the page shows it beside that field.

    crispy-forms renders a field's errors in an element whose id names the field
    (`error_1_id_<field>`), directly under the input.
    """
    errors = field_errors(response, field, form)
    assert any(message in error for error in errors), errors
    html = response.content.decode()
    marker = f'id="error_1_id_{field}"'
    assert marker in html, f"no error shown beside {field}"
    shown = html[html.index(marker) : html.index(marker) + 500]
    assert message.replace("'", "&#x27;") in shown or message in shown
