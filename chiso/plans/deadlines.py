"""Deadlines as people write them ("Quý II/2025", "Thường xuyên", "Trước ngày 15/6/2024")."""

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from chiso.vietnamese.dates import end_of_month, end_of_quarter, end_of_year, find_dates
from chiso.vietnamese.text import nfc, plain, search_key


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    PERIOD_END = "period_end", _("Cuối kỳ")
    ONGOING = "ongoing", _("Thường xuyên")
    SCHEDULE = "schedule", _("Theo kế hoạch")
    EVENT = "event", _("Khi có sự kiện")
    UNSPECIFIED = "unspecified", _("Chưa xác định")


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline: its kind, the date it resolves to (if any) and the text as written."""

    kind: DeadlineKind
    date: datetime.date | None
    text: str
    event: str = ""


# Matched on `search_key` text, where "Quý II/2025" reads "quy ii 2025".
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTH = re.compile(r"\bthang (\d{1,2})(?: nam)?(?: (\d{4}))?\b")
_QUARTER = re.compile(r"\bquy (iv|iii|ii|i|[1-4])\b(?: nam)?(?: (\d{4}))?")
_FIRST_MONTHS = re.compile(r"\b(\d{1,2}) thang (dau|cuoi) nam(?: (\d{4}))?")
_YEAR = re.compile(r"\bnam (\d{4})\b|^(\d{4})$")
_ANY_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DAY_MONTH = re.compile(r"\bngay (\d{1,2}) (?:thang )?(\d{1,2})\b(?! (?:nam )?\d)")
_ONGOING = re.compile(r"\b(?:thuong xuyen|lien tuc|hang (?:nam|quy|thang)|dinh ky)\b")
_SCHEDULE = re.compile(r"\btheo (?:ke hoach|lo trinh|quy dinh|tien do|yeu cau|chi dao)\b")
# Matched on `plain` text so that the event keeps its words as written.
_EVENT = re.compile(r"(?<!\w)(?:ngay sau khi|sau khi|truoc khi|ngay khi|khi)\b[^;]*")
_CUE = re.compile(r"(?:truoc|cham nhat|han|hoan thanh|xong)\W*$")


def parse_deadline(text: str, *, year: int | None = None) -> Deadline:
    """Read a deadline cell ("Quý II/2025", "Thường xuyên", "Trước ngày 15/6/2024").

    A quarter, month or day written without a year takes the year written elsewhere in the
    text, else `year` (the plan's year); without either it is not a reading.

    Text with several parts ("Thường xuyên; báo cáo trước ngày 15/12/2025") gives the most
    specific dated reading: a day, then a month, a quarter, the first/last months of a year,
    a year. Among several days a date introduced by "trước", "chậm nhất", "hạn" wins; otherwise,
    and among several months or quarters, the latest wins, since the work is done when its last
    part is. Without a date: an event ("Sau khi có …"), then ongoing, then a schedule set
    elsewhere ("Theo kế hoạch"); anything else is UNSPECIFIED. `text` is always the input as
    written (NFC, whitespace collapsed).
    """
    written = nfc(text)
    key = search_key(written)
    written_years = _ANY_YEAR.findall(key)
    fallback = int(written_years[-1]) if written_years else year
    for kind, dates in _dated_readings(written, key, fallback):
        if dates:
            return Deadline(kind, max(dates), written)
    if event := _EVENT.search(plain(written)):
        clause = written[event.start() : event.end()].strip(" .,")
        return Deadline(DeadlineKind.EVENT, None, written, event=clause)
    if _ONGOING.search(key):
        return Deadline(DeadlineKind.ONGOING, None, written)
    if _SCHEDULE.search(key):
        return Deadline(DeadlineKind.SCHEDULE, None, written)
    return Deadline(DeadlineKind.UNSPECIFIED, None, written)


def _dated_readings(
    written: str, key: str, fallback: int | None
) -> Iterator[tuple[DeadlineKind, list[datetime.date]]]:
    """Dated readings from the most specific to the least, lazily."""
    days = find_dates(written)
    cued = [d for d in days if _CUE.search(plain(written[max(0, d.start - 20) : d.start]))]
    yield DeadlineKind.DATE, [d.date for d in cued or days]
    if fallback:
        yield (
            DeadlineKind.DATE,
            _valid(
                lambda m: datetime.date(fallback, int(m[2]), int(m[1])), _DAY_MONTH.finditer(key)
            ),
        )
    yield (
        DeadlineKind.DATE,
        _valid(lambda m: end_of_month(_year(m[2], fallback), int(m[1])), _MONTH.finditer(key)),
    )
    yield (
        DeadlineKind.PERIOD_END,
        _valid(
            lambda m: end_of_quarter(_year(m[2], fallback), _ROMAN.get(m[1]) or int(m[1])),
            _QUARTER.finditer(key),
        ),
    )
    yield (
        DeadlineKind.PERIOD_END,
        _valid(
            lambda m: (
                end_of_month(_year(m[3], fallback), int(m[1]))
                if m[2] == "dau"
                else end_of_year(_year(m[3], fallback))
            ),
            _FIRST_MONTHS.finditer(key),
        ),
    )
    yield (
        DeadlineKind.PERIOD_END,
        _valid(lambda m: end_of_year(int(m[1] or m[2])), _YEAR.finditer(key)),
    )


def _year(written: str | None, fallback: int | None) -> int:
    if written:
        return int(written)
    if fallback:
        return fallback
    raise ValueError("no year")


def _valid(
    to_date: Callable[[re.Match[str]], datetime.date], matches: Iterator[re.Match[str]]
) -> list[datetime.date]:
    """The dates the matches stand for, leaving out impossible ones and those with no year."""
    dates = []
    for match in matches:
        try:
            dates.append(to_date(match))
        except ValueError:
            continue
    return dates
