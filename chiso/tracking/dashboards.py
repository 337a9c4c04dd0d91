"""Figures for the dashboards: completion by component, the province heatmap, who has not
reported, the trend over periods, targets against their thresholds. Aggregates run in SQL;
Python only folds the grouped rows."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from chiso.frameworks.models import Component, index_rank
from chiso.metrics.actuals import Actual, target_actuals
from chiso.org.models import OrgUnit, UnitKind, in_subtree
from chiso.plans.models import Plan, Target, Task, TaskStatus
from chiso.plans.targets import meets, reported_value

from .models import ProgressUpdate, ReportingPeriod, UpdateState
from .owed import new_activity_since, owes_progress
from .schedule import current_period, ensure_periods

DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)
KIND_ORDER = {UnitKind.DEPARTMENT: 0, UnitKind.DISTRICT: 1, UnitKind.COMMUNE: 2}
SENT = (UpdateState.SUBMITTED, UpdateState.APPROVED)
PERCENT = Case(
    When(status__in=DONE, then=Value(100)),
    default=Coalesce("manual_percent", Value(0)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class UnitRef:
    """What a dashboard row shows of a unit: light to keep in the cache."""

    pk: int
    kind: str
    display_name: str
    url: str

    @classmethod
    def of(cls, unit: OrgUnit) -> "UnitRef":
        return cls(unit.pk, unit.kind, unit.display_name, unit.get_absolute_url())


@dataclass
class Cell:
    total: int = 0
    done: int = 0
    percent_sum: int = 0

    @property
    def percent(self) -> int | None:
        return round(self.percent_sum / self.total) if self.total else None

    @property
    def label(self) -> str:
        """ "75% (3/4)": written here once, not number by number in the template."""
        return f"{self.percent}% ({self.done}/{self.total})"


@dataclass
class Heatmap:
    units: list[UnitRef]
    fields: list[Component]
    # (unit id, field code) → (total, done, percent sum): tuples, quick to cache
    cells: dict[tuple[int, str], tuple[int, int, int]] = field(default_factory=dict)

    def cell(self, unit_pk: int, code: str) -> Cell | None:
        found = self.cells.get((unit_pk, code))
        return Cell(*found) if found else None

    def rows(self):
        for unit in self.units:
            yield unit, [self.cell(unit.pk, f.code) for f in self.fields]

    def count_of(self, kind: str) -> int:
        return sum(unit.kind == kind for unit in self.units)

    def only(self, units: list[UnitRef]) -> "Heatmap":
        """The same columns for some of the rows (one kind of unit, one page)."""
        return Heatmap(units=list(units), fields=self.fields, cells=self.cells)

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


def field_codes() -> dict[int, str]:
    """Each component's top-level field code, by component id."""
    parents = dict(Component.objects.values_list("pk", "parent_id"))
    codes = dict(Component.objects.values_list("pk", "code"))

    def top(pk: int) -> str:
        while parents.get(pk):
            pk = parents[pk]
        return codes[pk]

    return {pk: top(pk) for pk in codes}


