"""The periods indicator values are kept for: each month and the quarter, half-year and year
that hold it. Their codes and windows are those of `chiso.lib.periods`; any other period
(`2025-M9`, a range of whole months) is summed from the months when it is asked for."""

import datetime

from chiso.lib.periods import Kind, Period, half_period, month_period, quarter_period, year_period

STORED_KINDS = frozenset({Kind.MONTH, Kind.QUARTER, Kind.HALF, Kind.YEAR})


def periods_of_month(month: datetime.date) -> list[Period]:
    """The month and the quarter, half-year and year that hold it."""
    year, number = month.year, month.month
    return [
        month_period(year, number),
        quarter_period(year, (number - 1) // 3 + 1),
        half_period(year, 1 if number <= 6 else 2),
        year_period(year),
    ]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)
