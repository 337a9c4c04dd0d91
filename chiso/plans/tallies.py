"""Counts of tasks by state, read from the summary rows (`TaskTally`) or from tasks alike:
of a unit, of a plan, of a parent task's copies in the units' own plans.

"A unit's tasks" has one meaning: the counted tasks (`TaskQuerySet.counted`) of a year led by
the unit or a unit below it; the tasks it coordinates are counted apart, as such.
"""

import datetime
from dataclasses import dataclass
from dataclasses import fields as fields_of

from django.db.models import Count, QuerySet, Sum

from chiso.frameworks.models import Component, index_rank
from chiso.org.models import OrgUnit, in_subtree

from . import state
from .models import Task, TaskQuerySet, TaskRole, TaskTally
from .rollup import completion_sql
from .state import TaskState


@dataclass(frozen=True)
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
        # field by field: dataclasses.astuple deep-copies, which a heatmap's cells feel
        mine, theirs = self.__dict__, other.__dict__
        return TaskCounts(**{name: mine[name] + theirs[name] for name in mine})

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
    found = count_states_by(rows, today)
    return found[0][0] if found else TaskCounts()


def count_states_by(rows: QuerySet, today: datetime.date, *fields: str) -> list[tuple]:
    """(the values of `fields`…, TaskCounts) for each group of `rows`: grouped in SQL by
    `fields` and by each row's state and flags (`chiso.plans.state`), folded here."""
    weighted = rows.model is TaskTally
    grouped = (
        rows.annotate(
            _state=state.state_expression(today),
            _risk=state.flag(state.at_risk(today)),
            _soon=state.flag(state.due_soon(today)),
        )
        .values(*fields, "_state", "_risk", "_soon")
        .annotate(
            _n=Sum("tasks") if weighted else Count("pk"),
            _pct=Sum("percent_sum") if weighted else Sum(completion_sql()),
        )
        .order_by()
    )
    folded: dict[tuple, dict[str, int]] = {}
    for row in grouped:
        key = tuple(row[name] for name in fields)
        counts = folded.setdefault(key, dict.fromkeys(_COUNTED, 0))
        n, name = row["_n"] or 0, row["_state"]
        counts["total"] += n
        counts["percent_sum"] += row["_pct"] or 0
        counts["done" if name in state.DONE_STATUSES else name] += n
        counts["done_late"] += n if name == TaskState.DONE_LATE else 0
        counts["at_risk"] += n if row["_risk"] else 0
        counts["due_soon"] += n if row["_soon"] else 0
    return [(*key, TaskCounts(**counts)) for key, counts in folded.items()]


_COUNTED = [f.name for f in fields_of(TaskCounts)]


def unit_tallies(unit: OrgUnit | None, year: int, role: str = TaskRole.LEAD) -> QuerySet[TaskTally]:
    """The summary rows of a unit's tasks of `year` (led, or coordinated with `role`), its
    divisions' included; of every unit's when `unit` is None."""
    rows = TaskTally.objects.filter(year=year, role=role, counted=True)
    if unit is None:
        return rows
    return rows.filter(unit_id__in=OrgUnit.objects.filter(in_subtree(unit)).values("pk"))


def unit_tasks(unit: OrgUnit | None, year: int) -> TaskQuerySet:
    """The tasks `unit_tallies` counts, as tasks."""
    tasks = Task.objects.counted().filter(plan__year=year)
    return tasks if unit is None else tasks.led_within(unit)


def by_field(rows: QuerySet, today: datetime.date) -> dict[str, TaskCounts]:
    """Counts per top-level index field (PAR.1…), in framework order; rows without a
    component left out."""
    tops = top_field_codes()
    fields: dict[str, TaskCounts] = {}
    for component, counts in count_states_by(rows.exclude(component=None), today, "component_id"):
        code = tops[component]
        fields[code] = fields.get(code, TaskCounts()) + counts
    return dict(sorted(fields.items(), key=lambda kv: field_order(kv[0])))


def field_order(code: str) -> tuple:
    index, _, number = code.partition(".")
    return (index_rank(index), int(number) if number.isdigit() else 0)


def top_field_codes() -> dict[int, str]:
    """Each component's top-level field code (PAR.3, SIPAS.1…), by component id."""
    parents = dict(Component.objects.values_list("pk", "parent_id"))
    codes = dict(Component.objects.values_list("pk", "code"))

    def top(pk: int) -> str:
        while parents.get(pk):
            pk = parents[pk]
        return codes[pk]

    return {pk: top(pk) for pk in codes}


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
