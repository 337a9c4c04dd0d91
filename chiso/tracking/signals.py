"""The writes that change a plan's kept figures, each reported to `chiso.plans.kept` and so
recomputed in its own transaction (see `chiso.tracking.summaries`). Bulk writes
(`QuerySet.update`, `bulk_create`) send no signal: whoever makes them calls
`plans_changed` itself."""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from chiso.plans.kept import plans_changed, register
from chiso.plans.models import Plan, Target, Task, TaskTally

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
    plans_changed(plans)


def _coordinators_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        plans_changed([instance.plan_id] if isinstance(instance, Task) else [])


def _of_task(sender, instance, raw=False, **kwargs):
    if not raw:
        plans_changed(Task.objects.filter(pk=instance.task_id).values_list("plan_id", flat=True))


def _of_plan(sender, instance, raw=False, **kwargs):
    if not raw:
        plans_changed([instance.plan_id])


def _plan_saved(sender, instance: Plan, raw=False, created=False, **kwargs):
    if not raw and not created:
        plans_changed([instance.pk])


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
        signal.connect(_of_plan, sender=ReportingPeriod, dispatch_uid="tally-period")
        signal.connect(_of_plan, sender=Target, dispatch_uid="tally-target")
    post_save.connect(_plan_saved, sender=Plan, dispatch_uid="tally-plan")
    m2m_changed.connect(
        _coordinators_changed, sender=Task.coordinators.through, dispatch_uid="tally-coord"
    )
