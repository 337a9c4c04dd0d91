"""How progress rolls up, in one place.

- A task counts as complete when its status is done or done late; its completion is then
  100 %, otherwise the percent its lead unit last had approved (`Task.manual_percent`), else 0.
- A group of tasks (an index component of a plan, a unit's tasks) shows how many are done
  out of how many, and its completion is the mean of its tasks' completion.
"""

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Coalesce

from .state import DONE_STATUSES


def is_complete(task) -> bool:
    return task.status in DONE_STATUSES


def completion(task) -> int:
    if is_complete(task):
        return 100
    return task.manual_percent or 0


def completion_sql(prefix: str = "") -> Case:
    """`completion` as an SQL expression, on tasks reached through `prefix`."""
    return Case(
        When(**{f"{prefix}status__in": DONE_STATUSES}, then=Value(100)),
        default=Coalesce(f"{prefix}manual_percent", Value(0)),
        output_field=IntegerField(),
    )


def mean_completion(tasks) -> int:
    tasks = list(tasks)
    return round(sum(completion(t) for t in tasks) / len(tasks)) if tasks else 0
