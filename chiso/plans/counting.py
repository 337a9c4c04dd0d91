"""Counts of tasks by state, in SQL: over `TaskTally` rows (weighted by their `tasks`) or
or over tasks alike, one conditional sum per state and flag of `chiso.plans.state`."""

import datetime
from dataclasses import dataclass
from dataclasses import fields as fields_of

from django.db.models import Expression, Q, QuerySet, Sum, Value

from . import state
from .models import TaskTally
from .rollup import completion_sql
from .state import TaskState


@dataclass(slots=True)
class TaskCounts:
    """How many tasks are in each state; `done` holds done late too. The states add up to
    `total`; `at_risk` and `due_soon` are flags on open tasks."""

    total: int = 0
    done: int = 0
    done_late: int = 0
    late: int = 0
    blocked: int = 0
    in_progress: int = 0
    not_started: int = 0
    at_risk: int = 0
    due_soon: int = 0
    percent_sum: int = 0

    def __add__(self, other: "TaskCounts") -> "TaskCounts":
        # Field by field, written out: pages add thousands of these.
        return TaskCounts(
            self.total + other.total,
            self.done + other.done,
            self.done_late + other.done_late,
            self.late + other.late,
            self.blocked + other.blocked,
            self.in_progress + other.in_progress,
            self.not_started + other.not_started,
            self.at_risk + other.at_risk,
            self.due_soon + other.due_soon,
            self.percent_sum + other.percent_sum,
        )

    @property
    def percent(self) -> int | None:
        """Mean completion of the tasks (see `chiso.plans.rollup`)."""
        return round(self.percent_sum / self.total) if self.total else None

    @property
    def open(self) -> int:
        return self.total - self.done - self.late

    @property
    def label(self) -> str:
        """ "75% (3/4)": the completion and done of total."""
        return f"{self.percent}% ({self.done}/{self.total})"


def count_states(rows: QuerySet, today: datetime.date) -> TaskCounts:
    """The counts of `rows`: TaskTally rows, or tasks."""
    return _counts(rows.aggregate(**_sums(rows, today)))


def count_states_by(rows: QuerySet, today: datetime.date, *keys: str | Expression) -> list[tuple]:
    """(the value of each key…, TaskCounts) for each group of `rows`, counted in SQL: one
    conditional sum per state and flag (`chiso.plans.state`), one row per group. A key is a
    field name or an SQL expression."""
    named = {(key if isinstance(key, str) else f"_key{i}"): key for i, key in enumerate(keys)}
    grouped = (
        rows.annotate(**{name: key for name, key in named.items() if not isinstance(key, str)})
        .values(*named)
        .annotate(**_sums(rows, today))
        .order_by()
    )
    return [(*(row[name] for name in named), _counts(row)) for row in grouped]


def _sums(rows: QuerySet, today: datetime.date) -> dict[str, Sum]:
    """The aggregates behind TaskCounts, over TaskTally rows (weighted) or tasks."""
    weight = "tasks" if rows.model is TaskTally else Value(1)
    percent = "percent_sum" if rows.model is TaskTally else completion_sql()
    sums = {"_percent_sum": Sum(percent)}
    for name, condition in _conditions(today).items():
        sums[f"_{name}"] = Sum(weight, filter=condition) if condition is not None else Sum(weight)
    return sums


def _counts(row: dict) -> TaskCounts:
    return TaskCounts(*(row[key] or 0 for key in _KEYS))


def _conditions(today: datetime.date) -> dict[str, Q | None]:
    """The condition each count of TaskCounts sums over (None: every row)."""
    return {
        "total": None,
        "done": state.done(),
        "done_late": Q(status=TaskState.DONE_LATE),
        "late": state.late(today),
        "blocked": state.in_state(TaskState.BLOCKED, today),
        "in_progress": state.in_state(TaskState.IN_PROGRESS, today),
        "not_started": state.in_state(TaskState.NOT_STARTED, today),
        "at_risk": state.at_risk(today),
        "due_soon": state.due_soon(today),
    }


_COUNTED = [f.name for f in fields_of(TaskCounts)]
_KEYS = [f"_{name}" for name in _COUNTED]
