"""Start-up: what every web process and command imports."""

import subprocess
import sys

from django.conf import settings

PROBE = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every app's views, forms and document kinds
print("weasyprint" in sys.modules)
"""


def test_weasyprint_is_imported_only_where_a_pdf_is_made():
    """WeasyPrint takes ~0.4 s to import: a web process or a command making no PDF skips it."""
    found = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "framtidssakrad.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "False"
