"""What every report template is given: `report_context(data)`, the placeholders a Word
template of a report may use (`{{ issuer }}`, `{% for section in sections %}` …).

The keys, all plain text, numbers, lists and dicts except the narratives:

- `issuer_parent` — the body above the unit, as named ("UBND tỉnh Lạng Sơn"); "" when the
  unit heads its documents alone (a People's Committee). Templates write it `|upper`.
- `issuer` — the unit ("Sở Xây dựng"); `symbol` — its document symbol ("SXD").
- `number` — "Số: …" without "Số:": "12/BC-SXD", or "        /BC-SXD" not yet numbered.
- `place`, `day`, `month`, `year` — of the report's date, as the date line writes them:
  "Lạng Sơn", "02", "7" ("02" for January and February), "2025".
- `period` — "6 tháng đầu năm 2025"; `subject` — the title under "BÁO CÁO";
  `subject_inline` — the same with a small first letter, for "Trên đây là báo cáo …";
  `basis` — the opening sentence ("Thực hiện Kế hoạch số …, … báo cáo … như sau:").
- `sections` — the tasks by index component: [{title, tasks: [{ordinal, text, lead, deadline,
  source, progress, result, late}]}]; `source` names another plan the task comes from,
  `progress` is "Đang thực hiện (60%)", `result` what was reported ("Chưa báo cáo" if nothing),
  `late` true when the task is behind.
- `counts` — {total, done, done_late, late, blocked, in_progress, not_started, at_risk}.
- `targets` — [{ordinal, text, subject, threshold, reported, assessment}].
- `late` — the late tasks: [{ordinal, text, lead, deadline, progress, cause}].
- `narratives` — what the unit wrote, by section: "results", "proposals" (always there, maybe
  empty), and any other key given; each a rich text (paragraphs, lists, bold) that a
  template places on a paragraph of its own: `{{p narratives.results }}`. Unknown keys render
  empty.
- `recipients` — ["UBND tỉnh Thử (b/c)", "Lưu: VT"] (without the closing ";" or ".").
- `signer`, `signer_title` ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"), `signer_title_lines`
  (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], in capitals, one per line).
- `compiled` — true for a report compiled from the units' submitted reports, with
  `units` [{name, submitted_at (text: "14:05 02/07/2025"), narrative (rich text)}],
  `missing_units` and `late_units` [{name, due, submitted_at}] (dates as text); false and
  empty lists for a unit's own report.
- `fields` — the report's figures (`chiso.reporting.figures`) by index field: [{code, name,
  total, done, late}]; `indicators` — [{code, name, numerator, denominator, value}];
  `totals` — {total, done, late} over the fields. For a compiled report, the sums of its
  units' figures.
- `rates` — a compiled report's reports expected, received and on time, and the reporting
  and on-time rates as text ("66,7"; DHIS2's: received ÷ expected, on time ÷ expected).

`CONTEXT_SCHEMA` writes the same as data, for the template check on upload.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from chiso.plans.state import TaskState

from .report_data import ReportData, TaskRow

BLANK_NUMBER = " " * 8  # "Số:        /BC-SXD": the office fills the number in when it issues
RICH = "rich text"  # in the schema: a narrative, placed with {{p … }}
NARRATIVE_KEYS = ("results", "proposals")
# Capacity lines as plans store them: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC".
_CAPACITY_BREAK = re.compile(r"\s*[/,]\s*")

_TASK = {
    "ordinal": str,
    "text": str,
    "lead": str,
    "deadline": str,
    "source": str,
    "progress": str,
    "result": str,
    "late": bool,
}
_COUNTS = ("total", "done", "done_late", "late", "blocked", "in_progress", "not_started", "at_risk")
_DUE = {"name": str, "due": str, "submitted_at": str}
_TOTALS = ("total", "done", "late")
# Each key's shape: a type for a value, a dict for a record (its keys are all it has), a
# one-item list for a list of such, `dict` for a mapping of any keys.
CONTEXT_SCHEMA: dict[str, object] = {
    "issuer_parent": str,
    "issuer": str,
    "symbol": str,
    "number": str,
    "place": str,
    "day": str,
    "month": str,
    "year": str,
    "period": str,
    "subject": str,
    "subject_inline": str,
    "basis": str,
    "sections": [{"title": str, "tasks": [_TASK]}],
    "counts": dict.fromkeys(_COUNTS, int),
    "targets": [
        {
            "ordinal": str,
            "text": str,
            "subject": str,
            "threshold": str,
            "reported": str,
            "assessment": str,
        }
    ],
    "late": [
        {"ordinal": str, "text": str, "lead": str, "deadline": str, "progress": str, "cause": str}
    ],
    "narratives": dict,
    "recipients": [str],
    "signer": str,
    "signer_title": str,
    "signer_title_lines": [str],
    "compiled": bool,
    "units": [{"name": str, "submitted_at": str, "narrative": RICH}],
    "missing_units": [_DUE],
    "late_units": [_DUE],
    "fields": [{"code": str, "name": str, "total": int, "done": int, "late": int}],
    "indicators": [{"code": str, "name": str, "numerator": int, "denominator": int, "value": str}],
    "totals": dict.fromkeys(("total", "done", "late"), int),
    "rates": {
        "expected": int,
        "received": int,
        "on_time": int,
        "reporting": str,
        "on_time_rate": str,
    },
}


@dataclass(frozen=True)
class Narrative:
    """A narrative as stored (the small HTML subset of `doc_templates.clean_narrative`),
    turned into Word paragraphs when a template is rendered."""

    html: str
    # Many narratives in one document (a compilation's units): written as plain paragraphs
    # in the template's list styles, without a document of their own each (`rich_paragraphs`)
    light: bool = False

    def __bool__(self) -> bool:
        return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", self.html))


def report_context(
    data: ReportData, *, number: str = "", narratives: Mapping[str, str] | None = None
) -> dict:
    """The placeholders' values for the report `data` says, numbered `number` ("12",
    "12/BC-SXD" or "" while not yet numbered), with the unit's narratives (HTML) by section."""
    written = dict.fromkeys(NARRATIVE_KEYS, "") | dict(narratives or {})
    counts = asdict(data.counts)
    return {
        "issuer_parent": data.parent,
        "issuer": data.unit,
        "symbol": data.symbol,
        "number": document_number(number, data.symbol),
        "place": data.place,
        "day": f"{data.date.day:02d}",
        "month": _month(data.date),
        "year": str(data.date.year),
        "period": data.period,
        "subject": data.subject,
        "subject_inline": data.subject[:1].lower() + data.subject[1:],
        "basis": data.basis,
        "sections": [
            {"title": section.title, "tasks": [_task(row) for row in section.rows]}
            for section in data.sections
        ],
        "counts": {key: counts[key] for key in _COUNTS},
        "targets": [
            {
                "ordinal": str(number),
                "text": target.text,
                "subject": target.subject,
                "threshold": target.threshold,
                "reported": target.reported,
                "assessment": target.assessment,
            }
            for number, target in enumerate(data.targets, start=1)
        ],
        "late": [
            {
                "ordinal": row.ordinal,
                "text": row.text,
                "lead": row.lead,
                "deadline": row.deadline,
                "progress": row.progress,
                "cause": row.delay_cause,
            }
            for row in data.late
        ],
        "narratives": {key: Narrative(html) for key, html in written.items()},
        "recipients": [
            name.strip().rstrip(";.").strip() for name in data.recipients if name.strip()
        ],
        "signer": data.signer,
        "signer_title": data.signer_title,
        "signer_title_lines": title_lines(data.signer_title),
        "compiled": False,
        "units": [],
        "missing_units": [],
        "late_units": [],
        "fields": [],
        "indicators": [],
        "totals": dict.fromkeys(_TOTALS, 0),
        "rates": {"expected": 0, "received": 0, "on_time": 0, "reporting": "", "on_time_rate": ""},
    }


def title_lines(capacity: str) -> list[str]:
    """The signing capacity one line each, in capitals: "KT. Giám đốc / Phó Giám đốc" →
    ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]."""
    return [line.upper() for line in _CAPACITY_BREAK.split(capacity.strip()) if line]


def document_date(place: str, day: datetime.date) -> str:
    """The date line, "Lạng Sơn, ngày 02 tháng 7 năm 2025": days below 10 and months 1–2
    take a leading zero."""
    text = f"ngày {day.day:02d} tháng {_month(day)} năm {day.year}"
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def document_number(number: str, symbol: str) -> str:
    """The full number as given ("45/BC-SXD"), or the number before the unit's symbol."""
    return number if "/" in number else f"{number or BLANK_NUMBER}/BC-{symbol}"


def _month(day: datetime.date) -> str:
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def _task(row: TaskRow) -> dict:
    return {
        "ordinal": row.ordinal,
        "text": row.text,
        "lead": row.lead,
        "deadline": row.deadline,
        "source": row.source,
        "progress": row.progress,
        "result": row.result,
        "late": row.state == TaskState.LATE,
    }
