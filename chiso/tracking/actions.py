"""Changes to progress that span several rows, each one atomic: record, submit, review,
correct. Views validate input; these make the change."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.org.access import can_change_unit
from chiso.org.models import OrgUnit
from chiso.plans.models import Task, TaskStatus
from chiso.plans.state import DONE_STATUSES

from .models import (
    EventKind,
    Evidence,
    NoticeKind,
    ProgressUpdate,
    ReportingPeriod,
    UpdateEvent,
    UpdateState,
)
from .notices import notify_step

EVIDENCE_SUFFIXES = (
    ".pdf",
    ".doc",
    ".docx",
    ".odt",
    ".xls",
    ".xlsx",
    ".ods",
    ".png",
    ".jpg",
    ".jpeg",
    ".zip",
)
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def reason_missing(status: str, percent: int | None, narrative: str, note: str) -> str:
    """What the unit must still say, or "": a blocked task says what blocks it (in the
    narrative); a task done below 100 % says why (in the note)."""
    if status == TaskStatus.BLOCKED and not (narrative or "").strip():
        return _("Nêu rõ vướng mắc khi chọn “Vướng mắc”.")
    done = status in DONE_STATUSES
    if done and percent is not None and percent < 100 and not (note or "").strip():
        return _("Hoàn thành khi chưa đạt 100%: cần ghi lý do.")
    return ""


def current_update(task: Task, period: ReportingPeriod, unit: OrgUnit) -> ProgressUpdate:
    """The latest version of the unit's update, or a new unsaved draft."""
    found = (
        ProgressUpdate.objects.filter(task=task, period=period, unit=unit)
        .order_by("-version")
        .first()
    )
    return found or ProgressUpdate(task=task, period=period, unit=unit)


def check_evidence(upload) -> None:
    """Refuse a file of the wrong type or size, naming it."""
    name = upload.name
    if not name.lower().endswith(EVIDENCE_SUFFIXES):
        raise ValidationError(
            _("Tệp “%(name)s”: chỉ nhận %(kinds)s.")
            % {"name": name, "kinds": ", ".join(EVIDENCE_SUFFIXES)}
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%s” trống.") % name)
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” lớn hơn %(mb)d MB.")
            % {"name": name, "mb": EVIDENCE_MAX_BYTES // 1024 // 1024}
        )


@transaction.atomic
def record(
    update: ProgressUpdate, values: dict, files, user, *, submit: bool, notify: bool = True
) -> ProgressUpdate:
    """Save what the unit reports, attach the files, and submit it when asked (without
    `notify`, the caller tells the reviewers itself: an Excel upload sends one notice)."""
    if update.pk and not update.editable:
        raise PermissionDenied(_("Báo cáo đã gửi hoặc đã duyệt, không sửa được."))
    for field in ("status", "percent", "milestone", "narrative", "target_values"):
        setattr(update, field, values[field])
    update.status_note = values.get("status_note", "")
    update.delay_cause = values.get("delay_cause", update.delay_cause)
    returned = update.state == UpdateState.RETURNED
    if submit:
        update.state = UpdateState.SUBMITTED
        update.submitted_by, update.submitted_at = user, timezone.now()
    update.save()
    if submit:
        kind = EventKind.RESUBMITTED if returned else EventKind.SUBMITTED
        _step(update, kind, user, notify=notify)
    for upload in files:
        Evidence.objects.create(
            update=update,
            file=upload,
            name=upload.name[:255],
            size=upload.size,
            uploaded_by=user,
        )
    return update


@transaction.atomic
def approve(update: ProgressUpdate, user, comment: str = "") -> ProgressUpdate:
    """Lock the update; the lead unit's approved update sets the task's status and percent."""
    _require(update, UpdateState.SUBMITTED)
    update.state = UpdateState.APPROVED
    update.reviewed_by, update.reviewed_at = user, timezone.now()
    update.review_comment = comment
    update.save()
    _step(update, EventKind.APPROVED, user, comment)
    task = update.task
    if update.unit_id == task.lead_id:
        reported_on = (update.submitted_at or timezone.now()).date()
        task.status = _task_status(update.status, task, reported_on)
        task.manual_percent = update.percent
        task.status_note = update.status_note
        task.save()
    return update


@transaction.atomic
def send_back(update: ProgressUpdate, user, comment: str) -> ProgressUpdate:
    """Return the update to the unit with the reason."""
    if not comment.strip():
        raise ValidationError(_("Cần ghi lý do trả lại."))
    _require(update, UpdateState.SUBMITTED)
    update.state = UpdateState.RETURNED
    update.reviewed_by, update.reviewed_at = user, timezone.now()
    update.review_comment = comment.strip()
    update.save()
    _step(update, EventKind.RETURNED, user, update.review_comment)
    return update


@transaction.atomic
def correct(update: ProgressUpdate, user) -> ProgressUpdate:
    """A new draft version of an approved update; the approved one stays as it was."""
    _require(update, UpdateState.APPROVED)
    if hasattr(update, "superseded_by"):
        raise ValidationError(_("Báo cáo này đã có phiên bản sửa đổi."))
    latest = ProgressUpdate.objects.filter(
        task=update.task, period=update.period, unit=update.unit
    ).aggregate(top=Max("version"))["top"]
    draft = ProgressUpdate.objects.create(
        task=update.task,
        period=update.period,
        unit=update.unit,
        version=latest + 1,
        supersedes=update,
        status=update.status,
        percent=update.percent,
        milestone=update.milestone,
        narrative=update.narrative,
        status_note=update.status_note,
        delay_cause=update.delay_cause,
        target_values=update.target_values,
    )
    UpdateEvent.objects.create(
        update=draft, kind=EventKind.CORRECTION, actor=user, at=draft.created_at
    )
    return draft


def _step(
    update: ProgressUpdate, kind: str, user, comment: str = "", *, notify: bool = True
) -> None:
    """Keep the step in the update's timeline and tell those it concerns."""
    at = update.reviewed_at if kind in (EventKind.APPROVED, EventKind.RETURNED) else None
    UpdateEvent.objects.create(
        update=update, kind=kind, actor=user, at=at or update.submitted_at, comment=comment
    )
    if notify:
        notify_step(update, _NOTICE[kind], user, comment)


_NOTICE = {
    EventKind.SUBMITTED: NoticeKind.SUBMITTED,
    EventKind.RESUBMITTED: NoticeKind.SUBMITTED,
    EventKind.RETURNED: NoticeKind.RETURNED,
    EventKind.APPROVED: NoticeKind.APPROVED,
}


def _require(update: ProgressUpdate, state: str) -> None:
    if update.state != state:
        raise ValidationError(_("Báo cáo đang ở trạng thái “%s”.") % update.get_state_display())


def _task_status(reported: str, task: Task, reported_on: datetime.date) -> str:
    """Done, reported after the deadline, is done late whatever the unit chose."""
    if reported == TaskStatus.DONE and task.deadline_date and task.deadline_date < reported_on:
        return TaskStatus.DONE_LATE
    return reported


def can_correct(user, update: ProgressUpdate) -> bool:
    """Whoever may report for the unit may open a correction of its approved update."""
    return can_change_unit(user, update.unit)
