"""A unit's progress for a period as an .xlsx sheet to fill offline, and the filled sheet read
back: every row validated first, then all applied in one transaction or none."""

import io
import os
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from chiso.audit.recording import acting_user
from chiso.org.access import can_change_unit
from chiso.org.models import OrgUnit
from chiso.plans.kept import deferred
from chiso.plans.models import Task, TaskStatus

from . import actions
from .excel_sheet import (
    COLUMNS,
    EDITABLE,
    FIELDS,
    ExcelImportError,
    Problem,
    SheetRow,
    clean_narrative,
    problem,
    read_sheet,
    status_choices,
)
from .models import ProgressUpdate, ReportingPeriod
from .owed import new_activity_since, owes_progress

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 6  # below the title block; data rows start right after it


@dataclass(frozen=True)
class ImportResult:
    """Rows recorded (saved, or submitted), and rows left as they were."""

    updated: int
    unchanged: int


def reported_tasks(period: ReportingPeriod, unit: OrgUnit) -> QuerySet[Task]:
    """The tasks `unit` reports on in `period`: owed ones it leads or coordinates, and any it
    has already reported on there (a task done in the period stops being owed)."""
    periods = list(period.plan.periods.all())
    owed = Task.objects.filter(owes_progress(period, new_activity_since(period, periods)))
    mine = owed.filter(Q(lead=unit) | Q(coordinators=unit)).values("pk")
    reported = ProgressUpdate.objects.filter(period=period, unit=unit).values("task_id")
    return Task.objects.filter(Q(pk__in=mine) | Q(pk__in=reported)).order_by("order", "pk")


def current_updates(
    tasks: list[Task], period: ReportingPeriod, unit: OrgUnit
) -> dict[int, ProgressUpdate]:
    """`actions.current_update` for many tasks in one query: task id → latest version or a
    new unsaved draft."""
    found: dict[int, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.filter(period=period, unit=unit, task__in=tasks).order_by(
        "task_id", "-version"
    ):
        found.setdefault(update.task_id, update)
    return {
        task.pk: found.get(task.pk) or ProgressUpdate(task=task, period=period, unit=unit)
        for task in tasks
    }


# ---------------------------------------------------------------- export

THIN = Side(style="thin", color="9CA3AF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DBEAFE")
EDIT_FILL = PatternFill("solid", fgColor="FEF9C3")
WRAP = Alignment(wrap_text=True, vertical="top")


def export_period(period: ReportingPeriod, unit: OrgUnit, user) -> bytes:
    """The .xlsx of the tasks `unit` reports on in `period`, filled with its current updates."""
    plan = period.plan
    tasks = list(reported_tasks(period, unit))
    updates = current_updates(tasks, period, unit)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tiến độ")[:31]
    book.properties.title = _("Báo cáo tiến độ %(period)s") % {"period": period.label}
    book.properties.creator = getattr(user, "display_name", "") or str(user)
    last = len(FIELDS)
    title = [
        _("BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ"),
        _("Đơn vị báo cáo: %s") % unit.name,
        _("%(reference)s: %(title)s") % {"reference": plan.reference, "title": plan.title},
        _("Kỳ báo cáo: %(label)s · số liệu từ %(start)s đến %(end)s · hạn gửi %(due)s")
        % {
            "label": period.label,
            "start": f"{period.data_from:%d/%m/%Y}",
            "end": f"{period.data_to:%d/%m/%Y}",
            "due": f"{period.due:%d/%m/%Y}",
        },
        _(
            "Điền các cột Tình trạng, Tỷ lệ hoàn thành (%) và Kết quả thực hiện rồi tải tệp lên "
            "chiso. Không thêm, xoá hay đổi thứ tự dòng; dòng đã gửi hoặc đã duyệt không sửa được."
        ),
    ]
    for row, text in enumerate(title, start=1):
        _put(sheet, row, 2, text)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last)
    sheet["B1"].font = Font(bold=True, size=14)
    sheet["B5"].font = Font(italic=True, color="6B7280")
    sheet.row_dimensions[5].height = 30
    sheet["B5"].alignment = WRAP
    for col, (_field, header, width, _aliases) in enumerate(COLUMNS, start=1):
        cell = _put(sheet, HEADER_ROW, col, str(header))
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.column_dimensions["A"].hidden = True
    for row, task in enumerate(tasks, start=HEADER_ROW + 1):
        _write_task(sheet, row, task, updates[task.pk], unit)
    if tasks:
        _add_validations(sheet, HEADER_ROW + 1, HEADER_ROW + len(tasks))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # Protected without a password: it guards against slips, the import guards the rest.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_task(sheet, row: int, task: Task, update: ProgressUpdate, unit: OrgUnit) -> None:
    reported = update.pk is not None
    values = {
        "key": task.pk,
        "ordinal": task.ordinal,
        "text": task.text,
        "deadline": _deadline_text(task),
        "status": update.get_status_display() if reported else "",
        "percent": update.percent if reported else None,
        "narrative": clean_narrative(update.narrative) if reported else "",
        "role": _("Chủ trì") if task.lead_id == unit.pk else _("Phối hợp"),
        "state": update.get_state_display() if reported else _("Chưa báo cáo"),
    }
    editable = not reported or update.editable
    for col, field in enumerate(FIELDS, start=1):
        cell = _put(sheet, row, col, values[field])
        cell.alignment, cell.border = WRAP, BORDER
        if field in EDITABLE and editable:
            cell.protection, cell.fill = Protection(locked=False), EDIT_FILL
        elif not editable:
            cell.font = Font(color="6B7280")
    sheet.cell(row=row, column=FIELDS.index("percent") + 1).number_format = "0"


