"""The certificate PDF, checked by extracting its text."""

import io
import re

import pypdf
import pytest
import weasyprint

from certificates.models import CertificateLanguage
from certificates.pdf import BASE_URL, certificate_html, certificate_render
from companies.identifiers import format_personnummer
from documents.models import DocumentStatus

from .factories import model_with_areas, recorded_validation


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def personnummer_forms(number: str) -> list[str]:
    """Every way a personnummer could be printed: 12 or 10 digits, with or without a dash."""
    return [number, number[2:], format_personnummer(number), f"{number[2:8]}-{number[8:]}"]


def test_pdf_names_the_person_what_was_validated_and_the_code(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    assert certificate.document.status == DocumentStatus.READY
    assert certificate.document.content_type == "application/pdf"
    text, pages = pdf_text(certificate.document.file.read())
    assert pages == 1
    flat = " ".join(text.split())
    assert "Anna Alfa" in flat
    assert validation_a.model.name in flat
    assert "Grön" in flat
    for area in ("Säkerhet", "Mätteknik", "Ritningsläsning"):
        assert area in flat
    assert certificate.code in flat
    assert f"/verify/{certificate.code}" in flat
    assert "Framtidssäkrad" in flat
    assert "Centre A" in flat
    assert "12 mars 2021" in flat  # Swedish by default: the validation date in Swedish


def test_pdf_never_contains_the_personnummer(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff)
    text, _ = pdf_text(certificate.document.file.read())
    digits_only = re.sub(r"\D", "", text)
    number = cast.participant_a.personnummer
    for form in personnummer_forms(number):
        assert form not in text
    assert number[2:] not in digits_only  # not even split over lines or spaced out


def test_english_certificate_is_in_english(cast, validation_a, issue):
    certificate = issue(validation_a, cast.staff, language=CertificateLanguage.ENGLISH)
    text, _ = pdf_text(certificate.document.file.read())
    flat = " ".join(text.split())
    assert "12 March 2021" in flat
    assert "12 mars 2021" not in flat
    assert certificate.document.filename.startswith("certificate-anna-alfa-")


def test_bilingual_certificate_has_both_languages_and_still_one_page(cast, issue):
    areas = [f"Kompetensområde nummer {n} i modellen" for n in range(1, 16)]
    model = model_with_areas(*areas)
    validation = recorded_validation(cast.participant_a, assessor=cast.assessor_a, model=model)
    certificate = issue(validation, cast.staff, language=CertificateLanguage.BILINGUAL)
    text, pages = pdf_text(certificate.document.file.read())
    flat = " ".join(text.split())
    assert pages == 1
    assert "12 mars 2021" in flat and "12 March 2021" in flat
    assert "Kompetensområde nummer 15 i modellen" in flat


# The bundled fonts hold Latin with its extensions (see static/certificates/fonts/README.md);
# Greek comes from a system font (Pango's fallback), so a name in it still prints.
@pytest.mark.parametrize(
    "name",
    [
        "Åsa Öberg-Lindqvist",
        "Zoë Ünal",
        "Łucja Wąsowska",
        "Şükrü Çelik",
        "Thị Nguyễn",
        "Ελένη Παππά",
    ],
)
def test_non_ascii_names_survive(cast, validation_a, issue, name):
    participant = cast.participant_a
    participant.first_name, participant.last_name = name.split(" ")
    participant.save()
    certificate = issue(validation_a, cast.staff)
    text, _ = pdf_text(certificate.document.file.read())
    assert name in " ".join(text.split())


def test_render_reads_only_the_snapshot(cast, validation_a, issue):
    """The stored PDF is the one issued; a re-render after edits would differ, so the task
    never re-renders: the file on the document stays byte for byte."""
    certificate = issue(validation_a, cast.staff)
    stored = certificate.document.file.read()
    validation_a.model.name = "Renamed model"
    validation_a.model.save()
    cast.participant_a.last_name = "Renamed"
    cast.participant_a.save()
    certificate.refresh_from_db()
    text, _ = pdf_text(certificate_render(certificate))
    assert "Anna Alfa" in text and "Renamed" not in text
    certificate.document.refresh_from_db()
    assert certificate.document.file.read() == stored


# The certificate's own user-agent stylesheet (static/certificates/user-agent.css) --------------

# Tags with a rule there, or inline by CSS's initial value (span, img).
TAGS_THE_USER_AGENT_STYLESHEET_KNOWS = {
    *("html", "head", "meta", "title", "body", "div", "p", "h1", "h2", "b", "br"),
    *("span", "img"),
}


def test_the_template_uses_only_tags_the_user_agent_stylesheet_knows(cast, issue, vmodel):
    validation = recorded_validation(cast.participant_a, assessor=cast.assessor_a, model=vmodel)
    certificate = issue(validation, cast.staff, language=CertificateLanguage.BILINGUAL)
    assert certificate.level_name and certificate.expires_on and certificate.areas
    tags = set(re.findall(r"<([a-z0-9]+)", certificate_html(certificate)))
    assert tags <= TAGS_THE_USER_AGENT_STYLESHEET_KNOWS, (
        "add a rule for the new tags to certificates/static/certificates/user-agent.css"
    )


def test_the_page_is_rendered_with_its_own_user_agent_stylesheet(cast, validation_a, issue):
    """WeasyPrint's HTML5 stylesheet makes a PDF bookmark of every h1 and h2; the certificate's
    own has no bookmarks. Bookmarks in the file mean WeasyPrint no longer uses the hook."""
    certificate = issue(validation_a, cast.staff)
    assert pypdf.PdfReader(io.BytesIO(certificate.document.file.read())).outline == []
    with_default = weasyprint.HTML(string=certificate_html(certificate), base_url=BASE_URL)
    assert pypdf.PdfReader(io.BytesIO(with_default.write_pdf())).outline != []
