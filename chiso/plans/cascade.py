"""Cascade: a unit turns the plan above it into its own plan in one step.

The tasks of the parent plan that concern the unit (it or a unit below it leads them, or it
coordinates them) are copied into a new draft plan of the unit, each linked to the task it
comes from, with their targets; the unit then edits and extends them.
"""

from chiso.org.models import OrgUnit, in_subtree

from .kept import deferred
from .models import Plan, PlanReference, PlanStatus, Target, Task


def tasks_concerning(plan: Plan, unit: OrgUnit):
    """Tasks of `plan` that `unit` or a unit below it leads or coordinates."""
    return (
        plan.tasks.filter(in_subtree(unit, "lead__path") | in_subtree(unit, "coordinators__path"))
        .distinct()
        .order_by("order", "pk")
    )


@deferred()
def cascade_plan(parent: Plan, unit: OrgUnit, user=None) -> Plan:
    """The unit's new draft plan implementing `parent`."""
    plan = Plan.objects.create(
        issuer=unit,
        year=parent.year,
        title=f"Kế hoạch triển khai {parent.title[:1].lower()}{parent.title[1:]}"[:500],
        indices=parent.indices,
        status=PlanStatus.DRAFT,
        created_by=user,
    )
    PlanReference.objects.create(
        plan=plan, parent=parent, text=f"{parent.reference} của {parent.issuer.name}"[:500]
    )
    sources = list(tasks_concerning(parent, unit).prefetch_related("coordinators", "targets"))
    for order, source in enumerate(sources, start=1):
        led_inside = source.lead is not None and source.lead.is_within(unit)
        task = Task.objects.create(
            plan=plan,
            component=source.component,
            ordinal=source.ordinal,
            order=order,
            text=source.text,
            lead=source.lead if led_inside else unit,
            lead_text=source.lead_text if led_inside else unit.name,
            expected_output=source.expected_output,
            deadline_kind=source.deadline_kind,
            deadline_date=source.deadline_date,
            deadline_text=source.deadline_text,
            deadline_event=source.deadline_event,
            parent_task=source,
        )
        task.coordinators.set([c for c in source.coordinators.all() if c.is_within(unit)])
        Target.objects.bulk_create(
            [Target.from_parsed(t, plan, task) for t in source.targets.all()]
        )
    return plan
