"""Tests for companies.identifiers: examples plus hypothesis properties."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from companies.identifiers import (
    format_personnummer,
    luhn_check_digit,
    make_organisationsnummer,
    make_personnummer,
    mask_personnummer,
    normalize_organisationsnummer,
    normalize_personnummer,
    parse_personnummer,
)

# Fixed so that the examples do not start failing as the years pass.
TODAY = date(2025, 6, 15)

todays = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
serials = st.integers(min_value=0, max_value=999)


def age_on(birth_date: date, today: date) -> int:
    """Whole years of age, as used for the "+" rule."""
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def assert_rejected(value: str, code: str, *, today: date = TODAY) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_personnummer(value, today=today)
    assert excinfo.value.code == code


def assert_orgnr_rejected(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalize_organisationsnummer(value)
    assert excinfo.value.code == code


# --- Luhn -------------------------------------------------------------------


def test_luhn_check_digit_of_known_numbers() -> None:
    assert luhn_check_digit("811228987") == 4
    assert luhn_check_digit("556000000") == 1
    assert luhn_check_digit("7992739871") == 3  # the textbook Luhn example


def test_luhn_check_digit_refuses_non_digits() -> None:
    with pytest.raises(ValueError):
        luhn_check_digit("12a")
    with pytest.raises(ValueError):
        luhn_check_digit("")


# --- Personnummer: examples ---------------------------------------------------


def test_skatteverket_test_number_is_a_man_born_1981() -> None:
    identity = parse_personnummer("811228-9874", today=TODAY)
    assert identity.number == "198112289874"
    assert identity.birth_date == date(1981, 12, 28)
    assert identity.sex == "male"
    assert not identity.is_coordination_number


@pytest.mark.parametrize(
    "written",
    ["8112289874", "811228-9874", "198112289874", "19811228-9874", "  811228-9874 \n"],
)
def test_every_written_form_normalizes_to_twelve_digits(written: str) -> None:
    assert normalize_personnummer(written, today=TODAY) == "198112289874"


def test_samordningsnummer_has_day_plus_sixty() -> None:
    identity = parse_personnummer("701063-2391", today=TODAY)
    assert identity.number == "197010632391"
    assert identity.birth_date == date(1970, 10, 3)
    assert identity.is_coordination_number
    assert identity.sex == "male"


def test_third_birth_number_digit_gives_sex_odd_male_even_female() -> None:
    assert parse_personnummer("121212-1212", today=TODAY).sex == "male"  # 12[1]
    assert parse_personnummer("121212-1220", today=TODAY).sex == "female"  # 12[2]


def test_plus_moves_the_century_back_a_hundred_years() -> None:
    assert normalize_personnummer("121212-1212", today=TODAY) == "201212121212"
    assert normalize_personnummer("121212+1212", today=TODAY) == "191212121212"


def test_ten_digit_form_never_lands_in_the_future() -> None:
    # On 15 June 2025 someone written 250616 cannot be born tomorrow: 1925.
    number = make_personnummer(date(1925, 6, 16), 123)
    assert normalize_personnummer(number[2:], today=TODAY) == number
    same_day = make_personnummer(date(2025, 6, 15), 123)
    assert normalize_personnummer(same_day[2:], today=TODAY) == same_day


def test_default_today_is_the_real_date() -> None:
    assert normalize_personnummer("811228-9874") == "198112289874"


def test_format_and_mask() -> None:
    assert format_personnummer("198112289874") == "19811228-9874"
    assert mask_personnummer("198112289874") == "19811228-****"
    with pytest.raises(ValueError):
        format_personnummer("811228-9874")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("811228-9875", "checksum"),
        ("19811228-9870", "checksum"),
        ("811328-9874", "date"),  # 13th month
        ("810230-9874", "date"),  # 30 February
        ("19000229-1234", "date"),  # 1900 was no leap year
        ("811200-9874", "date"),  # day 0
        ("811292-9874", "date"),  # samordningsnummer for 32 December
        ("811260-9874", "date"),  # samordningsnummer for day 0
        ("81122A-9874", "format"),
        ("811228-987", "format"),
        ("81122-89874", "format"),
        ("1981122898745", "format"),
        ("19811228+9874", "format"),  # "+" only belongs to the 10-digit form
        ("811228 9874", "format"),
        ("", "format"),
    ],
)
def test_invalid_personnummer_is_rejected(written: str, code: str) -> None:
    assert_rejected(written, code)


def test_birth_date_in_the_future_is_rejected() -> None:
    assert_rejected(make_personnummer(date(2025, 6, 16), 123), "future")
    assert_rejected(make_personnummer(date(2099, 12, 31), 123), "future")


def test_century_digits_are_not_covered_by_the_check_digit() -> None:
    # Documented limitation: Luhn runs over the 10-digit form only, so a wrong
    # century in a 12-digit number is caught only if it makes the date invalid.
    assert normalize_personnummer("18811228-9874", today=TODAY) == "188112289874"


# --- Personnummer: properties -------------------------------------------------


@settings(max_examples=200)
@given(data=st.data(), today=todays, serial=serials, coordination=st.booleans())
def test_generated_numbers_parse_in_all_written_forms(
    data: st.DataObject, today: date, serial: int, coordination: bool
) -> None:
    birth_date = data.draw(st.dates(min_value=date(1900, 1, 1), max_value=today))
    number = make_personnummer(birth_date, serial, coordination=coordination)
    separator = "+" if age_on(birth_date, today) >= 100 else "-"
    forms = [
        number,
        f"{number[:8]}-{number[8:]}",
        f"{number[2:8]}{separator}{number[8:]}",
    ]
    if separator == "-":
        forms.append(number[2:])  # without a separator only the under-100 reading
    for written in forms:
        identity = parse_personnummer(f" {written} ", today=today)
        assert identity.number == number
        assert identity.birth_date == birth_date
        assert identity.is_coordination_number == coordination
        assert identity.sex == ("male" if serial % 2 else "female")


@settings(max_examples=200)
@given(
    birth_date=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    serial=serials,
    coordination=st.booleans(),
    position=st.integers(min_value=2, max_value=11),
    data=st.data(),
)
def test_any_single_digit_change_of_a_personnummer_is_rejected(
    birth_date: date,
    serial: int,
    coordination: bool,
    position: int,
    data: st.DataObject,
) -> None:
    number = make_personnummer(birth_date, serial, coordination=coordination)
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != number[position]))
    changed = number[:position] + digit + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_personnummer(changed, today=TODAY)
    # The same change in the 10-digit form, where the century is inferred.
    with pytest.raises(ValidationError):
        parse_personnummer(changed[2:], today=TODAY)


# --- Organisationsnummer --------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["5560000001", "556000-0001", "16556000-0001", "165560000001", " 556000-0001 "],
)
def test_organisationsnummer_forms_normalize_alike(written: str) -> None:
    assert normalize_organisationsnummer(written) == "556000-0001"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("556000-0002", "checksum"),
        ("551000-0002", "range"),  # valid check digit, but digits 3-4 are 10
        ("811228-9874", "range"),  # a personnummer is not an organisation number
        ("55600-00001", "format"),
        ("55600000001", "format"),
        ("17556000-0001", "format"),
        ("556OOO-0001", "format"),
        ("", "format"),
    ],
)
def test_invalid_organisationsnummer_is_rejected(written: str, code: str) -> None:
    assert_orgnr_rejected(written, code)


def test_range_example_has_a_valid_check_digit() -> None:
    # Guards the "range" case above against passing for the wrong reason.
    assert luhn_check_digit("551000000") == 2


def test_make_organisationsnummer_seed_zero() -> None:
    assert make_organisationsnummer(0) == "556000-0001"


@settings(max_examples=200)
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_generated_organisationsnummer_is_valid_in_all_forms(seed: int) -> None:
    canonical = make_organisationsnummer(seed)
    digits = canonical.replace("-", "")
    assert canonical.startswith("55")
    assert int(canonical[2:4]) >= 20
    assert make_organisationsnummer(seed) == canonical  # deterministic
    for written in [
        canonical,
        digits,
        f"16{canonical}",
        f"16{digits}",
        f" {canonical} ",
    ]:
        assert normalize_organisationsnummer(written) == canonical


@settings(max_examples=200)
@given(a=st.integers(min_value=0, max_value=7_999_999), b=st.integers(0, 7_999_999))
def test_different_seeds_give_different_organisationsnummer(a: int, b: int) -> None:
    assume(a != b)
    assert make_organisationsnummer(a) != make_organisationsnummer(b)


def test_first_hundred_thousand_seeds_are_distinct() -> None:
    assert len({make_organisationsnummer(seed) for seed in range(100_000)}) == 100_000


@settings(max_examples=200)
@given(
    seed=st.integers(min_value=0, max_value=10**6),
    position=st.integers(0, 9),
    data=st.data(),
)
def test_any_single_digit_change_of_an_organisationsnummer_is_rejected(
    seed: int, position: int, data: st.DataObject
) -> None:
    digits = make_organisationsnummer(seed).replace("-", "")
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != digits[position]))
    with pytest.raises(ValidationError):
        normalize_organisationsnummer(digits[:position] + digit + digits[position + 1 :])
