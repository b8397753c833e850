"""The staff-only forms refuse a post from every other role with 403, whatever was sent, and
save nothing. (That they send visitors without a login to log in: test_login_required.py.)"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from certificates.models import Certificate
from companies.models import Company, Participant
from validation import models as validation_models

STAFF_ONLY_POSTS = [
    ("companies:company_create", Company, {"name": "Nytt AB", "organisationsnummer": "5560000001"}),
    ("companies:participant_create", Participant, {"first_name": "Ny", "last_name": "Person"}),
    ("validation:centre_create", validation_models.TestCentre, {"name": "Nytt testcenter"}),
    ("validation:model_create", validation_models.ValidationModel, {"name": "Ny modell"}),
    ("validation:area_create", validation_models.CompetenceArea, {"name": "Nytt område"}),
    ("accounts:user_create", get_user_model(), {"username": "ny", "role": "staff"}),
    ("certificates:certificate_bulk", Certificate, {"language": "sv"}),
]


@pytest.mark.parametrize("role", ["manager", "assessor_a", "coach_a"])
@pytest.mark.parametrize(("name", "model", "data"), STAFF_ONLY_POSTS)
def test_other_roles_posting_to_a_staff_form_get_403_and_nothing_is_saved(
    cast, role, name, model, data
):
    before = model.objects.count()
    response = cast.client(getattr(cast, role)).post(reverse(name), data)
    assert response.status_code == 403
    assert model.objects.count() == before
