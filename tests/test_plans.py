"""Plans and tasks: deadlines on tasks, late and due-soon tasks in SQL, grouping, counts."""

import datetime
from decimal import Decimal

import pytest

from chiso.frameworks.models import Component, ComponentLevel, Framework
from chiso.plans.deadlines import DeadlineKind, parse_deadline
from chiso.plans.grouping import group_by_component
from chiso.plans.models import Target, Task, TaskStatus
from chiso.plans.tallies import plan_counts
from chiso.plans.targets import Comparator

from .factories import TaskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 7, 15)


def test_deadline_round_trips_through_the_task(plans):
    task = plans.task_a
    task.deadline = parse_deadline("Quý II/2025")
    task.save()
    task.refresh_from_db()
    assert task.deadline.kind == DeadlineKind.PERIOD_END
    assert task.deadline.date == datetime.date(2025, 6, 30)
    assert task.deadline.text == "Quý II/2025"


def test_late_and_due_soon_are_computed_in_sql(plans):
    plan = plans.a
    late = TaskFactory(plan=plan, deadline_date=datetime.date(2025, 7, 1))
    TaskFactory(plan=plan, deadline_date=datetime.date(2025, 7, 1), status=TaskStatus.DONE)
    soon = TaskFactory(plan=plan, deadline_date=datetime.date(2025, 7, 20))
    TaskFactory(plan=plan, deadline_date=datetime.date(2025, 9, 1))
    TaskFactory(plan=plan, deadline_kind=DeadlineKind.ONGOING)
    assert list(Task.objects.filter(plan=plan).late(TODAY)) == [late]
    assert list(Task.objects.filter(plan=plan).due_soon(TODAY, 14)) == [soon]


def test_plan_counts(plans):
    TaskFactory(plan=plans.a, status=TaskStatus.DONE)
    TaskFactory(plan=plans.a, deadline_date=datetime.date(2025, 1, 1))
    counts = plan_counts(plans.a, TODAY)
    # the fixture's task has neither a deadline nor periods: open
    assert (counts.total, counts.done, counts.late) == (3, 1, 1)


def test_tasks_group_under_fields_in_index_order(plans):
    papi = Framework.objects.create(code="PAPI", name="PAPI", year=2025)
    par = Framework.objects.create(code="PAR", name="PAR INDEX", year=2025)
    field = Component.objects.create(
        framework=par, code="PAR.3", name="TTHC", level=ComponentLevel.FIELD, order=3
    )
    criterion = Component.objects.create(
        framework=par, parent=field, code="PAR.3.1", name="Một cửa", level=2, order=4
    )
    papi_field = Component.objects.create(
        framework=papi, code="PAPI.5", name="TTHC công", level=ComponentLevel.FIELD, order=5
    )
    tasks = [
        TaskFactory(plan=plans.a, component=papi_field),
        TaskFactory(plan=plans.a, component=criterion),
        TaskFactory(plan=plans.a, component=field),
        TaskFactory(plan=plans.a),
    ]
    groups = group_by_component(tasks)
    assert [g.component.code if g.component else None for g in groups] == [
        "PAR.3",
        "PAPI.5",
        None,
    ]
    assert len(groups[0].tasks) == 2


def test_target_threshold_and_subject(plans):
    indicator = Target(
        plan=plans.a,
        indicator="on_time",
        comparator=Comparator.GT,
        value=Decimal("99.000"),
        unit="%",
    )
    rank = Target(plan=plans.a, index="PAR", comparator=Comparator.RANK, value=6, out_of=20)
    assert indicator.threshold == "trên 99 %"
    assert indicator.subject == "Tỷ lệ hồ sơ giải quyết đúng hạn"
    assert rank.threshold == "xếp thứ 6/20"
    assert rank.subject == "PAR"


def test_reference_text(plans):
    plans.province.issue_date = datetime.date(2025, 5, 29)
    assert plans.province.reference == "Kế hoạch số 1/KH-UBND ngày 29/05/2025"
