"""A task's state as of a date: the one definition every page, report, command and API uses.

A task is in exactly one state:

- **done** / **done late**: its status, set by an approved progress update of its lead unit
  (done after the deadline is done late) or by an audited correction of the plan's owner;
- **late**: not done, and its deadline has passed, or a report it owed is past its due date
  and its lead unit has not sent it (`late_from`, kept on write by `chiso.tracking`);
- **blocked**, **in progress**, **not started**: the status its lead unit last had approved.

Beside the state, two flags on the tasks that are not done and not late:

- **at risk**: blocked; or not started within `soon` days of its deadline; or a target of
  the task whose latest actual is below its threshold (`behind`, kept on write);
- **due soon**: the deadline falls within `soon` days.

The conditions are written on the fields `status`, `deadline_date`, `late_from` and
`behind`, which tasks and the summary rows (`chiso.tracking.summaries`) both carry, so that a
count over the summary and a list of tasks always agree.
"""

import datetime

from django.db import models
from django.db.models import BooleanField, Case, CharField, Q, Value, When
from django.utils.translation import gettext_lazy as _

DUE_SOON_DAYS = 14


class TaskState(models.TextChoices):
    DONE = "done", _("Hoàn thành")
    DONE_LATE = "done_late", _("Hoàn thành muộn")
    LATE = "late", _("Quá hạn")
    BLOCKED = "blocked", _("Vướng mắc")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    NOT_STARTED = "not_started", _("Chưa thực hiện")


DONE_STATUSES = (TaskState.DONE, TaskState.DONE_LATE)
# Bootstrap badge of each state, for every template that shows one.
BADGES = {
    TaskState.DONE: "text-bg-success",
    TaskState.DONE_LATE: "text-bg-success",
    TaskState.LATE: "text-bg-danger",
    TaskState.BLOCKED: "text-bg-warning",
    TaskState.IN_PROGRESS: "text-bg-primary",
    TaskState.NOT_STARTED: "text-bg-light border",
}


def done() -> Q:
    return Q(status__in=DONE_STATUSES)


def late(today: datetime.date) -> Q:
    return ~done() & Q(late_from__lte=today)


def open_on(today: datetime.date) -> Q:
    """Neither done nor late."""
    return ~done() & (Q(late_from__isnull=True) | Q(late_from__gt=today))


def due_soon(today: datetime.date, soon: int = DUE_SOON_DAYS) -> Q:
    return open_on(today) & Q(
        deadline_date__gte=today, deadline_date__lte=today + datetime.timedelta(days=soon)
    )


def at_risk(today: datetime.date, soon: int = DUE_SOON_DAYS) -> Q:
    starting_late = Q(status=TaskState.NOT_STARTED) & due_soon(today, soon)
    return open_on(today) & (Q(status=TaskState.BLOCKED) | Q(behind=True) | starting_late)


def in_state(state: str, today: datetime.date) -> Q:
    """The condition for one state."""
    if state == TaskState.LATE:
        return late(today)
    if state in DONE_STATUSES:
        return Q(status=state)
    return open_on(today) & Q(status=state)


def state_expression(today: datetime.date) -> Case:
    """The state of each row, as an SQL expression."""
    return Case(
        When(done(), then="status"),
        When(late(today), then=Value(TaskState.LATE)),
        default="status",
        output_field=CharField(),
    )


def flag(condition: Q) -> Case:
    """A condition as a boolean column (NULL comparisons read as false)."""
    return Case(When(condition, then=True), default=False, output_field=BooleanField())
