"""Summary rows kept on write: after a random sequence of writes through the models (tasks,
coordinators, progress, periods, targets, plan status, deletions, a unit moved) they equal a
rebuild; the branch rows rolled from one day to another equal those written for that day."""

import datetime
import random

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.frameworks.models import Component
from chiso.plans import branch_tallies
from chiso.plans.models import PlanStatus, Target, Task, TaskStatus
from chiso.plans.tallies import plan_counts, unit_figures, unit_tallies
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
    load_builtin_frameworks()
    components = [None, *Component.objects.order_by("?")[:12]]
    for plan in all_plans:
        ensure_periods(plan)
    branch_tallies.roll(KEPT_DAY)
    actions = ["task", "task", "status", "coordinate", "update", "delete", "plan", "target", "move"]
    for _step in range(60):
        action = rng.choice(actions)
        tasks = list(Task.objects.all())
        task = rng.choice(tasks) if tasks else None
        if action == "task" or task is None:
            TaskFactory(
                plan=rng.choice(all_plans),
                lead=rng.choice(units),
                deadline_date=rng.choice([None, datetime.date(2025, rng.randint(1, 12), 1)]),
                status=rng.choice(TaskStatus.values),
                parent_task=rng.choice([None, *tasks[:3]]),
                component=rng.choice(components),
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
        elif action == "move":  # a division passes to the other department, or back
            org.div_b.refresh_from_db()
            org.div_b.parent = org.dept_a if org.div_b.parent == org.dept_b else org.dept_b
            org.div_b.save()
            branch_tallies.roll(KEPT_DAY)  # as the next read of that day would
    kept = summary_rows()
    assert kept[0] and branch_tallies.kept_day() == KEPT_DAY, branch_tallies.kept_day()
    rebuild_all()
    assert summary_rows() == kept


KEPT_DAY = datetime.date(2025, 6, 15)
DAYS = [datetime.date(2025, 1, 1) + datetime.timedelta(days=n) for n in range(0, 400, 9)]


@pytest.mark.parametrize("seed", range(2))
def test_rolled_branch_rows_equal_rows_written_for_the_day(org, plans, seed):
    rng = random.Random(seed)
    units = [org.dept_a, org.div_a, org.dept_b, org.div_b, org.commune, None]
    for _ in range(40):
        TaskFactory(
            plan=rng.choice([plans.province, plans.a, plans.b]),
            lead=rng.choice(units),
            deadline_date=rng.choice([None, rng.choice(DAYS)]),
            status=rng.choice(TaskStatus.values),
        )
    rolled = DAYS[0]
    branch_tallies.roll(rolled)
    for day in rng.sample(DAYS, 20):
        branch_tallies.roll(day)
        kept = branch_tallies.kept_rows()
        branch_tallies.rebuild(day)
        assert branch_tallies.kept_rows() == kept, (rolled, day)
        rolled = day


def test_kept_rows_give_the_figures_the_summary_rows_give(org, plans):
    for n, day in enumerate(DAYS[:12]):
        TaskFactory(
            plan=plans.a, lead=org.div_a, deadline_date=day, status=TaskStatus.values[n % 4]
        )
    plans.province_task_b.coordinators.add(org.div_a)
    for day in DAYS[::5]:
        branch_tallies.roll(day)
        for unit in [None, org.province, org.dept_a, org.div_a, org.dept_b]:
            kept = unit_figures(unit, 2025, day)
            branch_tallies.stale()
            assert unit_figures(unit, 2025, day) == kept, (unit, day)  # from TaskTally rows
            branch_tallies.roll(day)
        for plan in [plans.province, plans.a, plans.b]:
            kept = plan_counts(plan, day)
            branch_tallies.stale()
            assert plan_counts(plan, day) == kept, (plan, day)
            branch_tallies.roll(day)
        figures = unit_figures(org.dept_a, 2025, day)
        assert (
            figures.counts.total
            == sum(unit_tallies(org.dept_a, 2025).values_list("tasks", flat=True))
            == 14
        )
        assert figures.coordinated.total == 1


def test_a_moved_unit_has_its_branch_rows_written_again_in_the_background(
    org, plans, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    branch_tallies.roll(today)
    before = unit_figures(org.dept_a, 2025, today).counts.total
    moved = unit_figures(org.div_b, 2025, today).counts.total
    assert moved
    with django_capture_on_commit_callbacks(execute=True):
        org.div_b.parent = org.dept_a
        org.div_b.save()
    assert branch_tallies.kept_day() is None
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("branch_tallies.write_again")
    stale = unit_figures(org.dept_a, 2025, today)  # counted from the summary rows meanwhile
    assert stale.counts.total == before + moved
    branch_tallies.write_again.call()
    assert branch_tallies.kept_day() == today
    assert unit_figures(org.dept_a, 2025, today) == stale
