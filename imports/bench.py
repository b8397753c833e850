"""`make bench`: how long a file of participants takes to check and import (printed, never
asserted). The file is made here, imported into the seeded companies, then removed again."""

import datetime
import io
import time

from companies.identifiers import make_personnummer
from companies.models import Company, Participant

from . import services

HEADER = [
    "Personnummer",
    "Förnamn",
    "Efternamn",
    "Organisationsnummer",
    "Anställningsform",
    "Startdatum",
]


def participant_workbook(rows: int) -> bytes:
    """An .xlsx of `rows` new participants (born 1930, a year the demo does not use)."""
    from openpyxl import Workbook

    companies = list(Company.objects.values_list("organisationsnummer", flat=True)[:70])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Deltagare")
    sheet.append(HEADER)
    for n in range(rows):
        birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=n // 500)
        sheet.append(
            [
                make_personnummer(birth, n % 500),
                f"Bänk{n}",
                "Testsson",
                companies[n % len(companies)],
                "Anställd",
                datetime.date(2021, 3, 1),
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def import_seconds(rows: int) -> tuple[float, float]:
    """(seconds to check, seconds to import) a workbook of `rows` participants, as the task
    does it (the command-line path: no user's scope to apply)."""
    content = participant_workbook(rows)
    start = time.perf_counter()
    plan = services.check_file(actor=None, kind="participants", content=content, filename="b.xlsx")
    checked = time.perf_counter()
    services.write_plan(actor=None, plan=plan)
    done = time.perf_counter()
    Participant.objects.filter(last_name="Testsson", first_name__startswith="Bänk").delete()
    if plan.count("create") != rows:
        raise RuntimeError(f"{rows - plan.count('create')} bench rows were rejected")
    return checked - start, done - checked
