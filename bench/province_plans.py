"""The benchmark province's plans and tasks, written with bulk inserts.

One provincial plan of the current year; the other plans are issued by departments and
communes in turn (a second round goes to the year before, closed). Tasks spread over the
newest frameworks' components at every level, lead units, 0–2 coordinators, deadlines of
every kind (some past) and statuses that fit them. Dates count from `today`, so the late and
due-soon lists look alike whatever the day of the run.
"""

import datetime
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Max

from chiso.demo.plans import likely_status
from chiso.demo.task_catalog import PLAN_TARGETS, TASKS, UNIT_TARGETS
from chiso.frameworks.models import Component
from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.deadlines import DeadlineKind
from chiso.plans.models import (
    Plan,
    PlanReference,
    PlanStatus,
    Target,
    Task,
    plan_search_key,
    task_search_key,
)
from chiso.plans.targets import parse_targets
from chiso.vietnamese.dates import end_of_quarter

if TYPE_CHECKING:
    from .province import Scale

BATCH = 2000
FLUSH_EVERY = 10_000
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
CATALOG = [(text, output) for entries in TASKS.values() for text, output, *_rest in entries]


def write_plans(
    scale: "Scale", units: dict[str, OrgUnit], today: datetime.date, rng: random.Random
) -> Plan:
    """Write every plan with its references, targets and tasks; returns the provincial plan."""
    year = today.year
    current = [unit for unit in units.values() if unit.valid_until is None]
    departments = [unit for unit in current if unit.kind == UnitKind.DEPARTMENT]
    communes = [unit for unit in current if unit.kind == UnitKind.COMMUNE]
    divisions: dict[int, list[OrgUnit]] = {}
    for unit in current:
        if unit.kind == UnitKind.DIVISION:
            divisions.setdefault(unit.parent_id, []).append(unit)
    components = _components(year)
    provincial, plans = _write_plan_rows(scale, units["tinh"], [*departments, *communes], year)

    writer = _TaskWriter()
    for order in range(1, scale.provincial_tasks + 1):
        lead = rng.choice(departments) if rng.random() < 0.7 else rng.choice(communes)
        helpers = rng.sample(departments, rng.randint(0, 2))
        writer.add(*_task(provincial, order, lead, helpers, rng.choice(components), today, rng))
    writer.flush()
    parent_tasks = {
        task.component_id: task.pk for task in provincial.tasks.order_by("-order") if task.component
    }

    for plan, size in zip(plans, _sizes(scale, len(plans), rng), strict=True):
        own = divisions.get(plan.issuer_id, [])
        for order in range(1, size + 1):
            lead = rng.choice(own) if own and rng.random() < 0.8 else plan.issuer
            helpers = [
                rng.choice(own) if own and rng.random() < 0.7 else rng.choice(departments)
                for _ in range(rng.randint(0, 2))
            ]
            component = rng.choice(components) if rng.random() < 0.95 else None
            task, coordinator_ids = _task(plan, order, lead, helpers, component, today, rng)
            if plan.year == year and component:
                task.parent_task_id = parent_tasks.get(component.pk)
            writer.add(task, coordinator_ids)
        if len(writer.tasks) >= FLUSH_EVERY:
            writer.flush()
    writer.flush()
    return provincial


def _components(year: int) -> list[Component]:
    """Every component of the newest frameworks up to `year`, at every level."""
    newest = Component.objects.filter(framework__year__lte=year).aggregate(y=Max("framework__year"))
    return list(Component.objects.filter(framework__year=newest["y"]).order_by("pk"))


