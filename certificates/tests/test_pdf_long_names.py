"""A long name (up to the 201 characters a first and last name can hold) stays in its box."""

import io
import os

import pypdf
import pytest
from django.utils import translation

from certificates.models import CertificateLanguage
from certificates.pdf import LABELS

from .factories import model_with_areas, recorded_validation


def text_heights(content: bytes) -> dict[str, float]:
    """The height on the page (PDF points from the bottom) of the first line starting with
    each text."""
    heights: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            heights.setdefault(text.strip(), cm[5] + tm[5] * cm[3])

    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    page.extract_text(visitor_text=visit)
    return heights


def first_height(heights: dict[str, float], prefix: str) -> float:
    return next(y for text, y in heights.items() if text.startswith(prefix))


@pytest.mark.parametrize("length", [150, 200])
@pytest.mark.parametrize(
    "language", [CertificateLanguage.SWEDISH, CertificateLanguage.BILINGUAL], ids=["sv", "sv+en"]
)
def test_a_long_name_leaves_every_line_above_the_qr_code(cast, issue, length, language):
    participant = cast.participant_a
    participant.first_name = ("Maria-Kristina " * 10)[:99].strip()
    rest = length - len(participant.first_name) - 1  # the name is "first last"
    participant.last_name = ("Andersson Lindqvist " * 10)[:rest].strip().ljust(rest, "x")
    participant.save()
    assert len(participant.full_name) == length
    areas = [f"Kompetensområde nummer {n} i modellen" for n in range(1, 16)]
    model = model_with_areas(*areas, certificate_validity_months=36)
    validation = recorded_validation(participant, assessor=cast.assessor_a, model=model)
    certificate = issue(validation, cast.staff, language=language)
    content = certificate.document.file.read()
    if os.environ.get("CERTIFICATE_PDF_DIR"):  # to look at it: pdftoppm -png FILE
        name = f"long-{length}-{language}.pdf"
        with open(os.path.join(os.environ["CERTIFICATE_PDF_DIR"], name), "wb") as handle:
            handle.write(content)
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages) == 1
    heights = text_heights(content)
    with translation.override("sv"):
        expiry = first_height(heights, str(LABELS["valid_until"]))
        verify_top = first_height(heights, str(LABELS["verify"]))
    assert expiry > verify_top + 20  # its own line, clear of the verification box