def _deadline_text(task: Task) -> str:
    written = task.deadline_text.strip()
    if task.deadline_date:
        day = f"{task.deadline_date:%d/%m/%Y}"
        return f"{written}\n({day})" if written and day not in written else written or day
    return written or str(task.get_deadline_kind_display())


def _add_validations(sheet, first: int, last: int) -> None:
    status_col = get_column_letter(FIELDS.index("status") + 1)
    percent_col = get_column_letter(FIELDS.index("percent") + 1)
    labels = [str(label) for label in TaskStatus.labels]
    status = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(labels)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Tình trạng"),
        error=_("Chọn một tình trạng trong danh sách."),
    )
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Tỷ lệ hoàn thành"),
        error=_("Nhập số nguyên từ 0 đến 100."),
    )
    status.add(f"{status_col}{first}:{status_col}{last}")
    percent.add(f"{percent_col}{first}:{percent_col}{last}")
    sheet.add_data_validation(status)
    sheet.add_data_validation(percent)


def _put(sheet, row: int, col: int, value):
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
        cell.data_type = "s"  # text that starts with "=" stays text, never a formula
    else:
        cell.value = value
    return cell


# ---------------------------------------------------------------- import


def import_period(
    path_or_file: str | os.PathLike | BinaryIO,
    period: ReportingPeriod,
    unit: OrgUnit,
    user,
    submit: bool = False,
) -> ImportResult:
    """Apply a filled sheet: all rows or, on any error, none (`ExcelImportError` lists them).

    Rows whose values did not change are skipped; with `submit`, every saved draft of the
    sheet is submitted too, changed or not.
    """
    if not can_change_unit(user, unit):
        raise PermissionDenied
    rows, problems = read_sheet(path_or_file)
    with deferred(), acting_user(user):
        tasks = {task.pk: task for task in reported_tasks(period, unit)}
        updates = current_updates(list(tasks.values()), period, unit)
        problems += _check_tasks(rows, tasks, period, unit)
        pending: list[tuple[SheetRow, ProgressUpdate]] = []
        unchanged = 0
        for row in rows:
            if not row.valid or row.task_id not in tasks:
                continue
            update = updates[row.task_id]
            changed = _changed(row, update)
            if changed and update.pk and not update.editable:
                problems.append(_locked(row, tasks[row.task_id], update))
            elif changed or (submit and update.pk and update.editable):
                problems += _check_values(row)
                pending.append((row, update))
            else:
                unchanged += 1
        if problems:
            raise ExcelImportError([text for _line, text in sorted(problems, key=lambda p: p[0])])
        for row, update in pending:
            same = clean_narrative(update.narrative) == row.narrative
            values = {
                "status": row.status,
                "percent": row.percent,
                "milestone": update.milestone,
                "narrative": update.narrative if same else row.narrative,
                # in the workbook the narrative gives the reason for done below 100 %
                "status_note": update.status_note or row.narrative[:500],
                "target_values": update.target_values,
            }
            actions.record(update, values, [], user, submit=submit)
    return ImportResult(updated=len(pending), unchanged=unchanged)


