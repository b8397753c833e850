"""The four conversations per company in the figures and the progress report, counted by hand
on conftest's TODAY (2021-06-15):

Alfa AB: 1 held 2021-02-10, 2 planned for 2021-05-15 and held 2021-05-20, 3 planned for
2021-06-30. Beta AB: 1 held 2021-04-01, 2 planned for 2021-06-01 (overdue on TODAY), 3 planned
and cancelled. Cesar (a prospect) and Delta (recruited in 2030) are not taking part.
"""

import datetime
import io
import json
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from coaching import services
from coaching.models import Conversation, Mode
from coaching.tests.conftest import data
from companies.models import CompanyStatus
from companies.tests.factories import CompanyFactory
from reports.selectors import Filters, Scope, conversations, figures

from .conftest import TODAY

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def plan(actor, company, number, day: datetime.date):
    return services.conversation_plan(
        actor=actor,
        company=company,
        number=number,
        planned_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=STOCKHOLM),
        mode=Mode.ON_SITE,
    )


def hold(actor, conversation, day: datetime.date):
    return services.conversation_mark_held(
        actor=actor, conversation=conversation, data=data(conversation), held_on=day
    )


@pytest.fixture
def talks(world):
    staff, a, b = world.cast.staff, world.cast.company_a, world.cast.company_b
    hold(staff, plan(staff, a, 1, datetime.date(2021, 2, 10)), datetime.date(2021, 2, 10))
    hold(staff, plan(staff, a, 2, datetime.date(2021, 5, 15)), datetime.date(2021, 5, 20))
    plan(staff, a, 3, datetime.date(2021, 6, 30))
    hold(staff, plan(staff, b, 1, datetime.date(2021, 4, 1)), datetime.date(2021, 4, 1))
    plan(staff, b, 2, datetime.date(2021, 6, 1))
    services.conversation_cancel(
        actor=staff, conversation=plan(staff, b, 3, datetime.date(2021, 7, 1)), reason="Sjuk"
    )
    made_on(datetime.date(2021, 1, 15))
    return world


def made_on(day: datetime.date) -> None:
    """Date the conversations as made on `day` (they are made today, after conftest's TODAY)."""
    made = datetime.datetime.combine(day, datetime.time(9), tzinfo=STOCKHOLM)
    Conversation.objects.update(created_at=made)


def states(row):
    return [(c["state"], c["date"] and c["date"].isoformat()) for c in row["conversations"]]


def test_each_company_taking_part_with_its_four_conversations_and_next_step(talks):
    result = figures(talks.cast.staff, today=TODAY)["conversations"]
    assert (result["held"], result["companies"]) == (3, 2)
    assert [row["n"] for row in result["by_number"]] == [2, 1, 0, 0]
    alfa, beta = result["by_company"]
    assert (alfa["company"], beta["company"]) == ("Alfa AB", "Beta AB")
    assert states(alfa) == [
        ("held", "2021-02-10"),
        ("held", "2021-05-20"),
        ("planned", "2021-06-30"),
        ("none", None),
    ]
    assert states(beta) == [
        ("held", "2021-04-01"),
        ("planned", "2021-06-01"),
        ("none", None),  # the cancelled one is not planned
        ("none", None),
    ]
    assert (alfa["next"]["number"], beta["next"]["number"]) == (3, 2)


def test_the_states_are_words_readable_without_colour(talks):
    with translation.override("en"):
        alfa, beta = figures(talks.cast.staff, today=TODAY)["conversations"]["by_company"]
    assert [c["label"] for c in alfa["conversations"]] == [
        "held 2021-02-10",
        "held 2021-05-20",
        "planned 2021-06-30",
        "not yet",
    ]
    assert [c["label"] for c in beta["conversations"]][:2] == [
        "held 2021-04-01",
        "planned 2021-06-01, overdue",
    ]
    assert alfa["next"]["label"] == "Conversation 3: planned 2021-06-30"
    assert beta["next"]["label"] == "Conversation 2: planned 2021-06-01, overdue"


def test_a_conversation_held_after_the_periods_end_was_not_held_in_that_report(talks):
    period = Filters(period_start=datetime.date(2021, 1, 1), period_end=datetime.date(2021, 4, 30))
    result = figures(talks.cast.staff, period, today=TODAY)["conversations"]
    alfa, beta = result["by_company"]
    # Alfa's second was held on 20 May: at the end of April it was planned (for 15 May).
    assert states(alfa)[:2] == [("held", "2021-02-10"), ("planned", "2021-05-15")]
    assert states(beta)[0] == ("held", "2021-04-01")
    assert result["held"] == 2
    assert [row["n"] for row in result["by_number"]] == [2, 0, 0, 0]


def test_a_conversation_made_after_the_periods_end_was_not_planned_then(talks):
    Conversation.objects.filter(company=talks.cast.company_a, number=3).update(
        created_at=datetime.datetime(2021, 5, 2, 9, tzinfo=STOCKHOLM)
    )
    period = Filters(period_end=datetime.date(2021, 4, 30))
    alfa = figures(talks.cast.staff, period, today=TODAY)["conversations"]["by_company"][0]
    assert states(alfa)[2] == ("none", None)
    alfa = figures(talks.cast.staff, today=TODAY)["conversations"]["by_company"][0]
    assert states(alfa)[2] == ("planned", "2021-06-30")


