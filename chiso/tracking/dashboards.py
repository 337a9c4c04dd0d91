"""Figures for the dashboards: completion by component, the province heatmap, who has not
reported, the trend over periods, targets against their thresholds. Aggregates run in SQL;
Python only folds the grouped rows."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.urls import reverse
from django.utils.safestring import mark_safe

from chiso.frameworks.models import Component, field_code
from chiso.org.models import OrgUnit, UnitKind, child_path, under_paths
from chiso.plans import branch_tallies
from chiso.plans.counting import TaskCounts, count_states_by
from chiso.plans.models import Plan, TaskRole
from chiso.plans.tallies import field_order, unit_tallies

from .models import PeriodTally, ReportingPeriod
from .schedule import current_period, ensure_periods

KIND_ORDER = {UnitKind.DEPARTMENT: 0, UnitKind.DISTRICT: 1, UnitKind.COMMUNE: 2}


@dataclass(frozen=True)
class UnitRef:
    """What a dashboard row shows of a unit."""

    pk: int
    kind: str
    display_name: str

    @classmethod
    def rows(cls, units) -> list[tuple["UnitRef", int, str, str]]:
        """(UnitRef, order, name, path) of each unit of a queryset, without model instances:
        a province has hundreds of communes."""
        found = units.values_list("pk", "kind", "short_name", "name", "order", "path")
        return [
            (cls(pk, kind, short or name), order, name, path)
            for pk, kind, short, name, order, path in found
        ]

    @property
    def url(self) -> str:  # only the rows shown ask for it
        return reverse("org:unit", args=[self.pk])


@dataclass
class Heatmap:
    units: list[UnitRef]
    fields: list[Component]
    cells: dict[tuple[int, str], TaskCounts] = field(default_factory=dict)  # (unit id, field)
    totals: dict[int, TaskCounts] = field(default_factory=dict)  # every task of the unit

    def cell(self, unit_pk: int, code: str) -> TaskCounts | None:
        return self.cells.get((unit_pk, code))

    def rows(self):
        """(unit, its cells as table cells, its total) for each unit: the cells are written
        here, not by the template, since a page holds a thousand of them (a label is digits
        and signs only, nothing to escape)."""
        for unit in self.units:
            cells = (self.cell(unit.pk, f.code) for f in self.fields)
            html = "".join(f'<td class="text-end">{c.label if c else "—"}</td>' for c in cells)
            yield unit, mark_safe(html), self.totals.get(unit.pk)

    @property
    def height(self) -> int:
        """Chart height in pixels: room for every unit's name."""
        return max(320, 22 * len(self.units) + 90)

    def chart_data(self) -> dict:
        return {
            "units": [u.display_name for u in self.units],
            "fields": [f.code for f in self.fields],
            "names": [f.name for f in self.fields],
            "values": [
                [x, y, cell.percent]
                for y, unit in enumerate(self.units)
                for x, f in enumerate(self.fields)
                if (cell := self.cell(unit.pk, f.code)) and cell.total
            ],
        }


def heatmap_units(root: OrgUnit, day: datetime.date) -> list[UnitRef]:
    """The units right below `root` a heatmap has a row for (departments, communes…)."""
    children = root.children.active_on(day).exclude(kind__in=[UnitKind.DIVISION, UnitKind.EXTERNAL])
    rows = sorted(UnitRef.rows(children), key=lambda r: (KIND_ORDER.get(r[0].kind, 9), *r[1:3]))
    return [ref for ref, *_rest in rows]


def province_heatmap(
    root: OrgUnit, year: int, day: datetime.date, units: list[UnitRef] | None = None
) -> Heatmap:
    """`units` (all of `heatmap_units` when None) × the index fields of any task of the
    year below `root`: each unit's tasks (`chiso.plans.tallies.unit_tallies`), its
    divisions' included. Read from the branch rows, or the summary rows for another day."""
    units = heatmap_units(root, day) if units is None else units
    rows = branch_tallies.read([root.pk, *(u.pk for u in units)], year, day, TaskRole.LEAD)
    if rows is None:
        rows = _branch_rows(root, year, day, units)
    heat = Heatmap(units=units, fields=_fields({r[3] for r in rows if r[0] == root.pk}))
    for unit, _role, _index, code, counts in rows:
        if unit == root.pk:
            continue
        heat.totals[unit] = heat.totals[unit] + counts if unit in heat.totals else counts
        if code:  # one row per unit and field
            heat.cells[(unit, code)] = counts
    return heat


