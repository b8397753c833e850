"""Inputs a probe found giving a 500 (or doing harm) now get a clear answer.

Digits other than 0-9, two requests registering the same number at once, a hand-made issue
POST, URLs reaching the PDF renderer, and personnummer in log lines."""

import contextlib
import logging
import sys

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import reverse

from accounts.tests.test_users import user_data
from certificates.pdf import ASSETS_DIR
from companies.identifiers import (
    luhn_check_digit,
    normalize_organisationsnummer,
    normalize_personnummer,
)
from companies.models import Company, Participant
from companies.tests.factories import CompanyFactory, ParticipantFactory
from companies.tests.factories import TestCentreFactory as CentreFactory
from companies.tests.helpers import field_errors, in_english
from companies.tests.test_forms import MAN, company_data, participant_data
from documents.fetching import local_assets_fetcher, url_allowed
from framtidssakrad.redaction import RedactPersonnummer, redact
from framtidssakrad.uniqueness import save_unless_taken
from validation.models import TestCentre as Centre
from validation.tests.test_centres import centre_data

FULL_WIDTH_ORGNR = "５５６０００-０００１"
ARABIC_INDIC_PNR = "١٩٨٠٠١٠١-١٢٣٤"
OTHER_DIGITS = [FULL_WIDTH_ORGNR, ARABIC_INDIC_PNR, "556000-000²", "²²²²²²²²²²²²"]
DIGITS_MESSAGE = "Write the number with the digits 0–9 only."


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_identifiers_refuse_other_digits_with_a_message(value):
    for normalize in (normalize_organisationsnummer, normalize_personnummer):
        with pytest.raises(Exception) as caught:
            normalize(value)
        assert caught.type.__name__ == "ValidationError"


def test_a_check_digit_error_does_not_repeat_the_digits():
    with pytest.raises(ValueError) as caught:
        luhn_check_digit("８００１０１１２３")
    assert "８" not in str(caught.value) and "800101" not in str(caught.value)


@pytest.mark.parametrize("value", OTHER_DIGITS)
@pytest.mark.parametrize("role", ["staff", "coach"])
def test_company_and_participant_search_with_other_digits_answer(cast, role, value):
    client = cast.client(cast.staff if role == "staff" else cast.coach_a)
    assert client.get(reverse("companies:company_list"), {"q": value}).status_code == 200
    assert client.get(reverse("companies:participant_list"), {"q": value}).status_code == 200


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_forms_refuse_other_digits_beside_the_field(cast, value):
    client = in_english(cast.client(cast.staff))
    response = client.post(
        reverse("companies:company_create"), company_data(organisationsnummer=value)
    )
    assert response.status_code == 200
    assert DIGITS_MESSAGE in field_errors(response, "organisationsnummer")
    response = client.post(
        reverse("companies:participant_create"), participant_data(cast, personnummer=value)
    )
    assert response.status_code == 200
    assert DIGITS_MESSAGE in field_errors(response, "personnummer")
    response = client.post(
        reverse("validation:centre_create"), centre_data(organisationsnummer=value)
    )
    assert response.status_code == 200
    assert DIGITS_MESSAGE in field_errors(response, "organisationsnummer")
    assert Company.objects.count() == 2 and Participant.objects.count() == 2
    assert Centre.objects.count() == 2


@pytest.mark.parametrize("value", ["²", "５", "١", "1²"])
def test_booking_form_participant_parameter_with_other_digits(cast, value):
    client = cast.client(cast.staff)
    assert (
        client.get(reverse("validation:validation_book"), {"participant": value}).status_code == 200
    )


# --- two requests at once ----------------------------------------------------------------


@contextlib.contextmanager
def committed_meanwhile(model):
    """Another request's row (made before the block) is not yet committed when this request's
    form checks uniqueness, so that first check does not see it; the insert then meets the
    database's unique constraint. The window of a double click."""
    real = model.validate_unique
    calls = []

    def first_check_misses_it(self, *args, **kwargs):
        calls.append(True)
        if len(calls) > 1:
            real(self, *args, **kwargs)

    model.validate_unique = first_check_misses_it
    try:
        yield calls
    finally:
        model.validate_unique = real


def test_double_submit_of_a_participant_gives_the_uniqueness_message(cast, caplog):
    client = in_english(cast.client(cast.staff))
    ParticipantFactory(company=cast.company_a, personnummer=MAN)
    with committed_meanwhile(Participant) as calls:
        response = client.post(reverse("companies:participant_create"), participant_data(cast))
    assert len(calls) == 2 and response.status_code == 200
    assert field_errors(response, "personnummer") == [
        "This person is already registered as a participant."
    ]
    assert Participant.objects.filter(personnummer=MAN).count() == 1
    assert MAN not in caplog.text


