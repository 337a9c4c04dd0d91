"""Late and at-risk tasks, computed in SQL so that a province-wide page stays fast.

- late: the deadline has passed and the task is not done; or the task is not done and its
  lead unit has not sent (submitted or approved) an update for every period of the plan
  whose report is past due.
- at risk: not late, and either blocked, or due within `soon` days and not yet started.
"""

import datetime

from django.db.models import BooleanField, Case, Count, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from chiso.plans.models import TaskStatus

from .models import ProgressUpdate, ReportingPeriod, UpdateState

DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)
SENT = (UpdateState.SUBMITTED, UpdateState.APPROVED)


def late_condition(today: datetime.date) -> Q:
    """Q on tasks annotated by `with_report_counts`."""
    not_done = ~Q(status__in=DONE)
    return not_done & (Q(deadline_date__lt=today) | Q(periods_sent__lt=F("periods_due")))


def with_report_counts(tasks, today: datetime.date):
    """Annotate periods_due (reports past due in the task's plan) and periods_sent (those the
    lead unit sent)."""
    due = (
        ReportingPeriod.objects.filter(plan=OuterRef("plan"), due__lt=today)
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sent = (
        ProgressUpdate.objects.filter(
            task=OuterRef("pk"), unit=OuterRef("lead"), period__due__lt=today, state__in=SENT
        )
        .values("task")
        .annotate(n=Count("period", distinct=True))
        .values("n")
    )
    return tasks.annotate(
        periods_due=Coalesce(Subquery(due), 0), periods_sent=Coalesce(Subquery(sent), 0)
    )


def with_flags(tasks, today: datetime.date, soon: int = 14):
    """Annotate is_late and is_at_risk on each task."""
    tasks = with_report_counts(tasks, today)
    late = late_condition(today)
    risky = ~late & (
        Q(status=TaskStatus.BLOCKED)
        | Q(
            status=TaskStatus.NOT_STARTED,
            deadline_date__gte=today,
            deadline_date__lte=today + datetime.timedelta(days=soon),
        )
    )
    # Case/When reads a comparison with NULL (no deadline) as false, not as unknown.
    return tasks.annotate(
        is_late=Case(When(late, then=True), default=False, output_field=BooleanField()),
        is_at_risk=Case(When(risky, then=True), default=False, output_field=BooleanField()),
    )
