"""Validation and formatting of Swedish identity and organisation numbers.

Pure functions without database access, so forms, models, imports and demo
data can share one definition of what a valid number is.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A samordningsnummer (coordination number) adds 60 to the day of birth.
COORDINATION_DAY_OFFSET = 60

# re.ASCII: without it \d also matches full-width, Arabic-Indic and other digits, which int()
# accepts but the check digit (and the database) must not see.
_PNR_12 = re.compile(r"^(\d{8})-?(\d{4})$", re.ASCII)
_PNR_10 = re.compile(r"^(\d{6})([-+]?)(\d{4})$", re.ASCII)
# The optional "16" prefix makes organisation numbers as long as 12-digit
# personnummer in systems that store both in one column.
_ORGNR = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$", re.ASCII)

# make_organisationsnummer maps seeds onto digits 3-9, i.e. 2000000..9999999.
_ORGNR_SEED_SPACE = 8_000_000
# Offset so that seed 0 gives the familiar-looking 556000-0001.
_ORGNR_SEED_OFFSET = 4_000_000

_MSG_PNR_FORMAT = _("Enter a personal identity number as YYYYMMDD-NNNN or YYMMDD-NNNN.")
_MSG_CHECKSUM = _("The check digit is wrong: check the number for a typo.")
_MSG_DATE = _("The date of birth in the number does not exist.")
_MSG_FUTURE = _("The date of birth in the number is in the future.")
_MSG_ORGNR_FORMAT = _("The organisation number must have 10 digits, e.g. 556000-0001.")
_MSG_DIGITS = _("Write the number with the digits 0–9 only.")
_MSG_ORGNR_RANGE = _("The third and fourth digits of an organisation number must be at least 20.")


def luhn_check_digit(digits: str) -> int:
    """Return the Luhn (mod 10) check digit to append to ``digits``.

    Weights alternate 2, 1, 2, ... from the rightmost digit; for the 9-digit
    payloads used here that is the same as 2, 1, 2, ... from the left.
    """
    if not digits.isascii() or not digits.isdigit():
        # The value stays out of the message: it may be most of a personnummer.
        raise ValueError(f"Expected a non-empty string of ASCII digits ({len(digits)} characters)")
    total = 0
    for index, char in enumerate(reversed(digits)):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product  # digit sum of 10..18
    return (10 - total % 10) % 10


def _refuse_other_digits(text: str) -> None:
    """Digits other than 0-9 (full-width, Arabic-Indic, superscript) get their own message."""
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        raise ValidationError(_MSG_DIGITS, code="digits")


def normalize_organisationsnummer(value: str) -> str:
    """Return ``value`` as canonical ``NNNNNN-NNNN`` or raise ValidationError."""
    _refuse_other_digits(value)
    match = _ORGNR.match(value.strip())
    if not match:
        raise ValidationError(_MSG_ORGNR_FORMAT, code="format")
    digits = match.group(1) + match.group(2)
    # Digits 3-4 at least 20 keep organisation numbers apart from personnummer,
    # whose digits 3-4 are a month.
    if int(digits[2:4]) < 20:
        raise ValidationError(_MSG_ORGNR_RANGE, code="range")
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(_MSG_CHECKSUM, code="checksum")
    return f"{digits[:6]}-{digits[6:]}"


@dataclass(frozen=True)
class PersonalIdentity:
    """A parsed personnummer or samordningsnummer."""

    number: str  # canonical 12 digits, YYYYMMDDNNNC
    birth_date: date
    sex: str  # "male" or "female"
    is_coordination_number: bool


def _century_year(yy: int, month: int, day: int, today: date) -> int:
    """Most recent year ending in ``yy`` whose (month, day) is not after today."""
    year = today.year - (today.year - yy) % 100
    # Compare tuples rather than dates: the date may not exist in that year.
    if year == today.year and (month, day) > (today.month, today.day):
        year -= 100
    return year


def parse_personnummer(value: str, *, today: date | None = None) -> PersonalIdentity:
    """Parse a personnummer or samordningsnummer written in any usual form.

    Ten-digit forms get the most recent century that does not put the birth
    date after ``today``; "+" (written from the year someone turns 100) moves
    it back another 100 years. Raises ValidationError with code ``format``,
    ``date``, ``future`` or ``checksum``.
    """
    today = today or date.today()
    text = value.strip()
    _refuse_other_digits(text)
    if match := _PNR_12.match(text):
        head, tail = match.group(1), match.group(2)
        year, month, day = int(head[:4]), int(head[4:6]), int(head[6:8])
    elif match := _PNR_10.match(text):
        head, separator, tail = match.groups()
        month, day = int(head[2:4]), int(head[4:6])
        birth_day = day - COORDINATION_DAY_OFFSET if day > COORDINATION_DAY_OFFSET else day
        year = _century_year(int(head[:2]), month, birth_day, today)
        if separator == "+":
            year -= 100
    else:
        raise ValidationError(_MSG_PNR_FORMAT, code="format")

    # Checked before the check digit: "this date does not exist" points an
    # office user at the typo more precisely than "wrong check digit".
    is_coordination = day > COORDINATION_DAY_OFFSET
    try:
        birth_date = date(year, month, day - COORDINATION_DAY_OFFSET * is_coordination)
    except ValueError:
        raise ValidationError(_MSG_DATE, code="date") from None
    if birth_date > today:
        raise ValidationError(_MSG_FUTURE, code="future")

    number = f"{year:04d}{month:02d}{day:02d}{tail}"
    if luhn_check_digit(number[2:11]) != int(number[11]):
        raise ValidationError(_MSG_CHECKSUM, code="checksum")
    return PersonalIdentity(
        number=number,
        birth_date=birth_date,
        sex="male" if int(number[10]) % 2 else "female",
        is_coordination_number=is_coordination,
    )


def normalize_personnummer(value: str, *, today: date | None = None) -> str:
    """Return the canonical 12-digit form of ``value`` or raise ValidationError."""
    return parse_personnummer(value, today=today).number


def _require_canonical(number: str) -> None:
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        raise ValueError(f"Expected a canonical 12-digit personnummer ({len(number)} characters)")


def format_personnummer(number: str) -> str:
    """Format a canonical 12-digit number for display as ``YYYYMMDD-NNNC``."""
    _require_canonical(number)
    return f"{number[:8]}-{number[8:]}"


def mask_personnummer(number: str) -> str:
    """Show only the date of birth, as ``YYYYMMDD-****``, for users without access."""
    _require_canonical(number)
    return f"{number[:8]}-****"


def make_personnummer(birth_date: date, serial: int, *, coordination: bool = False) -> str:
    """Build a valid canonical number; ``serial`` (0..999) gives digits NNN.

    An odd serial gives a man's number, an even one a woman's.
    """
    if not 0 <= serial <= 999:
        raise ValueError(f"serial must be in 0..999, got {serial}")
    day = birth_date.day + COORDINATION_DAY_OFFSET * coordination
    stem = f"{birth_date.year:04d}{birth_date.month:02d}{day:02d}{serial:03d}"
    return stem + str(luhn_check_digit(stem[2:]))


def make_organisationsnummer(first_nine_digits_seed: int) -> str:
    """Build a valid aktiebolag number ``55NNNN-NNNC`` from an integer seed.

    Deterministic; any 8,000,000 consecutive seeds give distinct numbers (the
    seed wraps around beyond that). Seed 0 gives 556000-0001.
    """
    offset = (first_nine_digits_seed + _ORGNR_SEED_OFFSET) % _ORGNR_SEED_SPACE
    stem = f"55{2_000_000 + offset:07d}"
    digits = stem + str(luhn_check_digit(stem))
    return f"{digits[:6]}-{digits[6:]}"
