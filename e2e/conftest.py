"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
live_server.

The browser is launched by its path (`CHROMIUM` or /usr/bin/chromium); browsers are never
downloaded. Without it every test here is skipped with the reason (an error instead when
`E2E_REQUIRE_BROWSER=1`, as in `.ci/run`). Screenshots of failures are
kept under `e2e/artifacts/` (ignored by git; pytest-playwright's `--output`).
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.serializers import sort_dependencies
from django.db import transaction
from django.test import Client

# Playwright's sync API runs an event loop in this thread; the live server and the test's own
# database writes share the thread, which Django would otherwise refuse as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}

_durations: list[float] = []


def pytest_collection_modifyitems(config, items):
    have_browser = Path(CHROMIUM).exists()
    if not have_browser and os.environ.get("E2E_REQUIRE_BROWSER") == "1":
        # CI (.ci/run) must not pass by skipping them.
        raise pytest.UsageError(f"E2E_REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    for item in items:
        if "e2e" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)
            if not have_browser:
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"no Chromium at {CHROMIUM}: apt-get install chromium "
                        "(make test does it as root)"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _e2e_timing(request):
    start = time.monotonic()
    yield
    _durations.append(time.monotonic() - start)


def pytest_terminal_summary(terminalreporter):
    if _durations:
        terminalreporter.write_line(
            f"browser tests: {len(_durations)} in {sum(_durations):.1f} s", bold=True
        )


_migrated_rows: list[str] = []


def _data_migration_rows() -> str:
    """Rows of the two apps whose migrations seed data, as they are right after migrating."""
    configs = [apps.get_app_config(label) for label in ("companies", "validation")]
    models = [model for config in configs for model in config.get_models()]
    rows = (
        row
        for model in sort_dependencies([(None, models)])
        for row in model._default_manager.order_by("pk")
    )
    return serializers.serialize("json", rows)


@pytest.fixture
def e2e(transactional_db, live_server, settings):
    """The live server's address, with the data migrations' rows (municipalities, validation
    models) in place.

    Django's serialized rollback cannot be used: once Playwright's event loop runs in this
    thread, `connections["default"]` resolves to another wrapper than the one that serialized
    the test database, so the flush after a test leaves the tables empty. The first browser test
    keeps its own copy of those rows and later ones restore it.
    """
    from companies.models import Municipality

    if not _migrated_rows:
        _migrated_rows.append(_data_migration_rows())
    elif not Municipality.objects.exists():
        with transaction.atomic():
            for row in serializers.deserialize("json", _migrated_rows[0]):
                row.save()
    settings.SITE_URL = live_server.url
    return live_server.url


def login(context, user, base_url: str) -> None:
    """Log `user` in by handing the browser a session cookie (the login form has its own test)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base_url}])


@pytest.fixture
def as_user(e2e, context):
    """`as_user(user)` returns a page logged in as that user."""

    def make(user):
        context.clear_cookies()
        login(context, user, e2e)
        return context.new_page()

    return make
