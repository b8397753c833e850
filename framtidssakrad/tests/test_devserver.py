"""The development server: links follow the address it serves on, and its log shows a 403 or a
404 as one line each."""

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from framtidssakrad.devserver import runserver_url

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["manage.py", "runserver", "127.0.0.1:8101"], "http://127.0.0.1:8101"),
        (["manage.py", "runserver", "8102"], "http://127.0.0.1:8102"),
        (["manage.py", "runserver", "--noreload", "0.0.0.0:8103"], "http://127.0.0.1:8103"),
        (["manage.py", "runserver", "example.local:9000"], "http://example.local:9000"),
        (["manage.py", "runserver"], "http://127.0.0.1:8000"),
        (["manage.py", "migrate"], None),
    ],
)
def test_runserver_url(argv, expected):
    assert runserver_url(argv) == expected


def test_site_url_follows_the_port_make_run_serves_on():
    """`make run PORT=8101` runs `manage.py runserver 127.0.0.1:8101`; without SITE_URL set,
    the settings take that address."""
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    code = (
        "import sys; sys.argv = ['manage.py', 'runserver', '127.0.0.1:8101'];"
        "import framtidssakrad.settings as s; print(s.SITE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "http://127.0.0.1:8101", result.stderr
    make = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=BASE_DIR, capture_output=True, text=True
    )
    assert "runserver 127.0.0.1:8101" in make.stdout


def test_site_url_setting_wins_over_the_runserver_address():
    env = {**os.environ, "SITE_URL": "https://framtidssakrad.example/"}
    code = (
        "import sys; sys.argv = ['manage.py', 'runserver', '8101'];"
        "import framtidssakrad.settings as s; print(s.SITE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "https://framtidssakrad.example"


@pytest.fixture
def console(settings):
    """What the project's console handler prints, with DEBUG on as under `make run`."""
    settings.DEBUG = True
    stream = io.StringIO()
    previous = {}
    logger = logging.getLogger("django.request")
    while logger:  # every console handler a request warning reaches, Django's own included
        for handler in logger.handlers:
            if type(handler) is logging.StreamHandler:
                previous[handler] = handler.setStream(stream)
        logger = logger.parent if logger.propagate else None
    yield stream
    for handler, old in previous.items():
        handler.setStream(old)


def test_a_403_is_logged_once_without_a_traceback(cast, console):
    response = cast.client(cast.coach_a).get(reverse("companies:company_create"))
    assert response.status_code == 403
    log = console.getvalue()
    assert log.count("Forbidden") == 1, log
    assert "Traceback" not in log and "PermissionDenied" not in log


def test_a_404_is_logged_once(cast, console):
    response = cast.client(cast.staff).get("/no-such-page/")
    assert response.status_code == 404
    assert console.getvalue().count("Not Found: /no-such-page/") == 1, console.getvalue()
