"""The periodic report as an .xlsx workbook: tasks, targets and late tasks, a sheet each."""

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .report_data import ReportData

# (header, width in characters, wrapped)
TASK_COLUMNS = (
    ("Thành phần chỉ số", 30, True),
    ("STT", 8, False),
    ("Nhiệm vụ", 60, True),
    ("Đơn vị chủ trì", 28, True),
    ("Thời hạn", 16, True),
    ("Tình trạng", 18, False),
    ("Tỷ lệ (%)", 10, False),
    ("Kết quả thực hiện", 60, True),
)
TARGET_COLUMNS = (
    ("STT", 6, False),
    ("Mục tiêu", 60, True),
    ("Chỉ tiêu", 30, True),
    ("Ngưỡng", 20, True),
    ("Kết quả báo cáo", 16, False),
    ("Đánh giá", 16, False),
)
LATE_COLUMNS = (
    ("STT", 8, False),
    ("Nhiệm vụ", 60, True),
    ("Đơn vị chủ trì", 28, True),
    ("Thời hạn", 16, True),
    ("Tình trạng", 18, False),
    ("Nguyên nhân", 60, True),
)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def report_xlsx(data: ReportData) -> bytes:
    """The workbook of the report, a header row and one row per item on each sheet."""
    workbook = Workbook()
    workbook.properties.title = f"{data.unit} – {data.subject}"
    workbook.properties.creator = "chiso"
    tasks = workbook.active
    tasks.title = "Nhiệm vụ"
    _fill(
        tasks,
        TASK_COLUMNS,
        (
            (
                section.title,
                row.ordinal,
                row.text,
                row.lead,
                row.deadline,
                row.status_label,
                row.percent,
                row.result,
            )
            for section in data.sections
            for row in section.rows
        ),
    )
    _fill(
        workbook.create_sheet("Mục tiêu"),
        TARGET_COLUMNS,
        (
            (n, t.text, t.subject, t.threshold, t.reported, str(t.assessment))
            for n, t in enumerate(data.targets, start=1)
        ),
    )
    _fill(
        workbook.create_sheet("Chậm tiến độ"),
        LATE_COLUMNS,
        (
            (row.ordinal, row.text, row.lead, row.deadline, row.status_label, row.delay_cause)
            for row in data.late
        ),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Worksheet, columns: Sequence[tuple[str, int, bool]], rows: Iterable) -> None:
    sheet.append([header for header, _width, _wrap in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(list(row))
        for cell, (_header, _width, wrap) in zip(sheet[sheet.max_row], columns, strict=True):
            if cell.data_type == "f":  # text the unit wrote, never a formula ("=…")
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    for index, (_header, width, _wrap) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
