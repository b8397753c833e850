"""Menus and buttons read capabilities from the one table (`accounts.roles`), by name."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.roles import ROLE_CAPABILITIES, Capability, Role
from companies.tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
TEMPLATES = [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]


def test_every_capability_a_template_names_is_in_the_table():
    named = {
        (path.relative_to(ROOT), name)
        for path in TEMPLATES
        for name in re.findall(r"\bcan\.(\w+)", path.read_text(encoding="utf-8"))
    }
    retyped = {
        (path.relative_to(ROOT), value)
        for path in TEMPLATES
        for value in re.findall(r"[\"']([\w.]+)[\"'] in caps", path.read_text(encoding="utf-8"))
    }
    assert named, "no template uses `can` any more: is this test still needed?"
    assert {(path, name) for path, name in named if name not in Capability.__members__} == set()
    assert {(path, value) for path, value in retyped if value not in Capability.values} == set()


def test_base_template_retypes_no_capability():
    for path in (ROOT / "templates").glob("**/*.html"):
        assert " in caps" not in path.read_text(encoding="utf-8"), path


NAV_LINKS = {
    Capability.COMPANIES_VIEW: "companies:company_list",
    Capability.PARTICIPANTS_VIEW: "companies:participant_list",
    Capability.VALIDATION_VIEW: "validation:validation_list",
    Capability.CERTIFICATES_VIEW: "certificates:certificate_list",
    Capability.CENTRES_VIEW: "validation:centre_list",
    Capability.USERS_MANAGE: "accounts:user_list",
    Capability.PROJECT_EDIT: "reports:project_edit",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_the_menu_shows_what_the_role_may_do(cast, role):
    user = {
        Role.STAFF: cast.staff,
        Role.MANAGER: cast.manager,
        Role.ASSESSOR: cast.assessor_a,
        Role.COACH: cast.coach_a,
    }[role]
    page = cast.client(user).get(reverse("documents:document_list")).text
    for capability, link in NAV_LINKS.items():
        assert (f'href="{reverse(link)}"' in page) == (capability in ROLE_CAPABILITIES[role]), link
    assert f">{Role(role).label}<" in page or f">{_sv(role)}<" in page


def _sv(role) -> str:
    with translation.override("sv"):
        return str(Role(role).label)


@pytest.mark.django_db
def test_a_user_without_a_role_is_not_labelled_staff(cast):
    page = cast.client(UserFactory()).get(reverse("documents:document_list")).text
    for role in Role:
        assert f">{Role(role).label}<" not in page and f">{_sv(role)}<" not in page
    assert ">More</a>" not in page and ">Mer</a>" not in page  # no empty menu