def test_all_four_held(talks):
    staff, beta = talks.cast.staff, talks.cast.company_b
    conversation = beta.conversations.get(number=2, status="planned")
    hold(staff, conversation, datetime.date(2021, 6, 2))
    hold(staff, plan(staff, beta, 3, datetime.date(2021, 6, 3)), datetime.date(2021, 6, 3))
    hold(staff, plan(staff, beta, 4, datetime.date(2021, 6, 4)), datetime.date(2021, 6, 4))
    made_on(datetime.date(2021, 1, 15))
    with translation.override("en"):
        row = figures(staff, today=TODAY)["conversations"]["by_company"][1]
    assert row["held"] == 4 and row["next"] == {"number": None, "label": "All four held"}


def test_cached_figures_see_a_conversation_planned_since(talks):
    staff, beta = talks.cast.staff, talks.cast.company_b
    assert states(figures(staff, today=TODAY)["conversations"]["by_company"][1])[2][0] == "none"
    plan(staff, beta, 3, datetime.date(2021, 6, 25))
    made_on(datetime.date(2021, 1, 15))  # a queryset update: the count still moved
    beta_row = figures(staff, today=TODAY)["conversations"]["by_company"][1]
    assert states(beta_row)[2] == ("planned", "2021-06-25")


@pytest.mark.parametrize(
    "role, companies, by_number",
    [("coach_b", ["Beta AB"], [1, 0, 0, 0]), ("manager", ["Alfa AB", "Beta AB"], [2, 1, 0, 0])],
)
def test_each_role_sees_its_own_companies(talks, role, companies, by_number):
    result = figures(getattr(talks.cast, role), today=TODAY)["conversations"]
    assert [row["company"] for row in result["by_company"]] == companies
    assert [row["n"] for row in result["by_number"]] == by_number


def test_an_assessor_gets_the_counts_but_not_the_conversations(talks):
    result = figures(talks.cast.assessor_a, today=TODAY)["conversations"]
    assert [row["n"] for row in result["by_number"]] == [1, 1, 0, 0]
    assert result["by_company"] == [] and result["by_company_shown"] is False
    response = talks.cast.client(talks.cast.assessor_a).get(reverse("reports:dashboard"))
    assert "conversations-by-company" not in response.text


def test_the_dashboard_shows_the_table_to_a_manager(talks):
    client = talks.cast.client(talks.cast.manager)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("reports:dashboard"))
    assert 'href="#conversations-by-company"' in response.text
    table = response.text.split('id="conversations-by-company"')[1].split("</table>")[0]
    assert "Alfa AB" in table and "Beta AB" in table
    assert 'held <span class="text-nowrap">2021-02-10</span>' in table
    assert "Next step" in table


@pytest.mark.parametrize("extra", [1, 28])
def test_two_queries_for_any_number_of_companies(talks, extra, django_assert_num_queries):
    staff = talks.cast.staff
    for i in range(extra):
        company = CompanyFactory(
            name=f"Extra {i:02} AB",
            status=CompanyStatus.RECRUITED,
            recruited_on=datetime.date(2021, 2, 1),
        )
        plan(staff, company, 1, datetime.date(2021, 6, 20))
    made_on(datetime.date(2021, 1, 15))
    scope = Scope(staff, Filters(), TODAY)
    with django_assert_num_queries(2):
        result = conversations(scope)
    assert result["companies"] == 2 + extra  # 3 and 30 companies
    assert states(result["by_company"][-1])[0] == ("planned", "2021-06-20")


def test_json_pdf_and_workbook_say_the_same(talks, tmp_path):
    period = ["--period-start", "2021-01-01", "--period-end", "2021-04-30"]
    out = io.StringIO()
    call_command("progress_report", "--format", "json", *period, stdout=out)
    rows = json.loads(out.getvalue())["conversations"]["by_company"]
    expected = [
        [row["company"], *(c["label"] for c in row["conversations"]), row["next"]["label"]]
        for row in rows
    ]
    assert [row["company"] for row in rows] == ["Alfa AB", "Beta AB"]
    assert rows[0]["conversations"][1]["state"] == "planned"  # held after the period's end

    xlsx = tmp_path / "r.xlsx"
    call_command("progress_report", "--format", "xlsx", "--output", str(xlsx), *period)
    sheet = load_workbook(xlsx).worksheets[-3]  # before the series and the participant list
    sheet_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet_rows[1:] == expected

    pdf = tmp_path / "r.pdf"
    call_command("progress_report", "--format", "pdf", "--output", str(pdf), *period)
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())  # cells wrap inside the table; their order stays
    for row in expected:
        assert " ".join(row) in words, row


def test_dates_stay_on_one_line_and_text_is_escaped():
    from reports.templatetags.reports_tags import nowrap_dates

    assert nowrap_dates("planned 2021-06-01, overdue") == (
        'planned <span class="text-nowrap">2021-06-01</span>, overdue'
    )
    assert nowrap_dates("<b>AB</b> not yet") == "&lt;b&gt;AB&lt;/b&gt; not yet"
