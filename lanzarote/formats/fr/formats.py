"""French formats for the French pages ("3 décembre 2026", "03/12/2026", 24-hour time)."""

from lanzarote.formats.shared import (  # noqa: F401 (read by Django's format lookup)
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

DATETIME_FORMAT = "j F Y H:i"  # 3 décembre 2026 14:30
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