def _check_tasks(
    rows: list[SheetRow], tasks: dict[int, Task], period: ReportingPeriod, unit: OrgUnit
) -> list[Problem]:
    """Unknown tasks, tasks `unit` does not report on, and tasks given twice."""
    problems: list[Problem] = []
    missing = {row.task_id for row in rows} - tasks.keys()
    in_plan = {t.pk: t for t in Task.objects.filter(pk__in=missing, plan_id=period.plan_id)}
    first: dict[int, int] = {}
    for row in rows:
        if row.task_id in in_plan:
            text = _("Dòng %(row)d: %(unit)s không báo cáo nhiệm vụ %(task)s trong kỳ %(period)s.")
            task = _task_label(in_plan[row.task_id])
            problems.append(
                problem(row.line, text, unit=unit.display_name, task=task, period=period.label)
            )
        elif row.task_id not in tasks:
            text = _("Dòng %(row)d, cột Mã nhiệm vụ: kế hoạch không có nhiệm vụ mã %(key)d.")
            problems.append(problem(row.line, text, key=row.task_id))
        elif row.task_id in first:
            text = _("Dòng %(row)d: nhiệm vụ %(task)s đã có ở dòng %(first)d.")
            task = _task_label(tasks[row.task_id])
            problems.append(problem(row.line, text, task=task, first=first[row.task_id]))
        else:
            first[row.task_id] = row.line
    return problems


def _changed(row: SheetRow, update: ProgressUpdate) -> bool:
    if update.pk is None:
        return row.status is not None or row.percent is not None or bool(row.narrative)
    before = (update.status, update.percent, clean_narrative(update.narrative))
    return (row.status, row.percent, row.narrative) != before


def _check_values(row: SheetRow) -> list[Problem]:
    """What the progress form also requires: a status; the obstacle when blocked; the
    reason when done below 100 % (the narrative column gives both)."""
    if row.status is None:
        text = _("Dòng %(row)d, cột Tình trạng: chưa chọn tình trạng; cần một trong: %(choices)s.")
        return [problem(row.line, text, choices=status_choices())]
    if actions.reason_missing(row.status, row.percent, row.narrative, row.narrative):
        if row.status == TaskStatus.BLOCKED:
            text = _(
                "Dòng %(row)d, cột Kết quả thực hiện: nêu rõ vướng mắc khi chọn “%(blocked)s”."
            )
            return [problem(row.line, text, blocked=TaskStatus.BLOCKED.label)]
        text = _("Dòng %(row)d, cột Kết quả thực hiện: hoàn thành khi chưa đạt 100%%: ghi lý do.")
        return [problem(row.line, text)]
    return []


def _locked(row: SheetRow, task: Task, update: ProgressUpdate) -> Problem:
    text = _("Dòng %(row)d: báo cáo nhiệm vụ %(task)s đang “%(state)s”, không sửa được.")
    return problem(row.line, text, task=_task_label(task), state=update.get_state_display())


def _task_label(task: Task) -> str:
    text = task.text if len(task.text) <= 60 else task.text[:59].rstrip() + "…"
    return f"{task.ordinal} “{text}”".strip()
