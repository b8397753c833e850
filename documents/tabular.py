"""Tables as files: a list's rows as .xlsx or .csv, for exports and for the rejected rows of an
import. Knows nothing of the domain: callers give the header and the rows.

CSV is written the way Swedish Excel opens it without asking: UTF-8 with a byte-order mark and
`;` between fields. Both formats are streamed row by row, so a long list is not held in memory
twice.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# A cell that starts like a formula is written as text, so a name such as "=HYPERLINK(...)"
# typed into the register cannot run in the reader's spreadsheet.
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _safe(value):
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _csv_lines(header: list[str], rows: Iterable[list]):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else _safe(value) for value in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(header: list[str], rows: Iterable[list], *, title: str = "Sheet") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_safe(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def table_response(
    *, header: list[str], rows: Iterable[list], fmt: str, filename: str, title: str = "Sheet"
):
    """The table as a download in `fmt` ("xlsx" or "csv"); `filename` without extension."""
    disposition = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(header, rows), content_type=CONTENT_TYPES[fmt])
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(header, rows, title=title), content_type=CONTENT_TYPES[fmt]
        )
    else:
        raise ValueError(fmt)
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass(frozen=True)
class Column:
    """One column of an exported list: its header and how to read a row's value."""

    label: str
    value: Callable[[Any], Any]


def export_format(request) -> str | None:
    """The format a list page was asked to export to (`?export=xlsx`), or None to show it."""
    fmt = request.GET.get("export")
    return fmt if fmt in FORMATS else None


def export_response(
    *,
    queryset,
    columns: list[Column],
    fmt: str,
    filename: str,
    on_chunk: Callable[[list], None] | None = None,
    chunk_size: int = 2000,
):
    """Every row of `queryset` (the list's filtered rows, not only the page shown) as a file.
    `on_chunk` is called with each chunk of rows before they are written (to log who saw
    what)."""
    header = [str(column.label) for column in columns]
    language = translation.get_language()

    def emit(chunk):
        if on_chunk and chunk:
            on_chunk(chunk)
        for obj in chunk:
            yield [column.value(obj) for column in columns]

    def rows():
        # The rows are written after the view has returned (a stream): in the view's language.
        with translation.override(language):
            chunk = []
            for obj in queryset.iterator(chunk_size=chunk_size):
                chunk.append(obj)
                if len(chunk) == chunk_size:
                    yield from emit(chunk)
                    chunk = []
            yield from emit(chunk)

    return table_response(header=header, rows=rows(), fmt=fmt, filename=filename, title=filename)
