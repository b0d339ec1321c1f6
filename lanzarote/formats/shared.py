"""What the French and the British formats share: day first, 24-hour time, and the inputs
the portal accepts (what <input type="date"> and "datetime-local" send comes first: a
DateInput renders its value with the first input format)."""

TIME_FORMAT = "H:i"  # 14:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026 / décembre 2026
MONTH_DAY_FORMAT = "j F"  # 3 December / 3 décembre
DATE_FORMAT = "j F Y"  # 3 December 2026 / 3 décembre 2026
SHORT_DATE_FORMAT = "d/m/Y"  # 03/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 03/12/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-03
    "%d/%m/%Y",  # 03/12/2026
    "%d/%m/%y",  # 03/12/26
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",  # 2026-12-03T14:30
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
NUMBER_GROUPING = 3
