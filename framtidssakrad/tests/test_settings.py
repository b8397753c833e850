"""Settings come from the environment, strictly: a bad value stops the start, and production
settings pass Django's deployment checks."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from framtidssakrad.settings import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("True", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
    ],
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("FS_TEST_FLAG", raw)
    assert env_bool("FS_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_default_when_unset(monkeypatch, default):
    monkeypatch.delenv("FS_TEST_FLAG", raising=False)
    assert env_bool("FS_TEST_FLAG", default) is default


@pytest.mark.parametrize("raw", ["maybe", "ja", "2", "tru", "yes please", "-1"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("FS_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="FS_TEST_FLAG"):
        env_bool("FS_TEST_FLAG", False)


def test_env_int(monkeypatch):
    monkeypatch.setenv("FS_TEST_INT", "587")
    assert env_int("FS_TEST_INT", 25) == 587
    monkeypatch.setenv("FS_TEST_INT", "")
    assert env_int("FS_TEST_INT", 25) == 25
    monkeypatch.delenv("FS_TEST_INT")
    assert env_int("FS_TEST_INT", 25) == 25


@pytest.mark.parametrize("raw", ["abc", "5.5", "25 ports", "0x19"])
def test_env_int_refuses_a_non_integer(monkeypatch, raw):
    monkeypatch.setenv("FS_TEST_INT", raw)
    with pytest.raises(ImproperlyConfigured, match="FS_TEST_INT"):
        env_int("FS_TEST_INT", 25)


def test_env_list(monkeypatch):
    monkeypatch.setenv("FS_TEST_LIST", " a.example.se, b.example.se ,,")
    assert env_list("FS_TEST_LIST", []) == ["a.example.se", "b.example.se"]
    monkeypatch.delenv("FS_TEST_LIST")
    assert env_list("FS_TEST_LIST", ["x"]) == ["x"]


def _clean_env(tmp_path, **variables) -> dict:
    """The process environment without any of the project's settings, plus `variables`."""
    ours = {
        "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL",
        "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "MEDIA_ROOT", "STATIC_ROOT",
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER", "EMAIL_BACKEND", "EMAIL_PORT", "EMAIL_USE_TLS",
        "DJANGO_SETTINGS_MODULE",
    }  # fmt: skip
    env = {key: value for key, value in os.environ.items() if key not in ours}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["ENV_FILE"] = str(tmp_path / "no.env")  # a developer's .env must not decide the test
    env.update(variables)
    return env


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


IMPORT_SETTINGS = ["-c", "import framtidssakrad.settings"]


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off(tmp_path):
    result = _run(IMPORT_SETTINGS, _clean_env(tmp_path, DEBUG="false"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_settings_refuse_a_misspelt_debug_flag(tmp_path):
    result = _run(IMPORT_SETTINGS, _clean_env(tmp_path, DEBUG="flase"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DEBUG" in result.stderr


def test_settings_start_in_development_with_only_debug_set(tmp_path):
    result = _run(
        ["-c", "import framtidssakrad.settings as s; print(s.DEBUG, s.LANGUAGE_CODE)"],
        _clean_env(tmp_path, DEBUG="true"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "sv"]


def test_debug_is_off_unless_set(tmp_path):
    """With nothing set the settings are production's, which then need a secret key."""
    result = _run(IMPORT_SETTINGS, _clean_env(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "cache_url,engine",
    [("", "backends.db"), ("redis://127.0.0.1:6379/9", "backends.cached_db")],
)
def test_sessions_are_read_from_the_cache_only_when_every_process_shares_it(
    tmp_path, cache_url, engine
):
    script = ["-c", "import framtidssakrad.settings as s; print(s.SESSION_ENGINE)"]
    result = _run(script, _clean_env(tmp_path, DEBUG="true", CACHE_URL=cache_url))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"django.contrib.sessions.{engine}"


def test_a_local_env_file_fills_what_the_environment_leaves_unset(tmp_path):
    env_file = tmp_path / "dev.env"
    env_file.write_text("# development\nDEBUG=true\nLANGUAGE_NOT_A_SETTING=x\n")
    script = ["-c", "import framtidssakrad.settings as s; print(s.DEBUG)"]
    assert _run(script, {**_clean_env(tmp_path), "ENV_FILE": str(env_file)}).stdout.split() == [
        "True"
    ]
    explicit = {**_clean_env(tmp_path, DEBUG="false"), "ENV_FILE": str(env_file)}
    assert "SECRET_KEY" in _run(script, explicit).stderr  # the environment wins


def test_settings_refuse_to_start_without_an_email_backend_when_debug_is_off(tmp_path):
    env = production_env(tmp_path)
    del env["EMAIL_BACKEND"]
    result = _run(IMPORT_SETTINGS, env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "EMAIL_BACKEND" in result.stderr


def production_env(tmp_path) -> dict:
    return _clean_env(
        tmp_path,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="framtidssakrad.example.se",
        CSRF_TRUSTED_ORIGINS="https://framtidssakrad.example.se",
        SITE_URL="https://framtidssakrad.example.se",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_PROXY_SSL_HEADER="true",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )


RENDER_LOGIN_PAGE = [
    "manage.py",
    "shell",
    "-v0",
    "-c",
    "from django.test import Client; "
    "r = Client().get('/accounts/login/', HTTP_HOST='framtidssakrad.example.se', secure=True); "
    "print(r.status_code); print(r.content.decode())",
]


def test_collectstatic_with_the_manifest_storage_and_the_login_page_renders(tmp_path):
    """What an operator does first with DEBUG off: the vendored files must not name files that
    are not shipped (source maps), or collectstatic stops and every page answers 500."""
    env = production_env(tmp_path)
    collect = _run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    assert collect.returncode == 0, collect.stdout + collect.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    page = _run(RENDER_LOGIN_PAGE, env)
    assert page.returncode == 0, page.stderr
    status, _, html = page.stdout.partition("\n")
    assert status == "200", page.stdout[:2000] + page.stderr
    # Hashed names, so the files can be cached for ever.
    assert re.search(r'href="/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css"', html)


def test_check_deploy_fails_without_the_static_manifest(tmp_path):
    result = _run(["manage.py", "check", "--deploy"], production_env(tmp_path))
    assert result.returncode != 0
    assert "framtidssakrad.E001" in result.stdout + result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = production_env(tmp_path)
    assert _run(["manage.py", "collectstatic", "--noinput", "-v0"], env).returncode == 0
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_warns_about_a_weak_secret_key(tmp_path):
    """The clean result above means something: the same check does catch a bad setting."""
    env = production_env(tmp_path)
    env["SECRET_KEY"] = "short"
    result = _run(["manage.py", "check", "--deploy"], env)
    assert "security.W009" in result.stdout + result.stderr
