"""What a unit's periodic report says, read once from the database: its tasks by index component
with their approved progress, its plans' targets against the values reported, its late tasks.

The text is fixed Vietnamese, as in an official document, whatever the caller's language.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import F, Q
from django.utils import translation

from chiso.frameworks.models import Component
from chiso.org.models import OrgUnit, UnitKind, in_subtree
from chiso.plans.grouping import group_by_component
from chiso.plans.models import Plan, PlanStatus, Target, Task, TaskStatus
from chiso.plans.targets import meets, reported_value
from chiso.tracking.models import ProgressUpdate, ReportingPeriod, UpdateState
from chiso.tracking.owed import DONE

NOT_REPORTED = "Chưa báo cáo"
OTHER_TASKS = "Nhiệm vụ khác"
# A People's Committee heads its documents with its own name only, no body above it.
SELF_HEADED = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
INDEX_NAMES = {"PAR": "PAR INDEX"}
_PLACE_PREFIX = re.compile(r"^(?:ubnd|[uủ]y ban nhân dân)?\s*(?:tỉnh|thành phố|tp\.?)\s+", re.I)
_PLAN_SYMBOL = re.compile(r"/KH-(\S+)$")


class Assessment(StrEnum):
    MET = "Đạt"
    NOT_MET = "Không đạt"
    NO_DATA = "Chưa có số liệu"


# Whether a reported value meets a threshold; a rank meets it at or above the place named.


@dataclass(frozen=True)
class TaskRow:
    """A task with what its lead unit last reported, approved, by the end of the period."""

    ordinal: str
    text: str
    lead: str
    deadline: str
    source: str  # "Kế hoạch số …" when the task belongs to another plan than the period's
    status: str
    status_label: str
    percent: int | None
    narrative: str
    reported: bool
    late: bool

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
    reported: str  # as the unit wrote it; "" when no update gave a value
    assessment: Assessment


@dataclass(frozen=True)
class Counts:
    total: int
    done: int
    in_progress: int
    late: int


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
    counts: Counts
    signer: str
    signer_title: str
    recipients: tuple[str, ...]


def collect(unit: OrgUnit, period: ReportingPeriod, today: datetime.date) -> ReportData:
    """The report of `unit` (with the units below it) for `period`, written on `today`.

    Its tasks are those it leads in the period's plan and in the other plans of the year (a
    task copied into the unit's own plan counts once, as the copy); its targets are those of
    the plans it issued that year. Tasks are late when their deadline passed by the end of
    the period (or today, if sooner) and they were not done.
    """
    plan = period.plan
    with translation.override("vi"):  # model labels and plan references read in Vietnamese
        tasks = _tasks(unit, plan)
        updates = _latest(_approved(Q(task__in=[task.pk for task in tasks]), period))
        cutoff = min(today, period.data_to + datetime.timedelta(days=1))
        rows = {task.pk: _row(task, updates.get(task.pk), plan, cutoff) for task in tasks}
        sections = tuple(
            Section(_title(group.component), tuple(rows[task.pk] for task in group.tasks))
            for group in group_by_component(tasks)
        )
        own_plans = list(
            Plan.objects.filter(_of_year(plan), issuer=unit).order_by("-issue_date", "-pk")
        )
        targets = _targets(own_plans, period)
        label = period.label[:1].lower() + period.label[1:]
        subject = f"Kết quả thực hiện nhiệm vụ {_indices(plan.indices)} {label}"
        basis = _basis(unit, plan, label, period)
    all_rows = list(rows.values())
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
        late=tuple(row for row in all_rows if row.late),
        counts=Counts(
            total=len(all_rows),
            done=sum(row.status in DONE for row in all_rows),
            in_progress=sum(row.status == TaskStatus.IN_PROGRESS for row in all_rows),
            late=sum(row.late for row in all_rows),
        ),
        signer=own_plans[0].signer if own_plans else "",
        signer_title=own_plans[0].signer_title if own_plans else "",
        recipients=((f"{report_to.name} (b/c)",) if report_to else ()) + ("Lưu: VT",),
    )


def assess(target: Target, reported: str) -> Assessment:
    """Met, not met, or no data when nothing (or no number) was reported."""
    value = reported_value(reported)
    if value is None:
        return Assessment.NO_DATA
    return Assessment.MET if meets(target.comparator, value, target.value) else Assessment.NOT_MET


def _of_year(plan: Plan, prefix: str = "") -> Q:
    """The period's plan and the issued plans of its year."""
    return Q(**{f"{prefix}pk": plan.pk}) | (
        Q(**{f"{prefix}year": plan.year}) & ~Q(**{f"{prefix}status": PlanStatus.DRAFT})
    )


def _tasks(unit: OrgUnit, plan: Plan) -> list[Task]:
    """Tasks led inside the unit's subtree, the period's plan first, in plan order."""
    tasks = list(
        Task.objects.filter(_of_year(plan, "plan__"), in_subtree(unit, "lead__path"))
        .select_related(
            "plan",
            "lead",
            "component__framework",
            "component__parent__framework",
            "component__parent__parent__framework",
        )
        .order_by("plan__issue_date", "plan_id", "order", "pk")
    )
    copied = {task.parent_task_id for task in tasks}
    tasks = [task for task in tasks if task.pk not in copied]
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


def _row(task: Task, update: ProgressUpdate | None, plan: Plan, cutoff: datetime.date) -> TaskRow:
    status = update.status if update else task.status
    date = f"{task.deadline_date:%d/%m/%Y}" if task.deadline_date else ""
    other = task.plan
    return TaskRow(
        ordinal=task.ordinal,
        text=task.text,
        lead=task.lead.name,
        deadline=task.deadline_text or date,
        source="" if other.pk == plan.pk else _plan_name(other),
        status=status,
        status_label=str(TaskStatus(status).label),
        percent=update.percent if update else None,
        narrative=update.narrative if update else "",
        reported=update is not None,
        late=bool(task.deadline_date and task.deadline_date < cutoff and status not in DONE),
    )


def _plan_name(plan: Plan) -> str:
    return f"Kế hoạch số {plan.number}" if plan.number else plan.title


def _title(component: Component | None) -> str:
    return f"{component.name} ({component.code})" if component else OTHER_TASKS


def _targets(plans: list[Plan], period: ReportingPeriod) -> tuple[TargetRow, ...]:
    """The plans' targets with the last value an approved update gave for each."""
    if not plans:
        return ()
    values: dict[str, str] = {}
    for given in _approved(Q(task__plan__in=plans), period).values_list("target_values", flat=True):
        values.update(given or {})
    rows = []
    for target in Target.objects.filter(plan__in=plans).order_by("plan", "pk"):  # as written
        reported = values.get(str(target.pk), "")
        subject, threshold = str(target.subject), str(target.threshold)
        rows.append(
            TargetRow(
                text=target.text or f"{subject} {threshold}",
                subject=subject,
                threshold=threshold,
                reported=reported,
                assessment=assess(target, reported),
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
