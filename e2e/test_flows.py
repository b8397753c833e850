"""Each role's main flow through the real pages, in Swedish, every page checked with axe-core and
at phone width (check_page)."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.selectors import certificates_due
from companies.identifiers import make_organisationsnummer, make_personnummer
from companies.models import Company, Participant
from demo.seed import seed
from validation.models import Validation, ValidationStatus

from .checks import check_page


@pytest.fixture
def users(e2e):
    seed(companies=4, participants=24)
    return {user.username: user for user in get_user_model().objects.all()}


def submit(page, name: str) -> None:
    page.locator("main").get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def assert_error_tied_to_field(page, field_id: str, text: str) -> None:
    """The field says it is invalid and points (aria-describedby) at the message shown."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby") or ""
    messages = " ".join(page.locator(f"#{ref}").inner_text() for ref in described.split())
    assert re.search(text, messages), (described, messages)


def test_staff_register_a_company_and_a_participant_and_book_a_validation(users, as_user, e2e):
    page = as_user(users["staff"])
    page.goto(e2e + "/companies/new/")
    check_page(page)
    page.fill("#id_organisationsnummer", "556000-0000")
    page.fill("#id_name", "Testverkstaden AB")
    page.select_option("#id_municipality", label="Värnamo")
    page.fill("#id_sni_code", "25.620")
    page.fill("#id_employees", "40")
    submit(page, "Spara")
    assert_error_tied_to_field(page, "id_organisationsnummer", "Kontrollsiffran stämmer inte")
    check_page(page)
    page.fill("#id_organisationsnummer", make_organisationsnummer(424242))
    centre = users["assessor"].profile.test_centre
    page.select_option("#id_test_centre", label=centre.name)
    page.select_option("#id_test_centre_reason", index=1)
    submit(page, "Spara")
    company = Company.objects.get(name="Testverkstaden AB")
    expect(page).to_have_url(re.compile(rf"/companies/{company.pk}/$"))
    check_page(page)

    page.goto(e2e + "/participants/new/")
    page.fill("#id_personnummer", "19800101-1235")
    page.fill("#id_first_name", "Tove")
    page.fill("#id_last_name", "Testsson")
    page.select_option("#id_company", label="Testverkstaden AB")
    page.select_option("#id_start_status", index=1)
    page.fill("#id_start_date", timezone.localdate().isoformat())
    submit(page, "Spara")
    assert_error_tied_to_field(page, "id_personnummer", "(?i)kontrollsiffra")
    check_page(page)
    page.fill("#id_personnummer", make_personnummer(datetime.date(1980, 1, 1), 238))
    submit(page, "Spara")
    participant = Participant.objects.get(last_name="Testsson")
    expect(page).to_have_url(re.compile(rf"/participants/{participant.pk}/$"))
    check_page(page)

    page.goto(e2e + "/validations/book/")
    check_page(page)
    model = centre.accreditations.order_by("pk").first().model
    page.fill("#id_participant_search", "Testsson")  # the scoped participant search
    page.locator("#participant-results [role=option]", has_text="Testsson").first.click()
    expect(page.locator("#id_participant")).to_have_value(str(participant.pk))
    page.select_option("#id_centre", value=str(centre.pk))
    page.select_option("#id_model", value=str(model.pk))
    page.select_option("#id_level", value=str(model.levels.order_by("pk").first().pk))
    page.select_option("#id_assessor", value=str(users["assessor"].pk))
    day = timezone.localdate() + datetime.timedelta(days=14)
    page.fill("#id_scheduled_at_0", day.isoformat())
    page.fill("#id_scheduled_at_1", "09:00")
    submit(page, "Boka")
    validation = Validation.objects.get(participant=participant)
    expect(page).to_have_url(re.compile(rf"/validations/{validation.pk}/$"))
    check_page(page)


def _booked_for(assessor) -> Validation:
    """A booked validation at the assessor's centre, moved to yesterday so it can be recorded."""
    validation = (
        Validation.objects.filter(status=ValidationStatus.BOOKED, assessor=assessor)
        .order_by("pk")
        .first()
    )
    validation.scheduled_at = timezone.now() - datetime.timedelta(days=1)
    validation.save(update_fields=["scheduled_at"])
    return validation


def test_assessor_records_a_result_after_an_out_of_range_score_and_corrects_it(users, as_user, e2e):
    validation = _booked_for(users["assessor"])
    page = as_user(users["assessor"])
    page.goto(f"{e2e}/validations/{validation.pk}/record/")
    check_page(page)
    scores = page.locator("input[id^=id_area_]")
    for index in range(scores.count()):
        scores.nth(index).fill("150" if index == 0 else "90")
    modules = page.locator("[id^=id_module_]")
    for index in range(modules.count()):
        if modules.nth(index).evaluate("e => e.tagName") == "SELECT":
            modules.nth(index).select_option(index=1)
        else:
            modules.nth(index).fill("90")
    first = scores.nth(0).get_attribute("id")
    submit(page, "Registrera resultat")
    assert_error_tied_to_field(page, first, r"100")
    check_page(page)
    page.fill(f"#{first}", "95")
    submit(page, "Registrera resultat")
    expect(page).to_have_url(re.compile(rf"/validations/{validation.pk}/$"))
    check_page(page)

    page.goto(f"{e2e}/validations/{validation.pk}/correct/")
    check_page(page)
    page.fill("#id_reason", "Fel poäng i område 1.")
    page.fill(f"#{first}", "85")
    submit(page, "Spara rättelse")
    expect(page).to_have_url(re.compile(rf"/validations/{validation.pk}/$"))
    assert validation.results.count() == 2
    check_page(page)


