"""Which tasks owe progress in a period, as one SQL condition.

A dated task owes progress until it is done (and in every period its deadline falls in or
after); an ongoing task, or one whose date is set by a schedule, owes it every period; a task
that waits on an event owes it once the event has been recorded.
"""

import datetime

from django.db.models import Q

from chiso.plans.deadlines import DeadlineKind
from chiso.plans.state import DONE_STATUSES

from .models import ReportingPeriod

EVERY_PERIOD = (DeadlineKind.ONGOING, DeadlineKind.SCHEDULE, DeadlineKind.UNSPECIFIED)


def new_activity_since(period: ReportingPeriod, periods: list[ReportingPeriod]) -> datetime.date:
    """The first day this period adds to the one before it (windows are often cumulative)."""
    before = [p.data_to for p in periods if p.data_to < period.data_to]
    return max(before) + datetime.timedelta(days=1) if before else period.data_from


def owes_progress(period: ReportingPeriod, since: datetime.date) -> Q:
    """Condition on Task for the tasks of `period`'s plan that owe an update in it."""
    dated = Q(deadline_date__isnull=False) & (
        Q(deadline_date__gte=since) | ~Q(status__in=DONE_STATUSES)
    )
    every = Q(deadline_date__isnull=True, deadline_kind__in=EVERY_PERIOD)
    event = Q(
        deadline_kind=DeadlineKind.EVENT,
        event_occurred_on__isnull=False,
        event_occurred_on__lte=period.data_to,
    )
    return Q(plan_id=period.plan_id) & (dated | every | event)
