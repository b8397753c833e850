"""The one table of what each role may do: the rules the rest of the system relies on."""

import pytest

from accounts.roles import ROLE_CAPABILITIES, Capability, Role, has_capability, role_of
from companies.tests.factories import user_with_role

C = Capability

STAFF_ONLY = {
    C.PERSONNUMMER_VIEW,
    C.USERS_MANAGE,
    C.COMPANIES_EDIT,
    C.PARTICIPANTS_EDIT,
    C.CENTRES_EDIT,
    C.MODELS_EDIT,
    C.CERTIFICATES_ISSUE,
    C.CERTIFICATES_REVOKE,
    C.CERTIFICATES_ZIP,
}
EVERY_ROLE_SEES = {
    C.COMPANIES_VIEW,
    C.PARTICIPANTS_VIEW,
    C.CENTRES_VIEW,
    C.VALIDATION_VIEW,
    C.CERTIFICATES_VIEW,
}


def test_every_role_has_a_row_in_the_table():
    assert set(ROLE_CAPABILITIES) == set(Role.values)


def test_staff_may_do_everything():
    assert ROLE_CAPABILITIES[Role.STAFF] == frozenset(C.values)


@pytest.mark.parametrize("capability", sorted(STAFF_ONLY))
def test_only_staff_has(capability):
    holders = {role for role, caps in ROLE_CAPABILITIES.items() if capability in caps}
    assert holders == {Role.STAFF}


@pytest.mark.parametrize("role", Role.values)
def test_every_role_sees_the_register(role):
    assert EVERY_ROLE_SEES <= ROLE_CAPABILITIES[role]


def test_manager_is_read_only():
    """A manager follows the project: views and downloads reports, changes nothing."""
    assert ROLE_CAPABILITIES[Role.MANAGER] == frozenset(
        EVERY_ROLE_SEES | {C.REPORTS_DOWNLOAD, C.CONVERSATIONS_VIEW, C.MAP_VIEW}
    )


def test_assessor_books_and_records_validations_but_edits_no_register():
    caps = ROLE_CAPABILITIES[Role.ASSESSOR]
    assert {C.VALIDATION_BOOK, C.VALIDATION_RECORD} <= caps
    assert not caps & {C.COMPANIES_EDIT, C.PARTICIPANTS_EDIT, C.CENTRES_EDIT}
    assert C.REPORTS_DOWNLOAD not in caps


def test_coach_only_looks():
    caps = ROLE_CAPABILITIES[Role.COACH]
    assert not caps & {C.VALIDATION_BOOK, C.VALIDATION_RECORD, C.REPORTS_DOWNLOAD}
    assert not caps & STAFF_ONLY


def test_role_of_user(db):
    assert role_of(user_with_role(Role.COACH)) == Role.COACH
    assert role_of(user_with_role(None)) is None
    # A superuser without a profile acts as project staff.
    assert role_of(user_with_role(None, is_superuser=True)) == Role.STAFF


def test_anonymous_and_roleless_users_have_no_capability(db):
    from django.contrib.auth.models import AnonymousUser

    assert not has_capability(AnonymousUser(), C.COMPANIES_VIEW)
    assert not has_capability(user_with_role(None), C.COMPANIES_VIEW)
    assert has_capability(user_with_role(Role.MANAGER), C.COMPANIES_VIEW)
    assert not has_capability(user_with_role(Role.MANAGER), C.COMPANIES_EDIT)


def test_an_assessor_cannot_exist_without_a_test_centre(db):
    """Scoping relies on it: an assessor without a centre would match every company that has
    no centre yet."""
    from django.db import IntegrityError, transaction

    from accounts.models import Profile
    from companies.tests.factories import TestCentreFactory as CentreFactory
    from companies.tests.factories import UserFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.create(user=UserFactory(), role=Role.ASSESSOR, test_centre=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.create(user=UserFactory(), role=Role.COACH, test_centre=CentreFactory())
