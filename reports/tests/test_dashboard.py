"""The dashboard and the progress report's requests: who may, what they see, what is queued."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from documents.models import Document, DocumentStatus
from reports.kinds import KIND_PROGRESS_PDF, KIND_PROGRESS_XLSX
from reports.models import ReportSubscription
from reports.selectors import figures

DASHBOARD = reverse("reports:dashboard")
REQUEST = reverse("reports:progress_report")


@pytest.mark.parametrize("role", ["staff", "manager", "coach_a", "assessor_a"])
def test_every_role_sees_the_dashboard_for_its_scope(world, role):
    response = world.cast.client(getattr(world.cast, role)).get(DASHBOARD)
    assert response.status_code == 200
    expected = figures(getattr(world.cast, role))
    assert response.context["f"]["participants"]["total"] == expected["participants"]["total"]
    assert "<svg" in response.text and "<style" not in response.text
    assert response.context["own_scope"] == (role in ("coach_a", "assessor_a"))


def test_a_coachs_dashboard_is_labelled_as_theirs(world):
    client = world.cast.client(world.cast.coach_a)
    client.cookies["django_language"] = "en"
    response = client.get(DASHBOARD)
    assert "Your figures" in response.text
    assert "Counted for your companies." in response.text


def test_user_without_role_may_not_see_the_dashboard(db):
    from django.test import Client

    from companies.tests.factories import user_with_role

    client = Client()
    client.force_login(user_with_role(None))
    assert client.get(DASHBOARD).status_code == 403


def test_filters_narrow_the_dashboard(world):
    response = world.cast.client(world.cast.staff).get(DASHBOARD, {"county": "07"})
    assert response.context["f"]["participants"]["total"] == 2


def test_a_period_ending_before_it_starts_is_refused_and_filters_nothing(world):
    response = world.cast.client(world.cast.staff).get(
        DASHBOARD, {"period_start": "2021-05-01", "period_end": "2021-04-01"}
    )
    assert response.context["form"].errors["period_end"]
    assert response.context["f"]["participants"]["total"] == 5  # everyone, as of today


@pytest.mark.parametrize("count", [2, 20])
def test_dashboard_queries_do_not_grow_with_the_rows(world, count, django_assert_max_num_queries):
    from companies.tests.factories import ParticipantFactory

    for _ in range(count):
        ParticipantFactory(company=world.cast.company_a)
    client = world.cast.client(world.cast.staff)
    # 29: the figures (development 1, hours 2) and their fingerprint (enrolments, attendance 2)
    # gained five fixed queries with competence development; the conversations per company
    # and the fewer passes over the big tables (test_figures) left it there; none grows with
    # the rows. 32: coaching's sessions with participants joined the fingerprint (1) and the
    # hours are one aggregate per kind of record (3, was 1).
    with django_assert_max_num_queries(32):
        client.get(DASHBOARD)


@pytest.mark.parametrize("role", ["coach_a", "assessor_a"])
def test_coaches_and_assessors_may_not_download_reports(world, role):
    client = world.cast.client(getattr(world.cast, role))
    assert client.post(REQUEST, {"format": "pdf"}).status_code == 403
    assert not Document.objects.exists()


@pytest.mark.parametrize("format", ["pdf", "xlsx"])
def test_a_manager_asks_for_a_report_and_finds_it_ready_under_my_documents(
    world, format, django_capture_on_commit_callbacks
):
    client = world.cast.client(world.cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST, {"format": format, "county": "07"})
    document = Document.objects.get()
    assert response.status_code == 302 and str(document.pk) in response.url
    assert document.kind == {"pdf": KIND_PROGRESS_PDF, "xlsx": KIND_PROGRESS_XLSX}[format]
    assert document.params["county"] == "07" and document.owner == world.cast.manager
    assert document.status == DocumentStatus.READY, document.error
    listing = client.get(reverse("documents:document_list"))
    assert document.title in listing.text
    assert client.get(reverse("documents:document_download", args=[document.pk])).status_code == 200
    # Another manager's report is not theirs to see.
    other = world.cast.client(world.cast.staff)
    assert other.get(reverse("documents:document_detail", args=[document.pk])).status_code == 404


def test_a_failed_report_can_be_made_again(world, django_capture_on_commit_callbacks, monkeypatch):
    from reports import report

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    client = world.cast.client(world.cast.manager)
    monkeypatch.setattr(report, "xlsx_render", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REQUEST, {"format": "xlsx"})
    document = Document.objects.get()
    assert document.status == DocumentStatus.FAILED
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:document_retry", args=[document.pk]))
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_json_dashboard_pdf_and_workbook_agree(world, tmp_path):
    staff = world.cast.staff
    out = io.StringIO()
    call_command("progress_report", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    dashboard = world.cast.client(staff).get(DASHBOARD).context["f"]
    for section, key in [
        ("companies", "total"),
        ("companies", "engaged"),
        ("participants", "total"),
        ("participants", "women"),
        ("participants", "men"),
        ("validations", "total"),
        ("certificates", "issued"),
    ]:
        assert data[section][key] == dashboard[section][key], (section, key)
    assert set(data) >= {
        "targets",
        "companies",
        "participants",
        "validations",
        "certificates",
        "conversations",
        "hours",
    }
    assert data["targets"]["companies"] == 70 and data["targets"]["participants"] == 1000
    assert {row["key"]: row["n"] for row in data["companies"]["by_status"]}["recruited"] == 2
    assert {row["key"]: row["n"] for row in data["companies"]["by_county"]} == {"06": 1, "07": 1}
    assert {row["key"]: row["total"] for row in data["participants"]["by_start_status"]} == {
        "employed": 3,
        "furloughed": 1,
        "under_notice": 1,
    }

    xlsx = tmp_path / "r.xlsx"
    call_command("progress_report", "--format", "xlsx", "--output", str(xlsx), stderr=io.StringIO())
    book = load_workbook(xlsx)
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    # Counted today (after 2021): p5 has started too.
    assert summary["Deltagare"] == data["participants"]["total"] == 5
    assert summary["Kvinnor"] == data["participants"]["women"]
    assert summary["Utfärdade kompetensbevis"] == data["certificates"]["issued"]
    assert book.worksheets[-1].max_row == 1 + data["participants"]["total"]

    pdf = tmp_path / "r.pdf"
    call_command("progress_report", "--format", "pdf", "--output", str(pdf), stderr=io.StringIO())
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Lägesrapport" in text
    assert "Deltagare 5 1000 3 2" in " ".join(text.split())


def test_the_command_refuses_a_reversed_period(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "progress_report", "--period-start", "2021-05-01", "--period-end", "2021-04-01"
        )


def test_a_manager_subscribes_to_the_monthly_report(world):
    client = world.cast.client(world.cast.manager)
    client.post(reverse("reports:subscription"), {"monthly": "on"})
    assert ReportSubscription.objects.get(user=world.cast.manager).monthly
    client.post(reverse("reports:subscription"), {})
    assert not ReportSubscription.objects.get(user=world.cast.manager).monthly
    coach = world.cast.client(world.cast.coach_a)
    assert coach.post(reverse("reports:subscription"), {"monthly": "on"}).status_code == 403


@pytest.mark.parametrize(("role", "full"), [("staff", True), ("manager", False)])
def test_the_workbooks_participant_list_shows_personnummer_only_to_staff(
    world, role, full, django_capture_on_commit_callbacks
):
    client = world.cast.client(getattr(world.cast, role))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REQUEST, {"format": "xlsx"})
    document = Document.objects.get()
    download = client.get(reverse("documents:document_download", args=[document.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    numbers = [row[0] for row in book.worksheets[-1].iter_rows(min_row=2, values_only=True)]
    assert len(numbers) == 5
    assert all(number.endswith("-****") != full for number in numbers)


@pytest.mark.parametrize(
    "data",
    [
        {"format": "docx"},
        {"format": "pdf", "period_start": "2021-05-01", "period_end": "2021-04-01"},
    ],
)
def test_a_bad_report_request_is_refused_with_a_message_and_nothing_queued(world, data):
    client = world.cast.client(world.cast.manager)
    client.cookies["django_language"] = "en"
    response = client.post(REQUEST, data, follow=True)
    assert "Check the filters and choose PDF or Excel." in response.text
    assert not Document.objects.exists()
