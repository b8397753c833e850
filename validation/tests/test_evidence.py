"""Evidence files: type by content, name agreeing with it, at most 5 MB."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from validation.evidence import MAX_BYTES, stored_name, validate_evidence

PDF = b"%PDF-1.7\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    "name, content, extension",
    [
        ("result.pdf", PDF, ".pdf"),
        ("PHOTO.PNG", PNG, ".png"),
        ("scan.jpg", JPEG, ".jpg"),
        ("scan.jpeg", JPEG, ".jpg"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted(name, content, extension):
    assert validate_evidence(upload(name, content)).extension == extension


def test_renamed_executable_is_refused_although_the_browser_says_pdf():
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(upload("result.pdf", b"MZ\x90\x00binary", "application/pdf"))
    assert excinfo.value.code == "invalid_type"


def test_html_with_pdf_name_is_refused():
    with pytest.raises(ValidationError):
        validate_evidence(upload("result.pdf", b"<html><script>alert(1)</script>"))


def test_real_pdf_with_other_extension_is_refused():
    for name in ("result.exe", "result.html", "result"):
        with pytest.raises(ValidationError):
            validate_evidence(upload(name, PDF))


def test_content_and_name_must_agree():
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(upload("photo.png", JPEG))
    assert excinfo.value.code == "type_mismatch"


def test_exactly_five_megabytes_is_accepted_and_one_byte_more_refused():
    assert validate_evidence(upload("big.pdf", PDF + b"\0" * (MAX_BYTES - len(PDF))))
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(upload("big.pdf", PDF + b"\0" * (MAX_BYTES - len(PDF) + 1)))
    assert excinfo.value.code == "too_large"


def test_stored_names_are_random_and_keep_only_the_type():
    kind = validate_evidence(upload("Anna Andersson 19800101-1234.pdf", PDF))
    first, second = stored_name(kind), stored_name(kind)
    assert first != second and first.endswith(".pdf") and "Anna" not in first
