"""The writes that change a plan's kept figures or what a task's row shows, each reported to
`chiso.plans.kept` (or `chiso.plans.revisions`) and so handled in its own transaction (see
`chiso.tracking.summaries`). Bulk writes (`QuerySet.update`, `bulk_create`) send no signal:
whoever makes them calls `plans_changed` itself, naming no task (every task of the plans)."""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete

from chiso.frameworks.models import Component, Framework
from chiso.org.models import OrgUnit, unit_moved
from chiso.plans import branch_tallies, revisions
from chiso.plans.kept import plans_changed, register
from chiso.plans.models import Plan, PlanStatus, Target, Task, TaskTally

from .models import ProgressUpdate, ReportingPeriod
from .summaries import rebuild_all, refresh_plans


def _task_changed(sender, instance: Task, raw=False, **kwargs):
    if raw:
        return
    plans = {instance.plan_id}
    if instance.parent_task_id:  # the parent's plan counts the copy instead
        plans |= set(
            Task.objects.filter(pk=instance.parent_task_id).values_list("plan_id", flat=True)
        )
    plans_changed(plans, tasks=[instance.pk, instance.parent_task_id])


def _coordinators_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        plans_changed([instance.plan_id], tasks=[instance.pk])
    elif pk_set:  # tasks added to or removed from a unit's coordinated tasks
        tasks = Task.objects.filter(pk__in=pk_set)
        plans_changed(tasks.values_list("plan_id", flat=True), tasks=pk_set)


def _of_task(sender, instance, raw=False, **kwargs):
    if not raw:
        plans = Task.objects.filter(pk=instance.task_id).values_list("plan_id", flat=True)
        plans_changed(plans, tasks=[instance.task_id])


def _period_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # the reports a task owes, so whether it is late
        plans_changed([instance.plan_id])


def _target_changed(sender, instance: Target, raw=False, **kwargs):
    if not raw:
        plans_changed([instance.plan_id], tasks=[instance.task_id])


def _plan_saved(sender, instance: Plan, raw=False, created=False, **kwargs):
    if not raw and not created:
        plans_changed([instance.pk])


def _unit_changed(sender, instance: OrgUnit, raw=False, **kwargs):
    if not raw:
        revisions.touch_units([instance.pk])


def _component_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        revisions.touch_framework(
            instance.pk if isinstance(instance, Framework) else instance.framework_id
        )


def _branches_changed(sender, instance=None, created=False, raw=False, **kwargs):
    """A unit moved or went, a framework's tree changed, an issued plan went: counts move
    between branch rows, which are written again from scratch."""
    if raw or created:
        return
    if isinstance(instance, Plan) and instance.status == PlanStatus.DRAFT:
        return  # a draft's tasks are not counted
    branch_tallies.stale()


def _after_migrate(sender, **kwargs):
    """A database that has tasks but no summary rows yet (made before they existed) gets
    them once, so pages count right after an upgrade."""
    if Task.objects.exists() and not TaskTally.objects.exists():
        rebuild_all()


def connect(app) -> None:
    register(refresh_plans)
    post_migrate.connect(_after_migrate, sender=app, dispatch_uid="tally-migrate")
    for signal in (post_save, post_delete):
        signal.connect(_task_changed, sender=Task, dispatch_uid="tally-task")
        signal.connect(_of_task, sender=ProgressUpdate, dispatch_uid="tally-update")
        signal.connect(_period_changed, sender=ReportingPeriod, dispatch_uid="tally-period")
        signal.connect(_target_changed, sender=Target, dispatch_uid="tally-target")
        signal.connect(_unit_changed, sender=OrgUnit, dispatch_uid="revision-unit")
        signal.connect(_component_changed, sender=Component, dispatch_uid="revision-component")
        signal.connect(_component_changed, sender=Framework, dispatch_uid="revision-framework")
    post_save.connect(_plan_saved, sender=Plan, dispatch_uid="tally-plan")
    unit_moved.connect(_branches_changed, dispatch_uid="branch-unit-moved")
    pre_delete.connect(_branches_changed, sender=Plan, dispatch_uid="branch-plan")
    for model in (OrgUnit, Component, Framework):
        post_delete.connect(_branches_changed, sender=model, dispatch_uid=f"branch-{model}")
    for model in (Component, Framework):
        post_save.connect(_branches_changed, sender=model, dispatch_uid=f"branch-save-{model}")
    m2m_changed.connect(
        _coordinators_changed, sender=Task.coordinators.through, dispatch_uid="tally-coord"
    )
