"""Figures kept on write: each task's `late_from`, `behind` and `cascaded`, and the summary
rows (`TaskTally`, `PeriodTally`) that every count of tasks and reports reads, with the
branch rows summed from them (`chiso.plans.branch_tallies`).

Every write that can change them (a task, its coordinators, a progress update, a period, a
target, a plan's status, an import of indicator data) reports the plan through
`chiso.plans.kept.plans_changed` (the signals of `chiso.tracking.signals`), which calls
`refresh_plans` in the transaction of the write; `rebuild_all` (`chiso rebuild-summaries`)
writes them from scratch and must give the same rows.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Sum
from django.utils import timezone

from chiso.plans import branch_tallies, revisions
from chiso.plans.models import Plan, PlanStatus, Target, Task, TaskRole, TaskTally
from chiso.plans.rollup import completion_sql

from .models import PeriodTally, ProgressUpdate, ReportingPeriod, UpdateState
from .owed import new_activity_since, owes_progress
from .target_status import assess_targets

SENT = (UpdateState.SUBMITTED, UpdateState.APPROVED)
ONE_DAY = datetime.timedelta(days=1)
TALLY_KEYS = ("component_id", "status", "deadline_date", "late_from", "behind")


def refresh_plans(plan_ids: Iterable[int], today: datetime.date | None = None) -> None:
    """Recompute the kept figures of the plans' tasks and their summary rows."""
    today = today or datetime.date.today()
    with transaction.atomic():
        for plan in Plan.objects.filter(pk__in=set(plan_ids)).only("pk", "year", "status"):
            _refresh_tasks(plan, today)
            _write_task_tallies(plan)
            _write_period_tallies(plan)


def summary_rows() -> tuple[list, list, list, list]:
    """Every summary and branch row as plain values, in a fixed order: to compare two
    states."""
    tasks = TaskTally.objects.values_list(
        "plan_id", "unit_id", "role", "component_id", "counted", "status",
        "deadline_date", "late_from", "behind", "tasks", "percent_sum",
    )  # fmt: skip
    periods = PeriodTally.objects.values_list(
        "period_id", "unit_id", "role", "owed", "sent", "approved"
    )
    return sorted(tasks, key=repr), sorted(periods, key=repr), *branch_tallies.kept_rows()


def rebuild_all(progress=None) -> int:
    """Every plan's figures from scratch, and a new revision for every task; returns how
    many plans. The branch rows are written last, as of the day they were kept for."""
    ids = list(Plan.objects.values_list("pk", flat=True))
    with transaction.atomic():
        day = branch_tallies.kept_day() or timezone.localdate()
        branch_tallies.stale()
        TaskTally.objects.all().delete()
        PeriodTally.objects.all().delete()
        for pk in ids:
            refresh_plans([pk])
            revisions.touch_plans([pk])
            if progress:
                progress(1)
        branch_tallies.roll(day)
    return len(ids)


def _refresh_tasks(plan: Plan, today: datetime.date) -> None:
    """`late_from`: the day after the deadline or after the due date of the first report the
    task owes and its lead unit has not sent, whichever comes first; `behind`; `cascaded`."""
    tasks = list(
        Task.objects.filter(plan=plan).only(
            "pk", "plan_id", "lead_id", "deadline_date", "late_from", "behind", "cascaded"
        )
    )
    if not tasks:
        return
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    sent = set(
        ProgressUpdate.objects.filter(
            task__plan=plan, state__in=SENT, unit_id=F("task__lead_id")
        ).values_list("task_id", "period_id")
    )
    first_unsent: dict[int, datetime.date] = {}
    for period in periods:
        owing = Task.objects.filter(owes_progress(period, new_activity_since(period, periods)))
        for pk in owing.values_list("pk", flat=True):
            if (pk, period.pk) not in sent:
                day = period.due + ONE_DAY
                first_unsent[pk] = min(day, first_unsent.get(pk, day))
    copied = set(
        Task.objects.filter(parent_task__plan=plan).values_list("parent_task_id", flat=True)
    )
    targets = Target.objects.filter(plan=plan, task__isnull=False)
    behind = {a.target.task_id for a in assess_targets(targets, today) if a.behind}
    changed = []
    for task in tasks:
        passed = task.deadline_date + ONE_DAY if task.deadline_date else None
        dates = [day for day in (passed, first_unsent.get(task.pk)) if day]
        kept = (min(dates, default=None), task.pk in behind, task.pk in copied)
        if kept != (task.late_from, task.behind, task.cascaded):
            task.late_from, task.behind, task.cascaded = kept
            changed.append(task)
    Task.objects.bulk_update(changed, ["late_from", "behind", "cascaded"], batch_size=500)
    revisions.touch(task.pk for task in changed)


def _write_task_tallies(plan: Plan) -> None:
    """The plan's summary rows, written again; the branch rows take the difference."""
    with branch_tallies.replacing(TaskTally.objects.filter(plan=plan)):
        TaskTally.objects.filter(plan=plan).delete()
        issued = plan.status != PlanStatus.DRAFT
        led = Task.objects.filter(plan=plan)
        links = Task.coordinators.through.objects.filter(task__plan=plan)
        rows = []
        for role, found, unit, prefix in (
            (TaskRole.LEAD, led, "lead_id", ""),
            (TaskRole.COORDINATOR, links, "orgunit_id", "task__"),
        ):
            keys = [f"{prefix}{key}" for key in ("cascaded", *TALLY_KEYS)]
            grouped = found.values(unit, *keys).annotate(
                n=Count("pk"), pct=Sum(completion_sql(prefix))
            )
            rows += [
                TaskTally(
                    plan=plan,
                    year=plan.year,
                    unit_id=row[unit],
                    role=role,
                    counted=issued and not row[f"{prefix}cascaded"],
                    tasks=row["n"],
                    percent_sum=row["pct"] or 0,
                    **{key: row[f"{prefix}{key}"] for key in TALLY_KEYS},
                )
                for row in grouped.order_by()
            ]
        TaskTally.objects.bulk_create(rows, batch_size=500)


def _write_period_tallies(plan: Plan) -> None:
    PeriodTally.objects.filter(plan=plan).delete()
    periods = list(ReportingPeriod.objects.filter(plan=plan))
    rows = []
    for period in periods:
        owing = Task.objects.filter(owes_progress(period, new_activity_since(period, periods)))
        lead = owing.exclude(lead__isnull=True).values(unit_id=F("lead_id"))
        links = Task.coordinators.through.objects.filter(task__in=owing).values(
            unit_id=F("orgunit_id")
        )
        for role, grouped, task, unit in (
            (TaskRole.LEAD, lead, OuterRef("pk"), OuterRef("lead_id")),
            (TaskRole.COORDINATOR, links, OuterRef("task_id"), OuterRef("orgunit_id")),
        ):
            updates = ProgressUpdate.objects.filter(task=task, period=period, unit=unit)
            counts = grouped.annotate(
                owed=Count("pk"),
                sent=Count("pk", filter=Exists(updates.filter(state__in=SENT))),
                approved=Count("pk", filter=Exists(updates.filter(state=UpdateState.APPROVED))),
            ).order_by()
            rows += [PeriodTally(period=period, plan=plan, role=role, **row) for row in counts]
    PeriodTally.objects.bulk_create(rows, batch_size=500)
