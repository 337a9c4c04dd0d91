"""A unit's progress for a period as an .xlsx sheet to fill offline, and the filled sheet read
back: every row validated first, then all applied in one transaction or none.

Only the rows the user changed are applied: each row is compared with what it held when the
workbook was downloaded (its hidden sheet, `excel_sheet.Original`). A changed row whose
update changed on chiso since then (saved, submitted, approved or returned by someone else)
is skipped with a note naming its task, not applied over the newer report nor refused.
"""

import io
import os
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
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
    Download,
    ExcelImportError,
    Original,
    Problem,
    SheetRow,
    clean_narrative,
    problem,
    put_cell,
    read_workbook,
    status_choices,
    write_original,
)
from .models import ProgressUpdate, ReportingPeriod, UpdateState
from .notices import notify_submitted
from .owed import new_activity_since, owes_progress

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 6  # below the title block; data rows start right after it


@dataclass(frozen=True)
class ImportResult:
    """Rows recorded (saved, or submitted), rows left as they were, and a note for each
    changed row skipped because its report changed on chiso since the download."""

    updated: int
    unchanged: int
    skipped: tuple[str, ...] = ()


def reported_tasks(period: ReportingPeriod, unit: OrgUnit) -> QuerySet[Task]:
    """The tasks `unit` reports on in `period`: owed ones it leads or coordinates, and any it
    has already reported on there (a task done in the period stops being owed)."""
    periods = list(period.plan.periods.all())
    owed = Task.objects.filter(owes_progress(period, new_activity_since(period, periods)))
    mine = owed.filter(Q(lead=unit) | Q(coordinators=unit)).values("pk")
    reported = ProgressUpdate.objects.filter(period=period, unit=unit).values("task_id")
    return Task.objects.filter(Q(pk__in=mine) | Q(pk__in=reported)).order_by("order", "pk")


def current_updates(
    tasks: list[Task], period: ReportingPeriod, unit: OrgUnit, lock: bool = False
) -> dict[int, ProgressUpdate]:
    """`actions.current_update` for many tasks in one query: task id → latest version or a
    new unsaved draft; with `lock`, the rows stay locked until the transaction ends."""
    found: dict[int, ProgressUpdate] = {}
    updates = ProgressUpdate.objects.filter(period=period, unit=unit, task__in=tasks)
    if lock:
        updates = updates.select_for_update()
    for update in updates.order_by("task_id", "-version"):
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
            "chiso: chỉ những dòng bạn sửa được lưu hoặc gửi duyệt. Không thêm dòng; dòng đã gửi "
            "hoặc đã duyệt không sửa được."
        ),
    ]
    for row, text in enumerate(title, start=1):
        put_cell(sheet, row, 2, text)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last)
    sheet["B1"].font = Font(bold=True, size=14)
    sheet["B5"].font = Font(italic=True, color="6B7280")
    sheet.row_dimensions[5].height = 30
    sheet["B5"].alignment = WRAP
    for col, (_field, header, width, _aliases) in enumerate(COLUMNS, start=1):
        cell = put_cell(sheet, HEADER_ROW, col, str(header))
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.column_dimensions["A"].hidden = True
    for row, task in enumerate(tasks, start=HEADER_ROW + 1):
        _write_task(sheet, row, task, updates[task.pk], unit)
    write_original(book, period.pk, unit.pk, [_original(task, updates[task.pk]) for task in tasks])
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
    for col, name in enumerate(FIELDS, start=1):
        cell = put_cell(sheet, row, col, values[name])
        cell.alignment, cell.border = WRAP, BORDER
        if name in EDITABLE and editable:
            cell.protection, cell.fill = Protection(locked=False), EDIT_FILL
        elif not editable:
            cell.font = Font(color="6B7280")
    sheet.cell(row=row, column=FIELDS.index("percent") + 1).number_format = "0"


def _original(task: Task, update: ProgressUpdate) -> Original:
    """The row as written, for the hidden sheet."""
    if update.pk is None:
        return Original(task.pk, "", None, None, "")
    narrative = clean_narrative(update.narrative)
    return Original(task.pk, update_stamp(update), update.status, update.percent, narrative)


