"""A set of tasks at a glance: how many are done, in progress and late, and the first late
and soon-due ones. Shared by the home page and the unit page."""

import datetime

from django.db.models import Count, Q

from .models import TaskQuerySet, TaskStatus
from .rollup import DONE


def task_overview(tasks: TaskQuerySet, today: datetime.date, *, due_days: int, shown: int) -> dict:
    late = Q(deadline_date__lt=today) & ~Q(status__in=DONE)
    related = ("plan", "lead")
    return {
        "counts": tasks.aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=DONE)),
            in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
            late=Count("pk", filter=late),
        ),
        "late_tasks": list(
            tasks.late(today).select_related(*related).order_by("deadline_date")[:shown]
        ),
        "due_tasks": list(
            tasks.due_within(today, due_days)
            .select_related(*related)
            .order_by("deadline_date")[:shown]
        ),
    }
