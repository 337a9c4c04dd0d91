"""Summary rows kept on write: after a random sequence of writes through the models (tasks,
coordinators, progress, periods, targets, plan status, deletions) they equal a rebuild."""

import datetime
import random

import pytest

from chiso.plans.models import PlanStatus, Target, Task, TaskStatus
from chiso.tracking.models import ProgressUpdate, ReportingPeriod, UpdateState
from chiso.tracking.schedule import ensure_periods
from chiso.tracking.summaries import rebuild_all, summary_rows

from ..factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", range(4))
def test_incremental_rows_equal_a_rebuild(org, plans, seed):
    rng = random.Random(seed)
    units = [org.dept_a, org.div_a, org.dept_b, org.div_b, org.commune]
    all_plans = [plans.province, plans.a, plans.b]
    for plan in all_plans:
        ensure_periods(plan)
    for _step in range(60):
        action = rng.choice(["task", "status", "coordinate", "update", "delete", "plan", "target"])
        tasks = list(Task.objects.all())
        task = rng.choice(tasks) if tasks else None
        if action == "task" or task is None:
            TaskFactory(
                plan=rng.choice(all_plans),
                lead=rng.choice(units),
                deadline_date=rng.choice([None, datetime.date(2025, rng.randint(1, 12), 1)]),
                status=rng.choice(TaskStatus.values),
                parent_task=rng.choice([None, *tasks[:3]]),
            )
        elif action == "status":
            task.status, task.manual_percent = rng.choice(TaskStatus.values), rng.randint(0, 100)
            task.save()
        elif action == "coordinate":
            task.coordinators.add(rng.choice(units))
        elif action == "update":
            period = rng.choice(list(ReportingPeriod.objects.filter(plan=task.plan_id)))
            ProgressUpdate.objects.get_or_create(
                task=task,
                period=period,
                unit=task.lead or org.dept_a,
                version=1,
                defaults={"state": rng.choice(UpdateState.values)},
            )
        elif action == "delete":
            task.delete()
        elif action == "plan":
            plan = rng.choice(all_plans)
            plan.status = rng.choice(PlanStatus.values)
            plan.save()
        elif action == "target":
            Target.objects.create(
                plan=task.plan, task=task, comparator="gt", value=90, unit="%", text="trên 90%"
            )
    kept = summary_rows()
    assert kept[0]
    rebuild_all()
    assert summary_rows() == kept
