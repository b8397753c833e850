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
from django.core import serializers
from django.db import connections, transaction
from django.test import Client

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

_durations: list[float] = []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests last (after pytest-django's own ordering): once Playwright has started,
    Django sees a running event loop in this thread for the rest of the session."""
    browser_tests = [item for item in items if "e2e" in Path(str(item.fspath)).parts]
    others = [item for item in items if "e2e" not in Path(str(item.fspath)).parts]
    items[:] = others + browser_tests
    have_browser = Path(CHROMIUM).exists()
    if not have_browser and os.environ.get("E2E_REQUIRE_BROWSER") == "1":
        # CI (.ci/run) must not pass by skipping them.
        raise pytest.UsageError(f"E2E_REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    for item in browser_tests:
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


@pytest.fixture(scope="session")
def _migrated_state(django_db_setup, django_db_blocker):
    """The test database's rows right after migrating, as Django serialized them (taken from
    the connection that did it, before Playwright's event loop runs in this thread)."""
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture
def _serialized_rollback_here(_migrated_state):
    """Once Playwright's event loop runs in this thread, `connections[alias]` resolves to
    another wrapper than the one that serialized the test database: without its copy Django's
    serialized rollback would flush the data migrations' rows (municipalities, validation
    models) and never restore them."""
    for alias, contents in _migrated_state.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def _async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; the live server and the test's
    own database work share the thread, which Django would otherwise refuse. Set for the rest
    of the session only: the browser tests run last (see pytest_collection_modifyitems)."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _restore_migrated_rows(state: dict) -> None:
    from auditlog.context import disable_auditlog
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    # Putting rows back is no change anybody made: the audit trail records none of it (its
    # entries would point at content types that the flush has renumbered).
    for alias, contents in state.items():
        with transaction.atomic(using=alias), disable_auditlog():
            for row in serializers.deserialize("json", contents, using=alias):
                if not isinstance(row.object, ContentType | Permission):
                    row.save(using=alias)


@pytest.fixture
def e2e(
    _migrated_state,
    _serialized_rollback_here,
    transactional_db,
    django_db_serialized_rollback,
    live_server,
    settings,
    _async_unsafe_allowed,
):
    """The live server's address, with the data migrations' rows restored after each test."""
    from django.contrib.contenttypes.models import ContentType

    from companies.models import Municipality

    if not Municipality.objects.exists():
        # The test before the first browser test flushed without serialized rollback (and
        # post_migrate made new content types): put back the rest of the migrated rows.
        _restore_migrated_rows(_migrated_state)
    # The flush renumbered the content types: the audit trail must not use cached ids.
    ContentType.objects.clear_cache()
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