def update_stamp(update: ProgressUpdate) -> str:
    """What changes whenever the update does: its row, version, state and last save."""
    if update.pk is None:
        return ""
    return f"{update.pk}:{update.version}:{update.state}:{update.updated_at.isoformat()}"


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


# ---------------------------------------------------------------- import


def import_period(
    path_or_file: str | os.PathLike | BinaryIO,
    period: ReportingPeriod,
    unit: OrgUnit,
    user,
    submit: bool = False,
) -> ImportResult:
    """Apply the rows the user changed since the download, and submit them with `submit`:
    all of them or, on any error, none (`ExcelImportError` lists them).

    Rows left as downloaded are not touched, whatever happened to their reports since. A
    changed row whose report changed on chiso since the download is skipped with a note.
    """
    if not can_change_unit(user, unit):
        raise PermissionDenied
    workbook = read_workbook(path_or_file)
    download = workbook.download
    if (download.period_id, download.unit_id) != (period.pk, unit.pk):
        text = _(
            "Tệp này được tải về cho một kỳ báo cáo hoặc đơn vị khác; hãy tải lên đúng nơi đã "
            "tải về, hoặc tải tệp mới ở trang này."
        )
        raise ExcelImportError([text])
    with deferred(), acting_user(user):
        tasks = {task.pk: task for task in reported_tasks(period, unit)}
        updates = current_updates(list(tasks.values()), period, unit, lock=True)
        rows = _Sorting(period, unit, submit, _tasks_gone(download, tasks, period))
        rows.problems += workbook.problems
        rows.problems += _check_tasks(workbook.rows, tasks, download, period, unit)
        for row in workbook.rows:
            if row.valid and row.task_id in download.rows:
                original = download.rows[row.task_id]
                rows.add(row, original, tasks.get(row.task_id), updates.get(row.task_id))
        if rows.problems:
            raise ExcelImportError(_in_order(rows.problems), sheet=workbook.sheet)
        for row, update in rows.pending:
            values = _recorded_values(row, update)
            actions.record(update, values, [], user, submit=submit, notify=False)
        if submit:  # one notice to the reviewers for the whole upload
            notify_submitted([update for _row, update in rows.pending], user)
    return ImportResult(len(rows.pending), rows.unchanged, tuple(_in_order(rows.skipped)))


@dataclass
class _Sorting:
    """The rows of an upload sorted: to record, left as downloaded, skipped, or wrong."""

    period: ReportingPeriod
    unit: OrgUnit
    submit: bool
    gone: dict[int, Task]  # tasks of the download the unit no longer reports on
    problems: list[Problem] = field(default_factory=list)
    pending: list[tuple[SheetRow, ProgressUpdate]] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)

    def add(
        self, row: SheetRow, original: Original, task: Task | None, update: ProgressUpdate | None
    ) -> None:
        if row.values == original.values:
            self.unchanged += 1  # as downloaded: the user did not touch it
        elif task is None or update is None:
            text = _(
                "Bỏ qua dòng %(row)d, nhiệm vụ %(task)s: %(unit)s không còn báo cáo nhiệm vụ này "
                "trong kỳ %(period)s."
            )
            label = _label_or_key(self.gone.get(row.task_id), row.task_id)
            values = {"unit": self.unit.display_name, "period": self.period.label}
            self.skipped.append(problem(row.line, text, task=label, **values))
        elif update_stamp(update) != original.stamp:
            self._changed_since(row, task, update)
        elif update.pk and not update.editable:
            self.problems.append(_locked(row, task, update))  # edited though it was locked
        else:
            self._record(row, update)

    def _changed_since(self, row: SheetRow, task: Task, update: ProgressUpdate) -> None:
        """A changed row whose report changed on chiso since the download: a draft that
        already holds the row's values (the same file uploaded again) is left as it is, or
        submitted with `submit`; anything else is newer than the file: the row is skipped."""
        if update.pk and update.state == UpdateState.DRAFT and _values(update) == row.values:
            if self.submit:
                self._record(row, update)
            else:
                self.unchanged += 1
            return
        text = _(
            "Bỏ qua dòng %(row)d, nhiệm vụ %(task)s: báo cáo đã thay đổi trên chiso sau khi tải "
            "tệp về (nay “%(state)s”); tải tệp mới nếu cần sửa tiếp."
        )
        state = update.get_state_display()
        self.skipped.append(problem(row.line, text, task=_task_label(task), state=state))

    def _record(self, row: SheetRow, update: ProgressUpdate) -> None:
        self.problems += _check_values(row)
        self.pending.append((row, update))


