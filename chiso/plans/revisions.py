"""Revision tokens of tasks: a new random token for every task whose row may show something
new, written in the transaction of the change (`chiso.plans.kept` calls `touch`).

A cached row is kept under its task's token, so a row rendered before a change is never
served after it. A task without a token yet (made in bulk, never touched) is not cached.
"""

import secrets
from collections.abc import Iterable

from .models import Task, TaskRevision

BATCH = 500


def touch(task_ids: Iterable[int]) -> None:
    """Give the tasks a new token."""
    ids = set(task_ids) - {None}
    if not ids:
        return
    found = set(Task.objects.filter(pk__in=ids).values_list("pk", flat=True))
    TaskRevision.objects.filter(pk__in=ids - found).delete()  # deleted on the way
    ids = sorted(found)
    token = secrets.randbits(62)
    TaskRevision.objects.bulk_create(
        [TaskRevision(task_id=pk, token=token) for pk in ids],
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["task"],
        update_fields=["token"],
    )


def touch_plans(plan_ids: Iterable[int]) -> None:
    """Give every task of the plans a new token."""
    touch(Task.objects.filter(plan__in=set(plan_ids)).values_list("pk", flat=True))


def touch_units(unit_ids: Iterable[int]) -> None:
    """A new token for the tasks the units lead or coordinate, which show their names."""
    ids = set(unit_ids)
    led = Task.objects.filter(lead__in=ids).values_list("pk", flat=True)
    helped = Task.coordinators.through.objects.filter(orgunit__in=ids)
    touch([*led, *helped.values_list("task_id", flat=True)])


def touch_framework(framework_id: int) -> None:
    """A new token for the tasks under the framework's components, which show their codes."""
    touch(Task.objects.filter(component__framework=framework_id).values_list("pk", flat=True))
