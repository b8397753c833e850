"""Apps above the register add sections to its pages without the register importing them."""

import pytest
from django.urls import reverse

from accounts.roles import Capability as C
from accounts.roles import has_capability
from companies import sections
from companies.sections import Section, register_company_section, register_participant_section


@pytest.fixture
def registry(monkeypatch):
    """Registries emptied for the test and restored after it."""
    monkeypatch.setattr(sections, "_COMPANY", {})
    monkeypatch.setattr(sections, "_PARTICIPANT", {})


def _with_template_dir(settings, path):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], path]}]


def _shown_with_edit_capability(request, obj):
    return {"name": obj.name} if has_capability(request.user, C.COMPANIES_EDIT) else None


@pytest.mark.django_db
def test_company_section_is_rendered_in_order_and_hidden_when_context_is_none(
    registry, cast, tmp_path, settings
):
    (tmp_path / "second.html").write_text("<p>second {{ name }}</p>")
    (tmp_path / "first.html").write_text("<p>first {{ name }}</p>")
    _with_template_dir(settings, tmp_path)
    register_company_section(Section("b", "second.html", _shown_with_edit_capability, order=20))
    register_company_section(Section("a", "first.html", _shown_with_edit_capability, order=10))
    url = reverse("companies:company_detail", args=[cast.company_a.pk])

    html = cast.client(cast.staff).get(url).content.decode()
    assert html.index("first Alfa AB") < html.index("second Alfa AB")

    html = cast.client(cast.coach_a).get(url).content.decode()
    assert "Alfa AB" in html and "first Alfa AB" not in html


@pytest.mark.django_db
def test_participant_section_is_rendered_full_width(registry, cast, tmp_path, settings):
    (tmp_path / "plan.html").write_text('<section id="plan">{{ name }}</section>')
    _with_template_dir(settings, tmp_path)
    register_participant_section(
        Section("plan", "plan.html", lambda request, p: {"name": p.first_name}, place="full")
    )
    url = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    html = cast.client(cast.staff).get(url).content.decode()
    assert '<section id="plan">Anna</section>' in html


def test_validation_registers_its_sections():
    assert "validations" in sections._COMPANY and "validations" in sections._PARTICIPANT
