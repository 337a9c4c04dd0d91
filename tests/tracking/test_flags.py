"""Late and at-risk, in SQL: a passed deadline, a missing report, a blocked or unstarted task."""

import datetime

import pytest

from chiso.plans.deadlines import DeadlineKind
from chiso.plans.models import Task, TaskStatus
from chiso.tracking.flags import with_flags
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import ensure_periods

from ..factories import TaskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 7, 10)  # the six-month report (due 2/7) is past due


def flags(plan):
    rows = with_flags(Task.objects.filter(plan=plan), TODAY).values_list(
        "text", "is_late", "is_at_risk"
    )
    return {text: (late, risk) for text, late, risk in rows}


def test_late_at_risk_and_fine(org, plans):
    plan = plans.a
    periods = ensure_periods(plan)
    TaskFactory(plan=plan, lead=org.div_a, text="quá hạn", deadline_date=datetime.date(2025, 6, 1))
    TaskFactory(
        plan=plan,
        lead=org.div_a,
        text="xong",
        deadline_date=datetime.date(2025, 6, 1),
        status=TaskStatus.DONE,
    )
    silent = TaskFactory(
        plan=plan,
        lead=org.div_a,
        text="không báo cáo",
        deadline_kind=DeadlineKind.ONGOING,
        status=TaskStatus.IN_PROGRESS,
    )
    reported = TaskFactory(
        plan=plan,
        lead=org.div_a,
        text="đã báo cáo",
        deadline_kind=DeadlineKind.ONGOING,
        status=TaskStatus.IN_PROGRESS,
    )
    blocked = TaskFactory(plan=plan, lead=org.div_a, text="vướng", status=TaskStatus.BLOCKED)
    soon = TaskFactory(
        plan=plan, lead=org.div_a, text="sắp đến hạn", deadline_date=datetime.date(2025, 7, 15)
    )
    for period in periods[:2]:  # the two reports past due
        for task in (reported, blocked, soon):
            ProgressUpdate.objects.create(
                task=task, period=period, unit=org.div_a, state=UpdateState.APPROVED
            )
    ProgressUpdate.objects.create(
        task=silent, period=periods[0], unit=org.div_a, state=UpdateState.DRAFT
    )  # a draft was never sent
    result = flags(plan)
    assert result["quá hạn"] == (True, False)
    assert result["xong"] == (False, False)
    assert result["không báo cáo"] == (True, False)
    assert result["đã báo cáo"] == (False, False)
    assert result["vướng"] == (False, True)
    assert result["sắp đến hạn"] == (False, True)
