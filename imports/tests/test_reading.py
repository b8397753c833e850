import datetime

import pytest

from imports import columns as cols
from imports.reading import UnreadableFile, read_sheets

from .files import csv_bytes, xlsx_bytes

HEADER = ["Personnummer", "Förnamn", "Efternamn"]


def test_csv_with_semicolons_and_bom_is_read_with_its_row_numbers():
    content = csv_bytes(
        [HEADER, ["19800101-0019", "Åsa", "Öberg"], [], ["", "", ""], ["x", "y", "z"]]
    )
    (sheet,) = read_sheets(content, "deltagare.csv")
    assert sheet.header == HEADER
    assert sheet.rows == [(2, ["19800101-0019", "Åsa", "Öberg"]), (5, ["x", "y", "z"])]


def test_csv_with_commas_in_windows_1252_is_read():
    content = csv_bytes(
        [HEADER, ["198001010019", "Åsa", "Öberg"]], delimiter=",", encoding="cp1252"
    )
    (sheet,) = read_sheets(content, "deltagare.CSV")
    assert sheet.rows[0][1] == ["198001010019", "Åsa", "Öberg"]


def test_a_title_line_above_the_header_and_trailing_empty_columns_are_skipped():
    content = xlsx_bytes(
        {
            "Deltagare": [
                ["Deltagarlista från Verkstaden AB"],
                [*HEADER, None, None],
                ["1", "A", "B", None],
            ]
        }
    )
    (sheet,) = read_sheets(content, "lista.xlsx")
    assert sheet.header == HEADER
    assert sheet.rows == [(3, ["1", "A", "B"])]


def test_excel_date_cells_become_dates():
    content = xlsx_bytes(
        {"Blad1": [["Personnummer", "Startdatum"], ["x", datetime.datetime(2021, 3, 31)]]}
    )
    (sheet,) = read_sheets(content, "lista.xlsx")
    assert sheet.rows[0][1][1] == datetime.date(2021, 3, 31)


@pytest.mark.parametrize(
    ("content", "filename"),
    [(b"PK\x03\x04 not really a zip", "lista.xlsx"), (b"%PDF-1.7", "lista.pdf"), (b"", "tom.csv")],
)
def test_files_that_are_no_table_are_refused_with_a_reason(content, filename):
    with pytest.raises(UnreadableFile):
        read_sheets(content, filename)


@pytest.mark.parametrize(
    "header", ["Personnummer", "PERSONNUMMER", "pnr", "Personal identity number", " Pnr "]
)
def test_headers_match_in_any_language_and_case(header):
    assert cols.map_header(["Förnamn", header], cols.PARTICIPANT_COLUMNS)["personnummer"] == 1


@pytest.mark.parametrize(
    "value",
    ["2021-03-31", "2021/03/31", "31/3/2021", "20210331", datetime.date(2021, 3, 31), 44286],
)
def test_dates_in_every_written_form(value):
    assert cols.parse_date(value) == datetime.date(2021, 3, 31)


def test_a_date_that_is_no_date_says_how_to_write_it():
    with pytest.raises(cols.CellError, match="2021-03-31"):
        cols.parse_date("den sista mars")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Kvinna", "female"), ("K", "female"), ("man", "male"), ("Male", "male")],
)
def test_sex_words(value, expected):
    assert cols.parse_sex(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Anställd", "employed"),
        ("permitterad", "furloughed"),
        ("Varslad", "under_notice"),
        ("Under notice", "under_notice"),
    ],
)
def test_start_status_words(value, expected):
    assert cols.parse_start_status(value) == expected