def _in_order(found: list[Problem]) -> list[str]:
    return [text for _line, text in sorted(found, key=lambda item: item[0])]


def _values(update: ProgressUpdate) -> tuple[str | None, int | None, str]:
    """An update's values as a row of the sheet holds them."""
    return update.status, update.percent, clean_narrative(update.narrative)


def _recorded_values(row: SheetRow, update: ProgressUpdate) -> dict:
    """The values `actions.record` saves: the row's, and the rest of the update kept."""
    same = clean_narrative(update.narrative) == row.narrative
    return {
        "status": row.status,
        "percent": row.percent,
        "milestone": update.milestone,
        "narrative": update.narrative if same else row.narrative,
        # in the workbook the narrative gives the reason for done below 100 %
        "status_note": update.status_note or row.narrative[:500],
        "target_values": update.target_values,
    }


def _tasks_gone(
    download: Download, tasks: dict[int, Task], period: ReportingPeriod
) -> dict[int, Task]:
    """The tasks of the download that the unit no longer reports on, to name them."""
    gone = download.rows.keys() - tasks.keys()
    if not gone:
        return {}
    return Task.objects.filter(plan_id=period.plan_id).in_bulk(gone)


def _check_tasks(
    rows: list[SheetRow],
    tasks: dict[int, Task],
    download: Download,
    period: ReportingPeriod,
    unit: OrgUnit,
) -> list[Problem]:
    """Rows of tasks the workbook did not hold when downloaded, and tasks given twice."""
    problems: list[Problem] = []
    strangers = {row.task_id for row in rows} - download.rows.keys()
    in_plan = {t.pk: t for t in Task.objects.filter(pk__in=strangers, plan_id=period.plan_id)}
    first: dict[int, int] = {}
    for row in rows:
        if row.task_id in in_plan and row.task_id in tasks:
            text = _(
                "Dòng %(row)d: nhiệm vụ %(task)s không có trong tệp khi tải về; hãy tải tệp mới "
                "để báo cáo nhiệm vụ này."
            )
            problems.append(problem(row.line, text, task=_task_label(in_plan[row.task_id])))
        elif row.task_id in in_plan:
            text = _("Dòng %(row)d: %(unit)s không báo cáo nhiệm vụ %(task)s trong kỳ %(period)s.")
            task = _task_label(in_plan[row.task_id])
            problems.append(
                problem(row.line, text, unit=unit.display_name, task=task, period=period.label)
            )
        elif row.task_id in strangers:
            text = _("Dòng %(row)d, cột Mã nhiệm vụ: kế hoạch không có nhiệm vụ mã %(key)d.")
            problems.append(problem(row.line, text, key=row.task_id))
        elif row.task_id in first:
            text = _("Dòng %(row)d: nhiệm vụ %(task)s đã có ở dòng %(first)d.")
            task = _label_or_key(tasks.get(row.task_id), row.task_id)
            problems.append(problem(row.line, text, task=task, first=first[row.task_id]))
        else:
            first[row.task_id] = row.line
    return problems


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


def _label_or_key(task: Task | None, key: int) -> str:
    return _task_label(task) if task else _("mã %d") % key


def _task_label(task: Task) -> str:
    text = task.text if len(task.text) <= 60 else task.text[:59].rstrip() + "…"
    return f"{task.ordinal} “{text}”".strip()
