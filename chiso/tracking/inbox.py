"""What needs the user now: progress reports to write this period, reports waiting for their
review (oldest first), reports returned to their units, late tasks of their scope, and the
plans their units owe to a plan above. The home page and the inbox page show the same lists;
the menu shows their count."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from chiso.accounts.models import Role
from chiso.org.access import can_change_unit, scope_is_whole_tree, scope_root
from chiso.org.models import OrgUnit, in_subtree, listed_ids
from chiso.plans.models import Plan, PlanReference, PlanStatus, Task

from .access import can_review, review_root
from .models import ProgressUpdate, ReportingPeriod, UpdateState
from .owed import new_activity_since, owes_progress
from .schedule import current_period

WRITERS = {Role.OFFICER, Role.COORDINATOR}
MOST = 300  # items of one list read at once; the oldest waiting come first


@dataclass
class OwedReport:
    """A task's report one unit owes in the current period of its plan (`update`: its draft or
    returned version, if any)."""

    period: ReportingPeriod
    task: Task
    unit: OrgUnit
    update: ProgressUpdate | None


@dataclass
class DuePlan:
    """A unit's own plan that a plan above asks for and that does not exist yet."""

    parent: Plan
    unit: OrgUnit
    due: datetime.date | None
    text: str

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


@dataclass
class Inbox:
    to_write: list[OwedReport] = field(default_factory=list)
    returned: list[ProgressUpdate] = field(default_factory=list)
    to_review: list[ProgressUpdate] = field(default_factory=list)
    plans_due: list[DuePlan] = field(default_factory=list)

    @property
    def count(self) -> int:
        """The items that wait on the user (the menu's badge)."""
        return len(self.to_write) + len(self.returned) + len(self.to_review) + len(self.plans_due)


def inbox_for(user, today: datetime.date) -> Inbox:
    return Inbox(
        to_write=reports_to_write(user, today),
        returned=returned_reports(user),
        to_review=reports_to_review(user),
        plans_due=plans_due(user, today),
    )


def _own_units(user):
    """The units whose reports the user writes: their unit and the units below it."""
    if user.unit is None or user.role not in WRITERS:
        return None
    return listed_ids(OrgUnit.objects.filter(in_subtree(user.unit)))


def reports_to_write(user, today: datetime.date) -> list[OwedReport]:
    """The task reports the user's units owe in the current period of each issued plan and
    have not begun or left as a draft (returned ones: `returned_reports`)."""
    units = _own_units(user)
    if units is None:
        return []
    mine = Q(lead_id__in=units) | Q(coordinators__in=units)
    tasks = Task.objects.filter(mine, plan__status=PlanStatus.ISSUED)
    plan_ids = set(tasks.values_list("plan_id", flat=True).distinct())
    periods: dict[int, list[ReportingPeriod]] = {}
    for period in ReportingPeriod.objects.filter(plan_id__in=plan_ids):
        periods.setdefault(period.plan_id, []).append(period)
    current = {plan: current_period(found, today) for plan, found in periods.items()}
    owed = Q(pk__in=[])
    for period in current.values():
        owed |= owes_progress(period, new_activity_since(period, periods[period.plan_id]))
    found = (
        Task.objects.filter(owed)
        .filter(mine)
        .distinct()
        .select_related("plan", "lead")
        .prefetch_related("coordinators")
        .order_by("deadline_date", "plan_id", "order", "pk")
    )
    updates = {
        (u.task_id, u.unit_id): u
        for u in ProgressUpdate.objects.filter(
            period__in=list(current.values()), unit_id__in=units
        ).order_by("version")
    }
    unit_ids = set(units)
    rows = []
    for task in found:
        period = current[task.plan_id]
        for unit in [task.lead, *task.coordinators.all()]:
            if unit is None or unit.pk not in unit_ids or not can_change_unit(user, unit):
                continue
            update = updates.get((task.pk, unit.pk))
            if update is None or update.state == UpdateState.DRAFT:
                rows.append(OwedReport(period, task, unit, update))
    return rows


def returned_reports(user) -> list[ProgressUpdate]:
    """The user's units' updates returned for changes, with the reviewer's reason."""
    units = _own_units(user)
    if units is None:
        return []
    returned = ProgressUpdate.objects.filter(state=UpdateState.RETURNED, unit_id__in=units)
    return list(
        returned.select_related("task__plan", "unit", "period", "reviewed_by").order_by(
            "reviewed_at", "pk"
        )[:MOST]
    )


def reports_to_review(user, period: ReportingPeriod | None = None) -> list[ProgressUpdate]:
    """Updates submitted within the user's review scope (of `period`), the oldest first."""
    root = review_root(user)
    if root is None:
        return []
    waiting = ProgressUpdate.objects.filter(state=UpdateState.SUBMITTED)
    if period is not None:
        waiting = waiting.filter(period=period)
    if not (user.role == Role.ADMIN and scope_is_whole_tree(user)):
        waiting = waiting.filter(unit_id__in=listed_ids(OrgUnit.objects.filter(in_subtree(root))))
    waiting = waiting.select_related("task__plan", "unit", "period", "submitted_by").order_by(
        "submitted_at", "pk"
    )
    return [update for update in waiting[:MOST] if can_review(user, update)]


def plans_due(user, today: datetime.date) -> list[DuePlan]:
    """Own plans that issued plans ask of units in the user's reach and that no plan of the
    unit answers yet (a plan of the unit citing the parent plan, in any status)."""
    root = scope_root(user) if user.role in (Role.ADMIN, Role.COORDINATOR) else user.unit
    if root is None:
        return []
    asking = Plan.objects.filter(status=PlanStatus.ISSUED).exclude(child_plans_due=[])
    answered = set(
        PlanReference.objects.filter(parent__in=asking).values_list("parent_id", "plan__issuer_id")
    )
    wanted = [
        (plan, unit_id, entry)
        for plan in asking
        for entry in plan.child_plans_due
        for unit_id in entry.get("units") or []
        if (plan.pk, unit_id) not in answered
    ]
    units = OrgUnit.objects.filter(in_subtree(root)).in_bulk({unit for _p, unit, _e in wanted})
    return sorted(
        (
            DuePlan(plan, units[unit_id], _date(entry.get("due")), entry.get("text", ""))
            for plan, unit_id, entry in wanted
            if unit_id in units
        ),
        key=lambda due: (due.due or datetime.date.max, due.unit.path),
    )


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