def _branch_rows(root: OrgUnit, year: int, day: datetime.date, units: list[UnitRef]) -> list:
    """The rows `branch_tallies.read` gives, counted from the summary rows as of `day`."""
    tallies = unit_tallies(root, year)
    by_path = {_branch_path(root, unit): unit.pk for unit in units}
    shown = tallies.filter(under_paths(list(by_path), "unit__path"))
    branch = child_path(root, "unit__path")
    rows = [
        (root.pk, TaskRole.LEAD, "", code or "", counts)
        for code, counts in count_states_by(tallies, day, field_code())
    ]
    for path, code, counts in count_states_by(shown, day, branch, field_code()):
        rows.append((by_path[path], TaskRole.LEAD, "", code or "", counts))
    return rows


def _branch_path(root: OrgUnit, unit: UnitRef) -> str:
    """The path of a unit right below `root`: what `org.models.child_path` groups rows by."""
    return f"{root.path}{unit.pk}/"


def _fields(codes: set[str]) -> list[Component]:
    """The fields (level 1) of these codes, in framework order; the newest framework's
    name for each code."""
    chosen: dict[str, Component] = {}
    fields = Component.objects.filter(level=1, code__in=codes - {""}).only("code", "name")
    for component in fields.order_by("framework__year"):
        chosen[component.code] = component
    return sorted(chosen.values(), key=lambda c: field_order(c.code))


@dataclass
class Reporting:
    plan: Plan | None
    period: ReportingPeriod | None
    missing: list[tuple[UnitRef, int, int]]  # unit, tasks owed, tasks not reported
    trend: list[tuple[ReportingPeriod, int, int]]  # period, owed, approved


def provincial_reporting(
    root: OrgUnit, year: int, today: datetime.date, units: list[UnitRef] | None = None
) -> Reporting:
    """For the province's plan of the year: who of `units` (the heatmap's, when None) has not
    reported this period (the task reports their lead units owe and have not sent), and the
    share approved per period."""
    plan = Plan.objects.filter(issuer=root, year=year).order_by("-issue_date", "-pk").first()
    if plan is None:
        return Reporting(None, None, [], [])
    periods = ensure_periods(plan)
    period = current_period(periods, today)
    if units is None:
        units = heatmap_units(root, today)
    by_branch = {_branch_path(root, unit): unit for unit in units}
    rows = (
        PeriodTally.objects.filter(plan=plan, role=TaskRole.LEAD)
        .annotate(branch=child_path(root, "unit__path"))
        .values_list("period_id", "branch")
        .annotate(Sum("owed"), Sum("sent"), Sum("approved"))
        .order_by()
    )
    missing: dict[int, list] = {}
    owed_by_period: dict[int, list[int]] = {}
    for period_id, branch, owed, sent, approved in rows:
        totals = owed_by_period.setdefault(period_id, [0, 0])
        totals[0] += owed
        totals[1] += approved
        unit = by_branch.get(branch)
        if period is not None and period_id == period.pk and unit is not None:
            entry = missing.setdefault(unit.pk, [unit, 0, 0])
            entry[1] += owed
            entry[2] += owed - sent
    trend = [
        (each, *owed_by_period.get(each.pk, [0, 0]))
        for each in sorted(periods, key=lambda p: p.due)
        if each.due < today  # a report not yet due has nothing to approve
    ]
    return Reporting(
        plan,
        period,
        sorted((tuple(e) for e in missing.values() if e[2]), key=lambda e: -e[2]),
        trend,
    )