def test_staff_issue_a_certificate_and_bulk_issue_with_a_zip(users, as_user, e2e):
    due = list(certificates_due(user=users["staff"]).order_by("pk"))
    assert len(due) >= 2
    page = as_user(users["staff"])
    page.goto(f"{e2e}/validations/{due[0].pk}/")
    # The certificate's language is chosen without scrolling (1280 × 900).
    expect(page.locator("main select[name=language]")).to_be_in_viewport()
    check_page(page)
    issued_before = Certificate.objects.count()
    submit(page, "Utfärda kompetensbevis")
    assert Certificate.objects.count() == issued_before + 1
    check_page(page)

    page.goto(e2e + "/certificates/bulk/")
    check_page(page)
    submit(page, "Visa väntande kompetensbevis")
    check_page(page)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/certificates/batches/\d+/$"))
    check_page(page)
    submit(page, "Skapa en ZIP-fil med alla PDF-filer")
    check_page(page)
    page.goto(e2e + "/documents/")
    expect(page.locator("main table")).to_contain_text("ZIP")
    check_page(page)


def test_anyone_verifies_a_certificate_logged_out_then_after_revocation(
    users, as_user, e2e, browser
):
    certificate = Certificate.objects.order_by("pk").first()
    public = browser.new_context(locale="sv-SE").new_page()
    public.goto(f"{e2e}/verify/{certificate.code}")
    expect(public.locator("main")).to_contain_text("Giltigt kompetensbevis")
    check_page(public)

    page = as_user(users["staff"])
    page.goto(f"{e2e}/certificates/{certificate.pk}/")
    check_page(page)
    page.fill("#id_reason", "Utfärdat av misstag.")
    page.check("#id_confirm")
    submit(page, "Återkalla")
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    check_page(page)

    public.goto(f"{e2e}/verify/{certificate.code}")
    expect(public.locator("main")).to_contain_text(re.compile("återkallat", re.IGNORECASE))
    check_page(public)


def test_coach_and_manager_see_their_pages_and_get_404_and_403_elsewhere(users, as_user, e2e):
    coach = users["coach"]
    own = Company.objects.filter(coach=coach).order_by("pk").first()
    other = Company.objects.exclude(coach=coach).order_by("pk").first()
    page = as_user(coach)
    assert page.goto(f"{e2e}/companies/{own.pk}/").status == 200
    check_page(page)
    assert page.goto(f"{e2e}/companies/{other.pk}/").status == 404
    check_page(page)
    assert page.goto(f"{e2e}/companies/new/").status == 403
    check_page(page)

    page = as_user(users["manager"])
    assert page.goto(f"{e2e}/companies/{other.pk}/").status == 200
    check_page(page)
    assert page.goto(f"{e2e}/companies/{other.pk}/edit/").status == 403
    check_page(page)


def test_staff_add_several_contact_persons_in_one_save_with_the_keyboard(users, as_user, e2e):
    company = Company.objects.order_by("pk").first()
    before = company.contacts.count()
    page = as_user(users["staff"])
    page.goto(f"{e2e}/companies/{company.pk}/edit/")
    add = page.get_by_role("button", name="Lägg till en kontaktperson")
    add.focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Bo Andersson")  # the new row's first field has the focus
    add.focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Cia Berg")
    check_page(page)
    rows = page.locator("#contacts-rows input[name$='-name']")
    rows.nth(rows.count() - 3).fill("Anna Ek")
    submit(page, "Spara")
    expect(page).to_have_url(re.compile(rf"/companies/{company.pk}/$"))
    names = set(company.contacts.values_list("name", flat=True))
    assert {"Anna Ek", "Bo Andersson", "Cia Berg"} <= names
    assert company.contacts.count() == before + 3


def test_cancelling_a_booking_asks_first(users, as_user, e2e):
    validation = Validation.objects.filter(status=ValidationStatus.BOOKED).order_by("pk").first()
    page = as_user(users["staff"])
    page.goto(f"{e2e}/validations/{validation.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    submit(page, "Avboka")
    validation.refresh_from_db()
    assert validation.status == ValidationStatus.BOOKED
    page.once("dialog", lambda dialog: dialog.accept())
    submit(page, "Avboka")
    validation.refresh_from_db()
    assert validation.status == ValidationStatus.CANCELLED


def test_log_in_with_the_keyboard_alone(users, e2e, page):
    users["coach"].set_password("demo-pass-1")
    users["coach"].save()
    page.goto(e2e + "/accounts/login/")
    page.locator("#id_username").focus()
    page.keyboard.type("coach")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-pass-1")
    page.keyboard.press("Enter")
    page.wait_for_url(e2e + "/")
    expect(page.locator("nav")).to_contain_text(users["coach"].get_full_name())
    check_page(page)
