"""When reports and sub-plans are due: the reporting regime and the plans asked of units."""

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from chiso.docimport.blocks import Block, BlockKind
from chiso.plans.deadlines import DeadlineKind, parse_deadline
from chiso.vietnamese.dates import find_dates
from chiso.vietnamese.text import nfc, plain

from .phrases import body_blocks, has_phrase, numbering, sentences, starts_like

_REPORTING = "Chế độ báo cáo"
# Outside the reporting part, a sentence about reports must say one of these.
_REPORT_CUES = ("chế độ báo cáo", "báo cáo định kỳ", "định kỳ báo cáo")
# Words before a unit's name in an organisation heading ("8. Chủ tịch UBND các xã").
_ROLE_WORDS = ("Đề nghị", "Chủ tịch", "Thủ trưởng", "Giám đốc", "Người đứng đầu", "Lãnh đạo")
_BARE_PERIODS = {"quy": "quarter", "thang": "month", "nam": "year"}
_HEADING_CHARS = 80
_SUBJECT_WORDS = 12

# All matched on `plain` text, spaces between words optional (OCR loses them). "9 tháng" is
# the third-quarter report.
_PERIOD = re.compile(
    r"(?P<quarter>(?:hang|moi)\s*quy|quy\s+(?:iv|i{1,3}|[1-4])\b|(?:0?9|chin)\s*thang"
    r"(?:\s*dau\s*nam)?)"
    r"|(?P<half_year>(?:0?6|sau)\s*thang(?:\s*(?:dau|cuoi)\s*nam)?)"
    r"|(?P<month>hang\s*thang)"
    r"|(?P<year>(?:hang|ca|tong\s*ket)\s*nam)"
    r"|(?P<ad_hoc>dot\s*xuat)"
    r"|bao\s*cao\s*(?P<bare>quy|thang|nam)(?:\b|(?=gui|truoc|cham))(?!\s*\d)"
)
# "hằng quý, 6 tháng, năm": a bare period word listed after another period.
_LISTED = re.compile(r"\s*(?:,|\bva\b|\bhoac\b)\s*(?P<bare>quy|thang|nam)\b(?!\s*\d)")
_REPORT = re.compile(r"\bbao\s*cao")
_LABEL_GAP = 25
_WINDOW_FROM = re.compile(r"tu\s*(?:ngay\s*)?$")
_WINDOW_TO = re.compile(r"den\s*(?:ngay\s*)?$")
_WINDOW_SPAN = re.compile(r"\(?\s*(?:so\s*lieu\s*)?(?:tinh\s*)?tu")
_DUE_CUE = re.compile(r"truoc|cham\s*nhat|han\s*chot|thoi\s*han")
_CHILD_PLAN = re.compile(
    r"(?:xay\s*dung|ban\s*hanh)\s*(?:\w+\s+){0,2}?ke\s*hoach"
    r"|(?:^|[;:.]\s*|[-–•+]\s*)ke\s*hoach[^.;]{0,60}?gui\b"
)
_ASKED = re.compile(
    r"\b(?:de\s*nghi|giao|yeu\s*cau)\s+(?P<units>.+?)\s+(?:chu\s*dong\s+)?"
    r"(?:xay\s*dung|ban\s*hanh)\b"
)


@dataclass(frozen=True)
class ReportDue:
    """One report of the reporting regime: its period, label as written, data window, due."""

    period: str
    label: str
    data_from: datetime.date | None
    data_to: datetime.date | None
    due: datetime.date | None
    text: str
    block_index: int


@dataclass(frozen=True)
class ChildPlanDue:
    """Plans the named units must make and send by `due`."""

    units_text: str
    due: datetime.date | None
    text: str
    block_index: int


def parse_schedule(blocks: Sequence[Block], *, year: int | None = None) -> list[ReportDue]:
    """Reports due, from the "Chế độ báo cáo" part and sentences about the reporting regime.

    A report with dates gives its due date and data window ("số liệu tính từ … đến …"); a
    periodic regime without dates ("Định kỳ hằng quý, 6 tháng, năm") gives one entry per
    period with `due` None. Periods: quarter, half_year, year, month, ad_hoc ("đột xuất").
    The label runs from "Báo cáo" to the period it names, else is the period as written.
    `year` (the plan's) completes a due date written without one ("trước ngày 15/12").
    """
    found: dict[tuple, ReportDue] = {}
    reporting_level = 0
    for block in body_blocks(blocks):
        if block.kind == BlockKind.ROW:
            continue
        mark = numbering(block.text)
        if mark and mark.level <= 3:
            if len(mark.rest) <= _HEADING_CHARS and starts_like(mark.rest, _REPORTING):
                reporting_level = mark.level
            elif mark.level <= reporting_level:
                reporting_level = 0
        elif block.kind == BlockKind.HEADING and starts_like(block.text, _REPORTING):
            reporting_level = 4
        for sentence in sentences(block.text):
            if reporting_level or any(has_phrase(sentence, cue) for cue in _REPORT_CUES):
                for report in _reports(sentence, block.index, year):
                    found.setdefault(
                        (report.period, report.due, report.data_from, report.data_to), report
                    )
    return list(found.values())


