"""The figures of a report, as data: what `chiso report --json` prints, what a submitted report
keeps in its snapshot, and what a compilation adds up.

    {"unit": "sxd", "period": "2025-H1",
     "tasks": {"PAR.3": {"total": 4, "done": 1, "late": 1}, …},
     "indicators": {"on_time": {"numerator": 95, "denominator": 100, "value": "95.00"}, …}}

Tasks are the unit's tasks of the period's year (those its home and unit pages count) in their
state at the end of the period, by the index field they sit under ("other" for tasks under
none); done counts those done late too. Indicators are the unit's service indicator values of
the period's own code. A compilation adds up numerators and denominators and recomputes the
value: never an average of percentages.
"""

import datetime
from collections.abc import Iterable

from chiso.frameworks.models import Component, field_code
from chiso.indicators.catalog import INDICATORS, percent
from chiso.metrics.models import IndicatorValue
from chiso.org.models import OrgUnit
from chiso.plans.state import DONE_STATUSES, TaskState
from chiso.plans.tallies import unit_tasks
from chiso.tracking.models import ReportingPeriod

OTHER = "other"  # the key of tasks under no index field
OTHER_NAME = "Nhiệm vụ khác"  # as the report's sections name them


def as_of(period: ReportingPeriod, today: datetime.date) -> datetime.date:
    """The day a report's task states are read on: the end of the period, or today if sooner."""
    return min(today, period.data_to + datetime.timedelta(days=1))


def unit_figures(unit: OrgUnit, period: ReportingPeriod, today: datetime.date) -> dict:
    """The figures of `unit`'s own report for `period`, written on `today`."""
    rows = (
        unit_tasks(unit, period.plan.year)
        .with_state(as_of(period, today))
        .annotate(field=field_code())
        .values_list("field", "state")
    )
    tasks: dict[str, dict[str, int]] = {}
    for field, state in rows:
        counts = tasks.setdefault(field or OTHER, {"total": 0, "done": 0, "late": 0})
        counts["total"] += 1
        counts["done"] += state in DONE_STATUSES
        counts["late"] += state == TaskState.LATE
    values = IndicatorValue.objects.filter(unit=unit, period=period.code).order_by("indicator")
    indicators = {
        v.indicator: _indicator(v.numerator, v.denominator)
        for v in values.only("indicator", "numerator", "denominator")
    }
    return {
        "unit": unit.code,
        "period": period.code,
        "tasks": dict(sorted(tasks.items())),
        "indicators": indicators,
    }


def add_up(unit: OrgUnit, period: ReportingPeriod, parts: Iterable[dict]) -> dict:
    """The figures of `unit`'s compiled report: the sums of `parts` (its units' submitted
    figures), the indicator values recomputed from the summed numerators and denominators."""
    tasks: dict[str, dict[str, int]] = {}
    sums: dict[str, list[int]] = {}
    for part in parts:
        for field, counts in part.get("tasks", {}).items():
            into = tasks.setdefault(field, {"total": 0, "done": 0, "late": 0})
            for key in into:
                into[key] += int(counts.get(key, 0))
        for code, value in part.get("indicators", {}).items():
            into = sums.setdefault(code, [0, 0])
            into[0] += int(value["numerator"])
            into[1] += int(value["denominator"])
    return {
        "unit": unit.code,
        "period": period.code,
        "tasks": dict(sorted(tasks.items())),
        "indicators": {code: _indicator(n, d) for code, (n, d) in sorted(sums.items())},
    }


def _indicator(numerator: int, denominator: int) -> dict:
    value = percent(numerator, denominator)
    return {
        "numerator": numerator,
        "denominator": denominator,
        "value": None if value is None else f"{value:f}",
    }


def field_rows(figures: dict) -> list[dict]:
    """The task counts of `figures` by index field, each with its field's name."""
    counts = figures.get("tasks", {})
    names = dict(
        Component.objects.filter(code__in=list(counts), parent=None)
        .order_by("framework__year")
        .values_list("code", "name")
    )
    return [
        {"code": code, "name": names.get(code, OTHER_NAME), **values}
        for code, values in counts.items()
    ]


def indicator_rows(figures: dict) -> list[dict]:
    """The indicator values of `figures`, each with its indicator's name."""
    return [
        {"code": code, "name": str(INDICATORS[code].name) if code in INDICATORS else code, **v}
        for code, v in figures.get("indicators", {}).items()
    ]


def task_totals(figures: dict) -> dict[str, int]:
    """The task counts of `figures` over every field."""
    found = {"total": 0, "done": 0, "late": 0}
    for counts in figures.get("tasks", {}).values():
        for key in found:
            found[key] += int(counts.get(key, 0))
    return found
