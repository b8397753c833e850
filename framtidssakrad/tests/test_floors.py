"""The floors (.importlinter) hold, and a wrong-way import breaks them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="import-linter is not installed (requirements.txt)"
)


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def copy_of_the_apps(tmp_path: Path) -> Path:
    shutil.copy(ROOT / ".importlinter", tmp_path)
    for package in ROOT.iterdir():
        if (package / "__init__.py").exists() and package.name != "framtidssakrad":
            shutil.copytree(
                package, tmp_path / package.name, ignore=shutil.ignore_patterns("*.pyc", "*.html")
            )
    return tmp_path


def test_the_code_keeps_the_floors():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "wrong_way"),
    [
        ("accounts/roles.py", "import companies.models"),
        ("companies/models.py", "from validation import selectors"),
        ("validation/services.py", "import certificates.models"),
        ("certificates/models.py", "import reports.views"),
        ("documents/services.py", "import validation.models"),
    ],
)
def test_an_import_that_runs_the_wrong_way_breaks_the_contract(tmp_path, module, wrong_way):
    apps = copy_of_the_apps(tmp_path)
    path = apps / module
    path.write_text(f"{wrong_way}  # noqa\n{path.read_text()}")
    result = lint_imports(apps)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout and wrong_way.split()[1] in result.stdout
