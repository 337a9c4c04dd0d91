"""Indicator periods written as people write them: `2025-03`, `2025-Q1`, `2025-H1`, `2025`."""

import datetime
import re
from dataclasses import dataclass

from .models import PeriodKind

_PATTERN = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|Q([1-4])|H([12])))?$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    kind: str
    code: str
    months: int  # how many months it spans

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        return add_months(self.start, self.months)

    def month_starts(self) -> list[datetime.date]:
        return [add_months(self.start, n) for n in range(self.months)]


def parse_period(text: str) -> Period:
    """The period written `text`; ValueError with the forms expected when it is not one."""
    match = _PATTERN.match(text.strip())
    month = int(match[2]) if match and match[2] else None
    if not match or (month is not None and not 1 <= month <= 12):
        raise ValueError(f"{text!r}: expected 2025-03, 2025-Q1, 2025-H1 or 2025")
    year = int(match[1])
    if month:
        return month_period(datetime.date(year, month, 1))
    if match[3]:
        return quarter_period(year, int(match[3]))
    if match[4]:
        return Period(
            datetime.date(year, 6 * int(match[4]) - 5, 1), PeriodKind.HALF, f"{year}-H{match[4]}", 6
        )
    return Period(datetime.date(year, 1, 1), PeriodKind.YEAR, str(year), 12)


def month_period(day: datetime.date) -> Period:
    return Period(day.replace(day=1), PeriodKind.MONTH, f"{day.year}-{day.month:02d}", 1)


def quarter_period(year: int, quarter: int) -> Period:
    return Period(
        datetime.date(year, 3 * quarter - 2, 1), PeriodKind.QUARTER, f"{year}-Q{quarter}", 3
    )


def periods_of_month(month: datetime.date) -> list[Period]:
    """The month and the quarter, half-year and year that hold it."""
    year, number = month.year, month.month
    return [
        month_period(month),
        quarter_period(year, (number - 1) // 3 + 1),
        parse_period(f"{year}-H{1 if number <= 6 else 2}"),
        parse_period(str(year)),
    ]


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)
