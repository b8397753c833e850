import pytest

from certificates import services
from certificates.models import CertificateLanguage

from .factories import model_with_areas, recorded_validation


@pytest.fixture
def vmodel(db):
    return model_with_areas(
        "Säkerhet",
        "Mätteknik",
        "Ritningsläsning",
        levels=("Grön", "Blå"),
        certificate_validity_months=36,
    )


@pytest.fixture
def validation_a(cast, vmodel):
    """Participant A's full-outcome validation at centre A."""
    return recorded_validation(cast.participant_a, assessor=cast.assessor_a, model=vmodel)


@pytest.fixture
def validation_b(cast, vmodel):
    return recorded_validation(cast.participant_b, assessor=cast.assessor_b, model=vmodel)


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """Issue a certificate and run what waits for the commit (the PDF render)."""

    def _issue(validation, actor, language=CertificateLanguage.SWEDISH, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            certificate = services.certificate_issue(
                actor=actor, validation=validation, language=language, **kwargs
            )
        certificate.refresh_from_db()
        if certificate.document_id:
            certificate.document.refresh_from_db()
        return certificate

    return _issue
