"""Period codes, the one vocabulary of every app: a code names a window of days.

`2025-Q1`…`2025-Q4` the calendar quarters, `2025-H1`/`2025-H2` the halves, `2025-M9` January to
September ("9 tháng"), `2025` the year, `2025-03` a month; any other window is written
`2025-01-15..2025-02-14`. A window that one of the named codes covers always takes that code,
so `2025-01-01..2025-06-30` is `2025-H1`.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _


class Kind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    RANGE = "range"


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_CODE = re.compile(
    r"(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<nine>M9)|(?P<month>\d{1,2})))?",
    re.IGNORECASE,
)
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})")


class PeriodError(ValueError):
    """Text that is no period code; the message lists the accepted forms."""


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # the last day, included
    kind: Kind
    code: str

    @property
    def label(self) -> str:
        """The period as Vietnamese reports write it: "Quý I/2025", "9 tháng năm 2025", …"""
        year = self.start.year
        if self.kind == Kind.MONTH:
            return _("Tháng %(month)s/%(year)s") % {"month": self.start.month, "year": year}
        if self.kind == Kind.QUARTER:
            quarter = _ROMAN[(self.start.month - 1) // 3 + 1]
            return _("Quý %(quarter)s/%(year)s") % {"quarter": quarter, "year": year}
        if self.kind == Kind.HALF:
            if self.start.month == 1:
                return _("6 tháng đầu năm %(year)s") % {"year": year}
            return _("6 tháng cuối năm %(year)s") % {"year": year}
        if self.kind == Kind.NINE_MONTHS:
            return _("9 tháng năm %(year)s") % {"year": year}
        if self.kind == Kind.YEAR:
            return _("Năm %(year)s") % {"year": year}
        return _("Từ %(start)s đến %(end)s") % {
            "start": f"{self.start:%d/%m/%Y}",
            "end": f"{self.end:%d/%m/%Y}",
        }

    @property
    def whole_months(self) -> bool:
        """True when the window starts on a month's first day and ends on a month's last."""
        return self.start.day == 1 and self.end == _month_end(self.end.year, self.end.month)

    def __str__(self) -> str:
        return self.code


def accepted_forms() -> str:
    """The forms of a period code, for messages."""
    return _(
        "2025-Q1…2025-Q4 (quý), 2025-H1, 2025-H2 (6 tháng), 2025-M9 (9 tháng), 2025 (năm), "
        "2025-03 (tháng) hoặc 2025-01-15..2025-02-14 (từ ngày đến ngày)"
    )


def parse_period(text: str) -> Period:
    """The period `text` names, any case; PeriodError with the accepted forms otherwise."""
    written = (text or "").strip()
    try:
        if match := _CODE.fullmatch(written):
            return _named(match)
        if match := _RANGE.fullmatch(written):
            start, end = (datetime.date.fromisoformat(day) for day in match.groups())
            return period_of(start, end)
    except ValueError:
        pass  # an impossible month or day, or a window that ends before it starts
    raise PeriodError(
        _("Mã kỳ “%(code)s” không đúng; các dạng được nhận: %(forms)s.")
        % {"code": written, "forms": accepted_forms()}
    )


def period_of(start: datetime.date, end: datetime.date) -> Period:
    """The period of the data window `start`…`end` (both included), under its canonical code:
    1/1–31/3 is `Q1`, 1/1–30/6 `H1`, 1/1–30/9 `M9`, 1/1–31/12 the year, a whole month
    `YYYY-MM`; any other window the range form."""
    if end < start:
        raise PeriodError(
            _("Kỳ từ %(start)s đến %(end)s kết thúc trước khi bắt đầu.")
            % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
        )
    if start.year == end.year:
        for period in _named_periods(start.year):
            if (period.start, period.end) == (start, end):
                return period
    return Period(start, end, Kind.RANGE, f"{start.isoformat()}..{end.isoformat()}")


def month_period(year: int, month: int) -> Period:
    return Period(
        datetime.date(year, month, 1), _month_end(year, month), Kind.MONTH, f"{year}-{month:02d}"
    )


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * quarter - 2
    return Period(
        datetime.date(year, first, 1),
        _month_end(year, first + 2),
        Kind.QUARTER,
        f"{year}-Q{quarter}",
    )


def half_period(year: int, half: int) -> Period:
    first = 6 * half - 5
    return Period(
        datetime.date(year, first, 1), _month_end(year, first + 5), Kind.HALF, f"{year}-H{half}"
    )


def nine_months_period(year: int) -> Period:
    return Period(
        datetime.date(year, 1, 1), datetime.date(year, 9, 30), Kind.NINE_MONTHS, f"{year}-M9"
    )


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), Kind.YEAR, str(year))


def _named(match: re.Match) -> Period:
    year = int(match["year"])
    if match["quarter"]:
        return quarter_period(year, int(match["quarter"]))
    if match["half"]:
        return half_period(year, int(match["half"]))
    if match["nine"]:
        return nine_months_period(year)
    if match["month"]:
        return month_period(year, int(match["month"]))  # ValueError for month 13
    return year_period(year)


def _named_periods(year: int) -> list[Period]:
    return [
        *(month_period(year, month) for month in range(1, 13)),
        *(quarter_period(year, quarter) for quarter in range(1, 5)),
        half_period(year, 1),
        half_period(year, 2),
        nine_months_period(year),
        year_period(year),
    ]


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])
