"""What the columns of an imported file mean: header names in Swedish or English, in any order
and case, and the written forms of dates, sex and start status that companies use.

Identifiers are parsed by the register's own rules (`companies.identifiers`), not here.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from companies.models import Sex, StartStatus


class CellError(ValueError):
    """A cell that cannot be read; its message (translatable) is shown with the row."""


def normalise_header(text: str) -> str:
    """Lower case, no accents, no punctuation: "Org.nr" and "orgnr", "Kön" and "kon" meet."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "", text)


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # what the preview and the rejected-rows file call it
    aliases: tuple[str, ...]

    def matches(self, header: str) -> bool:
        return normalise_header(header) in {normalise_header(alias) for alias in self.aliases}


ORGNR = Column(
    "organisationsnummer",
    _("Organisation number"),
    (
        "Organisationsnummer",
        "Org.nr",
        "Orgnr",
        "Org nr",
        "Organisation number",
        "Organization number",
        "Corporate identity number",
        "Company number",
    ),
)
COMPANY_COLUMNS = (
    ORGNR,
    Column(
        "name", _("Name"), ("Företag", "Företagsnamn", "Namn", "Company", "Company name", "Name")
    ),
    Column("sni_code", _("SNI code"), ("SNI", "SNI-kod", "SNI kod", "SNI code", "Bransch")),
    Column("municipality", _("Municipality"), ("Kommun", "Municipality")),
    Column(
        "employees",
        _("Employees"),
        ("Antal anställda", "Anställda", "Employees", "Number of employees"),
    ),
)
PARTICIPANT_COLUMNS = (
    Column(
        "personnummer",
        _("Personal identity number"),
        (
            "Personnummer",
            "Pnr",
            "Personnr",
            "Samordningsnummer",
            "Personal identity number",
            "Personal number",
            "Person number",
        ),
    ),
    Column("first_name", _("First name"), ("Förnamn", "First name", "Firstname", "Given name")),
    Column("last_name", _("Last name"), ("Efternamn", "Last name", "Lastname", "Surname")),
    Column("sex", _("Sex"), ("Kön", "Sex", "Gender")),
    ORGNR,
    Column("company_name", _("Company"), ("Företag", "Företagsnamn", "Company", "Company name")),
    Column(
        "start_status",
        _("Start status"),
        ("Anställningsform", "Status", "Startstatus", "Start status", "Employment status"),
    ),
    Column("start_date", _("Start date"), ("Startdatum", "Start", "Start date", "Startdag")),
)


def map_header(header: list[str], columns: tuple[Column, ...]) -> dict[str, int]:
    """{field: position} for the columns found in the header; the first of two wins."""
    found: dict[str, int] = {}
    for position, text in enumerate(header):
        for column in columns:
            if column.field not in found and column.matches(text):
                found[column.field] = position
                break
    return found


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y", "%d-%m-%Y")
# Excel stores dates as days since 1899-12-30; a number in this range in a date column is one
# (1954–2064), anything else is not a date.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_SERIALS = range(20_000, 60_000)


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and int(value) in _EXCEL_SERIALS:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raw = text(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date (write it as 2021-03-31).") % {"value": raw})


_SEX = {
    Sex.FEMALE: {"kvinna", "k", "kv", "woman", "female", "f", "w"},
    Sex.MALE: {"man", "m", "male"},
}
_START_STATUS = {
    StartStatus.EMPLOYED: {"anstalld", "employed", "anstallning", "tillsvidare"},
    StartStatus.FURLOUGHED: {"permitterad", "furloughed", "permittering"},
    StartStatus.UNDER_NOTICE: {"varslad", "undernotice", "uppsagd", "varsel", "notice"},
}


def _lookup(table: dict, value, message) -> str:
    key = normalise_header(text(value))
    for result, words in table.items():
        if key in words:
            return result
    raise CellError(message % {"value": text(value)})


def parse_sex(value) -> str:
    return _lookup(_SEX, value, _("“%(value)s” is not a sex: write Kvinna or Man."))


def parse_start_status(value) -> str:
    return _lookup(
        _START_STATUS,
        value,
        _("“%(value)s” is not a start status: write Anställd, Permitterad or Varslad."),
    )


def parse_count(value) -> int:
    raw = text(value).replace(" ", "")
    if not raw.isascii() or not raw.isdigit():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": text(value)})
    return int(raw)
