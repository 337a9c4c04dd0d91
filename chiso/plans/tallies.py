"""Counts of tasks by state, read from the summary rows (`TaskTally`) or from tasks alike:
of a unit, of a plan, of a parent task's copies in the units' own plans.

"A unit's tasks" has one meaning: the counted tasks (`TaskQuerySet.counted`) of a year led by
the unit or a unit below it; the tasks it coordinates are counted apart, as such.
"""

import datetime
from dataclasses import dataclass
from dataclasses import fields as fields_of

from django.db.models import Expression, Q, QuerySet, Sum, Value

from chiso.frameworks.models import field_code, index_rank
from chiso.org.models import OrgUnit, in_subtree

from . import state
from .models import Task, TaskQuerySet, TaskRole, TaskTally
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
        return TaskCounts(*(getattr(self, n) + getattr(other, n) for n in _COUNTED))

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


def unit_tallies(
    unit: OrgUnit | None, year: int, role: str | None = TaskRole.LEAD
) -> QuerySet[TaskTally]:
    """The summary rows of a unit's tasks of `year` (led, or coordinated with `role`; both
    with None), its divisions' included; of every unit's when `unit` is None."""
    rows = TaskTally.objects.filter(year=year, counted=True)
    if role is not None:
        rows = rows.filter(role=role)
    if unit is None:
        return rows
    return rows.filter(unit_id__in=OrgUnit.objects.filter(in_subtree(unit)).values("pk"))


@dataclass
class UnitFigures:
    """A unit's tasks of a year by state: those it leads (all, by index, by field) and those
    it coordinates."""

    counts: TaskCounts
    coordinated: TaskCounts
    by_index: dict[str, TaskCounts]  # index code (PAR…) → counts, rows with a component
    by_field: dict[str, TaskCounts]  # field code (PAR.1…) → counts, in framework order


def unit_figures(unit: OrgUnit | None, year: int, today: datetime.date) -> UnitFigures:
    """`UnitFigures` from one scan of the unit's summary rows, grouped by role and field."""
    rows = unit_tallies(unit, year, role=None)
    keys = ("role", "component__framework__code", field_code())
    figures = UnitFigures(TaskCounts(), TaskCounts(), {}, {})
    for role, index, field, counts in count_states_by(rows, today, *keys):
        if role == TaskRole.COORDINATOR:
            figures.coordinated += counts
            continue
        figures.counts += counts
        if field is not None:
            figures.by_index[index] = figures.by_index.get(index, TaskCounts()) + counts
            figures.by_field[field] = figures.by_field.get(field, TaskCounts()) + counts
    figures.by_index = dict(sorted(figures.by_index.items()))
    figures.by_field = dict(sorted(figures.by_field.items(), key=lambda kv: field_order(kv[0])))
    return figures


def unit_tasks(unit: OrgUnit | None, year: int) -> TaskQuerySet:
    """The tasks `unit_tallies` counts, as tasks."""
    tasks = Task.objects.counted().filter(plan__year=year)
    return tasks if unit is None else tasks.led_within(unit)


def field_order(code: str) -> tuple:
    index, _, number = code.partition(".")
    return (index_rank(index), int(number) if number.isdigit() else 0)


def attach_task_counts(plans: list, today: datetime.date) -> list:
    """Set `counts` (TaskCounts of all its tasks) on each plan, from the summary rows."""
    rows = TaskTally.objects.filter(plan__in=[p.pk for p in plans], role=TaskRole.LEAD)
    found = {pk: counts for pk, counts in count_states_by(rows, today, "plan_id")}
    for plan in plans:
        plan.counts = found.get(plan.pk, TaskCounts())
    return plans


def plan_counts(plan, today: datetime.date) -> TaskCounts:
    return count_states(TaskTally.objects.filter(plan=plan, role=TaskRole.LEAD), today)


def attach_child_counts(tasks: list, today: datetime.date) -> list:
    """Set `child_counts` on each task: its copies in the units' own plans, by state."""
    children = Task.objects.filter(parent_task__in=[t.pk for t in tasks])
    found = {pk: counts for pk, counts in count_states_by(children, today, "parent_task_id")}
    for task in tasks:
        task.child_counts = found.get(task.pk)
    return tasks
