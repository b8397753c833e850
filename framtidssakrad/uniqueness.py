"""Two requests that register the same unique value at once."""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError

T = TypeVar("T")


def save_unless_taken(form, save: Callable[[], T]) -> T | None:
    """Run `save` (the service that saves the valid `form`) and return what it returns.

    Form validation checks uniqueness before the insert, so a second request that validated
    while the first had not yet committed reaches the database's unique constraint. Then the
    form is checked again (it now sees the committed row), gets its own uniqueness message
    and None is returned, so the view shows the form instead of a 500 whose log line would
    hold the value (a personnummer). Any other integrity error is raised as before.
    """
    try:
        return save()
    except IntegrityError:
        form.validate_unique()
        if not form.errors:
            raise
        return None