def completion_by_field(tasks) -> dict[str, Cell]:
    """Completion of `tasks` per index field code."""
    tops = field_codes()
    cells: dict[str, Cell] = {}
    rows = (
        tasks.exclude(component__isnull=True)
        .values("component_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status__in=DONE)), pct=Sum(PERCENT))
    )
    for row in rows:
        cell = cells.setdefault(tops[row["component_id"]], Cell())
        cell.total += row["total"]
        cell.done += row["done"]
        cell.percent_sum += row["pct"] or 0
    return dict(sorted(cells.items(), key=lambda kv: _code_order(kv[0])))


def _code_order(code: str) -> tuple:
    index, _, number = code.partition(".")
    return (index_rank(index), int(number) if number.isdigit() else 0)


def province_heatmap(root: OrgUnit, year: int, day: datetime.date) -> Heatmap:
    """Departments and communes (the units right below `root`) × index fields."""
    units = sorted(
        root.children.active_on(day).exclude(kind__in=[UnitKind.DIVISION, UnitKind.EXTERNAL]),
        key=lambda u: (KIND_ORDER.get(u.kind, 9), u.order, u.name),
    )
    by_path = {u.path: u for u in units}
    tops = field_codes()
    used: set[str] = set()
    heat = Heatmap(units=[UnitRef.of(u) for u in units], fields=[])
    rows = (
        Task.objects.filter(in_subtree(root, "lead__path"), plan__year=year)
        .exclude(component__isnull=True)
        .values("lead__path", "component_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status__in=DONE)), pct=Sum(PERCENT))
    )
    for row in rows:
        unit = _top_unit(row["lead__path"], root, by_path)
        if unit is None:
            continue
        code = tops[row["component_id"]]
        used.add(code)
        total, done, percent_sum = heat.cells.get((unit.pk, code), (0, 0, 0))
        heat.cells[(unit.pk, code)] = (
            total + row["total"],
            done + row["done"],
            percent_sum + (row["pct"] or 0),
        )
    fields = Component.objects.filter(level=1, code__in=used).select_related("framework")
    chosen: dict[str, Component] = {}
    for component in fields.order_by("framework__year"):
        chosen[component.code] = component
    heat.fields = sorted(chosen.values(), key=lambda c: _code_order(c.code))
    return heat


def _top_unit(path: str, root: OrgUnit, by_path: dict[str, OrgUnit]) -> OrgUnit | None:
    parts = path[len(root.path) :].split("/")
    return by_path.get(f"{root.path}{parts[0]}/") if parts and parts[0] else None


@dataclass
class Reporting:
    plan: Plan | None
    period: ReportingPeriod | None
    missing: list[tuple[UnitRef, int, int]]  # unit, tasks owed, tasks not reported
    trend: list[tuple[ReportingPeriod, int, int]]  # period, owed, approved


def provincial_reporting(root: OrgUnit, year: int, today: datetime.date) -> Reporting:
    """For the province's plan of the year: who has not reported this period, and the trend."""
    plan = Plan.objects.filter(issuer=root, year=year).order_by("-issue_date", "-pk").first()
    if plan is None:
        return Reporting(None, None, [], [])
    periods = ensure_periods(plan)
    period = current_period(periods, today)
    units = {
        u.path: u
        for u in root.children.current().exclude(kind__in=[UnitKind.DIVISION, UnitKind.EXTERNAL])
    }
    missing: dict[int, list] = {}
    for lead_path, sent in _owed_rows(period, periods):
        unit = _top_unit(lead_path, root, units)
        if unit is not None:
            entry = missing.setdefault(unit.pk, [UnitRef.of(unit), 0, 0])
            entry[1] += 1
            entry[2] += not sent
    trend = []
    for each in sorted(periods, key=lambda p: p.due):
        if each.due >= today:
            break  # a report not yet due has nothing to approve
        rows = list(_owed_rows(each, periods, approved=True))
        trend.append((each, len(rows), sum(sent for _path, sent in rows)))
    return Reporting(
        plan,
        period,
        sorted((tuple(e) for e in missing.values() if e[2]), key=lambda e: -e[2]),
        trend,
    )


def _owed_rows(period, periods, approved: bool = False):
    states = (UpdateState.APPROVED,) if approved else SENT
    sent = ProgressUpdate.objects.filter(
        task=OuterRef("pk"), period=period, unit=OuterRef("lead"), state__in=states
    )
    tasks = Task.objects.filter(owes_progress(period, new_activity_since(period, periods)))
    return (
        tasks.exclude(lead__isnull=True)
        .annotate(sent=Exists(sent))
        .values_list("lead__path", "sent")
    )


@dataclass
class TargetReading:
    target: Target
    actual: Decimal | None
    computed: Actual | None = None  # when the actual is the indicator's, not a reported one

    @property
    def met(self) -> bool | None:
        if self.actual is None:
            return None
        return meets(self.target.comparator, self.actual, self.target.value)


def target_readings(targets, today: datetime.date | None = None) -> list[TargetReading]:
    """Each target with the latest value an approved update gave for it; failing that, for
    a target on a service indicator, the indicator's value of the year."""
    targets = list(targets)
    values: dict[str, Decimal] = {}
    keys = [str(t.pk) for t in targets]
    task_ids = {t.task_id for t in targets if t.task_id}
    updates = (
        ProgressUpdate.objects.filter(state=UpdateState.APPROVED, task_id__in=task_ids)
        .only("target_values")
        .order_by("period__data_to", "version")
    )
    for update in updates:
        for key, raw in (update.target_values or {}).items():
            value = reported_value(raw) if key in keys else None
            if value is not None:
                values[key] = value
    computed = target_actuals(
        [t for t in targets if str(t.pk) not in values], today or timezone.localdate()
    )
    readings = []
    for target in targets:
        actual = computed.get(target.pk)
        if str(target.pk) in values or actual is None or actual.value is None:
            readings.append(TargetReading(target, values.get(str(target.pk))))
        else:
            readings.append(TargetReading(target, actual.value.value, actual))
    return readings