def _write_plan_rows(
    scale: "Scale", root: OrgUnit, issuers: Sequence[OrgUnit], year: int
) -> tuple[Plan, list[Plan]]:
    provincial = Plan(
        number="25/KH-UBND",
        issuer=root,
        issue_date=datetime.date(year, 2, 12),
        title="Kế hoạch nâng cao Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng "
        f"(SIPAS), Chỉ số PAPI tỉnh năm {year}",
        year=year,
        indices=["PAR", "SIPAS", "PAPI"],
        status=PlanStatus.ISSUED,
        purposes="Cải thiện thứ hạng các chỉ số PAR INDEX, SIPAS, PAPI của tỉnh.",
        requirements="Các sở, ban, ngành và UBND các xã, phường xây dựng kế hoạch triển khai.",
        signer="Nguyễn Văn Hùng",
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )
    plans = []
    for index in range(scale.plans - 1):
        issuer = issuers[index % len(issuers)]
        back = index // len(issuers)  # a second round of plans goes to earlier years
        symbol = issuer.aliases[0] if issuer.kind == UnitKind.DEPARTMENT and issuer.aliases else ""
        plans.append(
            Plan(
                number=f"{index + 3}/KH-{(symbol or 'UBND').replace(' ', '')}",
                issuer=issuer,
                issue_date=datetime.date(year - back, 3, 1) + datetime.timedelta(days=index % 90),
                title="Kế hoạch triển khai nâng cao các chỉ số PAR INDEX, SIPAS, PAPI năm "
                f"{year - back} của {issuer.display_name}",
                year=year - back,
                indices=["PAR", "SIPAS", "PAPI"],
                status=PlanStatus.CLOSED
                if back
                else (PlanStatus.DRAFT if index % 10 == 9 else PlanStatus.ISSUED),
            )
        )
    for plan in (provincial, *plans):  # bulk_create does not call save()
        plan.search_key = plan_search_key(plan.number, plan.title)
    Plan.objects.bulk_create([provincial, *plans], batch_size=BATCH)
    PlanReference.objects.bulk_create(
        [
            PlanReference(
                plan=plan,
                parent=provincial if plan.year == year else None,
                text=f"Thực hiện Kế hoạch số 25/KH-UBND năm {plan.year} của {root.name}",
            )
            for plan in plans
        ],
        batch_size=BATCH,
    )
    targets = {
        texts: [(text, target) for text in texts for target in parse_targets(text, year=year)]
        for texts in (_fill(PLAN_TARGETS, year), _fill(UNIT_TARGETS, year))
    }
    Target.objects.bulk_create(
        [
            Target.from_parsed(target, plan, text=text)
            for plan, texts in [
                (provincial, _fill(PLAN_TARGETS, year)),
                *((plan, _fill(UNIT_TARGETS, year)) for plan in plans),
            ]
            for text, target in targets[texts]
        ],
        batch_size=BATCH,
    )
    return provincial, plans


def _fill(texts: list[str], year: int) -> tuple[str, ...]:
    return tuple(text.format(y=year, p=year - 1) for text in texts)


def _sizes(scale: "Scale", count: int, rng: random.Random) -> list[int]:
    """Task counts of the unit plans: even ±⅓, adding up to the scale's total."""
    remaining = scale.tasks - scale.provincial_tasks
    sizes = [remaining // count + (i < remaining % count) for i in range(count)]
    for i in range(count):
        shift = rng.randint(-sizes[i] // 3, sizes[i] // 3)
        sizes[i] += shift
        sizes[(i + 1) % count] -= shift
    return sizes


def _task(
    plan: Plan,
    order: int,
    lead: OrgUnit,
    helpers: list[OrgUnit],
    component: Component | None,
    today: datetime.date,
    rng: random.Random,
) -> tuple[Task, list[int]]:
    text, output = CATALOG[(order + plan.pk) % len(CATALOG)]
    kind, date, written = _deadline(plan.year, today, rng)
    helpers = list({unit.pk: unit for unit in helpers if unit != lead}.values())
    task = Task(
        plan=plan,
        component=component,
        ordinal=str(order),
        order=order,
        text=text.format(y=plan.year),
        expected_output=output.format(y=plan.year),
        lead=lead,
        lead_text=lead.name,
        coordinators_text=", ".join(unit.display_name for unit in helpers),
        deadline_kind=kind,
        deadline_date=date,
        deadline_text=written,
        status=likely_status(date, today, rng),
    )
    return task, [unit.pk for unit in helpers]


def _deadline(
    year: int, today: datetime.date, rng: random.Random
) -> tuple[str, datetime.date | None, str]:
    roll = rng.random()
    if roll < 0.45:
        if year == today.year:
            day = today + datetime.timedelta(days=rng.randint(-120, 120))
        else:
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(30, 360))
        return DeadlineKind.DATE, day, f"Trước ngày {day:%d/%m/%Y}"
    if roll < 0.65:
        quarter = rng.randint(1, 4)
        return (
            DeadlineKind.PERIOD_END,
            end_of_quarter(year, quarter),
            f"Quý {ROMAN[quarter]}/{year}",
        )
    if roll < 0.9:
        return DeadlineKind.ONGOING, None, "Thường xuyên"
    return DeadlineKind.UNSPECIFIED, None, ""


class _TaskWriter:
    """Collects tasks with their coordinators' ids and inserts both in bulk."""

    def __init__(self) -> None:
        self.tasks: list[Task] = []
        self.coordinators: list[list[int]] = []

    def add(self, task: Task, coordinator_ids: list[int]) -> None:
        task.search_key = task_search_key(task.ordinal, task.text)  # bulk_create skips save()
        self.tasks.append(task)
        self.coordinators.append(coordinator_ids)

    def flush(self) -> None:
        Task.objects.bulk_create(self.tasks, batch_size=BATCH)
        through = Task.coordinators.through
        through.objects.bulk_create(
            [
                through(task_id=task.pk, orgunit_id=unit_id)
                for task, ids in zip(self.tasks, self.coordinators, strict=True)
                for unit_id in ids
            ],
            batch_size=BATCH,
        )
        self.tasks, self.coordinators = [], []