def _reports(sentence: str, block_index: int, year: int | None) -> Iterator[ReportDue]:
    flat = plain(sentence)
    periods = list(_periods(flat))
    labelled = []
    for report in _REPORT.finditer(flat):
        near = [p for p in periods if 0 <= p[0] - report.end() <= _LABEL_GAP]
        if near:
            labelled.append((report, near[0]))
    if not labelled:
        for start, end, period in periods:
            yield ReportDue(period, sentence[start:end], None, None, None, sentence, block_index)
        return
    for i, (report, (_start, end, period)) in enumerate(labelled):
        stop = labelled[i + 1][0].start() if i + 1 < len(labelled) else len(sentence)
        item = sentence[report.start() : stop]
        data_from, data_to, window = _window(item)
        rest = item[: window[0]] + item[window[1] :] if window else item
        yield ReportDue(
            period=period,
            label=sentence[report.start() : end],
            data_from=data_from,
            data_to=data_to,
            due=_due(rest, year),
            text=sentence,
            block_index=block_index,
        )


def _periods(flat: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, period) of every period named, list continuations included."""
    for match in _PERIOD.finditer(flat):
        kind = next(name for name, value in match.groupdict().items() if value)
        yield match.start(kind), match.end(), _BARE_PERIODS.get(match[kind], kind)
        end = match.end()
        while listed := _LISTED.match(flat, end):
            yield listed.start("bare"), listed.end(), _BARE_PERIODS[listed["bare"]]
            end = listed.end()


def _window(
    item: str,
) -> tuple[datetime.date | None, datetime.date | None, tuple[int, int] | None]:
    """The data window "từ ngày … đến ngày …": its dates and the span to leave out."""
    flat = plain(item)
    start = end = 0
    data_from = data_to = None
    for date in find_dates(item):
        before = flat[max(0, date.start - 8) : date.start]
        if data_from is None and _WINDOW_FROM.search(before):
            data_from, start, end = date.date, date.start, date.end
        elif data_from is not None and _WINDOW_TO.search(before):
            data_to, end = date.date, date.end
    if data_from is None:
        return None, None, None
    opening = max((m.start() for m in _WINDOW_SPAN.finditer(flat, 0, start)), default=start)
    return data_from, data_to, (opening, end)


def _due(text: str, year: int | None) -> datetime.date | None:
    """The date after "trước"/"chậm nhất"/"hạn" in `text`."""
    cues = list(_DUE_CUE.finditer(plain(text)))
    if not cues:
        return None
    deadline = parse_deadline(text[cues[-1].start() :], year=year)
    return deadline.date if deadline.kind == DeadlineKind.DATE else None


def parse_child_plans(blocks: Sequence[Block], *, year: int | None = None) -> list[ChildPlanDue]:
    """Plans the units must make and send by a date ("… kế hoạch gửi về UBND huyện (qua Phòng
    Nội vụ) chậm nhất ngày 31/5/2024").

    The units are those the sentence asks ("Đề nghị UBND các xã … xây dựng kế hoạch"), else
    those the numbered heading above names ("8. Chủ tịch UBND các xã, thị trấn" gives
    "UBND các xã, thị trấn": role words are left out). Only dates after "trước", "chậm nhất"
    or "hạn" count; `year` completes one written without its year.
    """
    found = []
    heading = ""
    for block in body_blocks(blocks):
        if block.kind == BlockKind.ROW:
            continue
        mark = numbering(block.text)
        if mark and mark.level <= 3:
            if len(mark.rest) <= _HEADING_CHARS and not mark.rest.rstrip().endswith((".", ";")):
                heading = _unit_name(mark.rest)
            elif mark.level <= 2:
                heading = ""
        for sentence in sentences(block.text):
            flat = plain(sentence)
            if not _CHILD_PLAN.search(flat):
                continue
            if not (due := _due(sentence, year)):
                continue
            asked = _ASKED.search(flat)
            units = sentence[asked.start("units") : asked.end("units")] if asked else ""
            if len(units.split()) > _SUBJECT_WORDS:
                units = ""
            found.append(ChildPlanDue(nfc(units) or heading, due, sentence, block.index))
    return found


def _unit_name(heading: str) -> str:
    """A heading's unit, role words before it left out ("Chủ tịch UBND các xã" → "UBND các xã")."""
    words = nfc(heading).rstrip(" :").split()
    stripped = True
    while stripped:
        stripped = False
        for role in _ROLE_WORDS:
            size = len(role.split())
            if len(words) > size and starts_like(" ".join(words[:size]), role, cutoff=90):
                words = words[size:]
                stripped = True
    return " ".join(words)
