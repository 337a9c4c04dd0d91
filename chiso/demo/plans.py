"""Demo plans: the provincial plan of the year and a dozen unit plans implementing it."""

import datetime
import random

from chiso.frameworks.models import Component
from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.deadlines import parse_deadline
from chiso.plans.models import Plan, PlanReference, PlanStatus, Target, Task, TaskStatus
from chiso.plans.targets import parse_targets

from .province import Province
from .task_catalog import PLAN_TARGETS, TASKS, UNIT_TARGETS

UNIT_PLAN_DEPARTMENTS = ["snv", "stp", "stc", "sxd", "skhcn", "snnmt", "syt", "ttt"]
UNIT_PLAN_COMMUNES = 4
# Days from today given to some tasks so that the demo always has late and due-soon work.
RELATIVE_DAYS = [-45, -20, -6, 3, 6, 10, 13, 21, 40]
COMMUNE_DIVISION = {"vp": "vp", "tt": "vp", "khtc": "kt"}


def build_plans(province: Province, today: datetime.date, rng: random.Random) -> list[Plan]:
    year = today.year
    components = _components(year)
    provincial = _provincial_plan(province, components, year, today, rng)
    plans = [provincial]
    units = [province.departments[code] for code in UNIT_PLAN_DEPARTMENTS]
    units += rng.sample(province.communes, UNIT_PLAN_COMMUNES)
    for number, unit in enumerate(units, start=3):
        plans.append(_unit_plan(unit, provincial, components, number, today, rng))
    plans.append(_former_district_plan(components, year - 2))
    return plans


def _components(year: int) -> dict[str, Component]:
    """Top-level components of the newest frameworks up to `year`, by code."""
    found: dict[str, Component] = {}
    for component in (
        Component.objects.filter(level=1, framework__year__lte=year)
        .select_related("framework")
        .order_by("framework__year")
    ):
        found[component.code] = component
    return found


def _provincial_plan(province, components, year, today, rng) -> Plan:
    plan = Plan.objects.create(
        number="25/KH-UBND",
        issuer=province.root,
        issue_date=datetime.date(year, 2, 12),
        title=f"Kế hoạch nâng cao Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng "
        f"(SIPAS), Chỉ số PAPI tỉnh {province.root.name.split('tỉnh ')[-1]} năm {year}",
        year=year,
        indices=["PAR", "SIPAS", "PAPI"],
        status=PlanStatus.ISSUED,
        purposes="Cải thiện thứ hạng các chỉ số PAR INDEX, SIPAS, PAPI của tỉnh; xác định rõ "
        "nhiệm vụ, trách nhiệm của từng cơ quan, đơn vị.",
        requirements="Các sở, ban, ngành và UBND các xã, phường xây dựng kế hoạch triển khai, "
        "gửi về Sở Nội vụ trước ngày 15/3/" + str(year) + ".",
        signer="Nguyễn Văn Hùng",
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )
    order = 0
    for code, entries in TASKS.items():
        for text, output, lead_code, _division, deadline in entries:
            order += 1
            task = _task(
                plan, components.get(code), order, text, output, deadline, year, today, rng
            )
            task.lead = province.departments[lead_code]
            task.lead_text = task.lead.name
            task.save()
            others = rng.sample(list(province.departments.values()), 2)
            task.coordinators.set([u for u in others if u != task.lead])
    _targets(plan, PLAN_TARGETS, year)
    return plan


