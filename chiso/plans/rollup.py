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


def attach_counts(objects: list, key: str, names: tuple[str, str, str], today) -> list:
    """Set the total, done and late counts of `counts_by(key)` on each object, under `names`."""
    counts = counts_by(key, [obj.pk for obj in objects], today)
    for obj in objects:
        for name, value in zip(names, counts[obj.pk].values(), strict=True):
            setattr(obj, name, value)
    return objects


PLAN_COUNTS = ("task_count", "done_count", "late_count")
CHILD_COUNTS = ("child_total", "child_done", "child_late")


def attach_task_counts(plans: list, today: datetime.date) -> list:
    """Set task_count, done_count and late_count on each plan."""
    return attach_counts(plans, "plan", PLAN_COUNTS, today)


def plan_summary(plan, today: datetime.date) -> dict[str, int]:
    """The plan's task_count, done_count and late_count."""
    return dict(
        zip(PLAN_COUNTS, counts_by("plan", [plan.pk], today)[plan.pk].values(), strict=True)
    )


def attach_child_counts(tasks: list, today: datetime.date) -> list:
    """Set child_total, child_done and child_late on each task, from its child tasks."""
    return attach_counts(tasks, "parent_task", CHILD_COUNTS, today)
