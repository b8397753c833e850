"""The cast every test can use: staff, assessors at centres A and B, coaches A and B, a manager,
and one company with one participant in each scope."""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client

from accounts.roles import Role
from companies.tests.factories import (
    CompanyFactory,
    ParticipantFactory,
    TestCentreFactory,
    user_with_role,
)
from framtidssakrad.celery import app as celery_app
from framtidssakrad.worker_process import celery_worker_process as worker_process


@pytest.fixture(autouse=True)
def _fast_and_inline(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tasks run inline in tests; the worker test switches this off for itself.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Cast:
    staff: object
    manager: object
    assessor_a: object
    assessor_b: object
    coach_a: object
    coach_b: object
    centre_a: object
    centre_b: object
    company_a: object  # coach A, centre A
    company_b: object  # coach B, centre B
    participant_a: object
    participant_b: object

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    @property
    def users(self) -> dict:
        return {
            "staff": self.staff,
            "manager": self.manager,
            "assessor": self.assessor_a,
            "coach": self.coach_a,
        }


@pytest.fixture
def cast(db) -> Cast:
    centre_a, centre_b = TestCentreFactory(name="Centre A"), TestCentreFactory(name="Centre B")
    coach_a = user_with_role(Role.COACH, username="coach_a")
    coach_b = user_with_role(Role.COACH, username="coach_b")
    company_a = CompanyFactory(name="Alfa AB", coach=coach_a, test_centre=centre_a)
    company_b = CompanyFactory(name="Beta AB", coach=coach_b, test_centre=centre_b)
    return Cast(
        staff=user_with_role(Role.STAFF, username="staff"),
        manager=user_with_role(Role.MANAGER, username="manager"),
        assessor_a=user_with_role(Role.ASSESSOR, centre_a, username="assessor_a"),
        assessor_b=user_with_role(Role.ASSESSOR, centre_b, username="assessor_b"),
        coach_a=coach_a,
        coach_b=coach_b,
        centre_a=centre_a,
        centre_b=centre_b,
        company_a=company_a,
        company_b=company_b,
        participant_a=ParticipantFactory(company=company_a, first_name="Anna", last_name="Alfa"),
        participant_b=ParticipantFactory(company=company_b, first_name="Bo", last_name="Beta"),
    )


@pytest.fixture
def celery_worker_process(transactional_db, django_db_serialized_rollback, settings, request):
    """A real `celery worker` process against the configured broker and the test database.

    Skipped (with the reason) when no broker is configured or the test database is SQLite in
    memory, which another process cannot open: `.ci/run` configures PostgreSQL and Redis.
    The data migrations' rows (municipalities, validation models) are restored afterwards:
    a transactional test empties every table when it ends.
    """
    if not settings.BROKER_CONFIGURED:
        pytest.skip("no CELERY_BROKER_URL: the real-worker test runs in CI (.ci/run) with Redis")
    if connection.vendor != "postgresql":
        pytest.skip("the real-worker test needs PostgreSQL (set DATABASE_URL), not SQLite")
    db = connection.settings_dict
    env = {
        "DATABASE_URL": (
            f"postgres://{quote(db['USER'], safe='')}:{quote(db['PASSWORD'] or '', safe='')}"
            f"@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    celery_app.conf.task_always_eager = False
    pool = getattr(request, "param", "solo")  # indirect parametrisation picks another pool
    with worker_process(name="test", env=env, pool=pool) as worker:
        yield worker
