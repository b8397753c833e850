"""Reading a file as companies send it: .xlsx, or CSV with `;` or `,`, in UTF-8 (with or
without BOM) or Windows-1252. The result is a table of text and date cells with the file's row
numbers; what the columns mean is decided by `imports.columns`.

The parsing itself is openpyxl's and the standard library's csv module's; this module only
finds the sheet, the encoding, the separator and the header row.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# The header is looked for in the first rows (a title line above it is common).
HEADER_SEARCH_ROWS = 10


class UnreadableFile(Exception):
    """The file is not a table this import understands (its message says why, in words a user
    can act on)."""


@dataclass
class Sheet:
    name: str
    header: list[str]
    # (row number as the user sees it in the file, cells by header position)
    rows: list[tuple[int, list]] = field(default_factory=list)


def read_sheets(content: bytes, filename: str) -> list[Sheet]:
    """Every non-empty sheet of the file (a CSV file is one sheet)."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    if filename.lower().endswith((".csv", ".txt")):
        return [_read_csv(content)]
    raise UnreadableFile(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."))


def _read_xlsx(content: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(_("The file could not be read as an Excel workbook.")) from error
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            rows = [
                (number, list(values))
                for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
            ]
            sheet = _table(worksheet.title, rows)
            if sheet is not None:
                sheets.append(sheet)
    finally:
        workbook.close()
    return sheets


def _decode(content: bytes) -> str:
    # Excel on Windows saves "CSV (semicolon)" in Windows-1252; everything else is UTF-8.
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _read_csv(content: bytes) -> Sheet:
    text = _decode(content)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = [
        (number, cells)
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
    ]
    sheet = _table("CSV", rows)
    if sheet is None:
        raise UnreadableFile(_("The file is empty."))
    return sheet


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return value


def _table(name: str, rows: list[tuple[int, list]]) -> Sheet | None:
    """The header is the first row (among the first few) with at least two text cells; rows
    that are wholly empty are dropped, and so are columns without a header."""
    rows = [(number, [_clean(value) for value in cells]) for number, cells in rows]
    rows = [(number, cells) for number, cells in rows if any(v is not None for v in cells)]
    if not rows:
        return None
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(isinstance(value, str) for value in cells) >= 2:
            header = [value if isinstance(value, str) else "" for value in cells]
            while header and not header[-1]:
                header.pop()
            body = [(number, cells[: len(header)]) for number, cells in rows[index + 1 :]]
            return Sheet(name=name, header=header, rows=body)
    return Sheet(name=name, header=[], rows=[])
