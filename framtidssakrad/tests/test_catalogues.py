"""Both catalogues are complete: every string the user sees has a Swedish and an English text."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = [
    Path(settings.BASE_DIR) / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("sv", "en")
]


def entries(path: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for each entry after the header, parsed from the .po text."""
    result = []
    for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        text = "\n".join(line for line in lines if not line.startswith("#"))
        parts = re.split(r"^(msgid|msgid_plural|msgstr(?:\[\d\])?) ", text, flags=re.M)[1:]
        fields = {}
        for key, value in zip(parts[::2], parts[1::2], strict=True):
            fields[key] = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', value))
        msgstrs = [value for key, value in fields.items() if key.startswith("msgstr")]
        result.append((fields["msgid"], msgstrs, fuzzy))
    return result


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_has_every_string_translated(path):
    parsed = entries(path)
    assert len(parsed) > 300
    untranslated = [msgid for msgid, msgstrs, _ in parsed if not all(msgstrs)]
    fuzzy = [msgid for msgid, _, is_fuzzy in parsed if is_fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_placeholders_match(path):
    """A translation uses only the source's placeholders (a typo would crash the page)."""
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for msgid, msgstrs, _ in entries(path):
        for msgstr in msgstrs:
            assert set(placeholder.findall(msgstr)) <= set(placeholder.findall(msgid)), msgid


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_compiles(path):
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_every_template_string_is_in_the_catalogue():
    """A string added to the code but not to the catalogues fails here: run `make messages`."""
    source = {msgid for msgid, _, _ in entries(CATALOGUES[0])}
    for template in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        for msgid in re.findall(r'\{% translate "([^"]+)"', template.read_text(encoding="utf-8")):
            # makemessages writes a template's "%" as "%%".
            assert msgid.replace("%", "%%") in source or msgid in source, (
                f"{template}: {msgid!r} is not in the catalogue"
            )
