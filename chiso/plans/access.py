"""Which plans and tasks a user may see and change: the scoped lookups every view uses.

A user sees the plans issued inside their scope, the plans of the units above them (the
plans they implement), and the plans in which a unit of their scope leads or coordinates a
task. They change a plan when they may change its issuer (see `chiso.org.access`).
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from chiso.org.access import can_change_unit, scope_root, sees_everything
from chiso.org.models import in_subtree

from .models import Plan, PlanQuerySet, Task, TaskQuerySet


def plans_for(user) -> PlanQuerySet:
    if sees_everything(user):
        return Plan.objects.all()
    root = scope_root(user)
    if root is None:
        return Plan.objects.none()
    in_scope = Task.objects.filter(plan=OuterRef("pk")).filter(
        in_subtree(root, "lead__path") | in_subtree(root, "coordinators__path")
    )
    return Plan.objects.filter(
        in_subtree(root, "issuer__path") | Q(issuer_id__in=root.ancestor_ids()) | Exists(in_scope)
    )


def tasks_for(user) -> TaskQuerySet:
    """Tasks the user's scope leads or coordinates, in plans they may see."""
    if sees_everything(user):
        return Task.objects.all()
    root = scope_root(user)
    if root is None:
        return Task.objects.none()
    coordinated = Task.coordinators.through.objects.filter(
        in_subtree(root, "orgunit__path"), task_id=OuterRef("pk")
    )
    return Task.objects.filter(
        in_subtree(root, "lead__path")
        | in_subtree(root, "plan__issuer__path")
        | Exists(coordinated)
    )


def get_plan_for_user(user, pk: int, *, change: bool = False) -> Plan:
    plan = plans_for(user).filter(pk=pk).select_related("issuer").first()
    if plan is None or (change and not can_change_plan(user, plan)):
        raise Http404
    return plan


def can_change_plan(user, plan: Plan) -> bool:
    return can_change_unit(user, plan.issuer)


def get_task_for_user(user, pk: int, *, change: bool = False) -> Task:
    task = (
        Task.objects.filter(pk=pk, plan__in=plans_for(user))
        .select_related("plan__issuer", "lead", "component")
        .first()
    )
    if task is None or (change and not can_change_task(user, task)):
        raise Http404
    return task


def can_change_task(user, task: Task) -> bool:
    """The plan's issuer and the task's lead unit may change a task."""
    return can_change_unit(user, task.plan.issuer) or (
        task.lead is not None and can_change_unit(user, task.lead)
    )
