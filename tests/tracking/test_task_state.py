"""The state rules as a table: deadline kinds × progress × reports past due × targets.

Each row makes one task in a plan of 2025 with the usual periods (quarter I due 2/4, six
months due 2/7, nine months due 2/10, the year due 2/1/2026), sends the listed reports, and
reads it on 10/7/2025: its state and flags from tasks, and the same counts from the summary
rows, which must agree.
"""

import datetime

import pytest

from chiso.plans.counting import count_states
from chiso.plans.deadlines import DeadlineKind
from chiso.plans.models import Target, Task, TaskRole, TaskStatus, TaskTally
from chiso.plans.state import TaskState
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import ensure_periods

from ..factories import TaskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 7, 10)
PAST, FUTURE, SOON = datetime.date(2025, 6, 1), datetime.date(2025, 12, 31), TODAY.replace(day=20)
A, S, D, R = UpdateState.APPROVED, UpdateState.SUBMITTED, UpdateState.DRAFT, UpdateState.RETURNED
DATED, ONGOING, EVENT, SCHEDULE = (
    DeadlineKind.DATE,
    DeadlineKind.ONGOING,
    DeadlineKind.EVENT,
    DeadlineKind.SCHEDULE,
)
IN, NOT, BLOCK, DONE, DONE_LATE = (
    TaskStatus.IN_PROGRESS,
    TaskStatus.NOT_STARTED,
    TaskStatus.BLOCKED,
    TaskStatus.DONE,
    TaskStatus.DONE_LATE,
)

# kind, deadline, event date, status, (quarter I, six months) report states, a target value
# reported below its threshold — expected state, at risk, due soon
CASES = {
    "dated, passed": (DATED, PAST, None, IN, (A, A), None, TaskState.LATE, False, False),
    "dated, passed, done": (DATED, PAST, None, DONE, (A, A), None, TaskState.DONE, False, False),
    "done late": (DATED, PAST, None, DONE_LATE, (A, A), None, TaskState.DONE_LATE, False, False),
    "done, reports missing": (DATED, FUTURE, None, DONE, (), None, TaskState.DONE, False, False),
    "dated, reported": (DATED, FUTURE, None, IN, (A, A), None, TaskState.IN_PROGRESS, False, False),
    "six months missing": (DATED, FUTURE, None, IN, (A,), None, TaskState.LATE, False, False),
    "six months submitted": (
        DATED,
        FUTURE,
        None,
        IN,
        (A, S),
        None,
        TaskState.IN_PROGRESS,
        False,
        False,
    ),
    "six months a draft": (DATED, FUTURE, None, IN, (A, D), None, TaskState.LATE, False, False),
    "six months returned": (DATED, FUTURE, None, IN, (A, R), None, TaskState.LATE, False, False),
    "ongoing, reported": (
        ONGOING,
        None,
        None,
        IN,
        (A, A),
        None,
        TaskState.IN_PROGRESS,
        False,
        False,
    ),
    "ongoing, silent": (ONGOING, None, None, IN, (), None, TaskState.LATE, False, False),
    "schedule, reported": (
        SCHEDULE,
        None,
        None,
        NOT,
        (A, A),
        None,
        TaskState.NOT_STARTED,
        False,
        False,
    ),
    "event not yet": (EVENT, None, None, NOT, (), None, TaskState.NOT_STARTED, False, False),
    "event in May, silent": (
        EVENT,
        None,
        datetime.date(2025, 5, 1),
        IN,
        (),
        None,
        TaskState.LATE,
        False,
        False,
    ),
    "event in May, reported": (
        EVENT,
        None,
        datetime.date(2025, 5, 1),
        IN,
        (None, A),
        None,
        TaskState.IN_PROGRESS,
        False,
        False,
    ),
    "blocked": (DATED, FUTURE, None, BLOCK, (A, A), None, TaskState.BLOCKED, True, False),
    "blocked and late": (DATED, PAST, None, BLOCK, (A, A), None, TaskState.LATE, False, False),
    "not started, due soon": (
        DATED,
        SOON,
        None,
        NOT,
        (A, A),
        None,
        TaskState.NOT_STARTED,
        True,
        True,
    ),
    "in progress, due soon": (
        DATED,
        SOON,
        None,
        IN,
        (A, A),
        None,
        TaskState.IN_PROGRESS,
        False,
        True,
    ),
    "target behind": (DATED, FUTURE, None, IN, (A, A), "90", TaskState.IN_PROGRESS, True, False),
    "target met": (DATED, FUTURE, None, IN, (A, A), "99,5", TaskState.IN_PROGRESS, False, False),
}