def test_double_submit_of_a_company_gives_the_uniqueness_message(cast):
    client = in_english(cast.client(cast.staff))
    CompanyFactory(organisationsnummer=company_data()["organisationsnummer"])
    with committed_meanwhile(Company) as calls:
        response = client.post(reverse("companies:company_create"), company_data())
    assert len(calls) == 2 and response.status_code == 200
    assert field_errors(response, "organisationsnummer") == [
        "A company with this organisation number is already registered."
    ]


def test_double_submit_of_a_centre_gives_the_uniqueness_message(cast):
    client = in_english(cast.client(cast.staff))
    data = centre_data()
    CentreFactory(organisationsnummer=data["organisationsnummer"])
    with committed_meanwhile(Centre) as calls:
        response = client.post(reverse("validation:centre_create"), data)
    assert len(calls) == 2 and response.status_code == 200
    assert field_errors(response, "organisationsnummer")


def test_double_submit_of_a_user_gives_the_uniqueness_message(cast):
    User = get_user_model()
    client = in_english(cast.client(cast.staff))
    User.objects.create(username="nyanvandare")
    with committed_meanwhile(User) as calls:
        response = client.post(
            reverse("accounts:user_create"), user_data(test_centre=cast.centre_a.pk)
        )
    assert len(calls) == 2 and response.status_code == 200
    assert field_errors(response, "username")
    assert User.objects.filter(username="nyanvandare").count() == 1


def test_another_integrity_error_is_not_taken_for_a_clash():
    class Form:
        errors = {}

        def validate_unique(self):
            pass

    def save():
        raise IntegrityError("CHECK constraint failed")

    with pytest.raises(IntegrityError):
        save_unless_taken(Form(), save)


# --- the PDF renderer's URL fetcher ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ((ASSETS_DIR / "img" / "emblem.png").as_uri(), True),
        ((ASSETS_DIR / "certificate.css").as_uri(), True),
        ("data:image/png;base64,iVBORw0KGgo=", True),
        ("file:///etc/passwd", False),
        ((ASSETS_DIR / ".." / ".." / "models.py").as_uri(), False),
        (f"file://{ASSETS_DIR}/../../../framtidssakrad/settings.py", False),
        ("file://example.se/etc/passwd", False),
        ("http://127.0.0.1:8170/", False),
        ("https://example.se/logo.png", False),
        ("ftp://example.se/x", False),
    ],
)
def test_the_pdf_fetcher_serves_only_the_assets_and_data_uris(url, allowed):
    assert url_allowed(url, (ASSETS_DIR.resolve(),)) is allowed
    fetcher = local_assets_fetcher([ASSETS_DIR])
    if allowed:
        with contextlib.closing(fetcher.fetch(url)) as response:
            assert response.read()
    else:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def test_a_rendered_page_leaves_out_a_file_it_may_not_read(tmp_path):
    import weasyprint

    secret = tmp_path / "secret.png"
    secret.write_bytes((ASSETS_DIR / "img" / "emblem.png").read_bytes())
    html = f'<img src="{secret.as_uri()}"><img src="img/emblem.png">'
    fetcher = local_assets_fetcher([ASSETS_DIR])
    document = weasyprint.HTML(
        string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=fetcher
    ).render()
    images = [
        box
        for box in document.pages[0]._page_box.descendants()
        if type(box).__name__ == "InlineReplacedBox"
    ]
    assert len(images) == 1  # the emblem; the outside file was refused


# --- logs ----------------------------------------------------------------------------------


def test_log_lines_and_tracebacks_lose_the_personnummer():
    detail = (
        "duplicate key value violates unique constraint\n"
        "DETAIL: Key (personnummer)=(196606066022) already exists."
    )
    assert "196606066022" not in redact(detail)
    assert "19660606-****" in redact(detail)
    assert "８００１０１-****" in redact("８００１０１-１２３４")
    try:
        raise RuntimeError(detail)
    except RuntimeError:
        record = logging.getLogger("test").makeRecord(
            "test", logging.ERROR, __file__, 1, "saving %s", ("198001011234",), sys.exc_info()
        )
    RedactPersonnummer().filter(record)
    line = logging.Formatter().format(record)
    assert "198001011234" not in line and "196606066022" not in line
    assert "19800101-****" in line
