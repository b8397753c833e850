"""Importing participants and companies through the web: preview, confirm, re-import, the
rejected rows, scope per role, and all or nothing."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from companies.models import Company, Participant, Sex
from companies.tests.factories import next_organisationsnummer, next_personnummer
from imports import services
from imports.models import ImportJob, ImportStatus

from .files import csv_bytes, xlsx_bytes

HEADER = [
    "Personnummer",
    "Förnamn",
    "Efternamn",
    "Organisationsnummer",
    "Anställningsform",
    "Startdatum",
]


def short(number: str, sep: str = "-") -> str:
    """The 10-digit written form of a 12-digit number."""
    return f"{number[2:8]}{sep}{number[8:]}"


def upload(client, content, filename, kind="participants", capture=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        response = client.post(
            reverse("imports:import_list"),
            {"kind": kind, "file": SimpleUploadedFile(filename, content)},
        )
    return response


def confirm(client, job, capture):
    with capture(execute=True):
        return client.post(reverse("imports:import_confirm", args=[job.pk]))


@pytest.fixture
def people():
    return [next_personnummer(Sex.FEMALE), next_personnummer(Sex.MALE), next_personnummer(Sex.MALE)]


@pytest.mark.django_db
def test_staff_preview_then_import_creates_participants_and_the_same_file_again_changes_nothing(
    cast, people, django_capture_on_commit_callbacks
):
    orgnr = cast.company_a.organisationsnummer
    content = csv_bytes(
        [
            HEADER,
            [short(people[0]), "Åsa", "Öberg", orgnr, "Anställd", "2021-03-31"],
            [people[1], "Bo", "Ek", orgnr.replace("-", ""), "permitterad", "31/3/2021"],
            [
                short(people[2], "+") if False else people[2][:8] + "-" + people[2][8:],
                "Cia",
                "Al",
                orgnr,
                "Varslad",
                "20210331",
            ],
        ]
    )
    client = cast.client(cast.staff)
    response = upload(client, content, "deltagare.csv", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.status, job.created, job.rejected) == (ImportStatus.CHECKED, 3, 0)
    assert Participant.objects.filter(personnummer__in=people).count() == 0  # a preview only
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Åsa Öberg" in page and people[0] not in page  # masked in the preview

    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportStatus.DONE, 3)
    asa = Participant.objects.get(personnummer=people[0])
    assert (asa.sex, asa.company, asa.start_status, str(asa.start_date)) == (
        Sex.FEMALE,
        cast.company_a,
        "employed",
        "2021-03-31",
    )

    upload(client, content, "deltagare.csv", capture=django_capture_on_commit_callbacks)
    again = ImportJob.objects.order_by("-created_at").first()
    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)


@pytest.mark.django_db
def test_a_changed_row_is_shown_field_by_field_and_updates_the_record(
    cast, django_capture_on_commit_callbacks
):
    participant = cast.participant_a
    content = csv_bytes(
        [
            HEADER,
            [
                participant.personnummer,
                "Annika",
                participant.last_name,
                cast.company_a.organisationsnummer,
                "Varslad",
                "2021-02-01",
            ],
        ]
    )
    client = cast.client(cast.staff)
    upload(client, content, "rättelse.csv", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.changed == 1
    (row,) = [o for o in job.outcomes if o["action"] == "change"]
    assert {(c["label"], c["old"], c["new"]) for c in row["changes"]} == {
        ("Förnamn", "Anna", "Annika"),
        ("Startstatus", "Anställd", "Varslad"),
    }
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<del>Anna</del>" in page and "<ins>Annika</ins>" in page
    confirm(client, job, django_capture_on_commit_callbacks)
    participant.refresh_from_db()
    assert (participant.first_name, participant.start_status) == ("Annika", "under_notice")


@pytest.mark.django_db
def test_every_kind_of_bad_row_is_rejected_with_its_row_number_and_reason_and_good_rows_import(
    cast, people, django_capture_on_commit_callbacks
):
    orgnr = cast.company_a.organisationsnummer
    bad_check_digit = people[1][:-1] + str((int(people[1][-1]) + 1) % 10)
    content = csv_bytes(
        [
            HEADER,
            [people[0], "Åsa", "Öberg", orgnr, "Anställd", "2021-03-31"],  # row 2: good
            [bad_check_digit, "Bo", "Ek", orgnr, "Anställd", "2021-03-31"],  # 3: check digit
            [people[2], "Cia", "Al", orgnr, "Anställd", "den sista"],  # 4: date
            [people[0], "Åsa", "Öberg", orgnr, "Anställd", "2021-03-31"],  # 5: duplicate
            [next_personnummer(), "Dan", "Ek", "556000-0001", "Anställd", "2021-03-31"],  # 6
            [next_personnummer(), "", "", orgnr, "Anställd", "2021-03-31"],  # 7: missing names
            ["１９８００１０１００１９", "Full", "Bredd", orgnr, "Anställd", "2021-03-31"],  # 8
            [],
        ]
    )
    client = cast.client(cast.staff)
    upload(client, content, "fel.csv", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    reasons = {o["row"]: " ".join(o["reasons"]) for o in job.outcomes if o["action"] == "reject"}
    assert set(reasons) == {3, 4, 5, 6, 7, 8}
    assert "kontrollsiffran" in reasons[3].lower()
    assert "2021-03-31" in reasons[4]
    assert "rad 2" in reasons[5]
    assert "556000-0001" in reasons[6]
    assert "Förnamn" in reasons[7] and "Efternamn" in reasons[7]
    assert "0–9" in reasons[8]

    response = client.get(reverse("imports:import_rejected", args=[job.pk, "csv"]))
    lines = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert lines[0][:3] == ["Rad", "Orsak", "Personnummer"]
    assert [line[0] for line in lines[1:]] == ["3", "4", "5", "6", "7", "8"]

    response = client.get(reverse("imports:import_rejected", args=[job.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 7 and sheet["B2"].value

    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 1, 6)
    assert Participant.objects.filter(personnummer=people[0]).exists()


@pytest.mark.django_db
def test_a_workbook_creates_the_companies_its_participants_belong_to(
    cast, people, django_capture_on_commit_callbacks
):
    orgnr = next_organisationsnummer()
    content = xlsx_bytes(
        {
            "Företag": [
                ["Organisationsnummer", "Företagsnamn", "SNI-kod", "Kommun", "Antal anställda"],
                [orgnr, "Nya Gjuteriet AB", "24.510", "Värnamo", 120],
            ],
            "Deltagare": [HEADER, [people[0], "Åsa", "Öberg", orgnr, "Anställd", "2021-03-31"]],
        }
    )
    client = cast.client(cast.staff)
    upload(client, content, "nya.xlsx", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert (job.created, job.rejected) == (2, 0)
    confirm(client, job, django_capture_on_commit_callbacks)
    company = Company.objects.get(organisationsnummer=orgnr)
    assert company.municipality.name == "Värnamo"
    assert Participant.objects.get(personnummer=people[0]).company == company


@pytest.mark.django_db
def test_a_participant_of_an_unregistered_company_is_rejected_without_the_company_sheet(
    cast, people, django_capture_on_commit_callbacks
):
    orgnr = next_organisationsnummer()
    content = csv_bytes([HEADER, [people[0], "Åsa", "Öberg", orgnr, "Anställd", "2021-03-31"]])
    upload(cast.client(cast.staff), content, "x.csv", capture=django_capture_on_commit_callbacks)
    (outcome,) = ImportJob.objects.get().outcomes
    assert outcome["action"] == "reject" and orgnr in outcome["reasons"][0]


@pytest.mark.django_db
def test_a_coach_imports_for_their_own_companies_only(
    cast, people, django_capture_on_commit_callbacks
):
    content = csv_bytes(
        [
            HEADER,
            [
                people[0],
                "Åsa",
                "Öberg",
                cast.company_a.organisationsnummer,
                "Anställd",
                "2021-03-31",
            ],
            [people[1], "Bo", "Ek", cast.company_b.organisationsnummer, "Anställd", "2021-03-31"],
            [
                cast.participant_b.personnummer,
                "Bo",
                "Beta",
                cast.company_a.organisationsnummer,
                "Anställd",
                "2021-03-31",
            ],
        ]
    )
    client = cast.client(cast.coach_a)
    upload(client, content, "mina.csv", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    actions = [o["action"] for o in job.outcomes]
    assert actions == ["create", "reject", "reject"]
    confirm(client, job, django_capture_on_commit_callbacks)
    assert Participant.objects.filter(personnummer=people[0], company=cast.company_a).exists()
    assert not Participant.objects.filter(personnummer=people[1]).exists()
    assert cast.client(cast.coach_b).get(job.get_absolute_url()).status_code == 404
    assert cast.client(cast.staff).get(job.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_coach_cannot_import_companies(cast, django_capture_on_commit_callbacks):
    content = csv_bytes([["Organisationsnummer", "Namn"], [next_organisationsnummer(), "X AB"]])
    response = upload(
        cast.client(cast.coach_a),
        content,
        "f.csv",
        kind="companies",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200 and not ImportJob.objects.exists()  # not a choice


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "assessor_a"])
def test_managers_and_assessors_may_not_import(cast, role):
    assert cast.client(getattr(cast, role)).get(reverse("imports:import_list")).status_code == 403


@pytest.mark.django_db
def test_an_import_that_fails_part_way_leaves_the_register_unchanged_and_can_be_retried(
    cast, people, monkeypatch, django_capture_on_commit_callbacks
):
    orgnr = next_organisationsnummer()
    content = xlsx_bytes(
        {
            "Företag": [
                ["Organisationsnummer", "Företagsnamn", "SNI-kod", "Kommun", "Antal anställda"],
                [orgnr, "Nya Gjuteriet AB", "24.510", "Värnamo", 120],
            ],
            "Deltagare": [HEADER, [people[0], "Åsa", "Öberg", orgnr, "Anställd", "2021-03-31"]],
        }
    )
    client = cast.client(cast.staff)
    upload(client, content, "nya.xlsx", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "participants_import", broken)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.retryable
    assert not Company.objects.filter(organisationsnummer=orgnr).exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:import_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Participant.objects.filter(personnummer=people[0]).exists()


@pytest.mark.django_db
def test_an_unreadable_file_fails_with_its_reason_and_offers_no_retry(
    cast, django_capture_on_commit_callbacks
):
    client = cast.client(cast.staff)
    upload(
        client,
        csv_bytes([["Namn", "Telefon"], ["A", "1"]]),
        "x.csv",
        capture=django_capture_on_commit_callbacks,
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and not job.retryable
    assert "personnummer" in job.error


def _participant_file(company, count):
    rows = [
        [
            next_personnummer(),
            f"Namn{i}",
            "Ek",
            company.organisationsnummer,
            "Anställd",
            "2021-03-31",
        ]
        for i in range(count)
    ]
    return csv_bytes([HEADER, *rows])


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_checking_and_importing_run_the_same_queries_for_2_and_20_rows(
    cast, count, django_assert_max_num_queries
):
    content = _participant_file(cast.company_a, count)
    with django_assert_max_num_queries(8):
        plan = services.check_file(
            actor=cast.coach_a, kind="participants", content=content, filename="p.csv"
        )
    assert plan.count("create") == count
    with django_assert_max_num_queries(10):
        services.write_plan(actor=cast.coach_a, plan=plan)
    assert Participant.objects.filter(company=cast.company_a).count() == count + 1


@pytest.mark.django_db
def test_the_import_list_runs_the_same_queries_for_2_and_20_imports(
    cast, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client = cast.client(cast.staff)
    for count in (2, 20):
        while ImportJob.objects.count() < count:
            upload(
                client,
                _participant_file(cast.company_a, 1),
                "p.csv",
                capture=django_capture_on_commit_callbacks,
            )
        with django_assert_max_num_queries(8):
            assert client.get(reverse("imports:import_list")).status_code == 200