def _unit_plan(unit: OrgUnit, parent: Plan, components, number, today, rng) -> Plan:
    year = parent.year
    symbol = (unit.aliases[0] if unit.kind == UnitKind.DEPARTMENT else "UBND").replace(" ", "")
    plan = Plan.objects.create(
        number=f"{number * 7}/KH-{symbol}",
        issuer=unit,
        issue_date=parent.issue_date + datetime.timedelta(days=14 + number * 2),
        title=f"Kế hoạch triển khai nâng cao các chỉ số PAR INDEX, SIPAS, PAPI năm {year} "
        f"của {unit.display_name}",
        year=year,
        indices=["PAR", "SIPAS", "PAPI"],
        status=PlanStatus.ISSUED if number < 13 else PlanStatus.DRAFT,
    )
    PlanReference.objects.create(
        plan=plan, parent=parent, text=f"Thực hiện {parent.reference} của {parent.issuer.name}"
    )
    divisions = {d.code.rsplit("-", 1)[-1]: d for d in unit.children.all()}
    parent_tasks = {t.component_id: t for t in parent.tasks.order_by("-order")}
    order = 0
    for code, entries in TASKS.items():
        for text, output, _lead, division, deadline in entries:
            if rng.random() < 0.35:
                continue
            order += 1
            task = _task(
                plan, components.get(code), order, text, output, deadline, year, today, rng
            )
            key = division if unit.kind == UnitKind.DEPARTMENT else COMMUNE_DIVISION[division]
            task.lead = divisions.get(key) or unit
            task.lead_text = task.lead.name
            task.parent_task = parent_tasks.get(task.component_id)
            task.save()
            helpers = [d for d in divisions.values() if d != task.lead]
            task.coordinators.set(rng.sample(helpers, min(len(helpers), rng.randint(0, 2))))
    _targets(plan, UNIT_TARGETS, year)
    return plan


def _former_district_plan(components, year) -> Plan:
    """A closed plan of a district that ended on 30/6/2025: history stays readable."""
    district = OrgUnit.objects.get(code="h-van")
    plan = Plan.objects.create(
        number="41/KH-UBND",
        issuer=district,
        issue_date=datetime.date(year, 4, 2),
        title=f"Kế hoạch nâng cao Chỉ số PAPI huyện Văn Lãng năm {year}",
        year=year,
        indices=["PAPI"],
        status=PlanStatus.CLOSED,
    )
    lead = district.children.get(code="h-van-pnv")
    for order, code in enumerate(["PAPI.1", "PAPI.3", "PAPI.5", "PAPI.8"], start=1):
        text, output, *_rest, deadline = TASKS[code][0]
        task = Task(
            plan=plan,
            component=components.get(code),
            ordinal=str(order),
            order=order,
            text=text.format(y=year),
            expected_output=output.format(y=year),
            lead=lead,
            lead_text=lead.name,
            status=TaskStatus.DONE,
        )
        task.deadline = parse_deadline(deadline.format(y=year), year=year)
        task.save()
    return plan


def _task(plan, component, order, text, output, deadline, year, today, rng) -> Task:
    written = deadline.format(y=year)
    if rng.random() < 0.35:
        day = today + datetime.timedelta(days=rng.choice(RELATIVE_DAYS))
        written = f"Trước ngày {day:%d/%m/%Y}"
    task = Task(
        plan=plan,
        component=component,
        ordinal=str(order),
        order=order,
        text=text.format(y=year),
        expected_output=output.format(y=year),
    )
    task.deadline = parse_deadline(written, year=year)
    task.status = likely_status(task.deadline_date, today, rng)
    return task


def likely_status(deadline: datetime.date | None, today: datetime.date, rng: random.Random) -> str:
    """A believable status for a task due on `deadline`: most past work done, some late."""
    roll = rng.random()
    if deadline is None:
        return TaskStatus.IN_PROGRESS if roll < 0.8 else TaskStatus.NOT_STARTED
    if deadline < today:
        if roll < 0.6:
            return TaskStatus.DONE
        return TaskStatus.DONE_LATE if roll < 0.7 else TaskStatus.IN_PROGRESS
    if roll < 0.15:
        return TaskStatus.DONE
    if roll < 0.3:
        return TaskStatus.BLOCKED if roll < 0.2 else TaskStatus.NOT_STARTED
    return TaskStatus.IN_PROGRESS


def _targets(plan: Plan, texts: list[str], year: int) -> None:
    for text in texts:
        written = text.format(y=year, p=year - 1)
        for target in parse_targets(written, year=year):
            Target.from_parsed(target, plan, text=written).save()
