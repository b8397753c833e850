"""Staff set the project's period and targets; the start pages measure progress against them."""

import datetime

import pytest
from django.urls import reverse

from project.models import Project

URL = reverse("project:project_edit")


@pytest.fixture
def project(db):
    return Project.objects.create(
        name="Framtidssäkrad industri",
        start_date=datetime.date(2020, 12, 21),
        end_date=datetime.date(2022, 12, 31),
    )


def form_data(**overrides):
    data = {
        "name": "Framtidssäkrad industri",
        "funder": "Svenska ESF-rådet",
        "funder_reference": "2020/123",
        "start_date": "2020-12-21",
        "end_date": "2022-12-31",
        "target_companies": "80",
        "target_participants": "1200",
    }
    return {**data, **overrides}


def test_staff_change_the_targets_and_the_start_page_follows(cast, project):
    client = cast.client(cast.staff)
    assert client.get(URL).status_code == 200
    response = client.post(URL, form_data())
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.target_companies, project.target_participants) == (80, 1200)
    home = client.get(reverse("home"))
    assert home.context["progress"]["project"].target_participants == 1200
    assert "/ 1\xa0200" in home.text  # Swedish grouping with a no-break space


def test_staff_create_the_project_record_when_there_is_none(cast):
    response = cast.client(cast.staff).post(URL, form_data())
    assert response.status_code == 302
    assert Project.objects.get().target_companies == 80


def test_end_before_start_is_refused_and_nothing_changes(cast, project):
    response = cast.client(cast.staff).post(URL, form_data(end_date="2019-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    project.refresh_from_db()
    assert project.end_date == datetime.date(2022, 12, 31)
    assert project.target_companies == 70


@pytest.mark.parametrize("role", ["manager", "assessor_a", "coach_a"])
def test_other_roles_may_not_edit_the_project(cast, project, role):
    client = cast.client(getattr(cast, role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403
    project.refresh_from_db()
    assert project.target_companies == 70


def test_anonymous_is_sent_to_login(client, project):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_service_itself_refuses_anyone_but_staff(cast, project):
    from django.core.exceptions import PermissionDenied

    from project.services import project_save

    with pytest.raises(PermissionDenied):
        project_save(actor=cast.manager, data={"target_companies": 1})
    project.refresh_from_db()
    assert project.target_companies == 70
