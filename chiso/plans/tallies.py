"""Counts of tasks by state: of a unit (from its branch rows, `chiso.plans.branch_tallies`,
or the summary rows `TaskTally`), of a plan, of a parent task's copies in the units' plans.

"A unit's tasks" has one meaning: the counted tasks (`TaskQuerySet.counted`) of a year led by
the unit or a unit below it; the tasks it coordinates are counted apart, as such.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from chiso.frameworks.models import field_code, index_rank
from chiso.org.models import OrgUnit, in_subtree

from . import branch_tallies
from .counting import TaskCounts, count_states_by
from .models import Task, TaskQuerySet, TaskRole, TaskTally


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
    """`UnitFigures` from the unit's branch rows, or one scan of its summary rows grouped by
    role and field when the branch rows do not count as of `today`."""
    return figures_of([unit], year, today)[unit.pk if unit else None]


def figures_of(
    units: list[OrgUnit | None], year: int, today: datetime.date
) -> dict[int | None, UnitFigures]:
    """`unit_figures` of each of `units` (None: the province), by unit id: their branch rows
    read at once."""
    ids = [unit.pk if unit else None for unit in units]
    rows = branch_tallies.read(ids, year, today)
    if rows is None:
        keys = ("role", "component__framework__code", field_code())
        rows = [
            (unit_id, role, index or "", field or "", c)
            for unit, unit_id in zip(units, ids, strict=True)
            for role, index, field, c in count_states_by(
                unit_tallies(unit, year, role=None), today, *keys
            )
        ]
    found = {unit_id: UnitFigures(TaskCounts(), TaskCounts(), {}, {}) for unit_id in ids}
    for unit_id, role, index, field, counts in rows:
        figures = found[unit_id]
        if role == TaskRole.COORDINATOR:
            figures.coordinated += counts
            continue
        figures.counts += counts
        if field:
            figures.by_index[index] = figures.by_index.get(index, TaskCounts()) + counts
            figures.by_field[field] = figures.by_field.get(field, TaskCounts()) + counts
    for figures in found.values():
        figures.by_index = dict(sorted(figures.by_index.items()))
        figures.by_field = dict(sorted(figures.by_field.items(), key=lambda kv: field_order(kv[0])))
    return found


def unit_tasks(unit: OrgUnit | None, year: int, indexed: bool = True) -> TaskQuerySet:
    """The tasks `unit_tallies` counts, as tasks (`indexed`: see `org.models.in_subtree`)."""
    tasks = Task.objects.counted().filter(plan__year=year)
    return tasks if unit is None else tasks.led_within(unit, indexed)


def field_order(code: str) -> tuple:
    index, _, number = code.partition(".")
    return (index_rank(index), int(number) if number.isdigit() else 0)


def attach_task_counts(plans: list, today: datetime.date) -> list:
    """Set `counts` (TaskCounts of all its tasks) on each plan, from the plan rows (or the
    summary rows for another day than the kept one)."""
    found = branch_tallies.read_plans([p.pk for p in plans], today)
    if found is None:
        rows = TaskTally.objects.filter(plan__in=[p.pk for p in plans], role=TaskRole.LEAD)
        found = {pk: counts for pk, counts in count_states_by(rows, today, "plan_id")}
    for plan in plans:
        plan.counts = found.get(plan.pk, TaskCounts())
    return plans


def plan_counts(plan, today: datetime.date) -> TaskCounts:
    return attach_task_counts([plan], today)[0].counts


def attach_child_counts(tasks: list, today: datetime.date) -> list:
    """Set `child_counts` on each task: its copies in the units' own plans, by state."""
    children = Task.objects.filter(parent_task__in=[t.pk for t in tasks])
    found = {pk: counts for pk, counts in count_states_by(children, today, "parent_task_id")}
    for task in tasks:
        task.child_counts = found.get(task.pk)
    return tasks
