"""How progress rolls up, in one place.

- A task counts as complete when its status is done or done late; its completion is then
  100 %, otherwise the percent its lead unit last had approved (`Task.manual_percent`), else 0.
- A group of tasks (an index component of a plan, a unit's tasks) shows how many are done
  out of how many, and its completion is the mean of its tasks' completion.
- A parent task shows its child tasks across units (the tasks copied from it into the units'
  own plans): how many exist, are done, are late.
"""

import datetime

from django.db.models import Count, Q, QuerySet

from .models import TaskStatus

DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)


def completion(task) -> int:
    if task.status in DONE:
        return 100
    return task.manual_percent or 0


def mean_completion(tasks) -> int:
    tasks = list(tasks)
    return round(sum(completion(t) for t in tasks) / len(tasks)) if tasks else 0


def with_child_counts(tasks: QuerySet, today: datetime.date) -> QuerySet:
    """Annotate child_total, child_done and child_late on each task, in SQL."""
    done = Q(child_tasks__status__in=DONE)
    late = Q(child_tasks__deadline_date__lt=today) & ~done
    return tasks.annotate(
        child_total=Count("child_tasks", distinct=True),
        child_done=Count("child_tasks", filter=done, distinct=True),
        child_late=Count("child_tasks", filter=late, distinct=True),
    )
