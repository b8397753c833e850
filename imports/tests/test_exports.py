"""Every list page exports its filtered rows, within the user's scope, as .xlsx and .csv."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import PersonalDataAccess
from companies.tests.factories import ParticipantFactory

LISTS = [
    "companies:company_list",
    "companies:participant_list",
    "validation:centre_list",
    "validation:validation_list",
    "certificates:certificate_list",
    "training:course_list",
]


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # Swedish Excel reads UTF-8 with a BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_list_exports_as_a_file_with_a_header(cast, name, fmt):
    response = cast.client(cast.staff).get(reverse(name), {"export": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    rows = read_xlsx(response) if fmt == "xlsx" else read_csv(response)
    assert rows[0] and all(rows[0])


@pytest.mark.django_db
def test_staff_export_has_full_numbers_and_is_logged_participant_by_participant(cast):
    response = cast.client(cast.staff).get(reverse("companies:participant_list"), {"export": "csv"})
    rows = read_csv(response)
    assert rows[0][0] == "Personnummer"
    numbers = {row[0].replace("-", "") for row in rows[1:]}
    assert numbers == {cast.participant_a.personnummer, cast.participant_b.personnummer}
    assert PersonalDataAccess.objects.filter(user=cast.staff, purpose="export").count() == 2


@pytest.mark.django_db
def test_a_coach_exports_only_their_companies_and_never_a_full_number(cast):
    response = cast.client(cast.coach_a).get(
        reverse("companies:participant_list"), {"export": "xlsx"}
    )
    rows = read_xlsx(response)
    assert [row[1] for row in rows[1:]] == [cast.participant_a.last_name]
    assert cast.participant_a.personnummer[8:] not in str(rows[1][0])
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.django_db
def test_the_export_follows_the_filters_not_the_page(cast):
    for n in range(30):
        ParticipantFactory(company=cast.company_a, first_name=f"Extra{n}")
    response = cast.client(cast.staff).get(
        reverse("companies:participant_list"),
        {"export": "csv", "q": "Extra", "page": "2"},
    )
    assert len(read_csv(response)) == 31


@pytest.mark.django_db
def test_a_name_that_looks_like_a_formula_is_exported_as_text(cast):
    ParticipantFactory(company=cast.company_a, first_name="=HYPERLINK(1)")
    rows = read_csv(
        cast.client(cast.staff).get(reverse("companies:participant_list"), {"export": "csv"})
    )
    assert ["'=HYPERLINK(1)"] == [row[2] for row in rows if "HYPERLINK" in row[2]]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_the_participant_export_runs_the_same_queries_for_2_and_20_rows(
    cast, count, django_assert_max_num_queries
):
    for _ in range(count - 2):
        ParticipantFactory(company=cast.company_a)
    client = cast.client(cast.staff)
    with django_assert_max_num_queries(8):
        rows = read_csv(client.get(reverse("companies:participant_list"), {"export": "csv"}))
    assert len(rows) == count + 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_an_export_needs_a_login(client, name):
    assert client.get(reverse(name), {"export": "csv"}).status_code == 302
