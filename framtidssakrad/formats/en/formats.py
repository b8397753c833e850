"""English pages write dates as the Swedish ones do (ISO short dates, day-month-year long dates,
24-hour time), not in Django's US defaults ("11/30/2026 9 a.m."): one convention per language,
and the same one in both."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
