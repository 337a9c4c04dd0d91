"""A unit's tasks at a glance, for the home page and the unit page: counts by state of the
tasks it leads and of those it coordinates, and the first late and soon-due ones."""

import datetime

from chiso.org.models import OrgUnit

from . import state
from .tallies import figures_of, unit_figures, unit_tasks

# What a short list of tasks shows (`web/_task_mini_list.html`).
MINI_LIST_FIELDS = (
    "plan_id",
    "text",
    "deadline_kind",
    "deadline_date",
    "lead__name",
    "lead__short_name",
)


def task_overview(unit: OrgUnit | None, year: int, today: datetime.date, *, shown: int) -> dict:
    """`unit` None: every unit's."""
    # A unit that leads most of the year's tasks finds its first ones faster in deadline
    # order than through the index of its units.
    if unit is None or unit.parent_id is None:  # the province: all of them
        figures, broad = unit_figures(unit, year, today), True
    else:
        found = figures_of([unit, None], year, today)
        figures = found[unit.pk]
        broad = figures.counts.total * 4 > found[None].counts.total
    tasks = unit_tasks(unit, year, indexed=not broad)
    tasks = tasks.select_related("lead").only(*MINI_LIST_FIELDS).order_by("deadline_date", "pk")
    return {
        "year": year,
        "figures": figures,
        "counts": figures.counts,
        "coordinated": figures.coordinated,
        "late_tasks": list(tasks.late(today)[:shown]),
        "due_tasks": list(tasks.due_soon(today)[:shown]),
        "due_days": state.DUE_SOON_DAYS,
    }
