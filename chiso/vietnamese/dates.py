"""Vietnamese dates as written ("ngày 14 tháng 6 năm 2025", "29/5/2025") and period ends."""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

from .text import plain

# Matched on `plain` text. A date may be preceded by "ngày"; slashes may carry stray spaces
# ("11/ 6/2025" in the corpus); dots and dashes must be tight so that list numbering and
# document symbols ("45/2025/NĐ-CP") are not read as dates.
_DATE = re.compile(
    r"(?<![\w/.-])(?:ngay\s+)?(?:"
    r"(?P<d1>\d{1,2})\s+thang\s+(?P<m1>\d{1,2})\s*,?\s+nam\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})\s*/\s*(?P<y2>\d{4})"
    r"|(?P<d3>\d{1,2})(?P<sep>[.-])(?P<m3>\d{1,2})(?P=sep)(?P<y3>\d{4})"
    r")(?![\d/])"
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text; `start`/`end` index the NFC text and `text` is that slice."""

    date: datetime.date
    start: int
    end: int
    text: str


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date in `text`, in order; impossible dates such as 31/2/2025 are skipped."""
    written = unicodedata.normalize("NFC", text or "")
    found = []
    for match in _DATE.finditer(plain(written)):
        branch = next(b for b in "123" if match[f"d{b}"])
        day, month, year = (int(match[f"{part}{branch}"]) for part in "dmy")
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            continue
        found.append(
            DateMatch(date, match.start(), match.end(), written[match.start() : match.end()])
        )
    return found


def parse_date(text: str) -> datetime.date | None:
    """The first valid date in `text`, or None."""
    dates = find_dates(text)
    return dates[0].date if dates else None


def end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def end_of_quarter(year: int, quarter: int) -> datetime.date:
    return end_of_month(year, 3 * quarter)


def end_of_half(year: int, half: int) -> datetime.date:
    return end_of_month(year, 6 * half)


def end_of_year(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)
