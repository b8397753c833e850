"""Each date-order rule is one check constraint; the form shows its message next to the field."""

import pytest

from validation.forms import AccreditationForm
from validation.models import Accreditation

pytestmark = pytest.mark.django_db


def test_an_accreditation_ending_before_it_starts_is_refused_next_to_its_end(cast, catalogue):
    form = AccreditationForm(
        {"model": catalogue.theory.pk, "valid_from": "2026-02-01", "valid_to": "2026-01-31"},
        instance=Accreditation(centre=cast.centre_a),
    )
    assert form.errors == {"valid_to": ["The accreditation cannot end before it starts."]}
    assert "clean" not in vars(AccreditationForm)  # the rule is the constraint, not a copy


def test_an_accreditation_of_one_day_is_fine(cast, catalogue):
    form = AccreditationForm(
        {"model": catalogue.theory.pk, "valid_from": "2026-02-01", "valid_to": "2026-02-01"},
        instance=Accreditation(centre=cast.centre_a),
    )
    assert form.is_valid(), form.errors
