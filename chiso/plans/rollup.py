"""How progress rolls up, in one place.

- A task counts as complete when its status is done or done late; its completion is then
  100 %, otherwise the percent its lead unit last had approved (`Task.manual_percent`), else 0.
- A group of tasks (an index component of a plan, a unit's tasks) shows how many are done
  out of how many, and its completion is the mean of its tasks' completion.
- A parent task shows its child tasks across units (the tasks copied from it into the units'
  own plans): how many exist, are done, are late.
"""

import datetime

from django.db.models import Count, Q

from .models import Task, TaskStatus

DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)


def completion(task) -> int:
    if task.status in DONE:
        return 100
    return task.manual_percent or 0


def mean_completion(tasks) -> int:
    tasks = list(tasks)
    return round(sum(completion(t) for t in tasks) / len(tasks)) if tasks else 0


def counts_by(key: str, ids: list[int], today: datetime.date) -> dict[int, dict[str, int]]:
    """How many tasks, done and late, for each of `ids` of the task foreign key `key`, in one
    grouped query (a provincial plan's tasks may have a child task in every unit)."""
    done = Q(status__in=DONE)
    found = {
        row.pop(key): row
        for row in Task.objects.filter(**{f"{key}__in": ids})
        .values(key)
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=done),
            late=Count("pk", filter=Q(deadline_date__lt=today) & ~done),
        )
        .order_by()
    }
    empty = {"total": 0, "done": 0, "late": 0}
    return {pk: found.get(pk, empty) for pk in ids}


def attach_task_counts(plans: list, today: datetime.date) -> list:
    """Set task_count, done_count and late_count on each plan."""
    counts = counts_by("plan", [plan.pk for plan in plans], today)
    for plan in plans:
        c = counts[plan.pk]
        plan.task_count, plan.done_count, plan.late_count = c["total"], c["done"], c["late"]
    return plans


def plan_summary(plan, today: datetime.date) -> dict[str, int]:
    """The plan's task_count, done_count and late_count."""
    attach_task_counts([plan], today)
    return {name: getattr(plan, name) for name in ("task_count", "done_count", "late_count")}


def attach_child_counts(tasks: list, today: datetime.date) -> list:
    """Set child_total, child_done and child_late on each task, from its child tasks."""
    counts = counts_by("parent_task", [task.pk for task in tasks], today)
    for task in tasks:
        c = counts[task.pk]
        task.child_total, task.child_done, task.child_late = c["total"], c["done"], c["late"]
    return tasks
