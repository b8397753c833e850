import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_assessor_cannot_see_other_centres_participants(cast):
    client = cast.client(cast.assessor_a)
    assert (
        client.get(
            reverse("companies:participant_detail", args=[cast.participant_a.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("companies:participant_detail", args=[cast.participant_b.pk])
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_coach_sees_only_own_companies_in_list(cast):
    response = cast.client(cast.coach_a).get(reverse("companies:company_list"))
    assert response.status_code == 200
    assert "Alfa AB" in response.text and "Beta AB" not in response.text


@pytest.mark.django_db
def test_manager_cannot_edit_company(cast):
    response = cast.client(cast.manager).get(
        reverse("companies:company_edit", args=[cast.company_a.pk])
    )
    assert response.status_code == 403
