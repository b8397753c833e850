"""The funder's monthly participant report: rows of a month, sending, correction flags."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from companies.tests.factories import ParticipantFactory
from documents.models import DocumentStatus
from reports import funder
from reports.models import FunderReport

URL = reverse("reports:funder_reports")
FEB, MAR = datetime.date(2021, 2, 1), datetime.date(2021, 3, 1)


def test_a_months_rows_are_who_started_and_who_ended_in_it(world):
    february = funder.month_rows(FEB)
    # a and b started 1 Feb, p3 on 28 Feb; p4 started 1 March.
    assert len(february) == 3
    may = funder.month_rows(datetime.date(2021, 5, 1))
    assert [(row[4], row[5]) for row in may] == [("2021-02-28", "2021-05-31")]


@pytest.mark.parametrize("role", ["manager", "coach_a", "assessor_a"])
def test_only_staff_make_the_funder_report(world, role):
    client = world.cast.client(getattr(world.cast, role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"month": "2021-02"}).status_code == 403
    assert not FunderReport.objects.exists()


def test_staff_send_a_month_and_get_its_workbook(world, django_capture_on_commit_callbacks):
    client = world.cast.client(world.cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"month": "2021-02"})
    assert response.status_code == 302
    sent = FunderReport.objects.get()
    assert (sent.month, sent.row_count, sent.sent_by) == (FEB, 3, world.cast.staff)
    assert not sent.is_correction
    assert sent.document.status == DocumentStatus.READY, sent.document.error
    download = client.get(reverse("documents:document_download", args=[sent.document.pk]))
    book = load_workbook(filename=io.BytesIO(b"".join(download.streaming_content)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 4  # the header and three participants
    assert all(row[0] and "-" in row[0] for row in rows[1:])  # full personnummer, for SCB
    # The manager may not download it.
    manager = world.cast.client(world.cast.manager)
    detail = reverse("documents:document_detail", args=[sent.document.pk])
    assert manager.get(detail).status_code == 404


def test_a_month_not_over_is_refused_and_nothing_recorded(world):
    today = datetime.date.today()
    response = world.cast.client(world.cast.staff).post(URL, {"month": f"{today:%Y-%m}"})
    assert response.status_code == 200
    assert response.context["form"].errors["month"]
    assert not FunderReport.objects.exists()


def test_a_late_registration_flags_its_month_and_the_later_ones(world):
    staff = world.cast.staff
    from reports.services import funder_report_send

    funder_report_send(actor=staff, month=FEB)
    funder_report_send(actor=staff, month=MAR)
    states = {state.month: state for state in funder.sent_months()}
    assert not states[FEB].resend and not states[MAR].resend
    ParticipantFactory(company=world.cast.company_a, start_date=datetime.date(2021, 2, 10))
    states = {state.month: state for state in funder.sent_months()}
    assert states[FEB].changed and states[FEB].resend
    assert not states[MAR].changed and states[MAR].resend
    again = funder_report_send(actor=staff, month=FEB)
    assert again.is_correction and again.row_count == 4
    states = {state.month: state for state in funder.sent_months()}
    assert not states[FEB].resend
    assert states[MAR].resend  # sent before February's correction: send it again
    funder_report_send(actor=staff, month=MAR)
    assert not any(state.resend for state in funder.sent_months())


def test_a_corrected_start_date_flags_the_month(world):
    from reports.services import funder_report_send

    funder_report_send(actor=world.cast.staff, month=MAR)
    world.p4.start_date = datetime.date(2021, 4, 2)
    world.p4.save()
    assert [state.changed for state in funder.sent_months()] == [True]


def test_the_page_lists_sent_months(world):
    from reports.services import funder_report_send

    funder_report_send(actor=world.cast.staff, month=FEB)
    client = world.cast.client(world.cast.staff)
    response = client.get(URL)
    assert response.status_code == 200 and "2021-02" in response.text


def test_the_demo_holds_sent_months_and_one_correction(db):
    from django.core.management import call_command

    call_command(
        "seed_demo", "--companies", "5", "--participants", "30", "--force", stdout=io.StringIO()
    )
    reports = FunderReport.objects.all()
    assert reports.count() == 5
    assert reports.filter(is_correction=True).count() == 1
    # The correction was sent after the later months: they are to be sent again.
    assert [state.resend for state in funder.sent_months()] == [False, False, True, True]