def make(plan, lead, periods, case) -> Task:
    kind, deadline, event, status, reports, value, *_expected = case
    task = TaskFactory(
        plan=plan,
        lead=lead,
        deadline_kind=kind,
        deadline_date=deadline,
        event_occurred_on=event,
        status=status,
    )
    target = None
    if value is not None:
        target = Target.objects.create(
            plan=plan, task=task, comparator="gt", value=99, unit="%", text="trên 99%"
        )
    for period, report in zip(periods, reports, strict=False):
        if report is not None:
            values = {str(target.pk): value} if target and report == A else {}
            ProgressUpdate.objects.create(
                task=task, period=period, unit=lead, state=report, target_values=values
            )
    return task


@pytest.mark.parametrize("name", list(CASES))
def test_state_of_a_task(org, plans, name):
    case = CASES[name]
    periods = sorted(ensure_periods(plans.a), key=lambda p: p.due)
    task = make(plans.a, org.div_a, periods, case)
    found = Task.objects.with_state(TODAY).get(pk=task.pk)
    *_given, expected, at_risk, due_soon = case
    assert (found.state, found.is_at_risk, found.is_due_soon) == (expected, at_risk, due_soon)
    # the summary rows count it the same way
    rows = TaskTally.objects.filter(plan=plans.a, role=TaskRole.LEAD, unit=org.div_a)
    tasks = Task.objects.filter(plan=plans.a, lead=org.div_a)
    assert count_states(rows, TODAY) == count_states(tasks, TODAY)
    counts = count_states(rows, TODAY)
    assert (
        counts.total
        == 1 + Task.objects.filter(plan=plans.a, lead=org.div_a).exclude(pk=task.pk).count()
    )
    assert counts.at_risk == Task.objects.filter(plan=plans.a).at_risk(TODAY).count()


def test_states_add_up(org, plans):
    periods = sorted(ensure_periods(plans.a), key=lambda p: p.due)
    plans.task_a.delete()
    for case in CASES.values():
        make(plans.a, org.div_a, periods, case)
    counts = count_states(Task.objects.filter(plan=plans.a), TODAY)
    parts = counts.done + counts.late + counts.blocked + counts.in_progress + counts.not_started
    assert parts == counts.total
    expected = [case[6] for case in CASES.values()]
    assert counts.late == expected.count(TaskState.LATE)
    assert counts.done == expected.count(TaskState.DONE) + expected.count(TaskState.DONE_LATE)
    for name in TaskState.values:
        by_rule = Task.objects.filter(plan=plans.a).in_state(name, TODAY).count()
        annotated = Task.objects.filter(plan=plans.a).with_state(TODAY).filter(state=name).count()
        assert by_rule == annotated


def test_state_moves_with_the_date_without_a_write(org, plans):
    ensure_periods(plans.a)
    task = make(plans.a, org.div_a, [], (DATED, FUTURE, None, IN, (), None))
    before = datetime.date(2025, 3, 1)  # no report due yet
    assert Task.objects.with_state(before).get(pk=task.pk).state == TaskState.IN_PROGRESS
    assert Task.objects.with_state(TODAY).get(pk=task.pk).state == TaskState.LATE
