"""`import_companies` and `import_participants`: a summary, each rejected row, and an exit
status a script can act on."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from companies.models import Company, Participant
from companies.tests.factories import next_organisationsnummer, next_personnummer
from imports.models import ImportJob

from .files import csv_bytes

COMPANY_HEADER = ["Org.nr", "Företagsnamn", "SNI", "Kommun", "Anställda"]


def run(command, path, *args):
    """(exit status, output) of the command."""
    import io

    out = io.StringIO()
    try:
        call_command(command, str(path), *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_a_valid_file_imports_with_status_0_and_is_logged(tmp_path):
    orgnr = next_organisationsnummer()
    path = tmp_path / "företag.csv"
    path.write_bytes(csv_bytes([COMPANY_HEADER, [orgnr, "Smedjan AB", "25.5", "Ljungby", "12"]]))
    status, out = run("import_companies", path)
    assert status == 0
    assert "1 were created" in out
    assert Company.objects.get(organisationsnummer=orgnr).municipality.name == "Ljungby"
    job = ImportJob.objects.get()
    assert (job.owner, job.created, job.filename) == (None, 1, "företag.csv")


@pytest.mark.django_db
def test_rejected_rows_are_printed_with_status_1_and_the_valid_ones_imported(tmp_path):
    good, bad = next_organisationsnummer(), "556000-0002"
    path = tmp_path / "f.csv"
    path.write_bytes(
        csv_bytes(
            [COMPANY_HEADER, [good, "A AB", "25", "Växjö", "3"], [bad, "B AB", "25", "Växjö", "3"]]
        )
    )
    status, out = run("import_companies", path)
    assert status == 1
    assert "row 3:" in out
    assert Company.objects.filter(organisationsnummer=good).exists()


@pytest.mark.django_db
def test_a_dry_run_imports_nothing_and_logs_nothing(tmp_path, cast):
    path = tmp_path / "d.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["pnr", "Förnamn", "Efternamn", "Organisationsnummer", "Status", "Startdatum"],
                [
                    next_personnummer(),
                    "Bo",
                    "Ek",
                    cast.company_a.organisationsnummer,
                    "anställd",
                    "2021-05-01",
                ],
            ]
        )
    )
    status, out = run("import_participants", path, "--dry-run")
    assert status == 0 and "1 would be created" in out
    assert Participant.objects.count() == 2 and not ImportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("x.csv", csv_bytes([["Namn", "Telefon"], ["A", "1"]])), ("x.xlsx", b"PK\x03\x04broken")],
)
def test_an_unreadable_file_stops_with_status_2_and_one_line(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run("import_participants", path)
    assert error.value.returncode == 2 and "\n" not in str(error.value)


@pytest.mark.django_db
def test_a_missing_file_stops_with_status_2(tmp_path):
    with pytest.raises(CommandError) as error:
        run("import_companies", tmp_path / "saknas.csv")
    assert error.value.returncode == 2
