"""Which plans and tasks a user may see and change: the scoped lookups every view uses.

A user sees the plans issued inside their scope, the plans of the units above them (the
plans they implement), and the plans in which a unit of their scope leads or coordinates a
task. They change a plan when they may change its issuer (see `chiso.org.access`); a
coordinator changes every plan of the province (`can_change_plans_of`).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from chiso.accounts.models import Role
from chiso.org.access import (
    can_change_unit,
    can_view_unit,
    scope_is_whole_tree,
    scope_root,
    scope_unit_ids,
)
from chiso.org.models import listed_ids

from .models import Plan, Task, TaskQuerySet


def plans_for(user) -> QuerySet[Plan]:
    """The plans `user` sees, from the live org tree and their live role (never cached)."""
    if scope_is_whole_tree(user):
        return Plan.objects.all()
    root = scope_root(user)
    if root is None:
        return Plan.objects.none()
    units = listed_ids(scope_unit_ids(user))
    # Each condition is its own subquery on an index (a task's lead, a coordinator link):
    # one subquery with OR between them would read every task of the province.
    led = Task.objects.filter(lead_id__in=units).values("plan_id")
    coordinated = Task.coordinators.through.objects.filter(orgunit_id__in=units)
    return Plan.objects.filter(
        Q(issuer_id__in=units)
        | Q(issuer_id__in=root.ancestor_ids())
        | Q(pk__in=led)
        | Q(pk__in=coordinated.values("task__plan_id"))
    )


def tasks_for(user) -> TaskQuerySet:
    """Tasks the user's scope leads or coordinates, or that sit in plans it issued."""
    if scope_is_whole_tree(user):
        return Task.objects.all()
    if scope_root(user) is None:
        return Task.objects.none()
    units = scope_unit_ids(user)
    return Task.objects.filter(
        Q(lead_id__in=units)
        | Q(plan_id__in=Plan.objects.filter(issuer_id__in=units).values("pk"))
        | Q(pk__in=_coordinated_by(units))
    )


def _coordinated_by(units):
    return Task.coordinators.through.objects.filter(orgunit_id__in=units).values("task_id")


def get_plan_for_user(user, pk: int, *, change: bool = False) -> Plan:
    plan = plans_for(user).select_related("issuer").filter(pk=pk).first()
    if plan is None or (change and not can_change_plan(user, plan)):
        raise Http404
    return plan


def can_view_plan(user, plan: Plan) -> bool:
    """Whether `get_plan_for_user` would find the plan: the issuer's scope answers most
    cases without a query."""
    root = scope_root(user)
    if scope_is_whole_tree(user) or (
        root is not None and (plan.issuer_id in root.ancestor_ids() or plan.issuer_id == root.pk)
    ):
        return True
    return plans_for(user).filter(pk=plan.pk).exists()


def can_change_plans_of(user, unit) -> bool:
    """Whether `user` may change the plans `unit` issues: those of their own subtree, and
    for a coordinator (the reform secretariat, which drafts the province's plan and enters
    units' plans on their behalf, `docimport.access.import_issuers`) those of every unit of
    the province. Progress stays with the units (`can_change_unit`)."""
    if can_change_unit(user, unit):
        return True
    return user.is_authenticated and user.role == Role.COORDINATOR and can_view_unit(user, unit)


def can_change_plan(user, plan: Plan) -> bool:
    return can_change_plans_of(user, plan.issuer)


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
    return can_change_plans_of(user, task.plan.issuer) or (
        task.lead is not None and can_change_unit(user, task.lead)
    )


def changeable_tasks(user, tasks: list[Task]) -> set[int]:
    """The ids of those of `tasks` that `can_change_task` lets the user change: the rule is
    applied once per unit of this list, not once per task."""
    issuers: dict[int, bool] = {}
    leads: dict[int, bool] = {}

    def may(cache: dict, rule, unit) -> bool:
        if unit.pk not in cache:
            cache[unit.pk] = rule(user, unit)
        return cache[unit.pk]

    return {
        t.pk
        for t in tasks
        if may(issuers, can_change_plans_of, t.plan.issuer)
        or (t.lead is not None and may(leads, can_change_unit, t.lead))
    }
