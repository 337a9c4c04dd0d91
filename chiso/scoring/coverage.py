"""The loop back to the plans: the components of an index that fell since the year before,
or rank lowest, in a unit's published results, and the tasks of its next plans that address
them; a component no task addresses is flagged ("PAPI.8 giảm 0,4 điểm — chưa có nhiệm vụ").

For the province the results are its national ones; for a department or commune, its results
in the province's own index (fields). Only the indices the plans cover are listed (a plan's
`indices`; all when its plans name none). "Lowest" compares each component's points to its
maximum (PCI's sub-indices and PAPI's dimensions out of 10, SIPAS's out of 100). Those no
task addresses come first."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from chiso.frameworks.models import Component, field_code
from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.models import Plan, PlanStatus, Task

from .actuals import answers, province_code
from .models import ResultEntry, ResultScope

LOWEST = 2  # how many of the lowest components are listed besides those that fell
TEN = Decimal(10)


@dataclass
class Gap:
    index: str
    code: str
    name: str
    points: Decimal
    change: Decimal | None  # since the year before
    lowest: bool
    tasks: list[Task] = field(default_factory=list)

    @property
    def field(self) -> str:
        """The national field the plans' tasks for it sit under: its own code, or for a field
        of a province's own index ("PAR-SO" field "3"), the national field of that number
        ("PAR.3"): a province builds its index on the national method's fields."""
        if "-" not in self.index:
            return self.code
        return f"{self.index.split('-', 1)[0]}.{self.code.rsplit('.', 1)[-1]}"

    @property
    def text(self) -> str:
        if self.change is not None and self.change < 0:
            what = _("%(code)s giảm %(change)s điểm") % {
                "code": self.code,
                "change": number_format(-self.change.normalize()),
            }
        else:
            what = _("%(code)s thuộc nhóm thấp nhất (%(points)s điểm)") % {
                "code": self.code,
                "points": number_format(self.points.normalize()),
            }
        if self.tasks:
            return what
        return _("%(what)s — chưa có nhiệm vụ") % {"what": what}


def gaps(unit: OrgUnit, year: int, indices: Sequence[str] = ()) -> list[Gap]:
    """The components of `unit`'s published results of `year` that fell or rank lowest, in
    the results that `indices` ("PAR", "PAPI"…) are read against; in all when none is given."""
    national = unit.kind == UnitKind.PROVINCE
    entries = ResultEntry.objects.select_related("result_set__framework").filter(
        result_set__year__in=(year, year - 1),
        result_set__scope=ResultScope.NATIONAL if national else ResultScope.UNITS,
    )
    if national:
        code = province_code(unit, year)
        entries = entries.filter(province=code) if code else entries.none()
    else:
        entries = entries.filter(unit=unit)
    by_year: dict[tuple[str, int], ResultEntry] = {
        (e.result_set.index, e.result_set.year): e
        for e in entries
        if not indices or any(answers(e.result_set, index, national) for index in indices)
    }
    found = []
    for (index, entry_year), entry in sorted(by_year.items()):
        if entry_year != year:
            continue
        before = by_year.get((index, year - 1))
        found += _gaps_of(index, entry, before)
    return found


def _gaps_of(index: str, entry: ResultEntry, before: ResultEntry | None) -> list[Gap]:
    framework = entry.result_set.framework
    parts = {c.code: c for c in Component.objects.filter(framework=framework, parent=None)}
    values = {c: v for c, v in entry.component_points.items() if v is not None}
    if not values:
        return []
    maxima = {code: _maximum(index, parts.get(code)) for code in values}
    shares = sorted(values, key=lambda c: values[c] / maxima[c] if maxima[c] else values[c])
    lowest = set(shares[:LOWEST])
    found = []
    earlier = before.component_points if before else {}
    for code, points in values.items():
        old = earlier.get(code)
        change = points - old if old is not None else None
        if (change is not None and change < 0) or code in lowest:
            name = parts[code].name if code in parts else code
            found.append(Gap(index, code, name, points, change, code in lowest))
    return found


def _maximum(index: str, part: Component | None) -> Decimal | None:
    if index in ("PCI", "PAPI"):
        return TEN
    if index == "SIPAS":
        return Decimal(100)
    return part.max_points if part else None


def plan_coverage(plan: Plan) -> list[Gap]:
    """The gaps of the plan's issuer in the year before the plan's, in the indices the plan
    covers, each with the plan's tasks that address its component."""
    found = gaps(plan.issuer, plan.year - 1, plan.indices or ())
    return _addressed(found, Task.objects.filter(plan=plan))


def year_coverage(unit: OrgUnit, year: int) -> list[Gap]:
    """The gaps of `unit` in `year` − 1, in the indices its issued plans of `year` cover,
    against those plans' tasks."""
    issued = Plan.objects.filter(issuer=unit, year=year, status=PlanStatus.ISSUED)
    indices = {code for named in issued.values_list("indices", flat=True) for code in named or ()}
    return _addressed(gaps(unit, year - 1, sorted(indices)), Task.objects.filter(plan__in=issued))


def _addressed(found: list[Gap], tasks) -> list[Gap]:
    """`found`, each with those of `tasks` whose component lies under its field; those
    without a task first."""
    if not found:
        return found
    by_code: dict[str, list[Task]] = {}
    matching = tasks.annotate(field=field_code()).filter(field__in=[g.field for g in found])
    for task in matching.order_by("order", "pk"):
        by_code.setdefault(task.field, []).append(task)
    for gap in found:
        gap.tasks = by_code.get(gap.field, [])
    return sorted(found, key=lambda gap: bool(gap.tasks))
