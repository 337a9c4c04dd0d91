"""What a unit's periodic report says, read once from the database: its tasks of the year
(`chiso.plans.tallies.unit_tasks`, the same as its home and unit pages count) by index
component, each in its state (`chiso.plans.state`) with its approved progress; its plans'
targets as `chiso.tracking.target_status` reads them; its late tasks.

The text is fixed Vietnamese, as in an official document, whatever the caller's language.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import translation

from chiso.frameworks.models import Component
from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.counting import TaskCounts, count_states
from chiso.plans.grouping import group_by_component
from chiso.plans.models import Plan, PlanStatus, Target, Task
from chiso.plans.state import TaskState
from chiso.plans.tallies import unit_tasks
from chiso.tracking.models import ProgressUpdate, ReportingPeriod, UpdateState
from chiso.tracking.target_status import assess_targets

from .signature import signature

NOT_REPORTED = "Chưa báo cáo"
NO_CAUSE = "Chưa nêu nguyên nhân."
OTHER_TASKS = "Nhiệm vụ khác"
# A People's Committee heads its documents with its own name only, no body above it.
SELF_HEADED = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
INDEX_NAMES = {"PAR": "PAR INDEX"}
_PLACE_PREFIX = re.compile(r"^(?:ubnd|[uủ]y ban nhân dân)?\s*(?:tỉnh|thành phố|tp\.?)\s+", re.I)
_PLAN_SYMBOL = re.compile(r"/KH-(\S+)$")


@dataclass(frozen=True)
class TaskRow:
    """A task with what its lead unit last reported, approved, by the end of the period."""

    ordinal: str
    text: str
    lead: str
    deadline: str
    source: str  # "Kế hoạch số …" when the task belongs to another plan than the period's
    state: str  # chiso.plans.state.TaskState
    status_label: str
    percent: int | None
    narrative: str
    reported: bool
    cause: str = ""  # of the delay, as the unit last wrote it

    @property
    def delay_cause(self) -> str:
        """Why the task is late, as reported; "Chưa nêu nguyên nhân" when nothing was said."""
        return self.cause or NO_CAUSE

    @property
    def result(self) -> str:
        """The narrative, or "Chưa báo cáo" when nothing was approved."""
        return self.narrative if self.reported else NOT_REPORTED

    @property
    def progress(self) -> str:
        """The status with the percent when one was given: "Đang thực hiện (60%)"."""
        if self.percent is None:
            return self.status_label
        return f"{self.status_label} ({self.percent}%)"


@dataclass(frozen=True)
class Section:
    title: str  # "Cải cách thủ tục hành chính (PAR.3)", or "Nhiệm vụ khác"
    rows: tuple[TaskRow, ...]


@dataclass(frozen=True)
class TargetRow:
    text: str
    subject: str
    threshold: str
    reported: str  # the actual: as the unit wrote it, or the indicator's value; "" without
    assessment: str  # met / at risk / missed / no data, in Vietnamese


@dataclass(frozen=True)
class ReportData:
    unit: str
    parent: str  # the body above the unit, "" when the unit heads its documents alone
    place: str  # "Lạng Sơn", for "Lạng Sơn, ngày …"
    symbol: str  # the unit's document symbol, "SXD" in "…/BC-SXD"; "" when unknown
    date: datetime.date
    period: str
    subject: str
    basis: str
    sections: tuple[Section, ...]
    targets: tuple[TargetRow, ...]
    late: tuple[TaskRow, ...]
    counts: TaskCounts
    signer: str
    signer_title: str
    recipients: tuple[str, ...]


def collect(
    unit: OrgUnit, period: ReportingPeriod, today: datetime.date, *, with_tasks: bool = True
) -> ReportData:
    """The report of `unit` (with the units below it) for `period`, written on `today`.

    Its tasks are the unit's tasks of the period's year (a task copied into the unit's own
    plan counts once, as the copy), the period's plan first; each is in its state as of the
    end of the period (or today, if sooner). Its targets are those of the plans it issued
    that year, read at the end of the period. Without `with_tasks` (a compiled report, whose
    figures are its units'), none are read.
    """
    plan = period.plan
    as_of = min(today, period.data_to + datetime.timedelta(days=1))
    with translation.override("vi"):  # model labels and plan references read in Vietnamese
        tasks = _tasks(unit, plan, as_of) if with_tasks else []
        updates = _latest(_approved(Q(task__in=[task.pk for task in tasks]), period))
        causes = _causes(tasks)
        rows = {
            task.pk: _row(task, updates.get(task.pk), plan, causes.get(task.pk, ""))
            for task in tasks
        }
        sections = tuple(
            Section(_title(group.component), tuple(rows[task.pk] for task in group.tasks))
            for group in group_by_component(tasks)
        )
        own_plans = list(
            Plan.objects.filter(_of_year(plan), issuer=unit).order_by("-issue_date", "-pk")
        )
        targets = _targets(own_plans, period, today)
        label = period.label[:1].lower() + period.label[1:]
        subject = f"Kết quả thực hiện nhiệm vụ {_indices(plan.indices)} {label}"
        basis = _basis(unit, plan, label, period)
    signer, signer_title = signature(
        unit,
        own_plans[0].signer if own_plans else "",
        own_plans[0].signer_title if own_plans else "",
    )
    parent = unit.parent if unit.parent_id else None
    report_to = plan.issuer if plan.issuer_id != unit.pk else parent
    return ReportData(
        unit=unit.name,
        parent=parent.name if parent and unit.kind not in SELF_HEADED else "",
        place=_place(unit),
        symbol=next((m[1] for p in own_plans if (m := _PLAN_SYMBOL.search(p.number))), ""),
        date=today,
        period=period.label,
        subject=subject,
        basis=basis,
        sections=sections,
        targets=targets,
        late=tuple(row for row in rows.values() if row.state == TaskState.LATE),
        counts=count_states(unit_tasks(unit, plan.year), as_of) if with_tasks else TaskCounts(),
        signer=signer,
        signer_title=signer_title,
        recipients=((f"{report_to.name} (b/c)",) if report_to else ()) + ("Lưu: VT",),
    )


def _of_year(plan: Plan, prefix: str = "") -> Q:
    """The period's plan and the issued plans of its year."""
    return Q(**{f"{prefix}pk": plan.pk}) | (
        Q(**{f"{prefix}year": plan.year}) & ~Q(**{f"{prefix}status": PlanStatus.DRAFT})
    )


def _tasks(unit: OrgUnit, plan: Plan, as_of: datetime.date) -> list[Task]:
    """The unit's tasks of the year in their state as of `as_of`, the period's plan first."""
    tasks = list(
        unit_tasks(unit, plan.year)
        .with_state(as_of)
        .select_related(
            "plan",
            "lead",
            "component__framework",
            "component__parent__framework",
            "component__parent__parent__framework",
        )
        .order_by("plan__issue_date", "plan_id", "order", "pk")
    )
    return sorted(tasks, key=lambda task: task.plan_id != plan.pk)


def _approved(tasks: Q, period: ReportingPeriod):
    """Approved updates of the task's lead unit for periods ending by this one, oldest first."""
    return ProgressUpdate.objects.filter(
        tasks,
        state=UpdateState.APPROVED,
        unit_id=F("task__lead_id"),
        period__data_to__lte=period.data_to,
    ).order_by("period__data_to", "version")


def _latest(updates: Iterable[ProgressUpdate]) -> dict[int, ProgressUpdate]:
    return {update.task_id: update for update in updates}


def _row(task: Task, update: ProgressUpdate | None, plan: Plan, cause: str) -> TaskRow:
    date = f"{task.deadline_date:%d/%m/%Y}" if task.deadline_date else ""
    other = task.plan
    return TaskRow(
        ordinal=task.ordinal,
        text=task.text,
        lead=task.lead.name,
        deadline=task.deadline_text or date,
        source="" if other.pk == plan.pk else _plan_name(other),
        state=task.state,
        status_label=str(TaskState(task.state).label),
        percent=update.percent if update else None,
        narrative=update.narrative if update else "",
        reported=update is not None,
        cause=cause,
    )


def _causes(tasks: list[Task]) -> dict[int, str]:
    """The cause of delay each late task's lead unit last gave (in any update, sent or not)."""
    late = [task.pk for task in tasks if task.state == TaskState.LATE]
    found = (
        ProgressUpdate.objects.filter(task__in=late, unit_id=F("task__lead_id"))
        .exclude(delay_cause="")
        .order_by("period__data_to", "version")
        .values_list("task_id", "delay_cause")
    )
    return dict(found)


def _plan_name(plan: Plan) -> str:
    return f"Kế hoạch số {plan.number}" if plan.number else plan.title


def _title(component: Component | None) -> str:
    return f"{component.name} ({component.code})" if component else OTHER_TASKS


def _targets(plans: list[Plan], period: ReportingPeriod, today) -> tuple[TargetRow, ...]:
    """The plans' targets as they stood at the end of the period."""
    if not plans:
        return ()
    targets = Target.objects.filter(plan__in=plans).order_by("plan", "pk")  # as written
    rows = []
    for each in assess_targets(targets, today, period):
        target = each.target
        subject, threshold = str(target.subject), str(target.threshold)
        actual = each.reported or (f"{each.actual:f}%" if each.indicator_value else "")
        actual = actual or (each.source.text if each.source else "")
        rows.append(
            TargetRow(
                text=target.text or f"{subject} {threshold}",
                subject=subject,
                threshold=threshold,
                reported=actual,
                assessment=str(each.status.label),
            )
        )
    return tuple(rows)


def _indices(codes: list[str]) -> str:
    """What the plan raises, e.g. "nâng cao các chỉ số PAR INDEX, SIPAS"."""
    names = [INDEX_NAMES.get(code, code) for code in codes]
    if not names:
        return "cải cách hành chính"
    return ("nâng cao các chỉ số " if len(names) > 1 else "nâng cao Chỉ số ") + ", ".join(names)


def _basis(unit: OrgUnit, plan: Plan, label: str, period: ReportingPeriod) -> str:
    """The opening sentence: "Thực hiện Kế hoạch số … của …, Sở … báo cáo … như sau:"."""
    source = plan.reference if plan.issuer_id == unit.pk else f"{plan.reference} của {plan.issuer}"
    window = f"số liệu từ ngày {period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}"
    return f"Thực hiện {source}, {unit.name} báo cáo kết quả thực hiện {label} ({window}) như sau:"


def _place(unit: OrgUnit) -> str:
    """The province's name as documents write it before the date: "Lạng Sơn"."""
    ancestors = unit.ancestor_ids()
    root = (
        OrgUnit.objects.filter(pk=ancestors[0]).values_list("name", flat=True).first()
        if ancestors
        else unit.name
    )
    return _PLACE_PREFIX.sub("", root or "")
